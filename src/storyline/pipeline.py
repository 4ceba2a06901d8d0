"""The order of the stages, and the one place that catches per-document failures.

    sources ─► read (ingest/) ─► decode ─► clean (clean/) ─► dedup ─► store

Each input becomes a stored document, a duplicate (the same bytes or the same body seen before, a no-op), a
near-duplicate (a copy of a stored document, recorded as such), or a failure recorded with a one-line reason.
A failure never stops the batch. Inputs are streamed: memory does not grow with the number of inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from storyline.clean import clean, dedup, looks_like_html
from storyline.errors import StorylineError
from storyline.ingest import read_sources
from storyline.ingest.decode import decode
from storyline.model import Annotations, Document, Failure, IngestOutcome, IngestSummary, RawInput, stable_id
from storyline.store.repository import Copy, Store


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


def _short_lines(text: str) -> dict[str, str]:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return {
        hashlib.blake2b(line.encode("utf-8"), digest_size=16).hexdigest(): line
        for line in lines
        if line and len(line.split()) <= SITE_LINE_MAX_WORDS
    }


def _clean_with_site_memory(store: Store, item: RawInput) -> Document:
    """Clean a plain-text page with the lines its site repeats marked as chrome, and remember its lines."""
    text = decode_input(item)
    if item.raw or item.kind == "html" or (item.kind == "auto" and looks_like_html(text)):
        return clean(item, text, today=datetime.now(UTC).date())
    site, lines = site_of(item), _short_lines(text)
    counts = store.site_line_counts(site, list(lines))
    repeated = {lines[h] for h, n in counts.items() if n >= SITE_REPEAT_PAGES}
    try:
        return clean(item, text, today=datetime.now(UTC).date(), repeated=repeated)
    finally:
        store.count_site_lines(site, list(lines))


def clean_sources(sources: Iterable[str], defaults: Defaults = Defaults()) -> Iterator[Document | Failure]:
    """Documents cleaned from the sources, nothing stored, in input order."""
    for item in read_sources(sources):
        if isinstance(item, Failure):
            yield item
            continue
        item = defaults.apply(item)
        try:
            yield clean_input(item)
        except StorylineError as err:
            yield Failure(item.source, err.message, item.line)


def annotate_documents(items: Iterable[Document | Failure], *, workers: int = 1) -> Iterator[Annotations | Failure]:
    """Annotate documents in input order, failures passed through in their place, on `workers` processes."""
    from storyline.engines.local import annotate_stream

    return annotate_stream(items, workers=workers)


@dataclass(slots=True)
class _Pending:
    """What stage one learnt about an input that stage three needs to store it."""

    item: RawInput
    content_hash: str


def _prepare(store: Store, item: RawInput) -> Document | IngestOutcome:
    """Stage one, per input: a duplicate or copy is settled here; a new document goes on to be read."""
    h = content_hash(item)
    seen = store.seen_input(h)
    if seen is not None:
        return IngestOutcome(item.where, "duplicate", document_id=seen)
    doc = _clean_with_site_memory(store, item)
    return _same_body(store, doc, h) or doc


def _same_body(store: Store, doc: Document, h: str) -> IngestOutcome | None:
    """A document with this body is stored already: a re-read (duplicate) or the same story elsewhere (copy)."""
    stored = store.document_meta(doc.id)
    if stored is None:
        return None
    if (stored.url, stored.outlet) == (doc.url, doc.outlet) or not (doc.url or doc.outlet):
        store.note_input(h, doc.id, doc.source)
        return IngestOutcome(doc.source or "", "duplicate", document_id=doc.id)
    return _add_copy(store, doc, doc.id, 1.0, h)  # the same body under another outlet or URL


def _store(store: Store, doc: Document, h: str, annotations: Annotations | None) -> IngestOutcome:
    """Stage three: checks against everything stored so far (another process may have stored the same body
    since stage one), then the document and its facts."""
    same = _same_body(store, doc, h)
    if same is not None:
        return same
    sig = dedup.signature(doc.text)
    keys = dedup.bands(sig) if sig is not None else []
    near = store.near_duplicate_of(keys, sig) if sig is not None else None
    if near is not None:
        return _add_copy(store, doc, near[0], near[1], h)
    created = store.add_document(
        doc, content_hash=h, signature=dedup.to_bytes(sig) if sig is not None else None, band_keys=keys,
        annotations=annotations,
    )
    return IngestOutcome(doc.source or "", "stored" if created else "duplicate", document_id=doc.id)


def _add_copy(store: Store, doc: Document, original: str, similarity: float, h: str) -> IngestOutcome:
    copy_id = stable_id(doc.id, doc.url or doc.source, doc.outlet)
    store.add_copy(
        Copy(copy_id, original, doc.source, doc.title, doc.outlet, doc.url, doc.published, similarity),
        content_hash=h,
    )
    return IngestOutcome(doc.source or "", "near_duplicate", document_id=copy_id, duplicate_of=original)


def ingest(
    store: Store,
    sources: Iterable[str],
    defaults: Defaults = Defaults(),
    *,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
    workers: int = 1,
    read: bool = True,
) -> IngestSummary:
    """Read, clean, annotate and store every input of `sources`, updating the dossier; record each failure.

    Stage one (this process) reads, cleans and settles duplicates; stage two reads the new documents on
    `workers` processes; stage three stores each document with its facts in one transaction, in input order.
    `read=False` stores documents without reading them (no dossier facts).
    """
    summary = IngestSummary()
    pending: dict[str, list[_Pending]] = {}

    def report(outcome: IngestOutcome) -> None:
        summary.add(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    def stage_one() -> Iterator[Document | Failure]:
        for item in read_sources(sources):
            if isinstance(item, Failure):
                report(_failed(store, summary, item))
                continue
            item = defaults.apply(item)
            try:
                prepared = _prepare(store, item)
            except StorylineError as err:
                report(_failed(store, summary, Failure(item.source, err.message, item.line)))
                continue
            if isinstance(prepared, IngestOutcome):
                report(prepared)
                continue
            pending.setdefault(prepared.id, []).append(_Pending(item, content_hash(item)))
            yield prepared

    stream: Iterable[Annotations | Document | Failure] = (
        annotate_documents(stage_one(), workers=workers) if read else stage_one()
    )
    for result in stream:
        if isinstance(result, Failure):  # reading the document failed: it is not stored
            report(_failed(store, summary, _failure_of(pending, result)))
            continue
        doc = result.document if isinstance(result, Annotations) else result
        p = _take(pending, doc.id)
        try:
            report(_store(store, doc, p.content_hash, result if isinstance(result, Annotations) else None))
        except StorylineError as err:
            report(_failed(store, summary, Failure(p.item.source, err.message, p.item.line)))
    if read and summary.stored:
        store.refresh_conflicts()
    return summary


def _take(pending: dict[str, list[_Pending]], doc_id: str) -> _Pending:
    queue = pending[doc_id]
    p = queue.pop(0)
    if not queue:
        del pending[doc_id]
    return p


def _failure_of(pending: dict[str, list[_Pending]], failure: Failure) -> Failure:
    """The failure of reading a document, placed at the input it came from."""
    for doc_id, queue in list(pending.items()):
        if any(p.item.where == failure.source for p in queue):
            p = _take(pending, doc_id)
            return Failure(p.item.source, failure.reason, p.item.line)
    return failure


def _failed(store: Store, summary: IngestSummary, failure: Failure) -> IngestOutcome:
    failure = replace(failure, at=failure.at or datetime.now(UTC))
    store.record_failure(failure)
    summary.failed += 1
    summary.failures.append(failure)
    return IngestOutcome(failure.source, "failed", reason=failure.reason)
