"""One input's way from the bytes read to a document ready to store, the same for every engine.

    prepare(snapshot, item)   its hash; a duplicate the snapshot knows is settled; else decode, the site's
                              memory, clean (no writes: a worker may run it against a snapshot of the store)
    read                      parse and annotate the new documents, a batch at a time (engines/local.py)
    settle                    against the store as it is now, in input order (pipeline.py)

Every step of one input runs inside `guarded`, the one per-document boundary: whatever one input raises
(a StorylineError, an IndexError in a rule, an lxml or database error) becomes that input's `Failure`, with
the exception's type in its one-line reason, and the batch goes on. KeyboardInterrupt and SystemExit are not
caught.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ParamSpec, Protocol, TypeVar
from urllib.parse import urlsplit

from storyline.clean import clean, looks_like_html
from storyline.clean.dedup import near_in_time
from storyline.config import LIMITS, Limits
from storyline.errors import StorylineError
from storyline.ingest.decode import decode
from storyline.ingest.files import one_line
from storyline.ingest.shards import Shard, read_shard
from storyline.model import Annotations, Document, Failure, RawInput, stable_id

P = ParamSpec("P")
T = TypeVar("T")

BATCH = 16  # documents read together: big enough to amortise the hand-off, small enough to keep workers even


@dataclass(frozen=True, slots=True)
class Defaults:
    """What the user said for the whole batch (CLI options); an input's own metadata wins over it."""

    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    raw: bool = False

    def apply(self, item: RawInput) -> RawInput:
        return replace(
            item,
            published=item.published or self.published,
            outlet=item.outlet or self.outlet,
            url=item.url or self.url,
            raw=item.raw or self.raw,
        )


# -- the per-document boundary -------------------------------------------------------------------------


def reason_of(err: BaseException) -> str:
    """One line for any exception: storyline's own message, else the exception's type and first line."""
    if isinstance(err, StorylineError):
        return err.message
    first = next((line.strip() for line in str(err).splitlines() if line.strip()), "")
    return one_line(f"{type(err).__name__}: {first}" if first else type(err).__name__)


def failure(where: RawInput | Document | str, why: BaseException | str) -> Failure:
    """The failure of one input (or of the document it became, or of a source by name), with why."""
    reason = why if isinstance(why, str) else reason_of(why)
    if isinstance(where, RawInput):
        source, line = where.source, where.line
    elif isinstance(where, Document):
        source, line = where.source or where.id, None
    else:
        source, line = where, None
    return Failure(source, reason, line)


def guarded(where: RawInput | Document | str, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failure:
    """`step(*args, **kwargs)` for one input; anything it raises is that input's failure, not the batch's."""
    try:
        return step(*args, **kwargs)
    except Exception as err:  # the one per-document boundary (KeyboardInterrupt and SystemExit pass)
        return failure(where, err)


# -- decode and clean ------------------------------------------------------------------------------------


def content_hash(item: RawInput) -> str:
    data = item.data.encode("utf-8") if isinstance(item.data, str) else item.data
    h = hashlib.sha256(data)
    h.update(f"\x1f{item.raw}\x1f{item.published}\x1f{item.outlet}\x1f{item.url}".encode())
    return h.hexdigest()


def decode_input(item: RawInput) -> str:
    return item.data if isinstance(item.data, str) else decode(item.data, source=item.where)


def clean_input(item: RawInput, *, today: date | None = None, repeated: Collection[str] = ()) -> Document:
    """Decode and clean one input. Raises a StorylineError subclass with the input's place when it fails."""
    return clean(item, decode_input(item), today=today or datetime.now(UTC).date(), repeated=repeated)


# -- lines repeated across one site's pages -------------------------------------------------------------

SITE_REPEAT_PAGES = 2  # a line already seen on this many other pages of the site is the site's chrome
SITE_LINE_MAX_WORDS = 20  # longer lines are prose: a background paragraph repeated by an outlet stays body


def site_of(item: RawInput) -> str:
    """Which pages count as one site's: the URL's host, else the outlet, else the folder the file is in."""
    if item.url:
        host = urlsplit(item.url).hostname
        if host:
            return host.removeprefix("www.")
    if item.outlet:
        return item.outlet.lower()
    return str(Path(item.source).parent)


def short_lines(text: str) -> dict[str, str]:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return {
        hashlib.blake2b(line.encode("utf-8"), digest_size=16).hexdigest(): line
        for line in lines
        if line and len(line.split()) <= SITE_LINE_MAX_WORDS
    }


def _site_page(item: RawInput, text: str) -> tuple[str, dict[str, str]] | None:
    """A plain-text page's site and its short lines by hash; None for HTML and raw inputs (no site memory)."""
    if item.raw or item.kind == "html" or (item.kind == "auto" and looks_like_html(text)):
        return None
    return site_of(item), short_lines(text)


def repeated_lines(store: Snapshot, site: str, hashes: Collection[str]) -> frozenset[str]:
    """Which of these line hashes the site's earlier pages repeat often enough to be its chrome."""
    counts = store.site_line_counts(site, list(hashes))
    return frozenset(h for h, n in counts.items() if n >= SITE_REPEAT_PAGES)


# -- prepare ---------------------------------------------------------------------------------------------


class Snapshot(Protocol):
    """What preparing an input reads of the store: a store, a snapshot of one, or the local engine's look-ahead."""

    def seen_input(self, content_hash: str) -> str | None: ...

    def document_meta(self, doc_id: str) -> Document | None: ...

    def site_line_counts(self, site: str, hashes: Sequence[str]) -> dict[str, int]: ...


def identified(snapshot: Snapshot, doc: Document) -> Document:
    """The document under the id the dossier knows it by: its body's (`Document.id_for`), or, when that body is
    stored already from a date too far off to be a copy of it (`dedup.near_in_time`), its body's and its
    publication date's: the same words published months apart are two reports, each read against its date."""
    return identity(snapshot, doc)[0]


def identity(snapshot: Snapshot, doc: Document) -> tuple[Document, Document | None]:
    """`identified`, with what the snapshot stores under that id (None: nothing), looked up once."""
    stored = snapshot.document_meta(doc.id)
    if stored is None or doc.published is None or near_in_time(stored.published, doc.published):
        return doc, stored
    dated = replace(doc, id=stable_id(doc.id, doc.published.isoformat()))
    return dated, snapshot.document_meta(dated.id)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input after `prepare` (and after reading, once read); `settle` stores it.

    `seen`: the document an identical input became (the snapshot knew it). `site`, `lines`, `repeated`: for a
    plain-text page, its site, its short lines' hashes and those the cleaner took as the site's chrome; `item`
    keeps its data only then, so that the writer can clean the page again if the site's memory moved since
    the snapshot. `known`: the snapshot holds this body already, so it is not read.
    """

    item: RawInput
    content_hash: str
    seen: str | None = None
    site: str | None = None
    lines: tuple[str, ...] = ()
    repeated: frozenset[str] = frozenset()
    result: Document | Annotations | Failure | None = None
    known: bool = False

    @property
    def to_read(self) -> bool:
        return isinstance(self.result, Document) and not self.known

    def read_as(self, result: Annotations | Failure) -> Prepared:
        """This input with its reading; a failure to read is placed at the input it came from."""
        if isinstance(result, Failure):
            result = replace(result, source=self.item.source, line=self.item.line)
        return replace(self, result=result)


def prepare(snapshot: Snapshot, item: RawInput, defaults: Defaults = Defaults(), limits: Limits = LIMITS) -> Prepared:
    """Its hash, and its cleaned document unless the snapshot knows the input; writes nothing. Any error is
    the input's failure (in `result`)."""
    item = defaults.apply(item)
    h = content_hash(item)
    light = replace(item, data=b"")
    seen = snapshot.seen_input(h)
    if seen is not None:
        return Prepared(light, h, seen=seen)
    text = guarded(item, decode_input, item)
    if isinstance(text, Failure):
        return Prepared(light, h, result=text)
    page = _site_page(item, text) if text.count("\n") < limits.max_lines else None  # over it: clean says so
    repeated = repeated_lines(snapshot, page[0], page[1]) if page is not None else frozenset()
    result = guarded(item, clean, item, text, today=datetime.now(UTC).date(),
                     repeated={page[1][x] for x in repeated} if page else (), limits=limits)
    known = False
    if isinstance(result, Document):
        result, stored = identity(snapshot, result)
        known = stored is not None
    if page is None:
        return Prepared(light, h, result=result, known=known)
    return Prepared(item, h, site=page[0], lines=tuple(page[1]), repeated=repeated, result=result, known=known)


def prepared_batches(
    snapshot: Snapshot, shard: Shard, defaults: Defaults = Defaults(), limits: Limits = LIMITS,
    *, each: Callable[[Prepared], object] | None = None,
) -> Iterator[list[Prepared | Failure]]:
    """A shard's inputs prepared, in order, in batches of about BATCH documents to read; `each` is told of
    every input as soon as it is prepared. A reader that fails outside of any one input (a bug, a broken
    archive library) ends its shard with one failure; the run goes on, and the shard, having failed, is read
    again by the next run."""
    batch: list[Prepared | Failure] = []
    to_read = 0
    inputs = read_shard(shard, limits=limits, raw=defaults.raw)
    while (item := guarded(shard.label, lambda: next(inputs, None))) is not None:  # a reader that raised is done
        p = item if isinstance(item, Failure) else guarded(item, prepare, snapshot, item, defaults, limits)
        if each is not None and isinstance(p, Prepared):
            each(p)
        batch.append(p)
        to_read += isinstance(p, Prepared) and p.to_read
        if to_read >= BATCH:
            yield batch
            batch, to_read = [], 0
    if batch:
        yield batch
