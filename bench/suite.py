"""The whole benchmark suite in one run: every bench's table, then one table of the figures side by side.

    python bench/suite.py [--quick]          # make bench

In order, in this one run on this machine: the quality benches (cleaning against trafilatura, time expressions, event mentions,
attributions, events, entity resolution; each prints its own table), then the scale benches, whose figures the
closing table puts side by side with their baselines and goals:
  - clean + annotate throughput, local engine, against bare spaCy `nlp.pipe` of the same model (bench/throughput.py);
  - the Ray engine with 1 and 2 workers on the same input, and the local engine beside it (bench/ray_scaling.py);
  - ingest into the dossier at 1k / 10k / 50k articles, time and peak memory per article (bench/dossier_cost.py);
  - query latency p50 / p95 on the 50k-article dossier, SQLite and PostgreSQL (bench/queries.py).
PostgreSQL comes from $STORYLINE_BENCH_PG or $STORYLINE_TEST_PG (`.ci/pg-up` starts a server and prints its URL);
without one, the PostgreSQL rows are left out and say so. `--quick` runs the scale benches small (minutes, not an
hour): the figures of the README are from a full run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))

QUALITY = ("cleaning.py", "timex.py", "events_timeml.py", "attribution.py", "events.py", "resolution.py",
           "timeline_dates.py", "timeline_semeval.py", "event_coref.py")


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def quality() -> None:
    for script in QUALITY:
        print(f"\n## {script}", flush=True)
        done = subprocess.run([sys.executable, str(BENCH / script)], cwd=ROOT, check=False)
        if done.returncode:
            print(f"({script} exited {done.returncode})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the scale benches small: a check, not the figures")
    ap.add_argument("--skip-quality", action="store_true")
    args = ap.parse_args()
    import dossier_cost
    import queries
    import ray_scaling
    import throughput

    pg = bool(os.environ.get("STORYLINE_BENCH_PG") or os.environ.get("STORYLINE_TEST_PG"))
    n_text, n_ray = (100, 120) if args.quick else (500, 600)
    sizes = [200, 1000, 2000] if args.quick else [1000, 10000, 50000]
    print(f"storyline benchmark suite, {time.strftime('%Y-%m-%d')}, on {machine()}")
    if not args.skip_quality:
        quality()

    print("\n## throughput.py", flush=True)
    tp = throughput.run(n_text, 2)
    throughput.table(tp)
    print("\n## ray_scaling.py", flush=True)
    ray_rows = ray_scaling.run(n_ray, 2)
    ray_scaling.table(ray_rows, n_ray)
    print("\n## dossier_cost.py", flush=True)
    cost = dossier_cost.run(sizes, 2225, 2, "sqlite", keep=True)
    dossier_cost.print_rows(cost, "SQLite")
    print("\n## queries.py", flush=True)
    q = queries.run(sizes[-1], ["sqlite", "postgresql"] if pg else ["sqlite"], 40)
    queries.table(q)

    summary(tp, ray_rows, cost, q, pg)


def summary(tp: dict[str, Any], ray_rows: list[dict[str, Any]], cost: list[dict[str, float]], q: dict[str, Any],
            pg: bool) -> None:
    rows: list[tuple[str, str, str, str]] = []
    secs = {(name, w): s for name, w, s in tp["rows"]}
    n = tp["n"]
    for w in (1, 2):
        mine, bare = n / secs[("storyline clean + annotate", w)], n / secs[("bare spaCy nlp.pipe", w)]
        rows.append((f"clean + annotate, local engine, {w} worker(s)", f"{mine:.1f} articles/s",
                     f"bare spaCy nlp.pipe: {bare:.1f} articles/s", f"{mine / bare:.2f}× of bare spaCy "
                     "(which does not clean, resolve, or extract facts)"))
    for engine in ("ray", "local"):
        one = next(r for r in ray_rows if r["engine"] == engine and r["workers"] == 1)
        two = next(r for r in ray_rows if r["engine"] == engine and r["workers"] == 2)
        goal = "goal ≥ 1.70×: " + ("met" if two["steady"] / one["steady"] >= 1.7 else "missed") if engine == "ray" else ""
        rows.append((f"ingest, {engine} engine, 2 workers vs 1", f"{one['wall'] / two['wall']:.2f}× wall, "
                     f"{two['steady'] / one['steady']:.2f}× steady", f"1 worker: {one['rate']:.1f} articles/s",
                     goal))
    first, last = cost[0], cost[-1]
    rows.append((f"dossier ingest, SQLite, {int(first['size']):,} → {int(last['size']):,} articles",
                 f"{first['mean_ms']:.1f} → {last['mean_ms']:.1f} ms/article", "flat: the same at every size",
                 f"peak {first['peak_mib']:.0f} → {last['peak_mib']:.0f} MiB"))
    for db, res in q["results"].items():
        worst = max(v[1] for v in res.values())
        rows.append((f"query p95 on {q['size']:,} articles, {db}",
                     ", ".join(f"{k} {v[1]:.0f} ms" for k, v in res.items()), "goal p95 < 100 ms",
                     "met" if worst < 100 else f"missed (worst {worst:.0f} ms)"))
    if not pg:
        rows.append(("query p95, postgresql", "not run", "set STORYLINE_BENCH_PG or STORYLINE_TEST_PG", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print("\n## the figures side by side")
    head = ("measure", "storyline", "baseline / goal", "result")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
