"""The days a TIMEX3 DATE value covers, for placing it on a timeline: "197X" is 1970-01-01..1979-12-31.

`mod` narrows the stretch: START, MID and END keep roughly the first, middle and last third ("late May" is
May 21-31, "the early 1980s" 1980-1983, "mid-2018" May-August 2018). Other modifiers (APPROX, BEFORE, ...)
leave it as it is. Values with unknown parts, durations and references have no interval.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?")
_MONTH = re.compile(r"(\d{4})-(\d\d)")
_WEEK = re.compile(r"(\d{4})-W(\d\d?)(-WE)?")
_PART = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)")
_YEAR = re.compile(r"(\d{4})")
_DECADE = re.compile(r"(\d{3})X?")
_CENTURY = re.compile(r"(\d\d)")

# First month and number of months of each quarter, half and (meteorological) season.
_PARTS: dict[str, tuple[int, int]] = {
    "Q1": (1, 3), "Q2": (4, 3), "Q3": (7, 3), "Q4": (10, 3), "H1": (1, 6), "H2": (7, 6),
    "SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3),
}


def _months(year: int, first_month: int, count: int) -> tuple[date, date]:
    total = year * 12 + first_month - 1 + count
    after = date(total // 12, total % 12 + 1, 1)
    return date(year, first_month, 1), after - timedelta(days=1)


def _years(first: int, count: int) -> tuple[date, date]:
    return date(first, 1, 1), date(first + count - 1, 12, 31)


def _third(span: tuple[date, date], mod: str | None, months: int = 0, years: int = 0) -> tuple[date, date]:
    """Narrow `span` to its START/MID/END third, on month or year lines when the span is made of them."""
    if mod not in ("START", "MID", "END"):
        return span
    first, last = span
    if years:  # the early 1980s: 1980-1983; the late 1970s: 1976-1979
        k = -(-years * 2 // 5)
        a = {"START": 0, "MID": (years - k) // 2, "END": years - k}[mod]
        return _years(first.year + a, k)
    if months >= 3:
        k = max(1, months // 3)
        a = {"START": 0, "MID": (months - k) // 2, "END": months - k}[mod]
        total = first.year * 12 + first.month - 1 + a
        return _months(total // 12, total % 12 + 1, k)
    days = (last - first).days + 1
    if days >= 28:  # a month: 1-10, 11-20, 21-end
        ranges = {"START": (1, 10), "MID": (11, 20), "END": (21, days)}
        a, b = ranges[mod]
        return first.replace(day=a), first.replace(day=b)
    if days >= 7:  # a week: Monday-Tuesday, Wednesday-Thursday, Friday-Sunday
        a, b = {"START": (0, 1), "MID": (2, 3), "END": (4, 6)}[mod]
        return first + timedelta(days=a), first + timedelta(days=b)
    return span


def interval_of(value: str, mod: str | None = None) -> tuple[date, date] | None:
    """The first and last day `value` covers, narrowed by `mod`; None when it has no place on the calendar."""
    try:
        return _interval(value, mod)
    except ValueError:  # a value naming no real day, such as 1989-02-30
        return None


def _interval(value: str, mod: str | None) -> tuple[date, date] | None:
    if m := _DAY.fullmatch(value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := _WEEK.fullmatch(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return _third((monday, monday + timedelta(days=6)), mod)
    if m := _MONTH.fullmatch(value):
        return _third(_months(int(m[1]), int(m[2]), 1), mod)
    if m := _PART.fullmatch(value):
        first, count = _PARTS[m[2]]
        return _third(_months(int(m[1]), first, count), mod, months=count)
    if m := _YEAR.fullmatch(value):
        return _third(_years(int(m[1]), 1), mod, months=12)
    if m := _DECADE.fullmatch(value):
        return _third(_years(int(m[1]) * 10, 10), mod, years=10)
    if m := _CENTURY.fullmatch(value):
        return _third(_years(int(m[1]) * 100, 100), mod, years=100)
    return None
