"""The cost of ingesting articles into the dossier: time and peak memory per article at 1k / 10k / 50k articles.

    python bench/dossier_cost.py [--sizes 1000,10000,50000] [--db sqlite|postgresql] [--keep] [--bbc 2225]

The BBC corpus (../shared/eval/corpus) is read once (cleaned and annotated on `--workers` processes, cached in
bench/out/); then, for each size, a fresh SQLite dossier receives that many articles: the BBC articles repeated
with a distinct closing line, so each is a new document, each written with all its facts through the store's
real write path (document, mentions, time expressions, claims, events, quantities, cross-document entity
resolution, timeline merging) in its own transaction. Each size runs in a fresh process, so its peak memory
(ru_maxrss) is its own. Parsing is left out of the per-article figures: `bench/throughput.py` measures it.

`--db postgresql` writes into a new database on the server of $STORYLINE_BENCH_PG (or $STORYLINE_TEST_PG).
`--keep` keeps each dossier (bench/out/dossier-N.db, or the database storyline_bench_N) for bench/queries.py.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import resource
import sys
import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.model import Annotations, Document, RawInput  # noqa: E402

CACHE = ROOT / "bench" / "out" / "bbc-annotations.pickle"


def annotated(n: int, workers: int) -> list[Annotations]:
    if CACHE.exists():
        cached: list[Annotations] = pickle.loads(CACHE.read_bytes())
        if len(cached) >= n:
            return cached[:n]
    from storyline.pipeline import annotate_documents, clean_input

    files = sorted((ROOT.parent / "shared" / "eval" / "corpus" / "bbc-fulltext").rglob("*.txt"))
    files = [f for f in files if f.name != "README.TXT"][:n]
    docs = (clean_input(RawInput(source=str(f), data=f.read_bytes(), kind="text")) for f in files)
    out = [a for a in annotate_documents(docs, workers=workers) if isinstance(a, Annotations)]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(out))
    return out


def _copy(a: Annotations, k: int) -> Annotations:
    text = a.document.text + f"\n\nRepeat {k}."  # a suffix: every span of the original stays where it was
    doc = replace(a.document, id=Document.id_for(text), text=text, source=f"{a.document.source}#{k}")
    return replace(a, document=doc)


def pg_server() -> str:
    url = os.environ.get("STORYLINE_BENCH_PG") or os.environ.get("STORYLINE_TEST_PG")
    if not url:
        raise SystemExit("set STORYLINE_BENCH_PG (or STORYLINE_TEST_PG) to a PostgreSQL URL whose role may create "
                         "databases; .ci/pg-up starts one")
    return url


def dossier_url(db: str, size: int, tmp: str | None = None) -> str:
    """Where the dossier of `size` articles lives: a SQLite file, or a database on the PostgreSQL server."""
    if db == "sqlite":
        return f"sqlite:///{tmp}/cost.db" if tmp else f"sqlite:///{ROOT / 'bench' / 'out' / f'dossier-{size}.db'}"
    from sqlalchemy.engine import make_url
    return make_url(pg_server()).set(database=f"storyline_bench_{size}").render_as_string(hide_password=False)


def fresh(db: str, url: str) -> None:
    """An empty dossier at `url`."""
    if db == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    name = make_url(url).database
    admin = create_engine(pg_server().replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def ingest_size(size: int, db: str = "sqlite", keep: bool = False) -> dict[str, float]:
    from storyline.pipeline import resolved_facts
    from storyline.store import open_store

    base: list[Annotations] = pickle.loads(CACHE.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        url = dossier_url(db, size, None if keep or db != "sqlite" else tmp)
        fresh(db, url)
        store = open_store(url)
        times: list[float] = []
        for i in range(size):
            a = _copy(base[i % len(base)], i // len(base))
            t0 = time.perf_counter()
            store.add_document(a.document, annotations=a, facts=partial(resolved_facts, a))  # as ingest stores
            times.append(time.perf_counter() - t0)
        with store.engine.connect() as conn:
            counts = {name: conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar() or 0
                      for name in ("entities", "timeline_items", "claims", "events")}
        store.close()
        if db == "postgresql" and not keep:
            fresh(db, url)  # an empty database left behind, not 50k articles
    tenth = max(1, size // 10)
    return {
        "size": size,
        "first_ms": 1000 * sum(times[:tenth]) / tenth,
        "last_ms": 1000 * sum(times[-tenth:]) / tenth,
        "mean_ms": 1000 * sum(times) / size,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **{k: float(v) for k, v in counts.items()},
    }


def run(sizes: list[int], distinct: int, workers: int, db: str = "sqlite", keep: bool = False) -> list[dict[str, float]]:
    """Each size in a fresh process of its own (so its peak memory is its own)."""
    annotated(distinct, workers)
    if keep:
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
    ctx = multiprocessing.get_context("spawn")
    rows = []
    for size in sizes:
        with ctx.Pool(1) as pool:
            rows.append(pool.apply(ingest_size, (size, db, keep)))
    return rows


def print_rows(rows: list[dict[str, float]], name: str = "SQLite") -> None:
    print(f"\nIngest into the dossier ({name}, one transaction per article), the BBC articles repeated with a "
          "distinct closing line; parse time excluded")
    print(f"{'articles':>8} {'ms/article first 10%':>21} {'last 10%':>9} {'mean':>6} {'peak MiB':>9} "
          f"{'entities':>9} {'timeline':>9} {'claims':>8}")
    for r in rows:
        print(f"{int(r['size']):>8} {r['first_ms']:>21.1f} {r['last_ms']:>9.1f} {r['mean_ms']:>6.1f} "
              f"{r['peak_mib']:>9.0f} {int(r['entities']):>9} {int(r['timeline_items']):>9} {int(r['claims']):>8}")


def table(sizes: list[int], distinct: int, workers: int, db: str = "sqlite", keep: bool = False) -> None:
    print_rows(run(sizes, distinct, workers, db, keep), {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[db])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--keep", action="store_true", help="keep the dossiers for bench/queries.py")
    ap.add_argument("--bbc", type=int, default=2225)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    table([int(s) for s in args.sizes.split(",")], args.bbc, args.workers, args.db, args.keep)


if __name__ == "__main__":
    main()
