"""Durations, sets and clock times."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.model import Timex
from storyline.time import find_timexes

ANCHOR = date(2018, 8, 30)


def only(text: str) -> Timex:
    found = find_timexes(text, ANCHOR)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("sentence", "expression", "value"), [
    ("The trial lasted three days.", "three days", "P3D"),
    ("Rebuilding took a decade.", "a decade", "P10Y"),
    ("He signed a two-year contract.", "two-year", "P2Y"),
    ("The flight took 16 hours.", "16 hours", "PT16H"),
    ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
    ("She spoke for an hour and a half.", "an hour and a half", "PT1H30M"),
    ("Growth slowed over the past three years.", "the past three years", "P3Y"),
    ("Profit rose in the first nine months.", "the first nine months", "P9M"),
    ("The plan covers the next three quarters.", "the next three quarters", "P9M"),
    ("Talks could take several weeks.", "several weeks", "PXW"),
    ("The region has been unstable for years.", "years", "PXY"),
])
def test_lengths_are_durations(sentence: str, expression: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value, t.interval) == (expression, "DURATION", value, None)


def test_bounds_on_a_length_are_mods() -> None:
    t = only("The talks lasted nearly two years.")
    assert (t.text, t.value, t.mod) == ("nearly two years", "P2Y", "LESS_THAN")
    t = only("The fighting went on for more than four hours.")
    assert (t.text, t.value, t.mod) == ("more than four hours", "PT4H", "MORE_THAN")


def test_ages_are_not_durations() -> None:
    assert find_timexes("The 39-year-old arrived with his 6-year-old son.", ANCHOR) == []


def test_a_rate_is_a_measure_not_a_time() -> None:
    assert find_timexes("The plant makes $2 million a year.", ANCHOR) == []


@pytest.mark.parametrize(("sentence", "expression", "value"), [
    ("The committee meets every week.", "every week", "P1W"),
    ("The report is published annually.", "annually", "P1Y"),
    ("Rallies were held daily.", "daily", "P1D"),
    ("The ferry leaves each Thursday.", "each Thursday", "XXXX-WXX-4"),
    ("Markets close early on Fridays.", "Fridays", "XXXX-WXX-5"),
    ("Inspectors visit twice a month.", "twice a month", "P1M"),
])
def test_repetitions_are_sets(sentence: str, expression: str, value: str) -> None:
    t = only(sentence)
    assert (t.text, t.type, t.value) == (expression, "SET", value)


def test_clock_times_fall_on_the_day_they_name() -> None:
    t = only("The blast came at 10:35 a.m. Wednesday.")
    assert (t.text, t.type, t.value) == ("10:35 a.m. Wednesday", "TIME", "2018-08-29T10:35")
    t = only("Voting ends at noon tomorrow.")
    assert (t.text, t.value) == ("noon tomorrow", "2018-08-31T12:00")
    t = only("The offer expires at 5 p.m. EST Sept. 7.")
    assert t.value == "2018-09-07T17:00"


def test_parts_of_the_day_are_times() -> None:
    t = only("He spoke this morning.")
    assert (t.type, t.value) == ("TIME", "2018-08-30TMO")
    t = only("The vote is scheduled for tonight.")
    assert (t.type, t.value) == ("TIME", "2018-08-30TNI")
