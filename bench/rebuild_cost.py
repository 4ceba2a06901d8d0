"""`storyline rebuild` against a fresh ingest of the same inputs: seconds for each, and whether they agree.

    python bench/rebuild_cost.py [--bbc N] [--db sqlite|postgresql] [--workers W]

Without `--bbc`, the sample corpus (examples/abductee-issue); with it, the first N BBC articles of
../shared/eval/corpus (plain-text pages, taken from the five sections in turn). Each run ingests the inputs
into a fresh dossier (read, clean, annotate, store: `pipeline.ingest`, `--workers` parser processes), then
rebuilds it (`rebuild.rebuild`, which parses nothing), and checks that every row of every dossier table but the
wall clock's is what the ingest wrote. `--db postgresql` uses a new database on $STORYLINE_BENCH_PG (or
$STORYLINE_TEST_PG), dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from storyline.pipeline import ingest  # noqa: E402
from storyline.rebuild import rebuild  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.store import schema as t  # noqa: E402

SAMPLE = ROOT / "examples" / "abductee-issue"
BBC = ROOT.parent / "shared" / "eval" / "corpus" / "bbc-fulltext" / "bbc"
DOSSIER = (t.mentions, t.timexes, t.claims, t.claim_about, t.quantities, t.events, t.entities, t.entity_keys,
           t.timeline_items, t.timeline_roles, t.conflicts)


def bbc(n: int) -> list[str]:
    sections = [sorted((BBC / s).glob("*.txt")) for s in sorted(p.name for p in BBC.iterdir() if p.is_dir())]
    return [str(p) for p in chain.from_iterable(zip_longest(*sections)) if p is not None][:n]


def rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with open_store(url) as store, store.engine.connect() as conn:
        for table in DOSSIER:
            cols = [c for c in table.c if (table.name, c.name) != ("entities", "created_at")]
            out[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*cols))]
    return out


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/dossier.db"
        return
    base = os.environ.get("STORYLINE_BENCH_PG") or os.environ["STORYLINE_TEST_PG"]
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"storyline_rebuild_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False).replace("+psycopg", "", 1)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bbc", type=int, default=0, help="the first N BBC articles instead of the sample corpus")
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    sources = bbc(args.bbc) if args.bbc else [str(SAMPLE)]
    with database(args.db) as url:
        with open_store(url) as store:
            began = time.perf_counter()
            summary = ingest(store, sources, workers=args.workers)
            ingest_s = time.perf_counter() - began
        fresh = rows(url)
        with open_store(url) as store:
            rebuilt = rebuild(store)
        same = rows(url) == fresh
    corpus = f"BBC {args.bbc}" if args.bbc else "sample"
    print("| corpus | db | documents | ingest s | rebuild s | speed-up | items | conflicts | same dossier |")
    print(f"| {corpus} | {args.db} | {summary.stored} | {ingest_s:.1f} | {rebuilt.seconds:.1f} | "
          f"{ingest_s / rebuilt.seconds:.1f}× | {rebuilt.items} | {rebuilt.conflicts} | {'yes' if same else 'NO'} |")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
