"""Query latency, p50 / p95, for the timeline, entity profiles and search on a large dossier, SQLite and PostgreSQL.

    python bench/dossier_cost.py --sizes 50000 --keep      # first: the 50k-article dossier, bench/out/dossier-50000.db
    python bench/queries.py [--size 50000] [--db sqlite,postgresql] [--n 40]

Each request goes through the HTTP API (FastAPI's in-process client on the real app and a real database), so the
figures include the SQL, building the interface's JSON objects, validating and serialising them:
  - timeline: `GET /api/timeline?limit=100&offset=K`, pages from the start, the middle and the end;
  - entity timeline: `GET /api/timeline?entity=NAME&limit=100` for the most mentioned entities and a sample of others;
  - entity profile: `GET /api/entities/NAME?limit=50` for the same entities;
  - search: `GET /api/search?q=...` (20 results of each kind) for words and names drawn from the dossier.
The PostgreSQL dossier is the SQLite one copied row for row into a new database (storyline_bench_N, on the server
of $STORYLINE_BENCH_PG or $STORYLINE_TEST_PG), with the same schema and indexes: the same dossier on both.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import dossier_cost  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyline.api import create_app  # noqa: E402
from storyline.api.guards import Policy  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.store import schema as t  # noqa: E402

WORDS = ("election", "oil prices", "Blair", "economy growth", "film award", "mobile phone", "court", "police",
         "minister said", "shares", "Microsoft", "champion", "tax", "Iraq", "music", "Brown budget")


def copy_to_postgresql(sqlite_url: str, pg_url: str) -> None:
    """The SQLite dossier, row for row, into an empty PostgreSQL database made by the store's own migrations."""
    from sqlalchemy import create_engine, text

    dossier_cost.fresh("postgresql", pg_url)
    src = create_engine(sqlite_url)
    dst = open_store(pg_url).engine
    with src.connect() as a, dst.begin() as b:
        for table in t.metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            b.execute(table.delete())
            rows = a.execute(table.select())
            while chunk := rows.fetchmany(5000):
                b.execute(table.insert(), [r._asdict() for r in chunk])
        b.execute(text("SELECT setval(pg_get_serial_sequence('documents', 'seq'), (SELECT max(seq) FROM documents))"))
        for name in ("mentions", "failures"):
            b.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), coalesce((SELECT max(id) FROM {name}), 1))"))
    with dst.connect() as c:
        c.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    src.dispose()
    dst.dispose()


def requests(url: str, n: int, seed: int = 7) -> dict[str, list[str]]:
    """The same paths for both databases: drawn from the dossier itself."""
    store = open_store(url)
    with store.engine.connect() as conn:
        items = conn.exec_driver_sql("SELECT count(*) FROM timeline_items").scalar() or 0
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM entities WHERE mentions > 0 ORDER BY mentions DESC, id")]
    store.close()
    rng = random.Random(seed)
    top = names[: n // 2]
    sample = top + rng.sample(names[n // 2:], min(len(names) - n // 2, n - len(top)))
    offsets = [0, 100, items // 2, max(0, items - 100)] + [rng.randrange(0, max(1, items)) for _ in range(n - 4)]
    queries = list(WORDS) + [rng.choice(names) for _ in range(n - len(WORDS))]
    return {
        "timeline page": [f"/api/timeline?limit=100&offset={k}" for k in offsets],
        "entity timeline": [f"/api/timeline?entity={quote(e)}&limit=100" for e in sample],
        "entity profile": [f"/api/entities/{quote(e, safe='')}?limit=50" for e in sample],
        "search": [f"/api/search?q={quote(q)}" for q in queries],
    }


def latencies(url: str, paths: dict[str, list[str]]) -> dict[str, tuple[float, float, float]]:
    """p50 and p95 of each kind with the dossier's pages in memory (each path asked once before, as a server that
    has been up a while has them), and p95 of that first, cold pass: the disk's share."""
    out: dict[str, tuple[float, float, float]] = {}

    def timed(client: TestClient, p: str) -> float:
        t0 = time.perf_counter()
        r = client.get(p)
        ms = 1000 * (time.perf_counter() - t0)
        if r.status_code != 200:
            raise SystemExit(f"{p}: HTTP {r.status_code} {r.text[:200]}")
        return ms

    with TestClient(create_app(url, policy=Policy(rate=0))) as client:
        for kind, ps in paths.items():
            cold = [timed(client, p) for p in ps]
            warm = [timed(client, p) for p in ps]
            out[kind] = (statistics.median(warm), p95(warm), p95(cold))
    return out


def p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20, method="inclusive")[18]


def run(size: int, dbs: list[str], n: int, reuse: bool = False) -> dict[str, Any]:
    sqlite_url = dossier_cost.dossier_url("sqlite", size)
    if not Path(sqlite_url.removeprefix("sqlite:///")).exists():
        raise SystemExit(f"no {sqlite_url}: run  python bench/dossier_cost.py --sizes {size} --keep  first")
    paths = requests(sqlite_url, n)
    results: dict[str, Any] = {}
    for db in dbs:
        url = sqlite_url
        if db == "postgresql":
            url = dossier_cost.dossier_url("postgresql", size)
            if not reuse:
                copy_to_postgresql(sqlite_url, url)
        results[db] = latencies(url, paths)
    return {"size": size, "n": n, "results": results}


def table(r: dict[str, Any]) -> None:
    print(f"\nQuery latency on the {r['size']:,}-article dossier, through the HTTP API, {r['n']} requests of each "
          "kind (ms; goal: p95 under 100)")
    print(f"{'query':<18} " + " ".join(f"{db + ' p50':>16} {'p95':>7} {'cold p95':>9}" for db in r["results"]))
    kinds = next(iter(r["results"].values())).keys()
    for kind in kinds:
        print(f"{kind:<18} " + " ".join(f"{v[kind][0]:>16.1f} {v[kind][1]:>7.1f} {v[kind][2]:>9.1f}"
                                         for v in r["results"].values()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=50000)
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--reuse", action="store_true", help="measure the PostgreSQL copy a previous run made")
    args = ap.parse_args()
    table(run(args.size, args.db.split(","), args.n, reuse=args.reuse))


if __name__ == "__main__":
    main()
