"""One document's facts resolved against the dossier: the resolve stage of the pipeline, in one call.

`resolve_document(annotations, entities, timeline)` gives every name its entity (`resolve.entities`, which may add
entities to the registry), cuts the attributions into claim records (`resolve.claims`), ties quantities and
events to the claims reporting them, and places each event on the timeline (`resolve.timeline`). The store writes
the result as it is, in the same transaction that holds the registry's and the index's reads, so a document and
what it changed land together.

A name counts as the same entity only under the same type: "Washington" the person and "Washington" the place
are two entries of the document's (name, type) table. Where only a name is given (an event's actors and
targets; a claim's source whose type no mention has), the mention of that name nearest the place it is used
decides, the earlier on a tie.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.model import (
    Annotations,
    ClaimAbout,
    ClaimRecord,
    DocumentFacts,
    Event,
    ResolvedClaim,
    ResolvedEvent,
    ResolvedMention,
    ResolvedQuantity,
    stable_id,
)
from storyline.resolve.claims import claims_from
from storyline.resolve.entities import Registry, resolve
from storyline.resolve.timeline import Placement, Report, TimelineIndex

__all__ = ["resolve_document"]


class _Names:
    """The document's names and their entities: by (name, type), or by name near a place in the text."""

    def __init__(self, a: Annotations, ids: dict[tuple[str, str], str]) -> None:
        self.ids = ids
        self._at: dict[str, list[tuple[int, str]]] = {}
        for m in a.entities:
            eid = ids.get((m.canonical, m.type))
            if eid is not None:
                self._at.setdefault(m.canonical, []).append((m.start, eid))

    def entity(self, name: str, type_: str | None, pos: int) -> str | None:
        if type_ is not None and (name, type_) in self.ids:
            return self.ids[(name, type_)]
        at = self._at.get(name)
        if not at:
            return None
        return min(at, key=lambda x: (abs(x[0] - pos), x[0]))[1]

    def all(self, names: Sequence[str], pos: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for n in names if (e := self.entity(n, None, pos)) is not None))


def _owner(a: Annotations, pos: int) -> int | None:
    """The attribution whose content holds `pos` (claims are pieces of attributions' contents)."""
    for i, at in enumerate(a.attributions):
        if at.content.start <= pos < at.content.end:
            return i
    return None


def resolve_document(a: Annotations, entities: Registry, timeline: TimelineIndex) -> DocumentFacts:
    """Everything one document adds to the dossier, resolved: entity ids, claims, events and timeline items."""
    doc = a.document
    ids = resolve(entities, list(dict.fromkeys((m.canonical, m.type) for m in a.entities)))
    names = _Names(a, ids)
    mentions = tuple(ResolvedMention(m, ids.get((m.canonical, m.type))) for m in a.entities)
    counts = Counter(m.entity_id for m in mentions if m.entity_id is not None)

    records = claims_from(a)
    owner = [_owner(a, r.start) for r in records]
    claims = tuple(_claim(a, names, r, o) for r, o in zip(records, owner, strict=True))
    about = tuple(
        ClaimAbout(eid, r.id, i)
        for i, r in enumerate(records)
        for eid in dict.fromkeys(m.entity_id for m in mentions
                                 if r.start <= m.mention.start < r.end and m.entity_id is not None)
    )

    def claim_at(attribution: int | None, pos: int) -> str | None:
        """The claim holding `pos` among the pieces of that attribution (or its first piece)."""
        if attribution is None:
            return None
        mine = [r for r, o in zip(records, owner, strict=True) if o == attribution]
        inside = [r for r in mine if r.start <= pos < r.end]
        best = inside or mine
        return best[0].id if best else None

    quantities = tuple(ResolvedQuantity(q, claim_at(q.attribution, q.start)) for q in a.quantities)

    said_by = {r.id: r.source for r in records}
    placement = Placement(timeline)
    events: list[ResolvedEvent] = []
    for i, e in enumerate(a.events):
        actors = names.all(e.actors, e.trigger.start)
        targets = names.all(e.targets, e.trigger.start)
        claim = claim_at(e.attribution, e.trigger.start)
        event_id = stable_id("event", doc.id, i, e.trigger.start, e.trigger.end)
        others = tuple(p for p in names.all(e.participants, e.trigger.start) if p not in actors and p not in targets)
        item = None
        named = events[e.refers_to].item_id if e.refers_to is not None and e.refers_to < i else None
        if (actors or targets or others or named) and on_timeline(e):
            sources = tuple(dict.fromkeys(
                s for s in (doc.outlet or doc.title or doc.id, said_by.get(claim) if claim else None) if s))
            report = Report(event_id, e.type, e.action, actors, targets, e.location, e.date, doc.published, sources,
                            others, e.mention_class == "REPORTING")
            # an event named again ("the delivery") is the event it names: its item, whatever else it shares
            item = placement.join(named, report) if named is not None else None
            item = item or placement.place(report)
        events.append(ResolvedEvent(event_id, e, actors, targets, claim, item))

    return DocumentFacts(
        document=doc, mentions=mentions, entity_mentions=tuple(counts.items()), timexes=a.timexes, claims=claims,
        about=about, quantities=quantities, events=tuple(events), items=placement.changes(),
    )


def on_timeline(e: Event) -> bool:
    """Whether an event becomes a timeline item (with someone the article names taking part): every event
    mention that is not denied and not only possible ("could resign", "may meet"), as SemEval's TimeLine task
    counts them: acts, states, and what was said. How much each matters is the item's salience."""
    return not e.negated and e.polarity == "POS" and not e.modality


def _claim(a: Annotations, names: _Names, r: ClaimRecord, owner: int | None) -> ResolvedClaim:
    source = names.entity(r.source, r.source_type, r.start) if r.source and not r.anonymous else None
    if owner is None:
        return ResolvedClaim(r, "indirect", r.cue, r.start, r.start, source)
    at = a.attributions[owner]
    return ResolvedClaim(r, at.kind, at.cue.text, at.cue.start, at.cue.end, source)
