"""Several ingest processes writing one PostgreSQL dossier at once: nothing duplicated, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import EXAMPLES, SAMPLE_PROFILE, _fresh_pg_database, seed

pytestmark = pytest.mark.postgres


def _ingest(db: str, *sources: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "ingest", "--db", db, "--json", "--workers", "1",
         "--profile", str(SAMPLE_PROFILE), *map(str, sources)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _json(db: str, *args: str) -> Any:
    p = subprocess.run([sys.executable, "-m", "storyline.cli", *args, "--db", db, "--json"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_two_concurrent_ingests_of_overlapping_inputs_store_each_article_once() -> None:
    for db in _fresh_pg_database():
        _json(db, "docs")  # migrate first, as a deployment would
        a = _ingest(db, EXAMPLES)
        b = _ingest(db, seed("003"), EXAMPLES)
        outs = [p.communicate(timeout=300) for p in (a, b)]
        assert [p.returncode for p in (a, b)] == [0, 0], [err for _, err in outs]
        summaries = [json.loads(out) for out, _ in outs]
        assert all(s["failed"] == 0 for s in summaries)
        docs = _json(db, "docs")
        assert len(docs) == 16  # 15 distinct articles of the corpus and the seed, each once
        assert len({d["id"] for d in docs}) == 16
        assert sum(len(d["copies"]) for d in docs) == 1
        entities = _json(db, "entities")
        keys = [(e["name"], e["type"]) for e in entities]
        assert len(keys) == len(set(keys))
        assert _json(db, "conflicts")
