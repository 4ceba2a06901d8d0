"""`storyline rebuild`: the dossier made again from what was read in its documents, without parsing them.

Every stored document keeps its annotations as read (the `annotations` table, written with the document). A
rebuild empties the tables of facts (entities, timeline, claims, conflicts), replays each document's
annotations through the write path of ingest (`pipeline.store_facts`) in the order the documents were stored,
and finds the conflicts again, so the dossier comes out as a fresh ingest of the same inputs would make it,
with whatever resolution rules (and story profile) this storyline has. Memory stays flat: the annotations are
read a batch of documents at a time.

Documents stored before annotations were kept have none: they are parsed again first, and their annotations
stored, before anything is emptied, so a rebuild that stops there (a document that no longer parses) has
changed nothing but adding annotations. `reread` parses every document again the same way, for a dossier read
by an older storyline: its annotations then hold what this reading finds (other participants, events named
again), and the rebuilt dossier is what a fresh ingest would make.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from storyline.errors import StorylineError
from storyline.model import Document, Failure
from storyline.pipeline import refresh_conflicts, store_facts
from storyline.resolve.profile import Profile
from storyline.store import Store

Phase = Literal["parsing", "replaying"]
PARSE_BATCH = 16  # documents parsed together, as ingest's batches


@dataclass(frozen=True, slots=True)
class RebuildSummary:
    """What a rebuild did: documents replayed from their annotations (`parsed` of them parsed again first,
    having none stored), and the dossier it made."""

    replayed: int
    parsed: int
    entities: int
    items: int
    claims: int
    conflicts: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {"replayed": self.replayed, "parsed": self.parsed, "entities": self.entities, "items": self.items,
                "claims": self.claims, "conflicts": self.conflicts, "seconds": round(self.seconds, 3)}


def rebuild(store: Store, *, profile: Profile | None = None, reread: bool = False,
            on_progress: Callable[[Phase, int], None] | None = None) -> RebuildSummary:
    """Make the dossier's facts again from the stored annotations; `profile`, the story profile to find
    conflicts with, which the dossier then records (default: the one it recorded); `reread`: parse and read
    every document again first, so what this storyline's reading finds that the stored annotations lack
    reaches the dossier too. `on_progress(phase, n)`: n documents done in that phase.

    Run it while nothing else ingests into the dossier: a document stored during a rebuild keeps its facts,
    but they take their place among the others in the order they were written, not as a fresh ingest would.
    """
    began = time.perf_counter()
    parsed = _parse_unkept(store, on_progress, every=reread)
    upto = store.clear_dossier()
    replayed = 0
    for read in store.iter_annotations(upto=upto):
        store_facts(store, read)
        replayed += 1
        if on_progress is not None:
            on_progress("replaying", replayed)
    refresh_conflicts(store, profile)
    counts = store.fact_counts()
    return RebuildSummary(replayed=replayed, parsed=parsed, entities=counts["entities"], items=counts["items"],
                          claims=counts["claims"], conflicts=counts["conflicts"],
                          seconds=time.perf_counter() - began)


def _parse_unkept(store: Store, on_progress: Callable[[Phase, int], None] | None, *, every: bool = False) -> int:
    """Parse the documents read before annotations were kept (`every`: all documents), and keep theirs; how
    many there were."""
    done = 0
    batch: list[Document] = []

    def flush() -> None:
        nonlocal done
        from storyline.engines.local import annotate_batch

        for doc, result in zip(batch, annotate_batch(batch), strict=True):
            if isinstance(result, Failure):
                raise StorylineError(f"{doc.source or doc.id}: cannot be parsed again ({result.reason}); "
                                     f"the dossier was not changed")
            store.keep_annotations(result)
            done += 1
            if on_progress is not None:
                on_progress("parsing", done)
        batch.clear()

    for doc in store.iter_documents() if every else store.iter_unkept():
        batch.append(doc)
        if len(batch) >= PARSE_BATCH:
            flush()
    flush()
    return done

