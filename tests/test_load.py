"""`storyline serve` under concurrent clients on loopback (bench/load.py's driver): every request answered, on
SQLite and on PostgreSQL; and with its rate limit on, the excess is refused with 429, never an error.

Bounded: 16 clients × 40 requests per run. The figures (req/s, p99) are printed, not asserted: speed is
measured in bench/load.py, not in timed tests.
"""

from __future__ import annotations

import pytest

from storyline.pipeline import ingest
from storyline.store import open_store
from tests.conftest import EXAMPLES, load_bench

load = load_bench("load", needs=EXAMPLES)
pytestmark = pytest.mark.slow


@pytest.fixture
def dossier(db_url: str) -> str:
    with open_store(db_url) as store:
        assert ingest(store, [str(EXAMPLES)]).stored > 10
    return db_url


def test_concurrent_clients_get_every_answer(dossier: str) -> None:
    with load.serving(dossier, "--rate-limit", "0") as base:
        paths = load.mix(base)
        assert len(paths) >= 20
        run = load.drive(base, paths, clients=16, per_client=40)
    print(f"\n{load.HEADER}\n{run.row('API and UI mix')}")
    assert run.errors == []
    assert run.statuses == {200: 16 * 40}


def test_over_the_rate_limit_the_excess_is_429_and_nothing_fails(dossier: str) -> None:
    with load.serving(dossier, "--rate-limit", "10") as base:
        run = load.drive(base, ["/api/timeline?limit=20", "/api/entities"], clients=4, per_client=30)
    assert run.errors == []
    assert set(run.statuses) == {200, 429}
    assert run.statuses[200] >= 20  # the burst (20) at least, then about 10 a second
    assert run.statuses[429] >= 4 * 30 - 20 - 10 * run.wall - 5
