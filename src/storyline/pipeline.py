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
from storyline.config import LIMITS, Limits
from storyline.errors import StorylineError, UsageError
from storyline.ingest import read_sources
from storyline.ingest.decode import decode
from storyline.ingest.shards import Shard, plan_shards, read_shard
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


def _site_page(item: RawInput, text: str) -> tuple[str, dict[str, str]] | None:
    """A plain-text page's site and its short lines by hash; None for HTML and raw inputs (no site memory)."""
    if item.raw or item.kind == "html" or (item.kind == "auto" and looks_like_html(text)):
        return None
    return site_of(item), _short_lines(text)


def _repeated(store: Store, site: str, hashes: Collection[str]) -> frozenset[str]:
    """Which of these line hashes the site's earlier pages repeat often enough to be its chrome."""
    counts = store.site_line_counts(site, list(hashes))
    return frozenset(h for h, n in counts.items() if n >= SITE_REPEAT_PAGES)


def _clean_with_site_memory(store: Store, item: RawInput) -> Document:
    """Clean a plain-text page with the lines its site repeats marked as chrome, and remember its lines."""
    text = decode_input(item)
    page = _site_page(item, text)
    if page is None:
        return clean(item, text, today=datetime.now(UTC).date())
    site, lines = page
    repeated = _repeated(store, site, lines)
    try:
        return clean(item, text, today=datetime.now(UTC).date(), repeated={lines[h] for h in repeated})
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


def store_facts(store: Store, annotations: Annotations) -> None:
    """Fold the facts read in a document already stored into the dossier: what `_store` has `add_document` do
    in the document's own transaction, for `rebuild`, which replays stored annotations through here."""
    store.write_facts(annotations)


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
    workers: int | None = None,
    read: bool = True,
    engine: str = "local",
    address: str | None = None,
    limits: Limits = LIMITS,
) -> IngestSummary:
    """Read, clean, annotate and store every input of `sources`, updating the dossier; record each failure.

    `engine="local"`: stage one (this process) reads, cleans and settles duplicates; stage two reads the new
    documents on `workers` processes (default one); stage three stores each document with its facts in one
    transaction, in input order. `engine="ray"`: the sources are cut into shards, and stages one and two run
    shard by shard on a Ray Data actor pool (`workers` actors, default one per CPU) at `address` (default a
    new local cluster); stage three is the same, here; shards already done by an earlier run are skipped.
    `read=False` stores documents without reading them (no dossier facts). `limits` bounds what each input may
    cost, and says whether URLs may reach private addresses (the server's API says no).
    """
    summary = IngestSummary()
    pending: dict[str, list[_Pending]] = {}

    def report(outcome: IngestOutcome) -> None:
        summary.add(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    def stage_one() -> Iterator[Document | Failure]:
        for item in read_sources(sources, limits=limits):
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

    if engine == "ray":
        _ingest_sharded(store, sources, defaults, summary, report, read=read, workers=workers, address=address)
        if read and summary.stored:
            store.refresh_conflicts()
        return summary
    if engine != "local":
        raise UsageError(f"unknown engine {engine!r} (local or ray)")

    stream: Iterable[Annotations | Document | Failure] = (
        annotate_documents(stage_one(), workers=workers or 1) if read else stage_one()
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


def record_refusal(store: Store, summary: IngestSummary, source: str, reason: str) -> IngestOutcome:
    """An input refused before it was read (the API's policy on what it reads), recorded as a failure."""
    return _failed(store, summary, Failure(source, reason))


# -- the sharded run (engine="ray") ------------------------------------------------------------------------
#
# Workers read, clean and parse against a snapshot of the store; this process, the one writer, settles each
# input in plan order against the store as it is (`_settle`), so the dossier comes out as the local engine's.


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input after stages one and two on a worker; `_settle` stores it.

    `seen`: the document an identical input became (the snapshot knew it). `site`, `lines`, `repeated`: for a
    plain-text page, its site, its short lines' hashes and those the cleaner took as the site's chrome; `item`
    keeps its data only then, so that the writer can clean the page again if the site's memory moved since
    the snapshot. `known`: the snapshot holds this body already, so it was not parsed.
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


def prepare_input(snapshot: Store, item: RawInput, defaults: Defaults = Defaults()) -> Prepared:
    """Stage one of one input on a worker: its hash, and its cleaned document unless the snapshot knows it."""
    item = defaults.apply(item)
    h = content_hash(item)
    light = replace(item, data=b"")
    seen = snapshot.seen_input(h)
    if seen is not None:
        return Prepared(light, h, seen=seen)
    try:
        text = decode_input(item)
    except StorylineError as err:
        return Prepared(light, h, result=Failure(item.source, err.message, item.line))
    page = _site_page(item, text)
    repeated: frozenset[str] = frozenset()
    if page is not None:
        repeated = _repeated(snapshot, page[0], page[1])
    result: Document | Failure
    try:
        result = clean(item, text, today=datetime.now(UTC).date(),
                       repeated={page[1][x] for x in repeated} if page else ())
    except StorylineError as err:
        result = Failure(item.source, err.message, item.line)
    known = isinstance(result, Document) and snapshot.document_meta(result.id) is not None
    if page is None:
        return Prepared(light, h, result=result, known=known)
    return Prepared(item, h, site=page[0], lines=tuple(page[1]), repeated=repeated, result=result, known=known)


def read_prepared(batch: list[Prepared]) -> list[Prepared]:
    """Stage two for the prepared inputs that need it, as one parser batch."""
    from storyline.engines.local import annotate_batch

    todo = [p.result for p in batch if p.to_read and isinstance(p.result, Document)]
    done = iter(annotate_batch(todo))
    return [replace(p, result=next(done)) if p.to_read else p for p in batch]


class ShardWorker:
    """One worker of a sharded run: made once (a snapshot of the store opened, the model loaded), then given
    shard after shard; gives each shard's inputs back in order, a parser batch at a time."""

    BATCH = 16  # documents parsed together, as the local engine's tasks

    def __init__(self, url: str, defaults: Defaults, read: bool) -> None:
        from storyline.store import open_store

        self.snapshot = open_store(url, migrate_schema=False)
        self.defaults = defaults
        self.read = read
        if read:
            from storyline.engines.local import warm

            warm()

    def __call__(self, shard: Shard) -> Iterator[list[Prepared | Failure]]:
        batch: list[Prepared | Failure] = []
        to_read = 0
        for item in read_shard(shard):
            if isinstance(item, Failure):
                batch.append(item)
                continue
            p = prepare_input(self.snapshot, item, self.defaults)
            batch.append(p)
            to_read += p.to_read
            if to_read >= self.BATCH:
                yield self._finish(batch)
                batch, to_read = [], 0
        if batch:
            yield self._finish(batch)

    def _finish(self, batch: list[Prepared | Failure]) -> list[Prepared | Failure]:
        if not self.read:
            return batch
        prepared = read_prepared([p for p in batch if isinstance(p, Prepared)])
        it = iter(prepared)
        return [p if isinstance(p, Failure) else next(it) for p in batch]


def shard_key(shard: Shard, defaults: Defaults) -> str:
    """A shard's key in this run: the same files under other options (another --published) are other inputs."""
    return hashlib.sha256(f"{shard.key}\x1f{defaults!r}".encode()).hexdigest()[:32]


def _ingest_sharded(
    store: Store, sources: Iterable[str], defaults: Defaults, summary: IngestSummary,
    report: Callable[[IngestOutcome], None], *, read: bool, workers: int | None, address: str | None,
) -> None:
    from functools import partial

    from storyline.engines import ray as on_ray

    if store.dialect == "sqlite" and store.engine.url.database in (None, "", ":memory:"):
        raise UsageError("the Ray engine needs a database its workers can open: a SQLite file or PostgreSQL")
    shards = list(plan_shards(sources))
    keys = [shard_key(s, defaults) for s in shards]
    done = store.done_shards([k for s, k in zip(shards, keys, strict=True) if s.resumable])
    todo = [(s, k) for s, k in zip(shards, keys, strict=True) if k not in done]
    summary.shards = len(shards)
    summary.shards_skipped = len(shards) - len(todo)
    failed: set[int] = set()
    inputs: dict[int, int] = {}
    with on_ray.cluster(address) as nodes:
        if nodes > 1 and store.dialect == "sqlite":
            raise UsageError(f"a Ray cluster of {nodes} nodes shares no SQLite file: give a PostgreSQL --db")
        work = partial(ShardWorker, store.url, defaults, read)
        for index, chunk in on_ray.run_shards([s for s, _ in todo], work, concurrency=workers):
            shard, key = todo[index]
            if chunk is None:  # the shard's last input is settled
                if shard.resumable and index not in failed:
                    store.mark_shard_done(key, shard.label, inputs.get(index, 0))
                continue
            inputs[index] = inputs.get(index, 0) + len(chunk)
            for value in chunk:
                outcome = _settle_reported(store, summary, value, read)
                if outcome.outcome == "failed":
                    failed.add(index)
                report(outcome)


def _settle_reported(store: Store, summary: IngestSummary, value: Prepared | Failure, read: bool) -> IngestOutcome:
    if isinstance(value, Failure):
        return _failed(store, summary, value)
    try:
        settled = _settle(store, value, read)
    except StorylineError as err:
        settled = Failure(value.item.source, err.message, value.item.line)
    return _failed(store, summary, settled) if isinstance(settled, Failure) else settled


def _settle(store: Store, p: Prepared, read: bool) -> IngestOutcome | Failure:
    """Stage three of a prepared input, against the store as it is now (other inputs were stored since the
    worker's snapshot): what the local engine would have done with it here, in plan order."""
    seen = p.seen or store.seen_input(p.content_hash)
    if seen is not None:
        return IngestOutcome(p.item.where, "duplicate", document_id=seen)
    result = p.result
    if p.site is not None:
        exact = _repeated(store, p.site, p.lines)
        store.count_site_lines(p.site, list(p.lines))
        if exact != p.repeated:  # the site's memory moved since the snapshot: clean the page again, here
            result = _clean_again(p.item, exact, result, read)
    if isinstance(result, Failure):
        return Failure(p.item.source, result.reason, p.item.line)
    if result is None:
        raise StorylineError(f"{p.item.where}: a prepared input without a result")
    doc = result.document if isinstance(result, Annotations) else result
    same = _same_body(store, doc, p.content_hash)
    if same is not None:
        return same
    if read and not isinstance(result, Annotations):  # the snapshot knew the body; the store, not any more
        result = _annotate_here(doc)
        if isinstance(result, Failure):
            return Failure(p.item.source, result.reason, p.item.line)
    return _store(store, doc, p.content_hash, result if isinstance(result, Annotations) else None)


def _clean_again(item: RawInput, repeated: frozenset[str], before: Document | Annotations | Failure | None,
                 read: bool) -> Document | Annotations | Failure:
    """The page cleaned with the site's memory as it is now. Reading depends only on the body and the publication
    date: when the worker's cleaning gave the same, its reading stands (a new line the site now repeats is
    most often one the page's body did not keep anyway), and only a changed body is read again, here."""
    try:
        text = decode_input(item)
        lines = _short_lines(text)
        doc = clean(item, text, today=datetime.now(UTC).date(), repeated={lines[h] for h in repeated if h in lines})
    except StorylineError as err:
        return Failure(item.source, err.message, item.line)
    if isinstance(before, Annotations):
        old = before.document
        if (old.id, old.text, old.published) == (doc.id, doc.text, doc.published):
            return replace(before, document=doc)
    return _annotate_here(doc) if read else doc


def _annotate_here(doc: Document) -> Annotations | Failure:
    from storyline.engines.local import annotate_batch

    return annotate_batch([doc])[0]
