"""Dates as users write them (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), read the same way by the CLI, the API and the UI.

A period stands for all of its days, so `--to 2018` (or `?to=2018`) ends on 31 December 2018. A bad value is
one `InvalidDate`, with one message wherever it was typed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from storyline.errors import UsageError

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"
DAY_HELP = "YYYY-MM-DD"


class InvalidDate(UsageError):
    """A date option or query parameter that is not a real `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (CLI exit 2, HTTP 422)."""


def period(value: str | None, name: str, *, day_only: bool = False) -> tuple[date, date] | None:
    """The first and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (only the last with `day_only`); None for no
    value. `name` is how the user wrote the option (`--from`, `from`) and starts the error message."""
    if value is None or not value.strip():
        return None
    m = _DATE.fullmatch(value.strip())
    if m is None or (day_only and not m[3]):
        raise InvalidDate(f"{name}: {value!r} is not a date ({DAY_HELP if day_only else DATE_HELP})")
    year, month, day_ = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if day_:
            return date(year, month, day_), date(year, month, day_)
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError as e:  # 2018-02-30, 2018-13, year 0
        raise InvalidDate(f"{name}: {value!r} is not a date ({e})") from e


def day(value: str | None, name: str) -> date | None:
    """One day, `YYYY-MM-DD` (a publication date given for a batch)."""
    found = period(value, name, day_only=True)
    return found[0] if found else None


def date_range(date_from: str | None, date_to: str | None, *, names: tuple[str, str] = ("from", "to"),
               ) -> tuple[date | None, date | None]:
    """`from` starts at the first day of its period and `to` ends at the last day of its own (to=2018: all of
    2018)."""
    start, end = period(date_from, names[0]), period(date_to, names[1])
    return (start[0] if start else None), (end[1] if end else None)
