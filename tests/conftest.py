"""Shared fixtures: real databases (a SQLite file, a PostgreSQL server), the shared data folders."""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from storyline.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
EXAMPLES = ROOT / "examples" / "abductee-issue"
PG_URL = os.environ.get("STORYLINE_TEST_PG")


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def dossier_fingerprint(url: str) -> str:
    """A hash of every row of every table of the store at `url`, in key order: any write at all changes it."""
    import hashlib

    from sqlalchemy import inspect

    from storyline.store.engine import normalise_url

    digest = hashlib.sha256()
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            for table in sorted(inspect(conn).get_table_names()):
                order = ", ".join(str(i + 1) for i in range(len(inspect(conn).get_columns(table))))
                for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}')):
                    digest.update(repr((table, *row)).encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


def _fresh_pg_database() -> Iterator[str]:
    """A new, empty database on the test server for one test, dropped afterwards."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("STORYLINE_TEST_PG is not set: CI must run the store tests on PostgreSQL")
        pytest.skip("STORYLINE_TEST_PG not set (make test sets it up through .ci/pg-up)")
    base = make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"storyline_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False).replace("+psycopg", "", 1)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on a real SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dossier.db'}"
    else:
        yield from _fresh_pg_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dossier.db'}"


def load_bench(name: str, needs: Path) -> ModuleType:
    """A `bench/NAME.py` script as a module, for the evaluation gates; skips when the gold data is absent."""
    if not needs.exists():
        pytest.skip("../shared/eval is not beside this checkout")
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SAMPLE_PROFILE = ROOT / "examples" / "profiles" / "abductions.json"  # the sample corpus's story profile


def use_sample_profile(store: Store) -> None:
    """Record the sample corpus's story profile in a dossier before it is built, as `ingest --profile` does:
    the tests of the sample dossier check the abduction story's conflicts."""
    from storyline.resolve.profile import PROFILE_KEY, load

    store.set_meta(PROFILE_KEY, load(SAMPLE_PROFILE).record())
