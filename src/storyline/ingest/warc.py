"""Web archives (`.warc`, `.warc.gz`): each archived HTML page that was served with status 200 is one input.

Records are read one at a time by warcio, so an archive of any size costs one record of memory. Requests,
metadata, redirects, images and the like are passed over. A record past the size limit or with no text is a
`Failure`; a corrupt archive is a `Failure` for the rest of it, after the records read before the damage; an
archive with no HTML page at all is one `Failure`.
`RawInput.line` is the record's number in the archive, counting every record from 1.

An uncompressed archive's framing is checked record by record: a record's block, as long as its
Content-Length says, must be followed by a blank line and the next record's `WARC/` line. A record that is not
(its length is wrong: the page would be stored cut, and warcio would warn on stderr and lose the record after
it) is a `Failure` naming it, and reading goes on at the next `WARC/1.` line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from storyline.config import LIMITS, Limits
from storyline.errors import IngestError
from storyline.ingest.decode import decode
from storyline.ingest.files import EMPTY, GZIP_MAGIC, failure, one_line, os_reason
from storyline.model import Failure, RawInput

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
OK_STATUS = "200"
CHUNK = 1 << 16
HEADER_MAX = 1 << 16  # a record's WARC header is never near this long
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d+)[ \t]*$", re.IGNORECASE | re.MULTILINE)


class _Corrupt(Exception):
    """warcio could not go on reading the archive."""


def read_warc(path: Path, *, limits: Limits = LIMITS) -> Iterator[RawInput | Failure]:
    """The archive's HTML responses, in archive order."""
    source = str(path)
    try:
        fh = path.open("rb")
        size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        yield Failure(source, os_reason(exc))
        return
    index = found = base = start = 0  # base: where warcio began; start: where this record begins
    previous: Any = None  # the record before, checked once warcio has read to its end
    with fh, path.open("rb") as frame:
        framed = frame.read(2) != GZIP_MAGIC  # each record of a .warc.gz is its own gzip member: gzip frames it
        records = ArchiveIterator(fh)
        while True:
            try:
                record = _next(records)
            except _Corrupt as exc:
                yield _corrupt(source, index + 1, exc)
                return
            if previous is not None and _incomplete(previous):
                # warcio stops quietly at a truncated end; this is where it would have lost a record unsaid.
                yield _corrupt(source, index, _Corrupt("the archive ends inside this record"))
                return
            if record is None:
                break
            index += 1
            if _malformed(record):
                yield _corrupt(source, index, _Corrupt("a record without a type or a length"))
                return
            previous = record
            try:
                item = _response(record, source, index, limits)
            except IngestError as err:
                found += 1
                previous = None
                yield failure(IngestError(f"record {index}: {err.message}"), source, index)
                continue
            except _Corrupt as exc:
                yield _corrupt(source, index, exc)
                return
            end = _block_end(frame, start) if framed else None
            framed = end is not None  # a header this cannot read: warcio goes on alone
            if end is not None and not _followed_by_record(frame, end):
                found += 1
                yield Failure(source, f"record {index}: its Content-Length does not end its block, so the record "
                                      "is damaged; the archive is read on from the next record", index)
                base = start = _next_record(frame, end, size)
                fh.seek(base)
                records, previous = ArchiveIterator(fh), None  # warcio starts again where the next record does
                continue
            if end is not None:
                start = end
            if item is not None:
                found += 1
                yield item
        if _unread(records, size - base):
            yield _corrupt(source, index + 1, _Corrupt("a damaged or truncated record"))
            return
    if not found:
        # An archive that gives nothing is reported, so a file is never passed over in silence.
        yield Failure(source, f"no HTML pages with status 200 in the archive ({index} records)")


def _next(records: ArchiveIterator) -> Any:
    # warcio raises whatever its parsers hit on damaged input (its own exception types, zlib errors, EOFError,
    # ValueError, and plain Exception); only warcio's own calls are inside this `try`, so a bug of ours is not
    # reported as a corrupt archive.
    try:
        return next(records, None)
    except Exception as exc:
        raise _Corrupt(_describe(exc)) from exc


def _block_end(frame: BinaryIO, start: int) -> int | None:
    """Where the block of the record at `start` (or after the blank lines there) ends by its Content-Length;
    None when its header cannot be read here (warcio says what is wrong with it)."""
    frame.seek(start)
    head = frame.read(HEADER_MAX)
    blank = len(head) - len(head.lstrip(b"\r\n"))
    cut = head.find(b"\r\n\r\n", blank)
    length = _LENGTH.search(head, blank, cut) if cut >= 0 else None
    return None if length is None else start + cut + 4 + int(length.group(1))


def _followed_by_record(frame: BinaryIO, end: int) -> bool:
    """Whether a block ending at `end` is followed by a blank line and the next record's `WARC/` line, or by the
    archive's end: else its Content-Length is wrong."""
    frame.seek(end)
    after = frame.read(64)
    if not after.startswith(b"\r\n\r\n"):
        return not after or b"\r\n\r\n".startswith(after)  # the archive's (cut) end: warcio reports it
    rest = after[4:].lstrip(b"\r\n")
    return rest.startswith(b"WARC/") or b"WARC/".startswith(rest)


def _next_record(frame: BinaryIO, start: int, size: int) -> int:
    """The offset of the first line from `start` on that begins a record (`WARC/1.`); the archive's size if none."""
    frame.seek(start)
    carry = b""
    at = start
    while chunk := frame.read(CHUNK):
        data = carry + chunk
        found = data.find(b"\nWARC/1.")
        if found >= 0:
            return at - len(carry) + found + 1
        carry = data[-8:]
        at += len(chunk)
    return size


def _read(record: Any, size: int) -> bytes:
    try:
        data = record.content_stream().read(size)
    except Exception as exc:  # see `_next`
        raise _Corrupt(_describe(exc)) from exc
    if not isinstance(data, bytes):
        raise _Corrupt("record payload is not bytes")
    return data


def _drain(record: Any) -> None:
    try:
        while record.raw_stream.read(CHUNK):
            pass
    except Exception as exc:  # see `_next`
        raise _Corrupt(_describe(exc)) from exc


def _malformed(record: Any) -> bool:
    """A record warcio made out of a damaged header: WARC requires a type and a length for every record."""
    if record.format != "warc":
        return False  # ARC records name neither
    length = record.rec_headers.get_header("Content-Length")
    return not record.rec_type or not isinstance(length, str) or not length.strip().isdigit()


def _incomplete(record: Any) -> bool:
    """Whether the record's block ended before its declared length (warcio's reader counts what is left)."""
    left = getattr(record.raw_stream, "limit", None)
    return isinstance(left, int) and left > 0


def _unread(records: ArchiveIterator, size: int) -> bool:
    """Whether warcio stopped before the end of the file: its `offset` is where the next record would start."""
    offset = getattr(records, "offset", None)
    return isinstance(offset, int) and offset < size


def _response(record: Any, source: str, index: int, limits: Limits) -> RawInput | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != OK_STATUS:
        return None
    content_type = record.http_headers.get_header("Content-Type")
    if not isinstance(content_type, str) or _media_type(content_type) not in HTML_TYPES:
        return None
    limit = limits.max_input_bytes
    data = _read(record, limit + 1)
    _drain(record)
    if _incomplete(record):
        raise IngestError("incomplete record: the archive is truncated or damaged inside it")
    if len(data) > limit:
        raise IngestError(f"too large: more than {limit} bytes (the limit)")
    if not data.strip():
        raise IngestError(EMPTY)
    text = decode(data, content_type=content_type)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return RawInput(
        source=source,
        data=text,
        kind="html",
        line=index,
        url=url.strip("<> ") if isinstance(url, str) and url.strip("<> ") else None,
        fetched=_warc_date(record.rec_headers.get_header("WARC-Date")),
    )


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _warc_date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _corrupt(source: str, index: int, exc: _Corrupt) -> Failure:
    return Failure(source, one_line(f"record {index}: corrupt archive, the rest is unread ({exc})"), index)


def _describe(exc: BaseException) -> str:
    text = exc.args[0] if exc.args else ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    detail = one_line(str(text), 160)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
