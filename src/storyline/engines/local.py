"""The local engine: inputs prepared in this process, documents read on worker processes of this machine.

    run_shards:  shard by shard, in order ─► prepare (inputs.py, here, against `Ahead`) ─► read (a pool of
                 `workers` processes, or this one) ─► (shard index, batch) back in order, then (shard index, None)

It gives what `engines/ray.py`'s `run_shards` gives, so `pipeline.ingest` settles both the same way. The workers
start with the spaCy model and the extractors' tables in memory, shared with the process they were forked from:
this one when it holds them already and runs no other thread, else a fork server that loaded them once
(`_context`, `engines/preload.py`). Each does the whole per-document reading (parse, convert, annotate), so only
storyline's small values cross process boundaries, never spaCy Docs; a bounded number of batches is in flight.
`ShardWorker` is the whole of prepare and read in one process: what a Ray actor runs.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import TYPE_CHECKING, TypeVar

from storyline.budget import confine, confined, time_reason, within
from storyline.config import LIMITS, Limits
from storyline.errors import ExtractError, StorylineError
from storyline.ingest.shards import Shard
from storyline.inputs import BATCH, Defaults, Prepared, failure, guarded, prepared_batches
from storyline.model import Annotations, Document, Failure
from storyline.store.repository import Store

if TYPE_CHECKING:
    from storyline.extract.parsed import Parsed

K = TypeVar("K")
Batch = list[Prepared | Failure]


def annotate_batch(docs: list[Document]) -> list[Annotations | Failure]:
    """Parse and annotate documents in this process (the model is loaded once per process). A document the
    parser refuses (over its length limit), a rule fails on, or that is over its time or memory budget
    (`budget.py`) is a `Failure`; the others are read. The batch is parsed together within the time budget of
    all its documents; when that fails, each document is read alone within its own."""
    from storyline.extract.nlp import MAX_CHARS, parse_many

    fits = [d.text for d in docs if len(d.text) <= MAX_CHARS]
    try:
        with confined(LIMITS), within(LIMITS.max_seconds * max(len(fits), 1), time_reason(LIMITS)):
            parses = iter(list(parse_many(fits, batch_size=len(fits) or 1)))
    except Exception:  # one text broke the batch: read each document alone, so that its failure is its own
        return [guarded(d, _annotate, d, None) for d in docs]
    return [guarded(d, _annotate, d, next(parses) if len(d.text) <= MAX_CHARS else None) for d in docs]


def _annotate(doc: Document, parsed: Parsed | None) -> Annotations:
    from storyline.extract import annotate
    from storyline.extract.nlp import MAX_CHARS, parse_many

    if len(doc.text) > MAX_CHARS:
        raise ExtractError(f"text of {len(doc.text):,} characters is over the parser's limit of {MAX_CHARS:,}")
    with confined(LIMITS), within(LIMITS.max_seconds, time_reason(LIMITS)):
        if parsed is None:
            parsed = next(iter(parse_many([doc.text], batch_size=1)))
        return annotate(doc, parsed)


def warm() -> None:
    """Load what reading needs (the model, the extractors' tables) before the first document. Run where
    documents are only read (a worker process, a Ray actor): such a process holds a memory budget per batch
    (`budget.confine`)."""
    from storyline.extract import annotate  # noqa: F401  (imports the extractors and their tables)
    from storyline.extract.nlp import load

    load()
    confine()


def _start_worker(owner: int) -> None:
    """A pool worker's first step: end with process `owner` (`lifeline`), then load what reading needs."""
    from storyline.engines.lifeline import watch

    watch(owner)
    warm()


def read_batch(batch: Batch) -> Batch:
    """Read, in this process, the prepared inputs of a batch that need it."""
    return _with_readings(batch, annotate_batch(_to_read(batch)))


def _to_read(batch: Batch) -> list[Document]:
    return [p.result for p in batch if isinstance(p, Prepared) and p.to_read and isinstance(p.result, Document)]


def _with_readings(batch: Batch, readings: list[Annotations | Failure]) -> Batch:
    it = iter(readings)
    return [p.read_as(next(it)) if isinstance(p, Prepared) and p.to_read else p for p in batch]


class ShardWorker:
    """Prepare and read in one process: made once (a snapshot of the store opened, the model loaded), then
    given shard after shard (a Ray actor runs one); gives each shard's inputs back in order, a batch at a time."""

    def __init__(self, url: str, defaults: Defaults, read: bool, limits: Limits = LIMITS) -> None:
        from storyline.store import open_store

        self.snapshot = open_store(url, migrate_schema=False)
        self.defaults = defaults
        self.limits = limits
        self.read = read
        if read:
            warm()

    def __call__(self, shard: Shard) -> Iterator[Batch]:
        for batch in prepared_batches(self.snapshot, shard, self.defaults, self.limits):
            yield read_batch(batch) if self.read else batch


def run_shards(
    shards: Sequence[Shard], store: Store, defaults: Defaults, *, read: bool, workers: int = 1,
    limits: Limits = LIMITS,
) -> Iterator[tuple[int, Batch | None]]:
    """Each shard's inputs in order as (shard index, a batch), then (shard index, None) when the shard is
    finished; the caller settles a batch before it asks for the next. Inputs are prepared here, a few batches
    ahead of the caller; reading runs on `workers` processes (one: here)."""
    ahead = Ahead(store)
    stream = ((i, batch) for i, shard in enumerate(shards)
              for batch in chain(prepared_batches(ahead, shard, defaults, limits, each=ahead.prepared), [None]))
    if not read:
        out: Iterable[tuple[int, Batch | None]] = stream
    elif workers <= 1:
        out = ((i, None if batch is None else read_batch(batch)) for i, batch in stream)
    else:
        jobs = ((k, [] if k[1] is None else _to_read(k[1])) for k in stream)
        out = ((i, None if batch is None else _with_readings(batch, readings))
               for (i, batch), readings in _on_pool(jobs, workers))
    for i, batch in out:
        yield i, batch
        if batch is not None:
            ahead.settled(batch)


class Ahead:
    """The store as the writer will find it when it settles the next input prepared. Inputs are prepared a few
    batches ahead of the writer; the lines of the pages prepared but not settled yet count as their site's
    already (the writer will have counted them by then), so that a page is cleaned as it will be settled, and
    not cleaned and read a second time. The writer still checks (`pipeline.settle`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: Counter[tuple[str, str]] = Counter()

    def seen_input(self, content_hash: str) -> str | None:
        return self.store.seen_input(content_hash)

    def document_meta(self, doc_id: str) -> Document | None:
        return self.store.document_meta(doc_id)

    def site_line_counts(self, site: str, hashes: Sequence[str]) -> dict[str, int]:
        counts = self.store.site_line_counts(site, hashes)
        for h in set(hashes):
            if n := self.pending.get((site, h)):
                counts[h] = counts.get(h, 0) + n
        return counts

    def prepared(self, p: Prepared) -> None:
        if p.site is not None:
            self.pending.update((p.site, h) for h in p.lines)

    def settled(self, batch: Batch) -> None:
        self.pending.subtract((p.site, h) for p in batch if isinstance(p, Prepared) and p.site for h in p.lines)
        self.pending = +self.pending  # drop the zeros


def annotate_stream(items: Iterable[Document | Failure], *, workers: int = 1) -> Iterator[Annotations | Failure]:
    """Annotations for the documents in input order; failures passed through in their place."""
    it = iter(items)
    chunks = iter(lambda: list(islice(it, BATCH)), [])
    jobs = ((chunk, [d for d in chunk if isinstance(d, Document)]) for chunk in chunks)
    done = _on_pool(jobs, workers) if workers > 1 else ((c, annotate_batch(docs)) for c, docs in jobs)
    for chunk, readings in done:
        read = iter(readings)
        yield from (item if isinstance(item, Failure) else next(read) for item in chunk)


def _context() -> multiprocessing.context.BaseContext:
    """How the workers start. Forked from this process when it holds the model already and runs no other thread
    (a fork is safe then, and the workers start at once, with the model, as spaCy's own processes do); else from
    a fork server that loads the model and the tables once (`engines/preload.py`) and forks them."""
    from storyline.extract.nlp import load

    if threading.active_count() == 1 and load.cache_info().currsize:
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["storyline.engines.preload"])  # the model loaded once, before the workers fork
    return ctx


def _on_pool(
    jobs: Iterable[tuple[K, list[Document]]], workers: int
) -> Iterator[tuple[K, list[Annotations | Failure]]]:
    """Each job's documents read on a pool of `workers` processes, the jobs given back in order, with a
    bounded number in flight. A task that fails as a whole fails each of its documents; a worker process
    lost (killed, out of memory) ends the run, as a lost Ray actor does: run again, it goes on."""
    ctx = _context()
    pending: deque[tuple[K, list[Document], Future[list[Annotations | Failure]] | None]] = deque()
    it = iter(jobs)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start_worker,
                             initargs=(os.getpid(),)) as pool:
        while True:
            for key, docs in islice(it, max(0, workers * 2 - len(pending))):
                pending.append((key, docs, pool.submit(annotate_batch, docs) if docs else None))
            if not pending:
                return
            key, docs, future = pending.popleft()
            if future is None:
                yield key, []
                continue
            if isinstance(lost := future.exception(), BrokenProcessPool):
                raise StorylineError(f"a reading process stopped: {lost} (run it again to go on)") from lost
            readings = guarded(docs[0], future.result)
            yield key, ([failure(d, readings.reason) for d in docs] if isinstance(readings, Failure) else readings)
