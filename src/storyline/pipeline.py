"""The order of the stages, for either engine: read inputs → clean → annotate → resolve → store.

    plan the shards (ingest/shards.py), skip those an earlier run finished
      └► per input, where the engine runs it:  prepare: hash, decode, the site's memory, clean   (inputs.py)
                                               read: parse and annotate, a batch at a time   (engines/)
           └► here, the one writer, in input order:  settle: duplicates, copies, resolve and store (`_store`)
    └► at the end, across the dossier: conflicts among all claims, when claims were written (`refresh_conflicts`)

The engines differ only in where prepare and read run: `local` prepares here and reads on worker processes of
this machine; `ray` does both on a Ray Data actor pool. Each input becomes a stored document, a duplicate (the
same bytes or the same body seen before, a no-op), a near-duplicate (a copy of a stored document, recorded as
such), or a failure recorded with a one-line reason: whatever one input raises, at any step, is its failure
(`inputs.guarded`), and never stops the batch. A shard is marked done once all its inputs are settled, so a
stopped run, run again, goes on past the shards it finished. Inputs are streamed: memory does not grow with
their number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

from storyline.clean import clean, dedup
from storyline.config import LIMITS, Limits
from storyline.engines.local import Batch, ShardWorker, annotate_batch, run_shards
from storyline.errors import StorylineError, UsageError
from storyline.ingest import read_sources
from storyline.ingest.shards import Shard, plan_shards
from storyline.inputs import (
    Defaults,
    Prepared,
    clean_input,
    decode_input,
    failure,
    guarded,
    identified,
    repeated_lines,
    short_lines,
)
from storyline.model import (
    Annotations,
    Document,
    DocumentFacts,
    Failure,
    IngestOutcome,
    IngestSummary,
    stable_id,
)
from storyline.resolve.claims import find_conflicts
from storyline.resolve.facts import resolve_document
from storyline.resolve.profile import PROFILE_KEY, Profile, from_record
from storyline.store.dossier_index import DossierIndex
from storyline.store.repository import Copy, SiteLines, Store

__all__ = ["Defaults", "annotate_documents", "clean_input", "clean_sources", "ingest", "record_refusal",
           "refresh_conflicts", "resolved_facts", "settle", "store_facts"]

Run = Callable[[Sequence[Shard]], Iterator[tuple[int, Batch | None]]]


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

    `engine="local"`: inputs are prepared here and read on `workers` processes (default one); `engine="ray"`:
    both on a Ray Data actor pool (`workers` actors, default one per CPU) at `address` (default a new local
    cluster). Either way this process settles each input, in input order. `read=False` stores documents
    without reading them (no dossier facts). `limits` bounds what each input may cost, and says whether URLs
    may reach private addresses (the server's API says no). A local run reports shards only when it skipped
    some, and counts the inputs of a skipped shard as the duplicates they would have been.
    """
    if engine not in ("local", "ray"):
        raise UsageError(f"unknown engine {engine!r} (local or ray)")
    summary = IngestSummary()
    shards = list(plan_shards(sources, raw=defaults.raw))
    keys = [shard_key(s, defaults) for s in shards]
    done = store.done_shards([k for s, k in zip(shards, keys, strict=True) if s.resumable])
    todo = [(s, k) for s, k in zip(shards, keys, strict=True) if k not in done]
    summary.shards_skipped = len(shards) - len(todo)
    if engine == "ray" or summary.shards_skipped:
        summary.shards = len(shards)
    if engine == "local":
        summary.duplicates += sum(done[k] for k in keys if k in done)
    failed: set[int] = set()
    inputs: dict[int, int] = {}
    with _engine(engine, store, defaults, read=read, workers=workers, address=address, limits=limits) as run:
        for index, batch in run([s for s, _ in todo]):  # prepared (cleaned) and read (annotated), in order
            shard, key = todo[index]
            if batch is None:  # the shard's last input is settled
                if shard.resumable and index not in failed:
                    store.mark_shard_done(key, shard.label, inputs.get(index, 0))
                continue
            inputs[index] = inputs.get(index, 0) + len(batch)
            for value in batch:
                outcome = settle(store, value, read)  # resolved and stored
                if isinstance(outcome, Failure):
                    outcome = _failed(store, summary, outcome)
                    failed.add(index)
                summary.add(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
    if store.conflicts_stale() is not None:  # claims written since conflicts were found: this run's, or a stopped one's
        refresh_conflicts(store)
    return summary


@contextmanager
def _engine(
    engine: str, store: Store, defaults: Defaults, *, read: bool, workers: int | None, address: str | None,
    limits: Limits,
) -> Iterator[Run]:
    """How the engine runs prepare and read over shards: (shard index, a batch) in order, (index, None) at
    each shard's end."""
    if engine == "local":
        yield partial(run_shards, store=store, defaults=defaults, read=read, workers=workers or 1, limits=limits)
        return
    from storyline.engines import ray as on_ray

    if store.dialect == "sqlite" and store.engine.url.database in (None, "", ":memory:"):
        raise UsageError("the Ray engine needs a database its workers can open: a SQLite file or PostgreSQL")
    with on_ray.cluster(address) as nodes:
        if nodes > 1 and store.dialect == "sqlite":
            raise UsageError(f"a Ray cluster of {nodes} nodes shares no SQLite file: give a PostgreSQL --db")
        work = partial(ShardWorker, store.url, defaults, read, limits)
        yield partial(on_ray.run_shards, make_worker=work, concurrency=workers)


def shard_key(shard: Shard, defaults: Defaults) -> str:
    """A shard's key in this run: the same files under other options (another --published) are other inputs."""
    return hashlib.sha256(f"{shard.key}\x1f{defaults!r}".encode()).hexdigest()[:32]


def clean_sources(sources: Iterable[str], defaults: Defaults = Defaults()) -> Iterator[Document | Failure]:
    """Documents cleaned from the sources, nothing stored, in input order."""
    for item in read_sources(sources, raw=defaults.raw):
        if isinstance(item, Failure):
            yield item
            continue
        item = defaults.apply(item)
        yield guarded(item, clean_input, item)


def annotate_documents(items: Iterable[Document | Failure], *, workers: int = 1) -> Iterator[Annotations | Failure]:
    """Annotate documents in input order, failures passed through in their place, on `workers` processes."""
    from storyline.engines.local import annotate_stream

    return annotate_stream(items, workers=workers)


# -- settle: the one writer --------------------------------------------------------------------------------


def settle(store: Store, value: Prepared | Failure, read: bool) -> IngestOutcome | Failure:
    """An input prepared (and read) anywhere, settled against the store as it is now (other inputs were stored
    since it was prepared): what it is, in input order. Any error is the input's failure."""
    if isinstance(value, Failure):
        return value
    return guarded(value.item, _settle, store, value, read)


def _settle(store: Store, p: Prepared, read: bool) -> IngestOutcome | Failure:
    seen = p.seen or store.seen_input(p.content_hash)
    if seen is not None:
        return IngestOutcome(p.item.where, "duplicate", document_id=seen)
    result = p.result
    # the page's lines count for its site when its outcome is written, in that transaction; a failed page
    # leaves nothing but its failure, so that a run killed and run again counts each page once
    lines = (p.site, list(p.lines)) if p.site is not None else None
    if p.site is not None:
        exact = repeated_lines(store, p.site, p.lines)
        if exact != p.repeated:  # the site's memory moved since it was prepared: clean the page again, here
            result = _clean_again(store, p, exact)
    if result is None:
        raise StorylineError("a prepared input without a result")
    if isinstance(result, Failure):
        return result
    doc = result.document if isinstance(result, Annotations) else result
    if read and not isinstance(result, Annotations):  # not read: its body was known, or it was cleaned again
        doc = identified(store, doc)
        same = _same_body(store, doc, p.content_hash, lines)
        if same is not None:
            return same
        result = p.read_as(annotate_batch([doc])[0]).result  # read here: the store does not hold it after all
        if isinstance(result, Failure):
            return result
    return _store(store, doc, p.content_hash, result if isinstance(result, Annotations) else None, lines)


def _clean_again(store: Store, p: Prepared, repeated: frozenset[str]) -> Document | Annotations:
    """The page cleaned with the site's memory as it is now. Reading depends only on the body and the publication
    date: when the first cleaning gave the same, its reading stands (a new line the site now repeats is most
    often one the page's body did not keep anyway); a changed body is read again by `_settle`."""
    text = decode_input(p.item)
    lines = short_lines(text)
    doc = clean(p.item, text, today=datetime.now(UTC).date(), repeated={lines[h] for h in repeated if h in lines})
    doc = identified(store, doc)
    if isinstance(p.result, Annotations):
        old = p.result.document
        if (old.id, old.text, old.published) == (doc.id, doc.text, doc.published):
            return replace(p.result, document=doc)
    return doc


def _same_body(store: Store, doc: Document, h: str, lines: SiteLines | None = None) -> IngestOutcome | None:
    """A document with this body is stored already: a re-read (duplicate) or the same story elsewhere (copy)."""
    stored = store.document_meta(doc.id)
    if stored is None:
        return None
    if (stored.url, stored.outlet) == (doc.url, doc.outlet) or not (doc.url or doc.outlet):
        store.note_input(h, doc.id, doc.source, site_lines=lines)
        return IngestOutcome(doc.source or "", "duplicate", document_id=doc.id)
    return _add_copy(store, doc, doc.id, 1.0, h, lines)  # the same body under another outlet or URL


def _store(
    store: Store, doc: Document, h: str, annotations: Annotations | None, lines: SiteLines | None = None
) -> IngestOutcome:
    """Stage three: checks against everything stored so far (another process may have stored the same body
    since stage one), then the document, its facts resolved against the dossier (`resolve_document`, called
    inside the document's transaction), and the facts."""
    if (known := identified(store, doc)) is not doc:  # its body was stored since, from another time
        doc = known
        annotations = None if annotations is None else replace(annotations, document=known)
    same = _same_body(store, doc, h, lines)
    if same is not None:
        return same
    sig = dedup.signature(doc.text)
    keys = dedup.bands(sig) if sig is not None else []
    candidates = store.band_candidates(keys, dedup.copy_window(doc.published)) if sig is not None else []
    near = dedup.nearest(sig, candidates) if sig is not None else None
    if near is not None:
        return _add_copy(store, doc, near[0], near[1], h, lines)
    created = store.add_document(
        doc, content_hash=h, signature=dedup.to_bytes(sig) if sig is not None else None, band_keys=keys,
        annotations=annotations,
        facts=None if annotations is None else partial(resolved_facts, annotations), site_lines=lines,
    )
    return IngestOutcome(doc.source or "", "stored" if created else "duplicate", document_id=doc.id)


def store_facts(store: Store, annotations: Annotations) -> None:
    """Resolve and store the facts read in a document already stored: what `_store` has `add_document` do in
    the document's own transaction, for `rebuild`, which replays stored annotations through here."""
    store.add_facts(partial(resolved_facts, annotations))


def resolved_facts(annotations: Annotations, index: DossierIndex) -> DocumentFacts:
    """A document's facts resolved against the dossier (its entity registry and timeline index)."""
    return resolve_document(annotations, index.entities, index.timeline)


def refresh_conflicts(store: Store, profile: Profile | None = None) -> int:
    """Resolve across the dossier: the conflicts among every stored claim, found again and kept. Runs at the end
    of every ingest whose dossier has claims written since conflicts were last kept, this run's or an
    interrupted one's, and when a story profile is given (`profile`, which the dossier then records with the
    conflicts found under it); without one, under the profile the dossier recorded, else the default."""
    stale = store.conflicts_stale()
    recorded = profile is not None
    if profile is None:
        profile = from_record(store.meta(PROFILE_KEY))
    found = find_conflicts(store.claim_records(), profile, store.document_text)
    return store.keep_conflicts(found, stale=stale, meta={PROFILE_KEY: profile.record()} if recorded else None)


def _add_copy(
    store: Store, doc: Document, original: str, similarity: float, h: str, lines: SiteLines | None = None
) -> IngestOutcome:
    copy_id = stable_id(doc.id, doc.url or doc.source, doc.outlet)
    store.add_copy(
        Copy(copy_id, original, doc.source, doc.title, doc.outlet, doc.url, doc.published, similarity),
        content_hash=h, site_lines=lines,
    )
    return IngestOutcome(doc.source or "", "near_duplicate", document_id=copy_id, duplicate_of=original)


def _failed(store: Store, summary: IngestSummary, failed: Failure) -> IngestOutcome:
    failed = replace(failed, at=failed.at or datetime.now(UTC))
    store.record_failure(failed)
    summary.failed += 1
    summary.failures.append(failed)
    return IngestOutcome(failed.source, "failed", reason=failed.reason)


def record_refusal(store: Store, summary: IngestSummary, source: str, reason: str) -> IngestOutcome:
    """An input refused before it was read (the API's policy on what it reads), recorded as a failure."""
    return _failed(store, summary, failure(source, reason))
