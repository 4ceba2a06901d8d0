"""The input step's bookkeeping: the local engine prepares a few batches ahead of the writer without reading
any page twice, and any exception becomes one line naming its type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import storyline.extract
from storyline.inputs import reason_of
from storyline.pipeline import ingest
from storyline.store import open_store

from .test_pipeline_failures import article

PROMO = "Readers can reach the newsroom with tips about the peninsula at any hour."


def test_a_sites_pages_prepared_ahead_are_each_read_once(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All 20 pages are prepared before the first is stored; the site's chrome is known from the third page on
    all the same, so no page is cleaned differently when it is settled and read a second time."""
    site = tmp_path / "one-site"
    site.mkdir()
    for i in range(20):
        (site / f"page{i:02}.txt").write_text(f"{article(i)}\n{PROMO}\n\n{article(i + 100).split(chr(10))[2]}\n")
    reads = 0
    annotate = storyline.extract.annotate

    def counted(doc: Any, parsed: Any) -> Any:
        nonlocal reads
        reads += 1
        return annotate(doc, parsed)

    monkeypatch.setattr(storyline.extract, "annotate", counted)
    with open_store(sqlite_url) as store:
        summary = ingest(store, [str(site)], workers=1)
        texts = [d.text for d in store.documents()]
    assert summary.stored == 20 and reads == 20
    assert PROMO in texts[0] and PROMO in texts[1]
    assert all(PROMO not in t for t in texts[2:])  # the third page on: the site's chrome


def test_any_exception_is_one_line_naming_its_type() -> None:
    assert reason_of(IndexError("list index out of range")) == "IndexError: list index out of range"
    assert reason_of(KeyError("title")) == "KeyError: 'title'"
    assert reason_of(ValueError("first\n  [SQL: INSERT ...]\nmore")) == "ValueError: first"
    assert reason_of(RuntimeError()) == "RuntimeError"
