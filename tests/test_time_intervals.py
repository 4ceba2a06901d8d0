"""The days a DATE value covers, for the dossier's timeline."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.time import interval_of


@pytest.mark.parametrize(("value", "mod", "first", "last"), [
    ("2018-08-28", None, date(2018, 8, 28), date(2018, 8, 28)),
    ("2018-08-28TMO", None, date(2018, 8, 28), date(2018, 8, 28)),
    ("2018-05", None, date(2018, 5, 1), date(2018, 5, 31)),
    ("2016-02", None, date(2016, 2, 1), date(2016, 2, 29)),
    ("2018", None, date(2018, 1, 1), date(2018, 12, 31)),
    ("197X", None, date(1970, 1, 1), date(1979, 12, 31)),
    ("19", None, date(1900, 1, 1), date(1999, 12, 31)),
    ("2018-W35", None, date(2018, 8, 27), date(2018, 9, 2)),
    ("2018-W35-WE", None, date(2018, 9, 1), date(2018, 9, 2)),
    ("2018-Q1", None, date(2018, 1, 1), date(2018, 3, 31)),
    ("2018-H2", None, date(2018, 7, 1), date(2018, 12, 31)),
    ("2018-SU", None, date(2018, 6, 1), date(2018, 8, 31)),
    ("2018-WI", None, date(2018, 12, 1), date(2019, 2, 28)),
])
def test_values_cover_their_days(value: str, mod: str | None, first: date, last: date) -> None:
    assert interval_of(value, mod) == (first, last)


@pytest.mark.parametrize(("value", "mod", "first", "last"), [
    ("2018-05", "START", date(2018, 5, 1), date(2018, 5, 10)),
    ("2018-05", "MID", date(2018, 5, 11), date(2018, 5, 20)),
    ("2018-05", "END", date(2018, 5, 21), date(2018, 5, 31)),
    ("2018", "START", date(2018, 1, 1), date(2018, 4, 30)),
    ("2018", "MID", date(2018, 5, 1), date(2018, 8, 31)),
    ("2018", "END", date(2018, 9, 1), date(2018, 12, 31)),
    ("198X", "START", date(1980, 1, 1), date(1983, 12, 31)),
    ("197X", "END", date(1976, 1, 1), date(1979, 12, 31)),
    ("2018-Q1", "END", date(2018, 3, 1), date(2018, 3, 31)),
    ("2018-W35", "START", date(2018, 8, 27), date(2018, 8, 28)),
    ("2018-05", "APPROX", date(2018, 5, 1), date(2018, 5, 31)),
])
def test_start_mid_and_end_narrow_the_interval(value: str, mod: str, first: date, last: date) -> None:
    assert interval_of(value, mod) == (first, last)


@pytest.mark.parametrize("value", ["XXXX-06-12", "XXXX-WXX-2", "P3D", "PT2H", "PAST_REF", "PRESENT_REF",
                                   "2018-02-30", "2018-W54", "", "garbage"])
def test_values_without_a_place_on_the_calendar_have_no_interval(value: str) -> None:
    assert interval_of(value, None) is None
