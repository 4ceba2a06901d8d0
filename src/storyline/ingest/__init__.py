"""Ingest: the user's sources (files, folders, URLs) turned into a stream of `RawInput`s, or `Failure`s.

    read_sources(["coverage/", "wire.jsonl.gz", "https://example.org/a"])
      ├── folder     walked in name order, hidden entries and web-page assets passed over
      ├── file       sniffed by name and first bytes:
      │     ├── warc.py    .warc / .warc.gz / "WARC/1." magic      one input per HTML response
      │     ├── jsonl.py   .jsonl / .ndjson / lines of `{`         one input per line
      │     ├── feeds.py   RSS / Atom                               one input per item
      │     └── files.py   anything else: an HTML or text page      one input per file
      └── URL        urls.py                                      one input per URL

Everything streams: a folder is walked one directory at a time, a JSONL file one line at a time, a WARC one
record at a time. A problem with one input is a `Failure` in the stream, never an exception, and the batch goes
on; `Failure.line` says where in a multi-article file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from storyline.config import LIMITS, Limits
from storyline.errors import FetchError, IngestError
from storyline.ingest.decode import decode
from storyline.ingest.feeds import read_feed
from storyline.ingest.files import EMPTY, check_file, failure, os_reason, peek, read_page
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.sniff import skipped_in_folder, source_kind
from storyline.ingest.urls import Session, fetch_url, is_url
from storyline.ingest.warc import read_warc
from storyline.model import Failure, RawInput

__all__ = [
    "Session",
    "decode",
    "fetch_url",
    "read_feed",
    "read_file",
    "read_jsonl",
    "read_page",
    "read_sources",
    "read_warc",
    "walk",
]


NO_INPUTS = "the folder holds no inputs"


def read_sources(
    sources: Iterable[str],
    *,
    recursive: bool = True,
    client: httpx.Client | None = None,
    fetch_links: bool = False,
    limits: Limits = LIMITS,
    raw: bool = False,
) -> Iterator[RawInput | Failure]:
    """Every article in `sources`, in order, each a `RawInput` or a `Failure` saying in one line why not.

    `recursive=False` reads only the files directly inside a folder. `client` is used for URLs (one is made,
    and closed at the end, when none is given). `fetch_links` lets a feed item that has only a link be fetched;
    without it such an item is a `Failure`. `raw` (--raw): a file whose name says nothing is a page, even
    when it looks like JSON Lines.
    """
    with Session(client, limits=limits) as session:
        for source in sources:
            if is_url(source):
                yield _fetch(session, source)
            elif not source.strip():
                yield Failure(source, "empty source name")
            else:
                yield from _read_path(Path(source), recursive, session if fetch_links else None, limits, raw)


def read_file(
    path: Path, *, session: Session | None = None, limits: Limits = LIMITS, raw: bool = False
) -> Iterator[RawInput | Failure]:
    """One file, by what its name says, else by what it holds: a WARC, a JSONL file, a feed, or a page."""
    source = str(path)
    try:
        check_file(path)
        head = peek(path)
    except IngestError as err:
        yield failure(err, source)
        return
    if not head:
        yield Failure(source, EMPTY)
        return
    kind = source_kind(path.name, head, raw=raw)
    if kind == "warc":
        yield from read_warc(path, limits=limits)
    elif kind == "jsonl":
        yield from read_jsonl(path, limits=limits)
    elif kind == "feed":
        yield from read_feed(path, limits=limits, session=session)
    else:
        try:
            yield read_page(path, limits=limits)
        except IngestError as err:
            yield failure(err, source)


def walk(folder: Path, *, recursive: bool = True) -> Iterator[Path | Failure]:
    """The files under `folder` in name order, one directory listed at a time; a folder that cannot be listed is
    a `Failure`. Hidden entries (a leading dot) and web-page assets are passed over; folder links are followed
    once each, so a link loop ends. A folder with nothing to read in it is a `Failure` too (NO_INPUTS): the
    user named it for its inputs, and a run that stores nothing should not look like one that found only
    duplicates."""
    empty = True
    for item in _walk(folder, recursive, set()):
        empty = False
        yield item
    if empty:
        yield Failure(str(folder), NO_INPUTS)


def _read_path(
    path: Path, recursive: bool, session: Session | None, limits: Limits, raw: bool
) -> Iterator[RawInput | Failure]:
    if _is_dir(path):
        for item in walk(path, recursive=recursive):
            if isinstance(item, Failure):
                yield item
            else:
                yield from read_file(item, session=session, limits=limits, raw=raw)
    else:
        yield from read_file(path, session=session, limits=limits, raw=raw)


def _walk(folder: Path, recursive: bool, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    try:
        st = folder.stat()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield Failure(str(folder), f"cannot list folder: {os_reason(exc)}")
        return
    seen.add((st.st_dev, st.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if _is_dir(path):
            if recursive and _unseen(path, seen):
                yield from _walk(path, recursive, seen)
        elif not skipped_in_folder(entry.name):
            yield path


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _unseen(path: Path, seen: set[tuple[int, int]]) -> bool:
    try:
        st = path.stat()
    except OSError:
        return True  # `_walk` reports it
    return (st.st_dev, st.st_ino) not in seen


def _fetch(session: Session, url: str) -> RawInput | Failure:
    try:
        return session.fetch(url)
    except FetchError as err:
        return failure(err, url)
