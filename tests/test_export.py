"""`export` holds a page of the dossier, never the dossier: ten times the rows of every kind, about the same peak;
and its pages come from one snapshot, so an ingest running meanwhile moves no row between them.

Memory is measured with tracemalloc (what Python allocates; pyarrow's own buffers are a row group), not timed. The
synthetic dossiers are rows put straight into a real SQLite file, each row carrying 10 KB of text, and pages are
made small, so ten pages of every kind take a second to build and to export."""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from storyline.store import export as ex
from storyline.store.repository import open_store

PAGE = 10
SMALL, LARGE = 2 * PAGE, 20 * PAGE  # rows of each kind: the small dossier is the pages a reader holds at once
BIG = "x" * 10_000  # in every row: a whole-dossier export would hold 200 × 10 KB of each kind, a page 10 × 10 KB


def _synthetic(path: Path, n: int) -> str:
    """A migrated SQLite dossier with n documents, entities, timeline items, claims and conflicts."""
    url = f"sqlite:///{path}"
    open_store(url).close()
    now = "2026-01-01 00:00:00.000000"
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO documents (id, title, authors, text, captions, removed, published, ingested_at) "
            "VALUES (?, ?, '[]', ?, '[]', '[]', '2020-01-01', ?)",
            ((f"d{i:07d}", f"Title {i}", f"Sentence {i} said it. {BIG}", now) for i in range(n)))
        db.executemany(
            "INSERT INTO entities (id, name, type, aliases, mentions, documents, created_at) "
            "VALUES (?, ?, 'PERSON', '[]', ?, 1, ?)",
            ((f"e{i:07d}", f"Person {i} {BIG}", 1 + i % 7, now) for i in range(n)))
        db.executemany(
            "INSERT INTO timeline_items (id, type, action, actors, targets, date_value, date_start, date_end, "
            "date_source, events, sources) VALUES (?, 'meet', ?, ?, ?, '2020', '2020-01-01', '2020-12-31', "
            "'text', 1, '[]')",
            ((f"t{i:07d}", f"meet {BIG}", f'["e{i:07d}"]', f'["e{(i + 1) % n:07d}"]') for i in range(n)))
        db.executemany(
            "INSERT INTO claims (id, document_id, idx, kind, cue, cue_start, cue_end, start, end, text, source, "
            "anonymous, chain, published, facts) VALUES (?, ?, 0, 'direct', 'said', 12, 16, 0, 11, ?, 'Person', 0, "
            "'[]', '2020-01-01', '{}')",
            ((f"c{i:07d}", f"d{i:07d}", f"Sentence {i} {BIG}") for i in range(n)))
        db.executemany("INSERT INTO conflicts (id, kind, about, a, b, detail) VALUES (?, 'number', 'x', ?, ?, ?)",
                       ((f"k{i:07d}", f"c{i:07d}", f"c{(i + 1) % n:07d}", BIG) for i in range(n)))
    return url


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    root = tmp_path_factory.mktemp("export")
    return _synthetic(root / "small.db", SMALL), _synthetic(root / "large.db", LARGE)


def _peak(url: str, fmt: str, out: Path) -> tuple[int, dict[str, int]]:
    with open_store(url, migrate_schema=False) as store:
        tracemalloc.start()
        try:
            counts = ex.export(store, fmt, out)
            return tracemalloc.get_traced_memory()[1], counts
        finally:
            tracemalloc.stop()


@pytest.mark.parametrize("fmt", ex.FORMATS)
def test_export_memory_does_not_grow_with_the_dossier(dossiers: tuple[str, str], tmp_path: Path, fmt: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ex, "PAGE", PAGE)
    small, large = dossiers
    _peak(small, fmt, tmp_path / "warm-up")  # imports and statement caches, once
    peak_small, counts_small = _peak(small, fmt, tmp_path / "small")
    peak_large, counts_large = _peak(large, fmt, tmp_path / "large")
    assert counts_small == dict.fromkeys(ex.TABLES, SMALL)
    assert counts_large == dict.fromkeys(ex.TABLES, LARGE)
    # holding any one kind whole would add 200 rows × 10 KB = 2 MB to the large export's peak; the dossier is 10 MB
    # (the peak settles after a few pages: caches of the database driver and of SQLAlchemy fill, then stay)
    assert peak_large < 2 * peak_small, (peak_small, peak_large)
    assert peak_large < len(ex.TABLES) * LARGE * len(BIG) / 4, (peak_small, peak_large)


def test_an_ingest_meanwhile_moves_no_row_between_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages are read from one snapshot: an entity written after the first page (ranked first, so it would
    push a row of page one onto page two) is not in the export, and no row is written twice."""
    import json

    from storyline.store import dossier_reads as read

    url = _synthetic(tmp_path / "d.db", SMALL)
    monkeypatch.setattr(ex, "PAGE", PAGE)
    entities = read.entities

    def page_then_write(*args: Any, **kw: Any) -> list[dict[str, Any]]:
        rows = entities(*args, **kw)
        if kw.get("offset") == 0:
            with sqlite3.connect(tmp_path / "d.db") as db:
                db.execute("INSERT INTO entities (id, name, type, aliases, mentions, documents, created_at) "
                           "VALUES ('new', 'Newcomer', 'PERSON', '[]', 99, 1, '2026-01-01 00:00:00')")
        return rows

    monkeypatch.setattr(read, "entities", page_then_write)
    with open_store(url, migrate_schema=False) as store:
        counts = ex.export(store, "jsonl", tmp_path / "d.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = [x["id"] for x in lines if x["kind"] == "entity"]
    assert counts["entities"] == len(ids) == len(set(ids)) == SMALL and "new" not in ids
