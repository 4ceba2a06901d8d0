"""What a request needs: the app's store, a connection from its pool, and dates read from the query string."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

from storyline.api.errors import InvalidParameter
from storyline.store import Store

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_conn(store: Annotated[Store, Depends(get_store)]) -> Iterator[Connection]:
    """One connection from the app's pool for the whole request, returned to the pool after it."""
    with store.engine.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(get_conn)]
StoreDep = Annotated[Store, Depends(get_store)]


def period(value: str | None, name: str) -> tuple[date, date] | None:
    """The first and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; InvalidParameter (422) for anything else."""
    if value is None or not value.strip():
        return None
    m = _DATE.fullmatch(value.strip())
    if m is None:
        raise InvalidParameter(f"{name}: {value!r} is not a date ({DATE_HELP})")
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError as e:  # 2018-02-30, 2018-13
        raise InvalidParameter(f"{name}: {value!r} is not a date ({e})") from e


def date_range(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    """`from` starts at the first day of its period and `to` ends at the last day of its own (to=2018: all of 2018)."""
    start, end = period(date_from, "from"), period(date_to, "to")
    return (start[0] if start else None), (end[1] if end else None)


# What the OpenAPI document promises (period() checks it, and that the day exists, with its own message)
DATE_PATTERN = r"^((?!0000)\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"


def _date_query(alias: str, description: str) -> Any:
    return Query(alias=alias, description=f"{description} ({DATE_HELP})", json_schema_extra={"pattern": DATE_PATTERN})


def _dates(date_from: Annotated[str | None, _date_query("from", "Events ending on or after")] = None,
           date_to: Annotated[str | None, _date_query("to", "Events starting on or before")] = None,
           ) -> tuple[date | None, date | None]:
    return date_range(date_from, date_to)


Dates = Annotated[tuple[date | None, date | None], Depends(_dates)]
