"""What a request needs: the app's store, a connection from its pool, and dates read from the query string."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

from storyline.reads import date_range
from storyline.reads.periods import DATE_HELP
from storyline.store import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_conn(store: Annotated[Store, Depends(get_store)]) -> Iterator[Connection]:
    """One connection from the app's pool for the whole request, returned to the pool after it."""
    with store.engine.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(get_conn)]
StoreDep = Annotated[Store, Depends(get_store)]

# What the OpenAPI document promises (reads.period checks it, and that the day exists, with its own message)
DATE_PATTERN = r"^((?!0000)\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"


def _date_query(alias: str, description: str) -> Any:
    return Query(alias=alias, description=f"{description} ({DATE_HELP})", json_schema_extra={"pattern": DATE_PATTERN})


def _dates(date_from: Annotated[str | None, _date_query("from", "Events ending on or after")] = None,
           date_to: Annotated[str | None, _date_query("to", "Events starting on or before")] = None,
           ) -> tuple[date | None, date | None]:
    return date_range(date_from, date_to)


Dates = Annotated[tuple[date | None, date | None], Depends(_dates)]
