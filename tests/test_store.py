"""The store behaves the same on a SQLite file and a PostgreSQL server."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect

from storyline.errors import StoreError
from storyline.model import Document, Failure
from storyline.store import open_store
from storyline.store.repository import MARK_END, MARK_START, Copy
from storyline.store.schema import metadata


def _doc(text: str, **kw: object) -> Document:
    return Document(id=Document.id_for(text), text=text, **kw)  # type: ignore[arg-type]


def test_document_round_trips_every_field(db_url: str) -> None:
    doc = _doc("Pyongyang said the matter was settled.", title="A title", byline="By A. Writer",
               authors=("A. Writer",), outlet="The Ledger", url="https://news.example/a", section="Asia",
               published=date(2014, 6, 2), published_source="given", captions=("A caption",),
               removed=("Share on X",), source="a.txt")
    with open_store(db_url) as store:
        assert store.add_document(doc)
        assert store.document(doc.id) == doc
        assert [d.id for d in store.documents()] == [doc.id]


def test_adding_the_same_document_twice_stores_it_once(db_url: str) -> None:
    doc = _doc("The same body twice.")
    with open_store(db_url) as store:
        assert store.add_document(doc, content_hash="h1") is True
        assert store.add_document(doc, content_hash="h2") is False
        assert store.count_documents() == 1
        assert store.seen_input("h1") == doc.id and store.seen_input("h2") == doc.id


def test_reopening_keeps_what_was_stored_and_migrates_once(db_url: str) -> None:
    doc = _doc("Kept across opens.")
    with open_store(db_url) as store:
        store.add_document(doc)
    with open_store(db_url) as store:
        assert store.document(doc.id) == doc


def test_migrations_create_the_tables_the_repository_queries(db_url: str) -> None:
    with open_store(db_url) as store:
        insp = inspect(store.engine)
        for table in metadata.sorted_tables:
            have = {c["name"] for c in insp.get_columns(table.name)}
            assert {c.name for c in table.columns} <= have, table.name


def test_failures_are_recorded_refreshed_and_cleared_by_a_later_success(db_url: str) -> None:
    with open_store(db_url) as store:
        store.record_failure(Failure("feed.jsonl", "not valid JSON", line=3))
        store.record_failure(Failure("feed.jsonl", "needs a 'text' field", line=3))
        store.record_failure(Failure("gone.txt", "no such file"))
        assert [(f.source, f.line, f.reason) for f in store.failures()] == [
            ("feed.jsonl", 3, "needs a 'text' field"), ("gone.txt", None, "no such file")]
        store.add_document(_doc("Now it reads.", source="gone.txt"))
        assert [f.source for f in store.failures()] == ["feed.jsonl"]


def test_search_finds_stemmed_words_and_marks_them(db_url: str) -> None:
    with open_store(db_url) as store:
        store.add_document(_doc("North Korea admitted the abductions in 2002.", title="Admission"))
        store.add_document(_doc("The weather in Tokyo was mild.", title="Weather"))
        hits = store.search_documents("abduction")
        assert [h.title for h in hits] == ["Admission"]
        assert MARK_START in hits[0].snippet and MARK_END in hits[0].snippet


@pytest.mark.parametrize("query", ['"', "abduction OR 1=1", "'; DROP TABLE documents; --", "NEAR(", "*", ""])
def test_search_takes_any_query_as_plain_words(db_url: str, query: str) -> None:
    with open_store(db_url) as store:
        store.add_document(_doc("North Korea admitted the abductions."))
        store.search_documents(query)
        assert store.count_documents() == 1


def test_near_duplicate_lookup_finds_the_original_by_its_bands(db_url: str) -> None:
    from storyline.clean import dedup

    body = " ".join(f"Sentence {i} of a wire story about talks between Tokyo and Pyongyang." for i in range(40))
    original, copy = _doc(body), _doc(body + " Distributed by another outlet.")
    sig, sig2 = dedup.signature(original.text), dedup.signature(copy.text)
    assert sig is not None and sig2 is not None
    with open_store(db_url) as store:
        store.add_document(original, signature=dedup.to_bytes(sig), band_keys=dedup.bands(sig))
        found = dedup.nearest(sig2, store.band_candidates(dedup.bands(sig2)))
        assert found is not None and found[0] == original.id and found[1] >= dedup.THRESHOLD
        store.add_copy(Copy(copy.id, original.id, "b.txt", None, "Other", None, None, found[1]))
        assert [c.id for c in store.copies(original.id)] == [copy.id]
        unrelated = dedup.signature(" ".join(f"Unrelated line {i} on football scores." for i in range(40)))
        assert unrelated is not None
        assert dedup.nearest(unrelated, store.band_candidates(dedup.bands(unrelated))) is None


def test_a_write_that_fails_midway_leaves_nothing_behind(db_url: str) -> None:
    doc = _doc("Half-written documents must not exist.")
    with open_store(db_url) as store:
        with pytest.raises(RuntimeError), store.transaction() as conn:
            from storyline.store import schema as t

            conn.execute(t.documents.insert().values(
                id=doc.id, text=doc.text, authors="[]", captions="[]", removed="[]",
                ingested_at=__import__("datetime").datetime.now()))
            raise RuntimeError("crash between the document and its bands")
        assert store.count_documents() == 0


def test_a_killed_writer_loses_nothing_committed(db_url: str) -> None:
    """A process killed mid-batch: every document it committed is there, whole; the rest absent."""
    script = (
        "import os, sys\n"
        "from storyline.store import open_store\n"
        "from storyline.model import Document\n"
        "s = open_store(sys.argv[1])\n"
        "for i in range(1000):\n"
        "    t = f'document number {i} ' * 20\n"
        "    s.add_document(Document(id=Document.id_for(t), text=t), content_hash=str(i))\n"
        "    if i == 25: os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, db_url], capture_output=True)
    assert proc.returncode == -9
    with open_store(db_url) as store:
        docs = store.documents()
        assert len(docs) == 26
        assert all(store.seen_input(str(i)) == d.id for i, d in enumerate(docs))


def test_bad_urls_are_one_line_store_errors(tmp_path: object) -> None:
    with pytest.raises(StoreError, match="unsupported database"):
        open_store("mysql://x@y/z")
    with pytest.raises(StoreError, match="does not exist"):
        open_store("sqlite:////nonexistent-folder/x.db")
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store("postgresql://nobody:wrong@127.0.0.1:1/none")


@given(st.text(max_size=400), st.lists(st.from_regex(r"\A\w{1,12}\Z"), min_size=1, max_size=3))
def test_a_snippet_marks_only_the_words_searched_for(body: str, words: list[str]) -> None:
    from storyline.store.repository import snippet, word_key

    cut = snippet(body, words)
    plain = cut.replace(MARK_START, "").replace(MARK_END, "")
    assert plain.strip("…") in body.replace(MARK_START, "").replace(MARK_END, "") or not body.strip()
    marked = re.findall(f"{MARK_START}(.*?){MARK_END}", cut)
    assert cut.count(MARK_START) == cut.count(MARK_END) == len(marked)
    assert {word_key(m) for m in marked} <= {word_key(w) for w in words}


def test_a_snippet_is_about_thirty_words_around_the_first_match() -> None:
    from storyline.store.repository import snippet

    body = " ".join(f"w{i}" for i in range(100)) + " The elections were held. " + " ".join(f"v{i}" for i in range(100))
    cut = snippet(body, ["election"])
    assert f"{MARK_START}elections{MARK_END}" in cut and cut.startswith("…") and cut.endswith("…")
    assert len(re.findall(r"\w+", cut)) == 30


def test_dossier_meta_keeps_one_value_per_key(db_url: str) -> None:
    from storyline.store import open_store

    with open_store(db_url) as store:
        assert store.meta("profile") is None
        store.set_meta("profile", "default")
        store.set_meta("profile", "abductions")
        with store.transaction() as conn:
            store.set_meta("conflicts_stale", "1", conn)
        assert store.meta("profile") == "abductions"
        assert store.meta("conflicts_stale") == "1"


def test_the_registry_gives_its_candidates_in_the_order_they_were_made_whatever_the_clock(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from storyline.model import EntityRecord
    from storyline.store import dossier_index

    class SteppingBack(datetime):  # the clock of a machine whose time is set back (or does not move) meanwhile
        ticks = iter([datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC),
                      datetime(2026, 1, 1, tzinfo=UTC)])

        @classmethod
        def now(cls, tz: object = None) -> SteppingBack:  # type: ignore[override]
            return next(cls.ticks)  # type: ignore[return-value]

    monkeypatch.setattr(dossier_index, "datetime", SteppingBack)
    made = ["ffff", "0000", "8888"]  # ids against the order they are made in
    with open_store(db_url) as store, store.transaction() as conn:
        registry = dossier_index.SqlRegistry(conn)
        for id_ in made:
            registry.create(EntityRecord(id_, "Kim", "PERSON", ("Kim",)), ["kim"])
        assert [r.id for r in registry.candidates(["kim"])] == made


def test_a_product_named_with_its_maker_is_found_as_the_text_names_it(tmp_path: object) -> None:
    from storyline.model import EntityRecord
    from storyline.store.dossier_index import SqlRegistry
    from storyline.store.dossier_reads import find_entity

    with open_store(f"sqlite:///{tmp_path}/d.db") as store, store.engine.begin() as conn:
        registry = SqlRegistry(conn)
        registry.create(EntityRecord("maker", "Orbital Freight", "ORG", ("Orbital Freight",)), ["orbital freight"])
        registry.create(EntityRecord("plane", "Skyline 900", "PRODUCT", ("Skyline 900",)), ["skyline 900"])
        registry.create(EntityRecord("person", "Ada Lind", "PERSON", ("Ada Lind",)), ["ada lind"])
        assert find_entity(conn, "Orbital Freight Skyline 900").id == "plane"
        assert find_entity(conn, "skyline 900").id == "plane"
        assert find_entity(conn, "Ada Lind Skyline 900") is None  # a person makes no product
        assert find_entity(conn, "Orbital Freight Skyline 901") is None
