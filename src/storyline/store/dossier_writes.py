"""Writing what was read in one document into the dossier, inside that document's transaction.

Entities are resolved across documents through `resolve.entities` over a registry kept in SQL (`entities`,
`entity_keys`); events join the timeline item of the same real event (same category and action, a shared
actor or target, overlapping dates, no conflicting place) or start a new one. Everything here runs on the
connection of the transaction that stores the document, so a document and its facts land together or not at
all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select, update

from storyline.model import Annotations, ClaimNumber, Event, stable_id
from storyline.resolve.claims import ClaimRecord, claims_from, find_conflicts
from storyline.resolve.entities import EntityRecord, resolve
from storyline.resolve.profile import PROFILE_KEY, Profile, from_record
from storyline.store import schema as t


class SqlRegistry:
    """The cross-document entity registry, in the store's tables, on one transaction's connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def candidates(self, keys: Sequence[str]) -> list[EntityRecord]:
        if not keys:
            return []
        rows = self.conn.execute(
            select(t.entities.c.id, t.entities.c.name, t.entities.c.type, t.entities.c.aliases)
            .where(t.entities.c.id.in_(select(t.entity_keys.c.entity_id).where(t.entity_keys.c.key.in_(list(keys)))))
            .order_by(t.entities.c.created_at, t.entities.c.id)
        ).all()
        return [EntityRecord(r.id, r.name, r.type, tuple(json.loads(r.aliases))) for r in rows]

    def create(self, record: EntityRecord, keys: Sequence[str]) -> None:
        self.conn.execute(t.entities.insert().values(
            id=record.id, name=record.name, type=record.type, aliases=json.dumps(list(record.aliases)),
            mentions=0, documents=0, created_at=datetime.now(UTC),
        ))
        self._keys(record.id, keys)

    def update(self, record: EntityRecord, keys: Sequence[str]) -> None:
        self.conn.execute(
            update(t.entities).where(t.entities.c.id == record.id)
            .values(name=record.name, type=record.type, aliases=json.dumps(list(record.aliases)))
        )
        self._keys(record.id, keys)

    def _keys(self, entity_id: str, keys: Sequence[str]) -> None:
        have = set(self.conn.scalars(
            select(t.entity_keys.c.key).where(t.entity_keys.c.entity_id == entity_id, t.entity_keys.c.key.in_(list(keys)))
        ))
        new = [{"key": k[:200], "entity_id": entity_id} for k in dict.fromkeys(keys) if k not in have]
        if new:
            self.conn.execute(t.entity_keys.insert(), new)


def write_annotations(conn: Connection, a: Annotations) -> None:
    """Store one document's annotations and fold them into the dossier (entities, timeline)."""
    doc = a.document
    ids = resolve(SqlRegistry(conn), list(dict.fromkeys((m.canonical, m.type) for m in a.entities)))
    by_name = {name: eid for (name, _type), eid in ids.items()}

    if a.entities:
        conn.execute(t.mentions.insert(), [
            {"document_id": doc.id, "start": m.start, "end": m.end, "text": m.text, "type": m.type,
             "canonical": m.canonical, "entity_id": ids.get((m.canonical, m.type))}
            for m in a.entities
        ])
    _count_entities(conn, Counter(ids[(m.canonical, m.type)] for m in a.entities if (m.canonical, m.type) in ids))

    if a.timexes:
        conn.execute(t.timexes.insert(), [
            {"document_id": doc.id, "idx": i, "start": x.start, "end": x.end, "text": x.text, "type": x.type,
             "value": x.value, "mod": x.mod, "day_start": x.interval[0] if x.interval else None,
             "day_end": x.interval[1] if x.interval else None}
            for i, x in enumerate(a.timexes)
        ])

    records = claims_from(a)
    owner = [_owner(a, r.start) for r in records]
    if records:
        conn.execute(t.claims.insert(), [
            {"id": r.id, "document_id": doc.id, "idx": i, "kind": a.attributions[o].kind if o is not None else "indirect",
             "cue": a.attributions[o].cue.text if o is not None else r.cue,
             "cue_start": a.attributions[o].cue.start if o is not None else r.start,
             "cue_end": a.attributions[o].cue.end if o is not None else r.start,
             "start": r.start, "end": r.end, "text": r.text, "source": r.source, "source_type": r.source_type,
             "source_entity_id": by_name.get(r.source) if r.source and not r.anonymous else None,
             "anonymous": r.anonymous, "chain": json.dumps(list(r.chain), ensure_ascii=False),
             "published": doc.published, "facts": facts_json(r)}
            for i, (r, o) in enumerate(zip(records, owner, strict=True))
        ])

    about = [{"entity_id": eid, "claim_id": r.id, "published": doc.published, "document_id": doc.id, "idx": i}
             for i, r in enumerate(records)
             for eid in dict.fromkeys(ids[(m.canonical, m.type)] for m in a.entities
                                      if r.start <= m.start < r.end and (m.canonical, m.type) in ids)]
    if about:
        conn.execute(t.claim_about.insert(), about)

    def claim_at(attribution: int | None, pos: int) -> str | None:
        """The claim holding `pos` among the pieces of that attribution (or its first piece)."""
        if attribution is None:
            return None
        mine = [r for r, o in zip(records, owner, strict=True) if o == attribution]
        inside = [r for r in mine if r.start <= pos < r.end]
        best = inside or mine
        return best[0].id if best else None

    if a.quantities:
        conn.execute(t.quantities.insert(), [
            {"document_id": doc.id, "idx": i, "start": q.start, "end": q.end, "text": q.text, "value": float(q.value),
             "counted": q.counted, "claim_id": claim_at(q.attribution, q.start)}
            for i, q in enumerate(a.quantities)
        ])

    said_by = {r.id: r.source for r in records}
    rows = []
    for i, e in enumerate(a.events):
        actors = [by_name[n] for n in e.actors if n in by_name]
        targets = [by_name[n] for n in e.targets if n in by_name]
        claim = claim_at(e.attribution, e.trigger.start)
        sources = [s for s in (doc.outlet or doc.title or doc.id, said_by.get(claim) if claim else None) if s]
        item = None if e.negated or not (actors or targets) else _timeline_item(conn, e, actors, targets, sources)
        rows.append({
            "id": stable_id("event", doc.id, i, e.trigger.start, e.trigger.end), "document_id": doc.id, "idx": i,
            "type": e.type, "action": e.action, "trigger_start": e.trigger.start, "trigger_end": e.trigger.end,
            "sentence_start": e.sentence.start, "sentence_end": e.sentence.end, "actors": json.dumps(actors),
            "targets": json.dumps(targets), "location": e.location,
            "date_value": e.date.value if e.date else None, "date_start": e.date.start if e.date else None,
            "date_end": e.date.end if e.date else None, "date_source": e.date.source if e.date else None,
            "claim_id": claim, "negated": e.negated,
            "item_id": item,
        })
    if rows:
        conn.execute(t.events.insert(), rows)


def _owner(a: Annotations, pos: int) -> int | None:
    """The attribution whose content holds `pos` (claims are pieces of attributions' contents)."""
    for i, at in enumerate(a.attributions):
        if at.content.start <= pos < at.content.end:
            return i
    return None


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


def dossier_profile(conn: Connection) -> Profile:
    """The story profile the dossier recorded (`dossier_meta`), else the default one."""
    return from_record(conn.scalar(select(t.dossier_meta.c.value).where(t.dossier_meta.c.key == PROFILE_KEY)))


def refresh_conflicts(conn: Connection, profile: Profile | None = None) -> int:
    """Find the conflicts among all stored claims again and keep exactly those; returns how many. Under
    `profile`, which the dossier then records in the same transaction (its conflicts are always its profile's),
    else under the dossier's own."""
    if profile is None:
        profile = dossier_profile(conn)
    else:
        conn.execute(t.dossier_meta.delete().where(t.dossier_meta.c.key == PROFILE_KEY))
        conn.execute(t.dossier_meta.insert().values(key=PROFILE_KEY, value=profile.record()))
    records = [record_of(r) for r in conn.execute(select(t.claims).order_by(t.claims.c.id))]

    def text_of(document_id: str) -> str | None:
        text: str | None = conn.scalar(select(t.documents.c.text).where(t.documents.c.id == document_id))
        return text

    found = find_conflicts(records, profile, text_of)
    conn.execute(t.conflicts.delete())
    if found:
        conn.execute(t.conflicts.insert(), [
            {"id": stable_id("conflict", c.kind, c.a, c.b), "kind": c.kind, "about": c.about, "a": c.a, "b": c.b,
             "detail": c.detail} for c in found
        ])
    return len(found)


def _count_entities(conn: Connection, counts: Counter[str]) -> None:
    for entity_id, n in counts.items():
        conn.execute(
            update(t.entities).where(t.entities.c.id == entity_id)
            .values(mentions=t.entities.c.mentions + n, documents=t.entities.c.documents + 1)
        )


def _timeline_item(conn: Connection, e: Event, actors: list[str], targets: list[str], sources: list[str]) -> str:
    """The timeline item this event reports, found among items of the same kind and compatible date, or new.
    `sources`: the report's outlet and, for a reported event, who it is attributed to; the item keeps them all."""
    ti = t.timeline_items
    q = select(ti).where(ti.c.type == e.type)
    if e.type == "OTHER":  # PLOVER's categories are the event; OTHER says only what the verb says
        q = q.where(ti.c.action == e.action)
    if e.date is not None:
        q = q.where(ti.c.date_start <= e.date.end, ti.c.date_end >= e.date.start)
    else:
        q = q.where(ti.c.date_start.is_(None))
    people = set(actors) | set(targets)
    for row in conn.execute(q.order_by(ti.c.date_start, ti.c.id).limit(50)):
        theirs = set(json.loads(row.actors)) | set(json.loads(row.targets))
        if not (people & theirs):
            continue
        if e.location and row.location and e.location != row.location:
            continue
        _join(conn, row, e, actors, targets, sources)
        return str(row.id)
    item_id = stable_id("item", e.type, e.action, e.date.value if e.date else "", *sorted(people))
    if conn.scalar(select(ti.c.id).where(ti.c.id == item_id)) is not None:
        item_id = stable_id(item_id, datetime.now(UTC).isoformat())
    conn.execute(ti.insert().values(
        id=item_id, type=e.type, action=e.action, actors=json.dumps(actors), targets=json.dumps(targets),
        location=e.location, date_value=e.date.value if e.date else None, date_start=e.date.start if e.date else None,
        date_end=e.date.end if e.date else None, date_source=e.date.source if e.date else None, events=1,
        sources=json.dumps(sources, ensure_ascii=False),
    ))
    _add_roles(conn, item_id, set(), actors, targets)
    return item_id


def _roles(actors: list[str], targets: list[str]) -> list[tuple[str, str]]:
    return [*((a, "actor") for a in actors), *((x, "target") for x in targets)]


def _add_roles(conn: Connection, item_id: str, have: set[tuple[str, str]], actors: list[str], targets: list[str]) -> None:
    new = dict.fromkeys(r for r in _roles(actors, targets) if r not in have)
    if new:
        conn.execute(t.timeline_roles.insert(), [{"entity_id": e, "item_id": item_id, "role": role} for e, role in new])


def _join(conn: Connection, row: Any, e: Event, actors: list[str], targets: list[str], sources: list[str]) -> None:
    """Add an event to an item: union of participants and sources; the date narrows to the more precise text date."""
    values: dict[str, Any] = {
        "sources": json.dumps(list(dict.fromkeys([*json.loads(row.sources), *sources])), ensure_ascii=False),
        "actors": json.dumps(list(dict.fromkeys([*json.loads(row.actors), *actors]))),
        "targets": json.dumps(list(dict.fromkeys([*json.loads(row.targets), *targets]))),
        "location": row.location or e.location,
        "events": t.timeline_items.c.events + 1,
    }
    if e.date is not None and row.date_start is not None:
        narrower = (e.date.end - e.date.start) < (row.date_end - row.date_start)
        better_source = row.date_source == "published" and e.date.source == "text"
        if better_source or (narrower and e.date.source == "text"):
            values.update(date_value=e.date.value, date_start=e.date.start, date_end=e.date.end,
                          date_source=e.date.source)
    conn.execute(update(t.timeline_items).where(t.timeline_items.c.id == row.id).values(**values))
    _add_roles(conn, row.id, set(_roles(json.loads(row.actors), json.loads(row.targets))), actors, targets)


__all__ = ["SqlRegistry", "refresh_conflicts", "write_annotations"]
