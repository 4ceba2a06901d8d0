"""`storyline rebuild`: the dossier made again from the stored annotations is the dossier a fresh ingest makes,
on SQLite and PostgreSQL; the annotations are stored losslessly; an old dossier (no annotations kept) is parsed
again once."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from storyline import model
from storyline.model import Annotations
from storyline.pipeline import annotate_documents, clean_sources, ingest
from storyline.rebuild import rebuild
from storyline.resolve.profile import PROFILE_KEY, from_record
from storyline.store import annotations_json, open_store
from storyline.store import schema as t
from tests.conftest import EXAMPLES, use_sample_profile

DOSSIER = (t.mentions, t.timexes, t.claims, t.claim_about, t.quantities, t.events, t.entities, t.entity_keys,
           t.timeline_items, t.timeline_roles, t.conflicts)
WALL_CLOCK = {("entities", "created_at")}


# -- the codec ---------------------------------------------------------------------------------------------


def _values(cls: type) -> st.SearchStrategy[Any]:
    """Any value of a model dataclass, every field drawn (none left at its default)."""
    hints = get_type_hints(cls, vars(model))
    fields = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if (cls, f.name) == (model.Quantity, "value"):
            fields[f.name] = st.one_of(st.integers(), st.floats(allow_nan=False))
        elif (cls, f.name) == (model.Timex, "interval"):
            fields[f.name] = st.none() | st.tuples(st.dates(), st.dates())
        else:
            fields[f.name] = _of(hint)
    return st.builds(cls, **fields)


def _of(hint: Any) -> st.SearchStrategy[Any]:
    if dataclasses.is_dataclass(hint):
        return _values(hint)  # type: ignore[arg-type]
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple and args[1:] == (Ellipsis,):
        return st.lists(_of(args[0]), max_size=3).map(tuple)
    if origin in (Union, UnionType):
        return st.one_of(*(_of(a) for a in args))
    return st.from_type(hint)


@settings(max_examples=200, deadline=None)
@given(_values(Annotations))
def test_every_field_of_any_annotations_comes_back_from_json(a: Annotations) -> None:
    assert annotations_json.loads(annotations_json.dumps(a)) == a
    assert annotations_json.unpack(annotations_json.pack(a), a.document) == a


@pytest.fixture(scope="module")
def sample() -> list[Annotations]:
    """The sample corpus, read as ingest reads it."""
    return [a for a in annotate_documents(clean_sources([str(EXAMPLES)])) if isinstance(a, Annotations)]


def test_the_sample_corpus_annotations_come_back_from_the_store_as_they_were_read(
        sample: list[Annotations], tmp_path: Path) -> None:
    assert len(sample) == 16 and all(annotations_json.loads(annotations_json.dumps(a)) == a for a in sample)
    unique = list({a.document.id: a for a in sample}.values())
    with open_store(f"sqlite:///{tmp_path / 'd.db'}") as store:
        for a in unique:
            store.add_document(a.document, annotations=a)
        assert list(store.iter_annotations(batch=3)) == unique  # in storing order, across batches


# -- the rebuild -------------------------------------------------------------------------------------------


def dossier_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every dossier table, every column but the wall clock's, in a fixed order."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with open_store(url) as store, store.engine.connect() as conn:
        for table in DOSSIER:
            cols = [c for c in table.c if (table.name, c.name) not in WALL_CLOCK]
            rows[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*cols))]
        if store.dialect == "sqlite":
            rows["claims_fts"] = [tuple(r) for r in conn.execute(
                text("SELECT ref, source, text FROM claims_fts ORDER BY ref"))]
    return rows


@pytest.fixture
def ingested(db_url: str) -> Iterator[tuple[str, dict[str, list[tuple[Any, ...]]]]]:
    """A dossier of the sample corpus, and its rows as the fresh ingest made them."""
    with open_store(db_url) as store:
        use_sample_profile(store)  # the default profile finds no conflicts in the sample story
        summary = ingest(store, [str(EXAMPLES)], workers=1)
    assert (summary.stored, summary.failed) == (15, 0)
    yield db_url, dossier_rows(db_url)


def test_rebuilding_gives_the_dossier_a_fresh_ingest_gives(
        ingested: tuple[str, dict[str, list[tuple[Any, ...]]]]) -> None:
    url, fresh = ingested
    assert all(fresh[name] for name in ("mentions", "claims", "entities", "timeline_items", "conflicts"))
    with open_store(url) as store:
        summary = rebuild(store)
        again = rebuild(store)  # and again: nothing is left over from the first
    assert (summary.replayed, summary.parsed) == (15, 0)
    assert (summary.entities, summary.items, summary.claims, summary.conflicts) == (
        len(fresh["entities"]), len(fresh["timeline_items"]), len(fresh["claims"]), len(fresh["conflicts"]))
    assert again.to_json() | {"seconds": 0} == summary.to_json() | {"seconds": 0}
    rebuilt = dossier_rows(url)
    for name, rows in fresh.items():
        assert rebuilt[name] == rows, name


def test_an_old_dossier_without_annotations_is_parsed_again_once_and_gives_the_same_dossier(
        ingested: tuple[str, dict[str, list[tuple[Any, ...]]]]) -> None:
    url, fresh = ingested
    with open_store(url) as store:
        kept = [a.document.id for a in store.iter_annotations()]
        with store.transaction() as conn:  # as a dossier stored before migration 0011
            conn.execute(t.stored_annotations.delete())
        summary = rebuild(store)
        assert [a.document.id for a in store.iter_annotations()] == kept
        assert rebuild(store).parsed == 0
    assert (summary.replayed, summary.parsed) == (15, 15)
    assert dossier_rows(url) == fresh


def test_rereading_brings_an_older_reading_up_to_the_fresh_ingest(
        ingested: tuple[str, dict[str, list[tuple[Any, ...]]]]) -> None:
    url, fresh = ingested
    with open_store(url) as store:
        for a in list(store.iter_annotations()):  # as an older storyline read them: no one else taking part
            store.keep_annotations(dataclasses.replace(a, events=tuple(
                dataclasses.replace(e, participants=(), refers_to=None) for e in a.events)))
        rebuild(store)
        assert dossier_rows(url)["timeline_roles"] != fresh["timeline_roles"]
        summary = rebuild(store, reread=True)
    assert (summary.replayed, summary.parsed) == (15, 15)
    assert dossier_rows(url) == fresh


def test_a_document_stored_unread_is_not_parsed_by_a_rebuild(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        ingest(store, [str(EXAMPLES)], read=False)
        summary = rebuild(store)
        assert (summary.replayed, summary.parsed, summary.entities, summary.claims) == (0, 0, 0, 0)


def test_a_rebuild_replays_only_the_documents_stored_before_it_emptied_the_dossier(sample: list[Annotations],
                                                                                   sqlite_url: str) -> None:
    """A document an ingest stores during a rebuild wrote its own facts: it is not replayed over them."""
    first, second = sample[0], next(a for a in sample if a.document.id != sample[0].document.id)
    with open_store(sqlite_url) as store:
        store.add_document(first.document, annotations=first)
        upto = store.clear_dossier()
        store.add_document(second.document, annotations=second)  # "during" the rebuild
        assert [a.document.id for a in store.iter_annotations(upto=upto)] == [first.document.id]


# -- the command -------------------------------------------------------------------------------------------


def storyline(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storyline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_the_rebuild_command_prints_one_line_and_records_the_profile(sqlite_url: str, tmp_path: Path) -> None:
    with open_store(sqlite_url) as store:
        ingest(store, [str(next(EXAMPLES.glob("2002-09-17*")))], workers=1)
    profile = tmp_path / "story.json"
    profile.write_text('{"name": "a story"}\n')
    run = storyline("rebuild", "--db", sqlite_url, "--profile", profile)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("replayed 1 documents, of which 0 were parsed again; ") and " conflicts; " in run.stdout
    assert len(run.stdout.splitlines()) == 1
    with open_store(sqlite_url) as store:
        assert from_record(store.meta(PROFILE_KEY)).name == "a story"
    as_json = json.loads(storyline("rebuild", "--db", sqlite_url, "--json").stdout)
    assert (as_json["replayed"], as_json["parsed"]) == (1, 0) and as_json["entities"] > 0
    missing = storyline("rebuild", "--db", sqlite_url, "--profile", tmp_path / "nowhere.json")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and "nowhere.json" in missing.stderr


def test_the_sample_dates_survive_the_store(sample: list[Annotations]) -> None:
    """Dates inside the facts (timex intervals, event dates) are dates again, not strings, after a round trip."""
    a = next(a for a in sample if any(e.date for e in a.events))
    back = annotations_json.unpack(annotations_json.pack(a), a.document)
    assert all(isinstance(e.date.start, date) for e in back.events if e.date)
