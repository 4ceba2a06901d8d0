"""One hostile input beside good ones: the good ones are stored, whatever the bad one holds, and the bad one is
stored as far as it is sound or is a recorded failure that names it (issue 18's findings on main).

Every case is a folder of eight good pages and one bad input, ingested for real into a real SQLite file and a
real PostgreSQL database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

import storyline.inputs
from storyline.ingest import read_file
from storyline.model import Failure, RawInput
from storyline.pipeline import ingest
from storyline.store import Store, open_store
from tests.test_pipeline_failures import article

GOOD = 8


def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(GOOD):
        (folder / f"good{i}.txt").write_text(article(i))
    return folder


def stored_names(url: str) -> list[str]:
    with open_store(url) as store:
        return sorted(Path(d.source or "").name for d in store.documents())


# -- 1. a lone surrogate in a JSON Lines text -------------------------------------------------------------


def test_lone_surrogates_in_json_lines_fields_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    line = {"text": "a \ud800 b", "title": "\udfff t", "url": "http://x.org/\udc80", "outlet": "O\ud83d"}
    path.write_text(json.dumps(line) + "\n")  # json.dumps writes them as escapes: "\ud800"
    (item,) = read_file(path)
    assert isinstance(item, RawInput)
    assert (item.data, item.title, item.url, item.outlet) == ("a \ufffd b", "\ufffd t", "http://x.org/\ufffd", "O\ufffd")


def test_a_pair_of_surrogates_in_json_is_the_character_it_encodes(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "a \\ud83d\\ude00 b"}\n')
    (item,) = read_file(path)
    assert isinstance(item, RawInput) and item.data == "a \U0001f600 b"


def test_a_lone_surrogate_in_json_lines_is_stored_replaced_beside_the_good_pages(tmp_path: Path, db_url: str) -> None:
    folder = good_folder(tmp_path)
    body = article(99, "a lone \ud800 surrogate")
    (folder / "bad.jsonl").write_text(json.dumps({"text": body, "title": "Lone \udc00 title"}) + "\n")
    with open_store(db_url) as store:
        summary = ingest(store, [str(folder)])
        assert (summary.stored, summary.failed) == (GOOD + 1, 0)
        (doc,) = [d for d in store.documents() if d.source and d.source.endswith("bad.jsonl:1")]
        assert doc.title == "Lone \ufffd title" and "a lone \ufffd surrogate" in doc.text
        assert [h.document_id for h in store.search_documents("surrogate")] == [doc.id]  # the full-text index took it
    assert stored_names(db_url) == ["bad.jsonl:1"] + [f"good{i}.txt" for i in range(GOOD)]


def test_an_error_while_preparing_one_input_is_its_failure(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Preparing (the hash, the site's memory) is inside the per-document boundary too."""
    folder = good_folder(tmp_path)
    (folder / "bad.txt").write_text(article(99, "Timbuktu"))
    content_hash = storyline.inputs.content_hash

    def planted(item: RawInput) -> str:
        if "Timbuktu" in str(item.data):
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "a planted fault")
        return content_hash(item)

    monkeypatch.setattr(storyline.inputs, "content_hash", planted)
    with open_store(sqlite_url) as store:
        summary = ingest(store, [str(folder)])
        (failed,) = store.failures()
    assert (summary.stored, summary.failed) == (GOOD, 1)
    assert Path(failed.source).name == "bad.txt" and failed.reason.startswith("UnicodeEncodeError: ")


# -- 2. a text file of very many short lines -------------------------------------------------------------

MANY_LINES = 70_000  # past PostgreSQL's 65,535 parameters; the cleaner takes about 10 s over them


def variables_at_most(store: Store, limit: int) -> None:
    """The store's SQLite connections take at most `limit` bound variables, as SQLite builds do by default
    (999 before 3.32, 32,766 since; this one is built with a higher limit)."""
    if store.dialect != "sqlite":
        return

    def lower(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)

    event.listen(store.engine, "connect", lower)
    store.engine.dispose()  # connections made from now on have the limit


def test_the_store_counts_100000_lines_of_one_page(db_url: str) -> None:
    hashes = [f"{i:032x}" for i in range(100_000)]
    with open_store(db_url) as store:
        variables_at_most(store, 999)
        store.count_site_lines("example.org", hashes)
        store.count_site_lines("example.org", hashes[:10])
        counts = store.site_line_counts("example.org", [*hashes, "f" * 32])
        assert len(counts) == len(hashes) and counts[hashes[0]] == 2 and counts[hashes[-1]] == 1
        assert store.site_line_counts("other.org", hashes) == {}
        store.mark_shard_done(hashes[5], "a shard", 3)
        assert store.done_shards(hashes) == {hashes[5]: 3}


def test_a_text_file_of_70000_lines_beside_the_good_pages(tmp_path: Path, db_url: str) -> None:
    folder = good_folder(tmp_path)
    (folder / "lines.txt").write_text("".join(f"line {i}\n" for i in range(MANY_LINES)))
    with open_store(db_url) as store:
        variables_at_most(store, 32_766)
        summary = ingest(store, [str(folder)])
    assert summary.stored == GOOD
    # the cleaner finds no article in it: the database took the page's lines (a failure to would be an
    # OperationalError here, recorded as this file's)
    assert [(f.source, f.reason) for f in summary.failures] == [(str(folder / "lines.txt"), "no article text found")]
    assert stored_names(db_url)[:GOOD] == [f"good{i}.txt" for i in range(GOOD)]


# -- 10. a text file that begins with `{` ----------------------------------------------------------------

# every line opens with a brace: sniffed, it looks like JSON Lines
OPENS_WITH_BRACE = article(70).replace("Report number 70", "{Update} Report number 70").replace("\n\n", "\n\n{Update} ")


def test_a_files_suffix_decides_before_its_first_bytes() -> None:
    from storyline.ingest.sniff import source_kind

    brace = b'{"text": "a"}\n{"text": "b"}\n'
    assert source_kind("note.txt", brace) == "page"
    assert source_kind("note.txt.gz", brace) == "page"
    assert source_kind("page.html", b"WARC/1.0\r\n") == "page"
    assert source_kind("wire", brace) == "jsonl"  # a name that says nothing: the bytes decide
    assert source_kind("wire", brace, raw=True) == "page"  # ... unless --raw says each file is an article
    assert source_kind("wire.jsonl", brace, raw=True) == "jsonl"


def test_a_txt_file_that_begins_with_a_brace_is_read_as_text(tmp_path: Path) -> None:
    from storyline.pipeline import Defaults

    folder = good_folder(tmp_path)
    (folder / "brace.txt").write_text(OPENS_WITH_BRACE)
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        summary = ingest(store, [str(folder)])
        assert (summary.stored, summary.failed) == (GOOD + 1, 0)
    (folder / "brace.txt").rename(folder / "brace")  # no suffix: sniffed, it is taken for JSON Lines ...
    with open_store(f"sqlite:///{tmp_path / 'b.db'}") as store:
        sniffed = ingest(store, [str(folder / "brace")])
        forced = ingest(store, [str(folder)], Defaults(raw=True))  # ... unless --raw: each file is an article
    assert (sniffed.stored, sniffed.failed) == (0, 2)
    assert (forced.stored, forced.failed) == (GOOD + 1, 0)


# -- 5. a WARC record whose Content-Length is shorter than its body ----------------------------------------


def short_length_archive(path: Path, cut: int) -> Path:
    """Three HTML responses; the second one's Content-Length says `cut` bytes fewer than its block holds."""
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    from tests.test_ingest_warc import response

    parts = []
    for i in range(3):
        buf = BytesIO()
        body = f"<html><body><h1>Page {i}</h1><p>{article(20 + i)}</p></body></html>".encode()
        response(WARCWriter(buf, gzip=False), f"https://example.org/{i}", body)
        parts.append(buf.getvalue())
    head, _, rest = parts[1].partition(b"\r\n\r\n")
    length = next(int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length"))
    parts[1] = head.replace(f"Content-Length: {length}".encode(), f"Content-Length: {length - cut}".encode()) \
        + b"\r\n\r\n" + rest
    path.write_bytes(b"".join(parts))
    return path


@pytest.mark.parametrize("cut", [40, 1])
def test_a_warc_record_shorter_than_its_body_is_its_failure_and_the_next_is_read(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], cut: int
) -> None:
    path = short_length_archive(tmp_path / "a.warc", cut)
    items = list(read_file(path))
    assert [(type(i).__name__, i.line) for i in items] == [("RawInput", 1), ("Failure", 2), ("RawInput", 3)]
    assert isinstance(items[1], Failure) and items[1].reason.startswith("record 2: its Content-Length does not end")
    assert isinstance(items[2], RawInput) and items[2].url == "https://example.org/2"
    assert capfd.readouterr().err == ""  # no warcio warning


def test_a_damaged_warc_record_beside_good_pages(tmp_path: Path, sqlite_url: str) -> None:
    folder = good_folder(tmp_path)
    short_length_archive(folder / "a.warc", 40)
    with open_store(sqlite_url) as store:
        summary = ingest(store, [str(folder)])
    assert (summary.stored, summary.failed) == (GOOD + 2, 1)
    assert [(Path(f.source).name, f.line) for f in summary.failures] == [("a.warc", 2)]
