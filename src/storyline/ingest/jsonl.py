"""JSON Lines: one article per line, `text` or `html` plus optional `title`, `url`, `published`, `outlet`.

The file is read line by line (gzip too), so a file of any size costs one line of memory. A bad line is a
`Failure` with its line number; the lines after it are still read.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from storyline.config import LIMITS, Limits
from storyline.errors import IngestError
from storyline.ingest.decode import valid_text
from storyline.ingest.files import CHUNK, EMPTY, MAX_GZIP_RATIO, failure, one_line, open_input, open_span
from storyline.model import Failure, InputKind, RawInput

# The body fields, in the order they are taken: `text` is the article as its author gave it, so it wins over
# `html`, which still has to be cleaned.
BODY_FIELDS: tuple[tuple[str, InputKind], ...] = (("text", "text"), ("html", "html"))
TEXT_FIELDS = ("title", "url", "outlet")

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str) -> date | None:
    """A date from `YYYY-MM-DD`, `YYYY-MM`, `YYYY` (the first day of the period) or an ISO 8601 datetime.

    A datetime keeps the date in its own time zone: an article published at 23:30 in New York was published
    that day, whatever the date in UTC.
    """
    value = value.strip()
    try:
        if m := _DAY.fullmatch(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH.fullmatch(value):
            return date(int(m[1]), int(m[2]), 1)
        if _YEAR.fullmatch(value):
            return date(int(value), 1, 1)
        if "T" in value or " " in value:
            return datetime.fromisoformat(value).date()
    except ValueError:  # a well-formed but impossible date, such as 2014-13-45
        return None
    return None


def read_jsonl(
    path: Path, *, limits: Limits = LIMITS, span: tuple[int, int, int] | None = None
) -> Iterator[RawInput | Failure]:
    """Each line of the file as a `RawInput` or, when the line is unusable, a `Failure` saying why.

    `span=(start, end, lines_before)` reads only the bytes [start, end) of an uncompressed file, which begin
    after `lines_before` lines and end at a line's end (a shard of a file split by `ingest.shards`); a span is
    never reported empty, since the file as a whole is not.
    """
    source = str(path)
    limit = limits.max_input_bytes
    lineno = span[2] if span else 0
    found = 0
    opened = open_span(path, span[0], span[1]) if span else open_input(path, limit=None, max_ratio=MAX_GZIP_RATIO)
    try:
        with opened as stream:
            while raw := stream.readline(limit + 1):
                lineno += 1
                if len(raw) > limit and not raw.endswith(b"\n"):
                    found += 1
                    yield Failure(source, f"longer than {limit} bytes (the limit)", lineno)
                    _skip_line(stream)
                    continue
                if lineno == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                if raw.strip():
                    found += 1
                    yield _parse_line(raw, source, lineno)
        if not found and span is None:
            yield Failure(source, EMPTY)
    except IngestError as err:
        where = lineno + 1
        yield failure(
            IngestError(f"{err.message}; the rest of the file is unread"), source, where
        )


def _skip_line(stream: BinaryIO) -> None:
    while chunk := stream.readline(CHUNK):
        if chunk.endswith(b"\n"):
            return


def _parse_line(raw: bytes, source: str, lineno: int) -> RawInput | Failure:
    try:
        return _article(raw, source, lineno)
    except IngestError as err:
        return Failure(source, one_line(err.message), lineno)


def _article(raw: bytes, source: str, lineno: int) -> RawInput:
    try:
        line = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise IngestError("not valid UTF-8 (JSON Lines files are UTF-8)") from None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # an integer too long to parse; nesting too deep
        raise IngestError(f"not valid JSON ({one_line(str(exc), 80) or 'nested too deeply'})") from None
    if not isinstance(obj, dict):
        raise IngestError(f"not a JSON object (a JSON {_json_type(obj)})")
    data, kind = _body(obj)
    meta = {name: _text_field(obj, name) for name in TEXT_FIELDS}
    return RawInput(
        source=source,
        data=data,
        kind=kind,
        line=lineno,
        title=meta["title"],
        url=meta["url"],
        outlet=meta["outlet"],
        published=_published(obj),
    )


def _body(obj: dict[str, Any]) -> tuple[str, InputKind]:
    for name, kind in BODY_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise IngestError(f"'{name}' must be a string, not a JSON {_json_type(value)}")
        if value.strip():
            return valid_text(value), kind
    raise IngestError("needs a 'text' or 'html' field")


def _text_field(obj: dict[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(f"'{name}' must be a string, not a JSON {_json_type(value)}")
    return valid_text(value).strip() or None


def _published(obj: dict[str, Any]) -> date | None:
    value = _text_field(obj, "published")
    if value is None:
        return None
    parsed = parse_published(value)
    if parsed is None:
        shown = one_line(value, 40)
        raise IngestError(f"'published' must be YYYY-MM-DD, YYYY-MM or an ISO datetime, not {shown!r}")
    return parsed


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"
