"""The one per-document boundary: whatever one input raises, at any step (prepare, read, store), is that input's
recorded failure, named by the exception's type, and every other input of the batch is stored.

Faults are planted in our own code (a rule, the cleaner) and in the real database (a trigger or a CHECK
constraint that refuses one document), never in a stand-in for the store."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import storyline.extract
import storyline.inputs
from storyline.pipeline import ingest
from storyline.store import open_store

WORDS = ("officials envoy ministry families abductees summit statement Tokyo Pyongyang Seoul Beijing sanctions "
         "delegation negotiators meeting treaty border talks spokesman government week report visit "
         "promised demanded rejected agreed asked returned survivors remains investigation committee")

RULE_FAULT = "Zanzibar"  # a rule raises IndexError on a text with this word
CLEAN_FAULT = "Timbuktu"  # the cleaner raises ValueError
STORE_FAULT = "Kilimanjaro"  # the database refuses the document


def article(i: int, marker: str = "") -> str:
    """A page of its own (no two are near-duplicates): a title and one long paragraph."""
    rng = random.Random(i)
    sentences = [" ".join(rng.choice(WORDS.split()) for _ in range(11)).capitalize() + "." for _ in range(6)]
    if marker:
        sentences.insert(2, f"The delegation flew on to {marker} on Monday.")
    return f"Report number {i}\n\n{' '.join(sentences)}\n"


def _boom_in_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = storyline.extract.resolve_entities

    def resolve_entities(parsed: Any) -> Any:
        if RULE_FAULT in parsed.text:
            return [][0]  # IndexError: list index out of range
        return rule(parsed)

    monkeypatch.setattr(storyline.extract, "resolve_entities", resolve_entities)


def _boom_in_cleaner(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = storyline.inputs.clean

    def cleaner(item: Any, text: str, **kw: Any) -> Any:
        if CLEAN_FAULT in text:
            raise ValueError("a planted fault\nwith a second line")
        return clean(item, text, **kw)

    monkeypatch.setattr(storyline.inputs, "clean", cleaner)


def _refuse_in_database(url: str) -> None:
    """The real database refuses one document: an IntegrityError from inside the store's transaction."""
    with open_store(url) as store, store.engine.begin() as conn:
        if store.dialect == "sqlite":
            conn.exec_driver_sql(
                f"CREATE TRIGGER planted BEFORE INSERT ON documents WHEN NEW.text LIKE '%{STORE_FAULT}%' "
                "BEGIN SELECT RAISE(ABORT, 'planted refusal'); END")
        else:
            conn.exec_driver_sql(
                f"ALTER TABLE documents ADD CONSTRAINT planted CHECK (position('{STORE_FAULT}' in text) = 0)")


def test_an_exception_at_any_step_fails_only_its_own_input(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(6):
        (folder / f"good{i}.html").write_text(f"<html><body><h1>Page {i}</h1><p>{article(i)}</p></body></html>")
    for marker in (RULE_FAULT, CLEAN_FAULT, STORE_FAULT):
        (folder / f"bad-{marker}.html").write_text(f"<html><body><p>{article(99, marker)}</p></body></html>")
    _boom_in_rule(monkeypatch)
    _boom_in_cleaner(monkeypatch)
    _refuse_in_database(db_url)
    with open_store(db_url) as store:
        summary = ingest(store, [str(folder)], workers=1)
        recorded = {Path(f.source).name: f.reason for f in store.failures()}
        stored = sorted(Path(d.source or "").name for d in store.documents())
    assert summary.stored == 6 and stored == [f"good{i}.html" for i in range(6)]
    assert summary.failed == 3 and recorded == {f.source.rsplit("/", 1)[-1]: f.reason for f in summary.failures}
    assert recorded[f"bad-{RULE_FAULT}.html"] == "IndexError: list index out of range"
    assert recorded[f"bad-{CLEAN_FAULT}.html"] == "ValueError: a planted fault"
    assert recorded[f"bad-{STORE_FAULT}.html"].startswith("IntegrityError: ")
    assert all("\n" not in reason and "Traceback" not in reason for reason in recorded.values())

    with open_store(db_url) as store:  # the shards with a failure in them are read again, the rest skipped
        again = ingest(store, [str(folder)], workers=1)
    assert (again.stored, again.failed) == (0, 3)


def test_a_rule_that_raises_on_a_worker_process_is_one_failure_and_exit_1(tmp_path: Path) -> None:
    """The CLI as a user runs it, reading on two worker processes; the fault is planted in every interpreter
    the run starts (a sitecustomize on PYTHONPATH), so it fires where the document is read."""
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    (plugin / "sitecustomize.py").write_text(
        "import storyline.extract as x\n"
        "rule = x.resolve_entities\n"
        "def resolve_entities(parsed):\n"
        f"    if {RULE_FAULT!r} in parsed.text:\n"
        "        return [][0]\n"
        "    return rule(parsed)\n"
        "x.resolve_entities = resolve_entities\n"
    )
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(5):
        (folder / f"good{i}.txt").write_text(article(i))
    (folder / "bad.txt").write_text(article(99, RULE_FAULT))
    path = os.pathsep.join(p for p in (str(plugin), os.environ.get("PYTHONPATH", "")) if p)
    run = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "ingest", "--json", "--workers", "2",
         "--db", f"sqlite:///{tmp_path / 'd.db'}", str(folder)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": path},
    )
    assert run.returncode == 1, run.stderr
    summary = json.loads(run.stdout)
    assert (summary["stored"], summary["failed"]) == (5, 1)
    assert [(Path(f["source"]).name, f["reason"]) for f in summary["failures"]] == [
        ("bad.txt", "IndexError: list index out of range")]
    assert run.stderr.strip() == f"failed: {folder / 'bad.txt'}: IndexError: list index out of range"
