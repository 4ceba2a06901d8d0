"""The suite's own helpers: a missing seed is a skip, the child-process guard sees a leak and lets a child that
exits in time go, `dossier_rows` sees every table but the time columns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storyline.store import open_store
from tests import conftest


def test_a_missing_seed_skips_the_test_saying_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "SEEDS", tmp_path)
    with pytest.raises(pytest.skip.Exception, match="no seed 000_"):
        conftest.seed("000")


def test_a_present_seed_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "003_abc.txt").write_text("x")
    monkeypatch.setattr(conftest, "SEEDS", tmp_path)
    assert conftest.seed("003") == tmp_path / "003_abc.txt"


def _sleeper(seconds: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({seconds})"])


def test_the_guard_names_a_child_left_running() -> None:
    before = set(conftest.watched_children())
    child = _sleeper(60)
    try:
        left = conftest.leaked_children(before, grace=0.3)
        assert list(left) == [child.pid] and "time.sleep(60)" in left[child.pid]
    finally:
        child.kill()
        child.wait()
    assert conftest.leaked_children(before, grace=0) == {}  # reaped: gone


def test_the_guard_lets_a_child_finish_within_the_grace_period() -> None:
    before = set(conftest.watched_children())
    child = _sleeper(0.5)
    assert conftest.leaked_children(before, grace=10) == {}
    child.wait()  # exited already, reaped here (an unreaped child is a zombie: not running, not counted)


def test_the_guard_sees_the_workers_of_a_process_pool_left_open() -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    before = set(conftest.watched_children())
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("forkserver"))
    try:
        assert pool.submit(sum, [1, 2]).result(timeout=60) == 3
        left = conftest.leaked_children(before, grace=0.3)
        servers = [pid for pid, cmd in conftest.live_children().items() if "multiprocessing" in cmd]
        assert left and servers and not set(left) & set(servers)  # the workers, not the forkserver (it may stay)
    finally:
        pool.shutdown(wait=True)
    assert conftest.leaked_children(before, grace=10) == {}


def test_dossier_rows_sees_every_table_but_when_rows_were_written(tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db")]
    for url, when in zip(urls, ("2026-01-01 00:00:00", "2026-02-02 00:00:00"), strict=True):
        open_store(url).close()
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO shards (key, label, inputs, done_at) VALUES ('k', 'a', 3, :when)"),
                         {"when": when})
        engine.dispose()
    a, b = (conftest.dossier_rows(url) for url in urls)
    assert a == b and a["shards"] == [("k", "a", 3)] and "documents_fts_data" not in a
    engine = create_engine(urls[1])
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO dossier_meta (key, value) VALUES ('profile', 'x')"))
    engine.dispose()
    assert conftest.dossier_rows(urls[1]) != a
    assert conftest.dossier_rows(urls[1], skip=("dossier_meta.value", "dossier_meta.key"))["dossier_meta"] == [()]
