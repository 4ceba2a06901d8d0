"""The exception tree. Every error storyline raises on purpose is one of these.

    StorylineError                 anything storyline reports to a user as one line
    ├── UsageError                 a bad option or argument (CLI exit 2)
    ├── IngestError                an input could not be read (missing, too big, not decodable, bad line)
    │   └── FetchError             a URL could not be fetched (network, status, type, size)
    ├── CleanError                 an input was read but holds no article
    ├── ExtractError               the NLP stages failed on a document
    └── StoreError                 the store could not be opened or written

Context lives in attributes (`source`, `line`), not only in the message, so the pipeline can record a failure
with where it happened and the CLI can print it on one line.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class: `str(err)` is the one line a user sees."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class UsageError(StorylineError):
    pass


class IngestError(StorylineError):
    pass


class FetchError(IngestError):
    pass


class CleanError(StorylineError):
    pass


class ExtractError(StorylineError):
    pass


class StoreError(StorylineError):
    pass
