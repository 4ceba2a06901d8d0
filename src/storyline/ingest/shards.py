"""The user's sources cut into shards: pieces of work a cluster reads in parallel and a rerun can skip.

    plan_shards(["coverage/", "wire.jsonl", "https://example.org/a"])
      ├── files   up to FILES_PER_SHARD files of a folder walk (or named), at most SHARD_BYTES together
      ├── jsonl   LINES_PER_SHARD lines of a large uncompressed JSONL file, as a byte range
      ├── urls    up to URLS_PER_SHARD URLs
      └── failed  a source that cannot even be planned (an empty name, a folder that cannot be listed)

Reading every shard in plan order gives exactly what `read_sources` gives, input for input, so an engine that
reads shards stores what the local engine stores (a test holds the two to that). A shard's `key` is a hash of
what it covers and of the files' sizes and modification times: a file that changed is a new shard.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from storyline.config import LIMITS, Limits
from storyline.errors import IngestError
from storyline.ingest import read_file, walk
from storyline.ingest.files import CHUNK, GZIP_MAGIC, peek
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.sniff import source_kind
from storyline.ingest.urls import is_url
from storyline.model import Failure, RawInput

ShardKind = Literal["files", "jsonl", "urls", "failed"]

FILES_PER_SHARD = 32
SHARD_BYTES = 8 << 20  # a group of files closes past this; a JSONL file past it is split
LINES_PER_SHARD = 512
URLS_PER_SHARD = 16


@dataclass(frozen=True, slots=True)
class Shard:
    """One piece of work. `paths` are files (`files`), one JSONL file (`jsonl`, bytes [start, end) after
    `line` lines), URLs (`urls`), or the one source a `failed` shard stands for, with its `reason`."""

    kind: ShardKind
    paths: tuple[str, ...]
    start: int = 0
    end: int = 0
    line: int = 0
    reason: str = ""
    stamp: str = ""  # the files' sizes and modification times when planned

    @property
    def key(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:32]

    @property
    def resumable(self) -> bool:
        """Whether a rerun may skip this shard once it is done: files that did not change give the same
        inputs again; a URL may have changed since, and a failed source is tried again."""
        return self.kind in ("files", "jsonl")

    @property
    def label(self) -> str:
        first = self.paths[0] if self.paths else ""
        if self.kind == "jsonl":
            return f"{first}:{self.line + 1}-"
        return first if len(self.paths) == 1 else f"{first} (+{len(self.paths) - 1})"


def plan_shards(sources: Iterable[str], *, raw: bool = False) -> Iterator[Shard]:
    """The shards of `sources`, in the order `read_sources` reads them (`raw`: as it does with `raw`)."""
    files: list[Path] = []
    urls: list[str] = []
    size = 0

    def flush() -> Iterator[Shard]:
        nonlocal size
        if files:
            yield Shard("files", tuple(str(p) for p in files), stamp=_stamp(files))
            files.clear()
        if urls:
            yield Shard("urls", tuple(urls))
            urls.clear()
        size = 0

    for source in sources:
        if is_url(source):
            if files:
                yield from flush()
            urls.append(source)
            if len(urls) >= URLS_PER_SHARD:
                yield from flush()
            continue
        if urls:  # named files group together, as a folder's do; URLs before them go first
            yield from flush()
        if not source.strip():
            yield from flush()
            yield Shard("failed", (source,), reason="empty source name")
            continue
        for entry in _files_of(Path(source)):
            if isinstance(entry, Failure):
                yield from flush()
                yield Shard("failed", (entry.source,), reason=entry.reason)
                continue
            path, length = entry
            if length > SHARD_BYTES and (ranges := _jsonl_ranges(path, raw)) is not None:
                yield from flush()
                stamp = _stamp([path])
                for start, end, line in ranges:
                    yield Shard("jsonl", (str(path),), start, end, line, stamp=stamp)
                continue
            files.append(path)
            size += length
            if len(files) >= FILES_PER_SHARD or size >= SHARD_BYTES:
                yield from flush()
    yield from flush()


def read_shard(shard: Shard, *, limits: Limits = LIMITS, raw: bool = False) -> Iterator[RawInput | Failure]:
    """The inputs of one shard, in order, as `read_sources` would give them."""
    if shard.kind == "failed":
        yield Failure(shard.paths[0], shard.reason)
    elif shard.kind == "jsonl":
        yield from read_jsonl(Path(shard.paths[0]), limits=limits, span=(shard.start, shard.end, shard.line))
    elif shard.kind == "urls":
        from storyline.ingest import read_sources

        yield from read_sources(shard.paths, limits=limits)
    else:
        for path in shard.paths:
            yield from read_file(Path(path), limits=limits, raw=raw)


def _files_of(path: Path) -> Iterator[tuple[Path, int] | Failure]:
    """The files a source names, with their sizes (0 when unknown: reading will say why)."""
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    found: Iterable[Path | Failure] = walk(path) if is_dir else [path]
    for item in found:
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield item, item.stat().st_size
        except (OSError, ValueError):
            yield item, 0


def _jsonl_ranges(path: Path, raw: bool = False) -> list[tuple[int, int, int]] | None:
    """Byte ranges of LINES_PER_SHARD lines each, for an uncompressed JSONL file; None for any other file, and
    for a file that cannot be read here (read whole, its reader says what is wrong)."""
    try:
        head = peek(path)
        if head.startswith(GZIP_MAGIC) or source_kind(path.name, head, raw=raw) != "jsonl":
            return None
        with path.open("rb") as fh:
            return None if fh.read(2) == GZIP_MAGIC else _line_ranges(fh)
    except (OSError, IngestError):
        return None


def _line_ranges(fh: BinaryIO) -> list[tuple[int, int, int]] | None:
    fh.seek(0)
    ranges: list[tuple[int, int, int]] = []
    start = pos = lines = first = 0
    filled = False
    while chunk := fh.read(CHUNK):
        filled = filled or bool(chunk.strip())
        at = 0
        while (nl := chunk.find(b"\n", at)) != -1:
            lines += 1
            at = nl + 1
            if lines - first >= LINES_PER_SHARD:
                ranges.append((start, pos + at, first))
                start, first = pos + at, lines
        pos += len(chunk)
    if pos > start:
        ranges.append((start, pos, first))
    if not filled or len(ranges) < 2:
        return None  # one range: the file is read whole, and says for itself when it is empty
    return ranges


def _stamp(paths: list[Path]) -> str:
    parts = []
    for p in paths:
        try:
            st = p.stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}:{os.path.realpath(p)}")
        except (OSError, ValueError):
            parts.append("missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

