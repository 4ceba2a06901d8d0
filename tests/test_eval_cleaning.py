"""Evaluation gate: main-text F1 on the shared article-extraction gold must not drop below its recorded floor."""

from __future__ import annotations

import pytest

from tests.conftest import EVAL, load_bench

pytestmark = pytest.mark.slow

# Floors recorded from bench/cleaning.py (README has the figures); a change that lowers them fails CI.
HTML_FLOOR = 0.96
TEXT_FLOOR = 0.90


@pytest.fixture(scope="module")
def bench() -> object:
    return load_bench("cleaning", EVAL / "article-extraction")


def test_html_cleaning_f1_holds_its_floor(bench: object) -> None:
    from storyline.clean.html import clean_html

    pages, gold = bench.load(EVAL / "article-extraction")  # type: ignore[attr-defined]
    result = bench.run("storyline", lambda p: clean_html(p).text, pages, gold)  # type: ignore[attr-defined]
    assert result["f1"] >= HTML_FLOOR


def test_plaintext_cleaning_f1_holds_its_floor(bench: object) -> None:
    from storyline.clean.plaintext import clean_text
    from storyline.clean.visible import visible_text

    pages, gold = bench.load(EVAL / "article-extraction")  # type: ignore[attr-defined]
    texts = {k: visible_text(p) for k, p in pages.items()}
    result = bench.run("storyline", lambda t: clean_text(t).text, texts, gold)  # type: ignore[attr-defined]
    assert result["f1"] >= TEXT_FLOOR
