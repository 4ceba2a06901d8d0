"""Calendar dates, whole and partial: absolute dates, months and years, decades and centuries, and the
days each covers."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.model import Timex
from storyline.time import find_timexes

ANCHOR = date(2018, 8, 30)  # a Thursday


def only(text: str, anchor: date | None = ANCHOR) -> Timex:
    found = find_timexes(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("sentence", "expression", "value"), [
    ("The treaty was signed on May 28, 2014, in Geneva.", "May 28, 2014", "2014-05-28"),
    ("The treaty was signed on 28 May 2014 in Geneva.", "28 May 2014", "2014-05-28"),
    ("The ceasefire began on Sept. 5, 2019.", "Sept. 5, 2019", "2019-09-05"),
    ("The file is dated 2014-05-28.", "2014-05-28", "2014-05-28"),
    ("The law passed in February 1947.", "February 1947", "1947-02"),
    ("The plant opened in 1992.", "1992", "1992"),
    ("Turnout was lower in nineteen ninety-six.", "nineteen ninety-six", "1996"),
    ("Results for fiscal 1989 were weak.", "fiscal 1989", "1989"),
])
def test_absolute_dates_keep_their_written_values(sentence: str, expression: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (expression, "DATE", value)


def test_a_month_and_day_takes_the_year_that_puts_it_where_the_clause_says() -> None:
    assert only("The two leaders met on June 12.").value == "2018-06-12"
    assert only("The two leaders will meet on June 12.").value == "2019-06-12"
    # a near deadline is the coming one even in a past-tense report
    assert only("The company said it would complete the sale by Sept. 15.").value == "2018-09-15"


def test_a_bare_month_is_the_one_the_clause_points_to() -> None:
    assert only("Exports fell sharply in March.").value == "2018-03"
    assert only("The new rules will take effect in January.").value == "2019-01"
    assert only("The minister resigned in December.").value == "2017-12"


def test_may_and_march_are_months_only_when_they_read_as_months() -> None:
    assert find_timexes("Officials may march on the capital.", ANCHOR) == []
    assert only("The vote was held in May.").value == "2018-05"
    assert find_timexes("Thousands joined the March for Peace.", ANCHOR) == []


def test_decades_are_written_with_an_unknown_year_digit() -> None:
    found = find_timexes("Dozens were abducted in the 1970s and ‘80s.", ANCHOR)
    assert [(t.text, t.value) for t in found] == [("the 1970s", "197X"), ("‘80s", "198X")]
    assert found[0].interval == (date(1970, 1, 1), date(1979, 12, 31))
    assert only("Prices fell through the nineties.").value == "199X"


def test_part_of_a_period_is_a_mod_and_a_narrower_interval() -> None:
    late = only("The group held power in the late 1970s.")
    assert (late.value, late.mod, late.interval) == ("197X", "END", (date(1976, 1, 1), date(1979, 12, 31)))
    mid = only("The rebels split in mid-2018.")
    assert (mid.text, mid.value, mid.mod) == ("mid-2018", "2018", "MID")
    assert mid.interval == (date(2018, 5, 1), date(2018, 8, 31))
    may = only("A delegation flew to New York in late May.")
    assert (may.text, may.value, may.mod, may.interval) == (
        "late May", "2018-05", "END", (date(2018, 5, 21), date(2018, 5, 31)))
    early = only("The plan was drafted in early 1990.")
    assert (early.value, early.mod, early.interval) == ("1990", "START", (date(1990, 1, 1), date(1990, 4, 30)))


def test_centuries_are_their_first_two_digits() -> None:
    t = only("It was the deadliest war of the 20th century.")
    assert (t.text, t.value, t.interval) == ("the 20th century", "19", (date(1900, 1, 1), date(1999, 12, 31)))


def test_holidays_fall_on_their_days() -> None:
    assert only("Shops will close on Christmas Day.").value == "2018-12-25"
    assert only("Turkeys were pardoned before Thanksgiving.", date(2018, 12, 1)).value == "2018-11-22"


def test_dates_that_do_not_exist_are_not_dates() -> None:
    assert all(t.value != "2018-02-30" for t in find_timexes("The memo is dated February 30, 2018.", ANCHOR))


def test_numbers_that_are_counts_are_not_years() -> None:
    assert find_timexes("The company employs 1990 people and sold 2000 shares.", ANCHOR) == []
    assert find_timexes("She drove a car worth $1999.", ANCHOR) == []
