"""The local engine: per-document reading spread over worker processes on this machine.

Each worker loads the spaCy model once and does the whole per-document step (parse, convert, annotate), so
only storyline's small values cross process boundaries, never spaCy Docs. The main process reads, cleans and
writes; results come back in input order, with a bounded number of batches in flight.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from storyline.errors import StorylineError
from storyline.model import Annotations, Document, Failure

BATCH = 16  # documents per task: big enough to amortise the hand-off, small enough to keep workers even


def annotate_batch(docs: list[Document]) -> list[Annotations | Failure]:
    """Parse and annotate documents in this process (the model is loaded once per process). A document the
    parser refuses (over its length limit) or an extractor fails on is a `Failure`; the others are read."""
    from storyline.extract import annotate
    from storyline.extract.nlp import MAX_CHARS, parse_many

    fits = [d for d in docs if len(d.text) <= MAX_CHARS]
    parsed = iter(parse_many([d.text for d in fits], batch_size=len(fits) or 1))
    out: list[Annotations | Failure] = []
    for doc in docs:
        if len(doc.text) > MAX_CHARS:
            reason = f"text of {len(doc.text):,} characters is over the parser's limit of {MAX_CHARS:,}"
            out.append(Failure(doc.source or doc.id, reason))
            continue
        try:
            out.append(annotate(doc, next(parsed)))
        except StorylineError as err:
            out.append(Failure(doc.source or doc.id, err.message))
    return out


def warm() -> None:
    """Load what reading needs (the model, the extractors' tables) before the first document."""
    from storyline.extract import annotate  # noqa: F401  (imports the extractors and their tables)
    from storyline.extract.nlp import load

    load()


def annotate_stream(items: Iterable[Document | Failure], *, workers: int = 1) -> Iterator[Annotations | Failure]:
    """Annotations for the documents in input order; failures passed through in their place."""
    if workers <= 1:
        yield from _serial(items)
        return
    ctx = multiprocessing.get_context("forkserver")
    pending: deque[tuple[list[Document | Failure], Future[list[Annotations | Failure]]]] = deque()
    it = iter(items)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm) as pool:
        while True:
            while len(pending) < workers * 2:
                chunk = list(islice(it, BATCH))
                if not chunk:
                    break
                docs = [d for d in chunk if isinstance(d, Document)]
                pending.append((chunk, pool.submit(annotate_batch, docs)))
            if not pending:
                return
            chunk, future = pending.popleft()
            done = iter(future.result())
            for item in chunk:
                yield item if isinstance(item, Failure) else next(done)


def _serial(items: Iterable[Document | Failure]) -> Iterator[Annotations | Failure]:
    batch: list[Document | Failure] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield from _run(batch)
            batch = []
    yield from _run(batch)


def _run(chunk: list[Document | Failure]) -> Iterator[Annotations | Failure]:
    done = iter(annotate_batch([d for d in chunk if isinstance(d, Document)]))
    for item in chunk:
        yield item if isinstance(item, Failure) else next(done)
