"""Writing one document's resolved facts into the dossier, inside that document's transaction.

What the facts are (which entity a name is, which timeline item an event joins, which claims conflict) is decided
by `resolve/`; here they become rows. Everything runs on the connection of the transaction that stores the
document, so a document and its facts land together or not at all. Claims keep, as JSON, what finding conflicts
reads (`facts_json`, `record_of`), so conflicts can be found again from the store alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update

from storyline.model import ClaimNumber, ClaimRecord, Conflict, DocumentFacts, ItemChange, stable_id
from storyline.store import schema as t
from storyline.store.dossier_index import UNDATED, span_class


def write_facts(conn: Connection, facts: DocumentFacts) -> None:
    """Store one document's facts: mentions, time expressions, claims, quantities, events, and what they changed
    of the dossier's entities and timeline."""
    doc = facts.document
    if facts.mentions:
        conn.execute(t.mentions.insert(), [
            {"document_id": doc.id, "start": r.mention.start, "end": r.mention.end, "text": r.mention.text,
             "type": r.mention.type, "canonical": r.mention.canonical, "entity_id": r.entity_id}
            for r in facts.mentions
        ])
    for entity_id, n in facts.entity_mentions:
        conn.execute(
            update(t.entities).where(t.entities.c.id == entity_id)
            .values(mentions=t.entities.c.mentions + n, documents=t.entities.c.documents + 1)
        )

    if facts.timexes:
        conn.execute(t.timexes.insert(), [
            {"document_id": doc.id, "idx": i, "start": x.start, "end": x.end, "text": x.text, "type": x.type,
             "value": x.value, "mod": x.mod, "day_start": x.interval[0] if x.interval else None,
             "day_end": x.interval[1] if x.interval else None}
            for i, x in enumerate(facts.timexes)
        ])

    if facts.claims:
        conn.execute(t.claims.insert(), [
            {"id": c.record.id, "document_id": doc.id, "idx": i, "kind": c.kind, "cue": c.cue,
             "cue_start": c.cue_start, "cue_end": c.cue_end, "start": c.record.start, "end": c.record.end,
             "text": c.record.text, "source": c.record.source, "source_type": c.record.source_type,
             "source_entity_id": c.source_entity_id, "anonymous": c.record.anonymous,
             "chain": json.dumps(list(c.record.chain), ensure_ascii=False), "published": doc.published,
             "facts": facts_json(c.record)}
            for i, c in enumerate(facts.claims)
        ])
    if facts.about:
        conn.execute(t.claim_about.insert(), [
            {"entity_id": a.entity_id, "claim_id": a.claim_id, "published": doc.published, "document_id": doc.id,
             "idx": a.idx}
            for a in facts.about
        ])

    if facts.quantities:
        conn.execute(t.quantities.insert(), [
            {"document_id": doc.id, "idx": i, "start": r.quantity.start, "end": r.quantity.end,
             "text": r.quantity.text, "value": float(r.quantity.value), "counted": r.quantity.counted,
             "claim_id": r.claim_id}
            for i, r in enumerate(facts.quantities)
        ])

    _write_items(conn, facts.items)
    if facts.events:
        conn.execute(t.events.insert(), [
            {"id": r.id, "document_id": doc.id, "idx": i, "type": e.type, "action": e.action,
             "trigger_start": e.trigger.start, "trigger_end": e.trigger.end, "sentence_start": e.sentence.start,
             "sentence_end": e.sentence.end, "actors": json.dumps(list(r.actors)),
             "targets": json.dumps(list(r.targets)), "location": e.location,
             "date_value": e.date.value if e.date else None, "date_start": e.date.start if e.date else None,
             "date_end": e.date.end if e.date else None, "date_source": e.date.source if e.date else None,
             "claim_id": r.claim_id, "negated": e.negated, "item_id": r.item_id}
            for i, r in enumerate(facts.events) for e in (r.event,)
        ])


def _write_items(conn: Connection, changes: Sequence[ItemChange]) -> None:
    """The timeline items this document made or joined, as it leaves them, and who now takes part in them."""
    ti = t.timeline_items
    for change in changes:
        item = change.item
        values = {
            "type": item.type, "action": item.action, "actors": json.dumps(list(item.actors)),
            "targets": json.dumps(list(item.targets)), "location": item.location,
            "date_value": item.date.value if item.date else None, "date_start": item.date.start if item.date else None,
            "date_end": item.date.end if item.date else None, "date_source": item.date.source if item.date else None,
            "events": item.events, "sources": json.dumps(list(item.sources), ensure_ascii=False),
            "first_published": item.first_published, "last_published": item.last_published,
            "participants": json.dumps(list(item.participants)), "news": item.news, "salience": item.salience,
            "dated_by": item.dated_by,
        }
        copy = {  # what finding candidates reads of the item, on each of its rows of who takes part
            "type": item.type, "action": item.action,
            "span": span_class(item.date.start, item.date.end) if item.date else UNDATED,
            **{k: values[k] for k in ("date_start", "date_end", "first_published", "last_published")},
        }
        roles = t.timeline_roles
        if change.new:
            conn.execute(ti.insert().values(id=item.id, **values))
        else:
            conn.execute(update(ti).where(ti.c.id == item.id).values(**values))
            # every row of the item is one of its people (they only grow): the rows by their primary key
            conn.execute(update(roles).where(roles.c.entity_id.in_([*item.actors, *item.targets, *item.participants]),
                                             roles.c.item_id == item.id).values(**copy))
        if change.roles:
            conn.execute(roles.insert(),
                         [{"entity_id": e, "item_id": item.id, "role": role, **copy} for e, role in change.roles])


def facts_json(r: ClaimRecord) -> str:
    """What conflict finding needs of a claim, read from its text alone: no story profile's reading is stored."""
    return json.dumps({
        "entities": list(r.entities), "quantities": [q.to_json() for q in r.quantities],
        "event_types": list(r.event_types), "cue": r.cue,
        "dated": [d.isoformat() for d in r.dated] if r.dated else None,
    }, ensure_ascii=False)


def record_of(row: Any) -> ClaimRecord:
    """A stored claim back as the record conflict finding reads. Rows stored before story profiles carry an
    `issue` (ignored: the document's subject is found under the profile in use) and `[value, measure, text]`
    numbers, whose measure stands in for the extractor's counted noun."""
    f = json.loads(row.facts)
    return ClaimRecord(
        id=row.id, document_id=row.document_id, published=row.published, text=row.text, start=row.start,
        end=row.end, source=row.source, chain=tuple(json.loads(row.chain)), anonymous=bool(row.anonymous),
        source_type=row.source_type, entities=tuple(f["entities"]),
        quantities=tuple(ClaimNumber.from_json(q) for q in f["quantities"]), event_types=tuple(f["event_types"]),
        cue=f["cue"], dated=(date.fromisoformat(f["dated"][0]), date.fromisoformat(f["dated"][1])) if f["dated"] else None,
    )


def claim_records(conn: Connection) -> list[ClaimRecord]:
    """Every stored claim, as the record finding conflicts reads, in id order."""
    return [record_of(r) for r in conn.execute(select(t.claims).order_by(t.claims.c.id))]


def keep_conflicts(conn: Connection, found: Sequence[Conflict]) -> int:
    """Keep exactly these conflicts (found among all stored claims); returns how many."""
    conn.execute(t.conflicts.delete())
    if found:
        conn.execute(t.conflicts.insert(), [
            {"id": stable_id("conflict", c.kind, c.a, c.b), "kind": c.kind, "about": c.about, "a": c.a, "b": c.b,
             "detail": c.detail} for c in found
        ])
    return len(found)


__all__ = ["claim_records", "facts_json", "keep_conflicts", "record_of", "write_facts"]
