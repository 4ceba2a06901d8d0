"""Shared fixtures: real databases (a SQLite file, a PostgreSQL server), the shared data folders."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

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
    """The seed article `PREFIX_*.txt` of ../shared/seeds; the test is skipped, saying why, when it is absent."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"no seed {prefix}_*.txt in {SEEDS} (../shared/seeds is not beside this checkout)")
    return found[0]


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


def dossier_rows(url: str, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every dossier table (those of `store.schema`: not SQLite's full-text shadow tables), sorted,
    without the columns that say when a row was written (DateTime columns) and those named `table.column` in
    `skip`: two dossiers built from the same inputs in any order or any number of runs compare equal."""
    from sqlalchemy import DateTime, select

    from storyline.store import schema
    from storyline.store.engine import normalise_url

    engine = create_engine(normalise_url(url))
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            for table in schema.metadata.sorted_tables:
                cols = [c for c in table.columns
                        if not isinstance(c.type, DateTime) and f"{table.name}.{c.name}" not in skip]
                rows = conn.execute(select(*cols) if cols else select(text("1")).select_from(table))
                out[table.name] = sorted((tuple(r) if cols else () for r in rows), key=repr)
    finally:
        engine.dispose()
    return out


# -- child processes: a test may start them, never leave them running ----------------------------------------

# multiprocessing's forkserver and resource tracker: one a process, started by the first pool, living as long as
# it does, by design (the local engine's worker pools use the forkserver)
_LONG_LIVED = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")
CHILD_GRACE = 5.0  # seconds a test's children get to exit after it (a terminated server, a pool shutting down)


def live_children(pid: int | None = None) -> dict[int, str]:
    """The children of process `pid` (this one by default) that are still running (not zombies), pid → command
    line, read from /proc."""
    out: dict[int, str] = {}
    tasks = Path(f"/proc/{pid or os.getpid()}/task")
    try:
        threads = list(tasks.iterdir())
    except OSError:
        return out  # not Linux, or the parent is gone
    for task in threads:
        try:
            pids = (task / "children").read_text().split()
        except OSError:
            continue
        for child in pids:
            try:
                state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
                cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, IndexError):
                continue  # gone meanwhile
            if state != "Z":
                out[int(child)] = cmd.strip()
    return out


def watched_children() -> dict[int, str]:
    """This process's children, and those of its multiprocessing forkserver (the workers of a process pool), but
    not the forkserver and resource tracker themselves."""
    out: dict[int, str] = {}
    for pid, cmd in live_children().items():
        if "multiprocessing.forkserver" in cmd:
            out.update(live_children(pid))
        elif not any(name in cmd for name in _LONG_LIVED):
            out[pid] = cmd
    return out


def leaked_children(before: set[int], *, grace: float = CHILD_GRACE) -> dict[int, str]:
    """The watched children started since `before` was taken that are still running after up to `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        left = {pid: cmd for pid, cmd in watched_children().items() if pid not in before}
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def no_child_outlives_its_test() -> Iterator[None]:
    """A test fails when a process it started still runs after it: a leaked server, browser or worker pool holds
    ports, files and cores for the rest of the run, as it would outlive its command for a user. The leaked
    processes are killed, so one leak fails one test."""
    before = set(watched_children())
    yield
    left = leaked_children(before)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    if left:
        running = "; ".join(f"{pid} {cmd[:120]}" for pid, cmd in left.items())
        pytest.fail(f"child processes outlived the test: {running}", pytrace=False)


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
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin: Any, name: str) -> None:
    """Drop a test database. FORCE ends its sessions, but may not end an autovacuum worker that a fresh database
    draws (its role is not ours): that refusal passes as soon as the worker is done, so it is tried again."""
    from sqlalchemy.exc import ProgrammingError

    for attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except ProgrammingError:
            if attempt == 19:
                raise
            time.sleep(0.5)


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
