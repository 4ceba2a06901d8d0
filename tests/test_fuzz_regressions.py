"""Inputs the fuzz campaign (`bench/fuzz.py`, `tests/test_fuzz.py`) found, each pinned where its fix is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.clean import clean
from storyline.model import RawInput
from storyline.pipeline import ingest
from storyline.store import open_store

PROSE = "The council voted on Tuesday to approve the budget after a long debate about schools."
MORE = "Officials said the talks would resume next month in Geneva, according to a statement from the mayor."


def test_clean_drops_c0_controls_found_by_fuzzing_0x08() -> None:
    """Fuzz input `'0\\x08?'` (and a NUL in a JSON Lines `text`, which PostgreSQL refuses to store while
    SQLite keeps it): control characters never reach a document's text or its source-given metadata."""
    assert clean(RawInput("f", "0\x08?", raw=True), "0\x08?", today=date(2020, 1, 1)).text == "0?"
    text = PROSE.replace("Tuesday", "Tues\x00day\x1b") + "\x0c" + MORE
    raw = RawInput("f.jsonl", text, kind="text", line=2, title="Bud\x00get", outlet="Da\x07ily", raw=True)
    doc = clean(raw, text, today=date(2020, 1, 1))
    assert doc.text == PROSE + "\n" + MORE
    assert (doc.title, doc.outlet) == ("Budget", "Daily")
    plain = clean(RawInput("f", text, kind="text"), text, today=date(2020, 1, 1))
    assert not any(c in plain.text for c in "\x00\x1b\x0c")


def test_a_feed_link_holding_a_nul_is_a_failure_the_store_can_record(db_url: str, tmp_path: Path) -> None:
    """Fuzz input: an RSS item whose link is `<![CDATA[\\x00]]>`. Its failure reason quoted the link, NUL and
    all; PostgreSQL refused to record it and the whole run ended, the good page beside it lost."""
    feed = tmp_path / "in" / "bad.rss"
    feed.parent.mkdir()
    feed.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
                     b"<link><![CDATA[\x00\x1b[31m]]></link><description>x</description></item></channel></rss>")
    (tmp_path / "in" / "good.txt").write_text(f"{PROSE}\n\n{MORE}\n")
    with open_store(db_url) as store:
        summary = ingest(store, [str(tmp_path / "in")], read=False)
        assert (summary.stored, summary.failed) == (1, 1)
        (failed,) = summary.failures
        assert failed.reason == "feed item has no article content: [31m"
