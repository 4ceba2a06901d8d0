"""Calendar arithmetic on TIMEX3 dates: a point at some granularity, shifted and written as a TIMEX3 value.

A `Point` is a stretch of the calendar named the way TIMEX3 names it: a century (`19`), a decade (`197X`), a
year (`1989`), a half (`1989-H2`), a quarter (`1989-Q3`), a season (`1989-SU`), a month (`1989-10`), an ISO
week (`1989-W43`), its weekend (`1989-W43-WE`) or a day (`1989-10-26`). Unknown parts are None (year) or 0
(the rest) and write as X: with no anchor, "June 12" is `XXXX-06-12` and "yesterday" `XXXX-XX-XX`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Gran = Literal["C", "DE", "Y", "H", "Q", "S", "M", "W", "WE", "D"]

SEASON_CODES: tuple[str, ...] = ("SP", "SU", "FA", "WI")  # sub 1..4
# How fine each granularity is, coarse to fine, for "is this at least a month?" questions.
FINENESS: dict[str, int] = {"C": 0, "DE": 1, "Y": 2, "H": 3, "Q": 4, "S": 4, "M": 5, "W": 6, "WE": 7, "D": 8}


@dataclass(frozen=True, slots=True)
class Point:
    """`sub` is the half, quarter, season (1-4, SP..WI), month or ISO week; `day` the day of the month."""

    gran: Gran
    year: int | None
    sub: int = 0
    day: int = 0

    @property
    def value(self) -> str:
        y = "XXXX" if self.year is None else f"{self.year:04d}"
        sub = "XX" if self.sub == 0 else f"{self.sub:02d}"
        if self.gran == "C":
            return "XX" if self.year is None else f"{self.year // 100:02d}"
        if self.gran == "DE":
            return "XXX" if self.year is None else f"{self.year // 10:03d}X"
        if self.gran == "Y":
            return y
        if self.gran in ("H", "Q"):
            return f"{y}-{self.gran}{self.sub or 'X'}"
        if self.gran == "S":
            return f"{y}-{SEASON_CODES[self.sub - 1]}" if self.sub else f"{y}-XX"
        if self.gran == "M":
            return f"{y}-{sub}"
        if self.gran in ("W", "WE"):
            return f"{y}-W{sub}" + ("-WE" if self.gran == "WE" else "")
        return f"{y}-{sub}-" + ("XX" if self.day == 0 else f"{self.day:02d}")

    @property
    def known(self) -> bool:
        """Every part known, so the point has a place on the calendar."""
        return self.year is not None and (self.gran in ("C", "DE", "Y") or self.sub > 0) and (
            self.gran != "D" or self.day > 0)

    def as_date(self) -> date | None:
        """The day itself, for a day point with a known year."""
        if self.gran != "D" or not self.known or self.year is None:
            return None
        return date(self.year, self.sub, self.day)


def at(d: date, gran: Gran) -> Point:
    """The point of granularity `gran` that contains day `d`."""
    if gran == "D":
        return Point("D", d.year, d.month, d.day)
    if gran in ("W", "WE"):
        iso = d.isocalendar()
        return Point(gran, iso.year, iso.week)
    if gran == "M":
        return Point("M", d.year, d.month)
    if gran == "Q":
        return Point("Q", d.year, (d.month - 1) // 3 + 1)
    if gran == "H":
        return Point("H", d.year, 1 if d.month <= 6 else 2)
    if gran == "S":
        # Meteorological seasons; December belongs to the winter that starts in its year.
        index = {12: 4, 1: 4, 2: 4, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2}.get(d.month, 3)
        return Point("S", d.year - 1 if d.month <= 2 else d.year, index)
    if gran == "DE":
        return Point("DE", d.year // 10 * 10)
    if gran == "C":
        return Point("C", d.year // 100 * 100)
    return Point("Y", d.year)


def first_day(p: Point) -> date | None:
    if not p.known or p.year is None:
        return None
    if p.gran == "D":
        return date(p.year, p.sub, p.day)
    if p.gran in ("W", "WE"):
        monday = date.fromisocalendar(p.year, p.sub, 1)
        return monday + timedelta(days=5) if p.gran == "WE" else monday
    if p.gran == "M":
        return date(p.year, p.sub, 1)
    if p.gran == "Q":
        return date(p.year, 3 * p.sub - 2, 1)
    if p.gran == "H":
        return date(p.year, 1 if p.sub == 1 else 7, 1)
    if p.gran == "S":
        return date(p.year, (3, 6, 9, 12)[p.sub - 1], 1)
    return date(p.year, 1, 1)


def shift(p: Point, n: int, unit: Gran | None = None) -> Point:
    """`p` moved by `n` units (its own granularity unless `unit` is given, e.g. a quarter back a year)."""
    unit = unit or p.gran
    if not p.known or p.year is None:
        return p
    if unit in ("Y", "DE", "C"):
        years = n * {"Y": 1, "DE": 10, "C": 100}[unit]
        if p.gran == "D":
            day = min(p.day, 28) if (p.sub, p.day) == (2, 29) else p.day
            return replace(p, year=p.year + years, day=day)
        if p.gran in ("W", "WE"):
            weeks_in_year = date(p.year + years, 12, 28).isocalendar().week
            return replace(p, year=p.year + years, sub=min(p.sub, weeks_in_year))
        return replace(p, year=p.year + years)
    if unit in ("H", "Q", "M", "S"):
        per_year = {"H": 2, "Q": 4, "M": 12, "S": 4}[unit]
        if p.gran == unit:
            total = p.year * per_year + p.sub - 1 + n
            return replace(p, year=total // per_year, sub=total % per_year + 1)
        if unit == "M" and p.gran == "D":
            total = p.year * 12 + p.sub - 1 + n
            y, m = total // 12, total % 12 + 1
            return Point("D", y, m, min(p.day, month_days(y, m)))
        start = first_day(p)
        if start is None:
            return p
        months = n * {"H": 6, "Q": 3, "M": 1, "S": 3}[unit]
        total = start.year * 12 + start.month - 1 + months
        return at(date(total // 12, total % 12 + 1, 1), p.gran)
    start = first_day(p)
    if start is None:
        return p
    days = n * (7 if unit in ("W", "WE") else 1)
    return at(start + timedelta(days=days), p.gran)


def month_days(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def weekday_near(anchor: date, weekday: int, direction: int, inclusive: bool = True) -> date:
    """The day with ISO `weekday` nearest `anchor` going back (direction -1) or forward (+1).

    With `inclusive`, the anchor itself counts when it falls on that weekday (news says "Thursday" of the
    day it is published).
    """
    delta = (weekday - anchor.isoweekday()) % 7 if direction > 0 else (anchor.isoweekday() - weekday) % 7
    if delta == 0 and not inclusive:
        delta = 7
    return anchor + timedelta(days=direction * delta)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 for the last) ISO `weekday` of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year, month, month_days(year, month))
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def coarsen(p: Point, gran: Gran) -> Point:
    """The point of granularity `gran` that contains `p`; `p` itself when it is already that coarse."""
    if p.gran == gran or FINENESS[p.gran] < FINENESS[gran]:
        return p
    start = first_day(p)
    if start is None:
        return Point(gran, p.year if gran in ("Y", "DE", "C") else None)
    return at(start, gran)
