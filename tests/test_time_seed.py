"""The sample article about a secret meeting, read against its publication date as a careful reader would."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.model import Timex
from storyline.time import find_timexes
from tests.conftest import seed

PUBLISHED = date(2018, 8, 30)


@pytest.fixture(scope="module")
def article() -> str:
    return seed("003").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def timexes(article: str) -> list[Timex]:
    return find_timexes(article, PUBLISHED)


def named(timexes: list[Timex], text: str) -> list[Timex]:
    found = [t for t in timexes if t.text == text]
    assert found, f"no {text!r} found"
    return found


def test_every_span_is_the_text_it_claims(article: str, timexes: list[Timex]) -> None:
    assert all(article[t.start:t.end] == t.text for t in timexes)


@pytest.mark.parametrize(("expression", "value"), [
    ("last month", "2018-07"),
    ("Tuesday", "2018-08-28"),
    ("Wednesday", "2018-08-29"),
    ("Sunday", "2018-08-26"),
    ("June 12", "2018-06-12"),
])
def test_relative_dates_resolve_against_the_publication_date(
        timexes: list[Timex], expression: str, value: str) -> None:
    assert {(t.type, t.value) for t in named(timexes, expression)} == {("DATE", value)}


def test_late_may_is_the_end_of_this_may(timexes: list[Timex]) -> None:
    (t,) = named(timexes, "late May")
    assert (t.value, t.mod) == ("2018-05", "END")
    assert t.interval is not None and t.interval[0] >= date(2018, 5, 15) and t.interval[1] == date(2018, 5, 31)


def test_the_1970s_and_80s_are_two_decades(timexes: list[Timex]) -> None:
    (seventies,) = named(timexes, "the 1970s")
    eighties = next(t for t in timexes if t.text.endswith("80s"))
    assert (seventies.value, eighties.value) == ("197X", "198X")
    assert eighties.interval == (date(1980, 1, 1), date(1989, 12, 31))


def test_the_newspaper_name_is_not_a_frequency(timexes: list[Timex]) -> None:
    assert all(t.text != "Daily" for t in timexes)
