"""The HTTP side of the exception tree: which status each `StorylineError` is, and the two the API adds.

    StorylineError
    ├── UsageError             400
    │   ├── InvalidDate        422  a date parameter that is not YYYY, YYYY-MM or YYYY-MM-DD (storyline.reads)
    │   └── NotFound           404  no such entity or document
    ├── IngestError, CleanError 400 (the input is the problem)
    ├── ExtractError           500
    └── StoreError             503
"""

from __future__ import annotations

from storyline.errors import CleanError, ExtractError, IngestError, StoreError, StorylineError, UsageError
from storyline.reads import InvalidDate


class NotFound(UsageError):
    pass


# Most specific first: the first class an error is an instance of gives its status.
STATUSES: tuple[tuple[type[StorylineError], int], ...] = (
    (InvalidDate, 422),
    (NotFound, 404),
    (UsageError, 400),
    (IngestError, 400),
    (CleanError, 400),
    (ExtractError, 500),
    (StoreError, 503),
)


def status_of(error: StorylineError) -> int:
    return next((status for cls, status in STATUSES if isinstance(error, cls)), 500)
