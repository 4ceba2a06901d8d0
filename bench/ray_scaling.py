"""The Ray engine with 1 and 2 workers on the same input: the speed-up, beside the local engine's.

    python bench/ray_scaling.py [--n 600] [--workers 2]

The first N BBC articles (../shared/eval/corpus/bbc-fulltext, sorted by path) are ingested, whole (read, clean,
annotate, store, dossier), into a fresh SQLite dossier per run: by `ingest --engine ray` on a local Ray cluster
(`ray.init(num_cpus=W)`, started once before the runs, as a running cluster is), with 1 and then W workers, and
by the local engine with 1 and W worker processes. Each run's wall time includes its workers' start-up (the
model loaded once per actor or process) and the driver's writes; "steady" is the rate from the first stored
article to the last, once the workers are up.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.model import IngestOutcome  # noqa: E402
from storyline.pipeline import ingest  # noqa: E402
from storyline.store import open_store  # noqa: E402


def corpus(n: int) -> list[str]:
    files = sorted((ROOT.parent / "shared" / "eval" / "corpus" / "bbc-fulltext").rglob("*.txt"))
    return [str(f) for f in files if f.name != "README.TXT"][:n]


def one_run(files: list[str], engine: str, workers: int) -> dict[str, Any]:
    stamps: list[float] = []

    def seen(outcome: IngestOutcome) -> None:
        stamps.append(time.perf_counter())

    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/d.db") as store:
        t0 = time.perf_counter()
        summary = ingest(store, files, on_outcome=seen, workers=workers, engine=engine)
        wall = time.perf_counter() - t0
    if summary.failed:
        raise SystemExit(f"{summary.failed} inputs failed")
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    return {"engine": engine, "workers": workers, "wall": wall, "rate": len(files) / wall, "steady": steady,
            "stored": summary.stored}


def run(n: int, workers: int) -> list[dict[str, Any]]:
    import ray

    files = corpus(n)
    rows = []
    for w in (1, workers):
        rows.append(one_run(files, "local", w))
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    try:
        for w in (1, workers):
            rows.append(one_run(files, "ray", w))
    finally:
        ray.shutdown()
    return rows


def table(rows: list[dict[str, Any]], n: int) -> None:
    print(f"\nIngest of {n} BBC articles (read, clean, annotate, store), SQLite, {os.cpu_count()} cores")
    print(f"{'engine':<8} {'workers':>7} {'seconds':>8} {'articles/s':>11} {'steady /s':>10} {'speed-up':>9} "
          f"{'steady speed-up':>16}")
    base = {r["engine"]: r for r in rows if r["workers"] == 1}
    for r in rows:
        b = base[r["engine"]]
        print(f"{r['engine']:<8} {r['workers']:>7} {r['wall']:>8.1f} {r['rate']:>11.1f} {r['steady']:>10.1f} "
              f"{b['wall'] / r['wall']:>8.2f}× {r['steady'] / b['steady']:>15.2f}×")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    table(run(args.n, args.workers), args.n)


if __name__ == "__main__":
    main()
