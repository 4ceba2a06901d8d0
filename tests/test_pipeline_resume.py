"""A local ingest killed in the middle (SIGKILL: no cleanup of any kind) and run again goes on past the shards it
finished, and ends with every input stored exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from storyline.ingest.shards import FILES_PER_SHARD
from storyline.pipeline import ingest
from storyline.store import open_store
from storyline.store import schema as t

from .test_pipeline_failures import article

FILES = FILES_PER_SHARD * 3 + 4  # four shards, the last a short one


def _count(url: str, table: t.Table) -> int:
    with open_store(url) as store, store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_a_killed_local_ingest_run_again_stores_every_input_once(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"page{i:03}.txt").write_text(article(i))
    with open_store(db_url):
        pass  # the schema, before the run and the polling below start
    run = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "ingest", "--workers", "1", "--db", db_url, str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        while _count(db_url, t.shards) == 0:  # kill it as soon as its first shard is done
            assert run.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(run.pid, signal.SIGKILL)
    finally:
        run.kill()
        run.wait()
    assert run.returncode == -signal.SIGKILL
    done = _count(db_url, t.shards)
    before = _count(db_url, t.documents)
    assert 1 <= done < 4 and FILES_PER_SHARD <= before < FILES

    with open_store(db_url) as store:
        again = ingest(store, [str(folder)], workers=1)
    assert (again.shards, again.shards_skipped, again.failed) == (4, done, 0)
    assert again.stored == FILES - before  # nothing stored twice, nothing left out
    assert again.duplicates == before  # the skipped shards' inputs, and those of the cut shard already stored
    assert _count(db_url, t.documents) == _count(db_url, t.inputs) == FILES
    with open_store(db_url) as store:
        assert sorted(Path(d.source or "").name for d in store.documents()) == sorted(
            p.name for p in folder.iterdir())

    with open_store(db_url) as store:  # finished: every shard is skipped, its inputs counted as the duplicates
        third = ingest(store, [str(folder)], workers=1)
    assert (third.shards_skipped, third.stored, third.duplicates) == (4, 0, FILES)


def test_a_failed_page_run_again_does_not_count_its_lines_for_its_site_again(tmp_path: Path, db_url: str) -> None:
    """A shard with a failure is read again by the next run; its failed page (nothing left once the site's chrome
    is known) must not teach the site its lines a second time, or a resumed run cleans unlike an uninterrupted one."""
    folder = tmp_path / "site"
    folder.mkdir()
    chrome = ["Harbour Courier daily edition", "Tips to the newsroom by mail", "Read more from our desk"]
    for i in range(3):
        (folder / f"p{i}.txt").write_text("\n\n".join([chrome[0], article(i), *chrome[1:]]) + "\n")
    (folder / "p9-chrome-only.txt").write_text("\n\n".join(chrome) + "\n")
    with open_store(db_url) as store:
        first = ingest(store, [str(folder)], read=False)
        assert first.failed == 1
        with store.engine.connect() as conn:
            counted = sorted(conn.execute(select(t.site_lines)).all())
        again = ingest(store, [str(folder)], read=False)
        assert again.failed == 1 and again.stored == 0
        with store.engine.connect() as conn:
            assert sorted(conn.execute(select(t.site_lines)).all()) == counted
