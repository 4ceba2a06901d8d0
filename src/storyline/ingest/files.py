"""Reading files from disk: plain or gzip, within size bounds, and a page file turned into one `RawInput`.

Every problem with a file becomes an `IngestError` with a one-line message; the readers turn those into
`Failure`s so one bad file never stops a batch.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import re
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, Protocol

from storyline.config import LIMITS, Limits
from storyline.errors import IngestError
from storyline.ingest.decode import decode
from storyline.ingest.sniff import SNIFF_BYTES, page_kind
from storyline.model import Failure, RawInput

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
PEEK_RAW_BYTES = 1 << 16  # compressed bytes read to find the first decompressed ones
MAX_REASON_CHARS = 300
# A stream read line by line has no total size bound (a JSONL file may hold a whole archive), so a gzip bomb is
# told by its ratio instead: text compresses five to ten times, a bomb a thousand.
MAX_GZIP_RATIO = 100.0
RATIO_GRACE_BYTES = 1 << 20

EMPTY = "empty input"

_OS_REASONS: dict[int, str] = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "file name too long",
}


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # what split() leaves: NUL (PostgreSQL refuses it), ESC, ...


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """`text` on one line, cut to `limit` characters, without control characters: a reason may quote the input
    (a feed item's link), and is printed to a terminal and stored."""
    flat = " ".join(_CONTROLS.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def failure(err: IngestError, source: str, line: int | None = None) -> Failure:
    """The `Failure` an `IngestError` stands for. `source` and `line` are used when the error has none."""
    return Failure(
        source=err.source or source,
        reason=one_line(err.message),
        line=err.line if err.line is not None else line,
    )


def os_reason(exc: OSError) -> str:
    """A one-line reason for an operating-system error, without the path (the failure carries it)."""
    if exc.errno is not None and exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"cannot read: {exc.strerror or exc.__class__.__name__}"


def check_file(path: Path) -> os.stat_result:
    """The file's status, if it is a non-empty regular file that exists; else `IngestError`."""
    try:
        st = path.stat()
    except OSError as exc:
        raise IngestError(os_reason(exc)) from None
    except ValueError:  # a path with a NUL byte in it
        raise IngestError("not a valid path") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError("not a regular file")
    if st.st_size == 0:
        raise IngestError(EMPTY)
    return st


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Guarded(io.RawIOBase):
    """A byte stream that turns read errors into `IngestError` and refuses to give more than its bounds allow."""

    def __init__(
        self, inner: _Readable, raw: IO[bytes], *, limit: int | None, max_ratio: float | None
    ) -> None:
        super().__init__()
        self._inner = inner
        self._raw = raw
        self._limit = limit
        self._max_ratio = max_ratio
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._inner.read(len(view))
        except EOFError:
            raise IngestError("truncated gzip data (the file ends too early)") from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise IngestError(f"corrupt gzip data ({one_line(str(exc), 120)})") from None
        except OSError as exc:
            raise IngestError(os_reason(exc)) from None
        n = len(data)
        view[:n] = data
        self._count += n
        if self._limit is not None and self._count > self._limit:
            raise IngestError(f"too large: more than {self._limit} bytes (the limit)")
        if self._max_ratio is not None and self._count > RATIO_GRACE_BYTES:
            compressed = max(self._raw.tell(), 1)
            if self._count / compressed > self._max_ratio:
                raise IngestError(
                    f"gzip data expands more than {self._max_ratio:g} times: a decompression bomb"
                )
        return n


def is_gzip(path: Path) -> bool:
    """Whether the file starts with the gzip magic bytes (its name is not trusted either way)."""
    try:
        with path.open("rb") as fh:
            return fh.read(2) == GZIP_MAGIC
    except OSError as exc:
        raise IngestError(os_reason(exc)) from None


@contextmanager
def open_input(path: Path, *, limit: int | None, max_ratio: float | None = None) -> Iterator[BinaryIO]:
    """The file's bytes, decompressed when it is gzip, as a buffered stream (`read`, `readline`).

    Reading more than `limit` bytes (decompressed), or from a gzip stream that expands more than `max_ratio`
    times, raises `IngestError`, as does a truncated or corrupt gzip stream.
    """
    gz = is_gzip(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise IngestError(os_reason(exc)) from None
    with raw:
        inner: _Readable = gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw
        guarded = _Guarded(inner, raw, limit=limit, max_ratio=max_ratio if gz else None)
        with io.BufferedReader(guarded, CHUNK) as stream:
            yield stream


class _Window(io.RawIOBase):
    """The bytes [start, end) of a file, read errors as `IngestError`."""

    def __init__(self, raw: IO[bytes], left: int) -> None:
        super().__init__()
        self._raw = raw
        self._left = left

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._raw.read(min(len(view), self._left))
        except OSError as exc:
            raise IngestError(os_reason(exc)) from None
        n = len(data)
        view[:n] = data
        self._left -= n
        return n


@contextmanager
def open_span(path: Path, start: int, end: int) -> Iterator[BinaryIO]:
    """The bytes [start, end) of an uncompressed file as a buffered stream (`read`, `readline`)."""
    try:
        raw = path.open("rb")
        raw.seek(start)
    except OSError as exc:
        raise IngestError(os_reason(exc)) from None
    with raw, io.BufferedReader(_Window(raw, max(0, end - start)), CHUNK) as stream:
        yield stream


def peek(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first `size` bytes of the file, decompressed when it is gzip.

    Damage further on is left for the reader to meet: a truncated `.warc.gz` still has records to give.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read(PEEK_RAW_BYTES)
    except OSError as exc:
        raise IngestError(os_reason(exc)) from None
    if not raw.startswith(GZIP_MAGIC):
        return raw[:size]
    out = bytearray()
    while len(out) < size:
        member = zlib.decompressobj(zlib.MAX_WBITS | 16)  # a gzip header and trailer
        try:
            out += member.decompress(raw, size - len(out))
        except zlib.error as exc:
            if not out:
                raise IngestError(f"corrupt gzip data ({one_line(str(exc), 120)})") from None
            break
        if not out and not member.eof and not member.unconsumed_tail:
            raise IngestError("truncated gzip data (the file ends too early)")
        raw = member.unused_data
        if not member.eof or not raw.startswith(GZIP_MAGIC):
            break
    return bytes(out)


def load(path: Path, *, limits: Limits = LIMITS) -> bytes:
    """The whole file, decompressed when it is gzip, if it is within `limits.max_input_bytes`."""
    limit = limits.max_input_bytes
    st = check_file(path)
    if st.st_size > limit:
        raise IngestError(f"too large: {st.st_size} bytes (the limit is {limit})")
    chunks: list[bytes] = []
    with open_input(path, limit=limit) as stream:
        while chunk := stream.read(CHUNK):
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data or data.isspace():
        raise IngestError(EMPTY)
    return data


def read_page(path: Path, *, limits: Limits = LIMITS) -> RawInput:
    """A plain text or HTML file (maybe gzipped) as one input; the only metadata is where it came from."""
    text = decode(load(path, limits=limits))
    if not text or text.isspace():
        raise IngestError(EMPTY)
    return RawInput(source=str(path), data=text, kind=page_kind(text))
