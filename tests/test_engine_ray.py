"""The Ray engine on a real local Ray cluster (`ray.init(num_cpus=2)`): the same dossier as the local engine,
failures recorded in their place, an interrupted run taken up again past the shards it finished, and one clear
line when the extra is not installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.ingest import shards as sharding
from storyline.model import IngestOutcome
from storyline.pipeline import ingest
from storyline.store import dossier_reads as read
from storyline.store import open_store
from storyline.store import schema as t

from .conftest import EXAMPLES, SEEDS, _fresh_pg_database, dossier_rows, use_sample_profile

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus, both seeds, plain-text pages of one site sharing its chrome, and bad inputs."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, root / "a-examples")
    shutil.copytree(SEEDS, root / "b-seeds")
    site = root / "c-site"
    site.mkdir()
    chrome = "Home | World | Politics\nShare on Facebook\nSign up for our newsletter\n"
    for i in range(6):
        body = (f"Officials in Tokyo met on Monday to discuss case {i} of the abductions, a spokesman said. "
                f"The families of the abductees asked the government to act on case {i}, he added.\n")
        (site / f"page{i}.txt").write_text(f"{chrome}Case {i} reviewed\n\n{body * 3}\n{chrome}")
    (site / "empty.txt").write_bytes(b"")
    (site / "noise.bin").write_bytes(bytes(range(256)) * 40)
    (root / "d-wire.jsonl").write_text('{"text": "A short wire item said the talks went on."}\n{not json\n\n')
    return root


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharding, "FILES_PER_SHARD", 3)  # many shards, so both actors take some


def _view(url: str) -> tuple[Any, ...]:
    with open_store(url) as store, store.engine.connect() as conn:
        docs = sorted((d.id, d.title, d.published, d.text) for d in store.documents())
        failures = sorted((f.source, f.line, f.reason) for f in store.failures())
        inputs = conn.execute(t.inputs.select().with_only_columns(t.inputs.c.content_hash)).all()
        return (docs, sorted(c.original_id for c in store.copies()), failures, len(inputs),
                read.timeline(conn), read.entities(conn), read.claims(conn), read.conflicts(conn))


def _ingest(url: str, sources: list[str], engine: str, **kw: Any) -> Any:
    with open_store(url) as store:
        use_sample_profile(store)
        return ingest(store, sources, workers=1 if engine == "local" else None, engine=engine, **kw)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_ray_engine_stores_the_same_dossier_as_the_local_engine(
    cluster: None, small_shards: None, corpus: Path, tmp_path: Path, backend: str
) -> None:
    sources = [str(corpus), str(corpus / "missing.txt")]
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    local = _ingest(local_url, sources, "local")
    for url in [f"sqlite:///{tmp_path / 'ray.db'}"] if backend == "sqlite" else _fresh_pg_database():
        on_ray = _ingest(url, sources, "ray")
        assert (on_ray.stored, on_ray.near_duplicates, on_ray.failed) == (local.stored, local.near_duplicates,
                                                                          local.failed)
        assert local.stored > 20 and local.failed == 4  # empty, binary, a bad JSONL line, a missing path
        assert on_ray.shards >= 8 and on_ray.shards_skipped == 0
        assert _view(url) == _view(local_url)


def test_an_interrupted_ray_run_starts_again_past_the_shards_it_finished(
    cluster: None, small_shards: None, corpus: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'resumed.db'}"
    sources = [str(corpus)]
    seen = 0

    def interrupt(outcome: IngestOutcome) -> None:
        nonlocal seen
        seen += 1
        if seen == 14:
            raise KeyboardInterrupt  # what Ctrl-C does in the middle of a run

    with pytest.raises(KeyboardInterrupt):
        _ingest(url, sources, "ray", on_outcome=interrupt)
    with open_store(url) as store, store.engine.connect() as conn:
        done = conn.execute(t.shards.select()).all()
    assert 2 <= len(done) < 8

    again = _ingest(url, sources, "ray")
    assert again.shards_skipped == len(done)
    # read twice: the inputs of the shard cut off in the middle (at most 2 of its 3 were stored), and the good
    # inputs of the two shards with a failure, which are never marked done (one page, one JSONL line)
    assert again.duplicates <= 4
    whole_url = f"sqlite:///{tmp_path / 'whole.db'}"
    _ingest(whole_url, sources, "ray")
    assert _view(url)[:4] == _view(whole_url)[:4]  # every input stored once, the same failures
    resumed, whole = dossier_rows(url), dossier_rows(whole_url)
    assert [name for name in whole if resumed[name] != whole[name]] == []  # and the same dossier, table by table

    third = _ingest(url, sources, "ray")
    assert third.stored == 0
    assert third.shards_skipped == third.shards - 2  # the shards with a failure in them are read each time


def test_a_stopped_run_says_the_first_line_of_what_stopped_it() -> None:
    from storyline.engines.ray import _first_line

    assert _first_line(OSError("disk full\nwhile writing shard 3")) == "disk full"
    assert _first_line(ray.exceptions.ActorDiedError()) == "The actor died unexpectedly before finishing this task."
    trace = 'Traceback (most recent call last):\n  File "w.py", line 1, in f\nValueError: bad page\n  on line 2'
    task = ray.exceptions.RayTaskError("_ShardActor.__call__", trace, ValueError("bad page\non line 2"))
    assert _first_line(task) == _first_line(task.as_instanceof_cause()) == "ValueError: bad page"
    assert _first_line(RuntimeError()) == "RuntimeError"


def test_ray_engine_without_the_extra_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['ray'] = None\n"  # `import ray` now fails as if it were not installed
            "from storyline.cli import main; main(sys.argv[1:])")
    run = subprocess.run(
        [sys.executable, "-c", code, "ingest", "--engine", "ray", "--db", f"sqlite:///{tmp_path / 'd.db'}",
         str(EXAMPLES)], capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == "error: the Ray engine needs the 'ray' extra: pip install 'storyline[ray]'"


def test_an_unreachable_cluster_is_one_line_and_exit_2(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "ingest", "--engine", "ray", "--address", "127.0.0.1:1",
         "--db", f"sqlite:///{tmp_path / 'd.db'}", str(EXAMPLES)], capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == "error: cannot reach the Ray cluster at 127.0.0.1:1: Connection refused"
