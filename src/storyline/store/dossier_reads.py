"""Reading the dossier: the SQL of the interface's JSON objects (timeline items, entities, profiles, claims,
conflicts, documents, fact search).

The faces do not call this module: they call `storyline.reads`, which adds what every face shows alike (the
excerpt around an event's trigger, search highlights, document summaries), so they show the same objects.
Every fact carries Evidence: `{"document", "start", "end", "text"}` with `text == document.text[start:end]`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from storyline.model import KEY_SALIENCE as KEY
from storyline.model import Document
from storyline.store import schema as t
from storyline.store.repository import Copy, _doc_from_row

Json = dict[str, Any]


def _evidence(doc_id: str, start: int, end: int, text: str) -> Json:
    return {"document": doc_id, "start": start, "end": end, "text": text}


def _event_evidence(x: Any) -> Json:
    """An event's sentence with its trigger (`trigger`: a span of the document inside the sentence), so a face can
    show the words around the trigger however long the sentence is."""
    ev = _evidence(x.document_id, x.sentence_start, x.sentence_end, x.text)
    if x.sentence_start <= x.trigger_start <= x.trigger_end <= x.sentence_end:
        ev["trigger"] = {"start": x.trigger_start, "end": x.trigger_end,
                         "text": x.text[x.trigger_start - x.sentence_start:x.trigger_end - x.sentence_start]}
    return ev


def _span(start: Any, end: Any) -> Any:
    """`documents.text[start:end]`, cut by the database (both count characters), so a page of facts reads the
    sentences it shows and not the whole texts of the documents they come from."""
    return func.substr(t.documents.c.text, start + 1, end - start)


def _names(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = conn.execute(select(t.entities.c.id, t.entities.c.name).where(t.entities.c.id.in_(sorted(ids))))
    return {r.id: r.name for r in rows}


def find_entity(conn: Connection, name: str) -> Any:
    """An entity by its name or any alias, case-insensitively; the most mentioned when several match. A product
    named with its maker, as no text of the dossier names it ("Airbus A380", "Boeing 787 Dreamliner"), is the
    entity of the rest of the name when the maker is an organisation the dossier knows ("A380")."""
    found = _named(conn, name)
    words = name.split()
    for k in range(1, len(words)):
        if found is not None:
            break
        maker = _named(conn, " ".join(words[:k]))
        if maker is not None and maker.type == "ORG":
            found = _named(conn, " ".join(words[k:]))
    return found


def _named(conn: Connection, name: str) -> Any:
    key = name.strip().lower()
    q = select(t.entities).order_by(t.entities.c.mentions.desc(), t.entities.c.id)
    if key.isascii():  # ASCII folds alike in Python, SQLite and PostgreSQL: let the database narrow the rows
        q = q.where(or_(func.lower(t.entities.c.name) == key,
                        func.lower(t.entities.c.aliases).contains(json.dumps(key), autoescape=True)))
    for r in conn.execute(q):
        if r.name.lower() == key or key in (a.lower() for a in json.loads(r.aliases)):
            return r
    return None


def timeline(conn: Connection, *, entity: str | None = None, date_from: date | None = None,
             date_to: date | None = None, limit: int | None = None, offset: int = 0,
             evidence: int | None = None, key: bool = False, min_reports: int | None = None) -> list[Json]:
    """Items in date order by their intervals (a decade sorts as a decade: by its start, wider first);
    undated items follow, never given a guessed date. `limit` and `offset` give one page of that order.
    Each item counts its `reports` and carries the sentences of all of them, or of its first `evidence`.
    `entity`: the items it takes part in, in any role; `key`: the key events only (salience at least
    `resolve.timeline.KEY`); `min_reports`: the items told by at least that many reports."""
    row = None
    if entity is not None:
        row = find_entity(conn, entity)
        if row is None:
            return []
    ti = t.timeline_items
    where = []
    if key:
        where.append(ti.c.salience >= KEY)
    if min_reports is not None and min_reports > 1:
        where.append(ti.c.events >= min_reports)
    return _timeline(conn, row, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                     evidence=evidence, where=and_(*where) if where else None)


def timeline_item(conn: Connection, item_id: str) -> Json | None:
    """One timeline item with the sentences of all its reports."""
    ti = t.timeline_items
    return next(iter(_timeline(conn, None, where=ti.c.id == item_id)), None)


def _timeline(conn: Connection, row: Any, *, date_from: date | None = None, date_to: date | None = None,
              limit: int | None = None, offset: int = 0, evidence: int | None = None,
              where: Any = None) -> list[Json]:
    ti = t.timeline_items
    if row is not None and where is None:  # an entity's page, read off its own rows of who takes part
        ids = _entity_page(conn, row.id, date_from, date_to, limit, offset)
    else:
        q = select(ti.c.id)
        if where is not None:
            q = q.where(where)
        if row is not None:
            q = q.where(ti.c.id.in_(select(t.timeline_roles.c.item_id).where(t.timeline_roles.c.entity_id == row.id)))
        if date_from is not None:
            q = q.where(ti.c.date_end >= date_from)
        if date_to is not None:
            q = q.where(ti.c.date_start <= date_to)
        # one start: the wider interval (the later end) first; the same expressions as ix_timeline_order, so the
        # database walks that index, and only the page's ids: a page deep in a million items reads no item it skips
        q = q.order_by(ti.c.date_start.is_(None), ti.c.date_start, ti.c.date_end.desc(), ti.c.id)
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        ids = list(conn.scalars(q))
    found = {r.id: r for r in conn.execute(select(ti).where(ti.c.id.in_(ids)))} if ids else {}
    items = [found[i] for i in ids if i in found]
    # the sentences of the page's items' reports (of each item's first `evidence` reports, if given)
    rank = func.row_number().over(partition_by=t.events.c.item_id, order_by=(t.events.c.document_id, t.events.c.idx))
    e = select(t.events.c.item_id, t.events.c.document_id, t.events.c.sentence_start, t.events.c.sentence_end,
               t.events.c.trigger_start, t.events.c.trigger_end, rank.label("rank")).where(t.events.c.item_id.in_([r.id for r in items])).subquery().c
    reports = (select(e.item_id, e.document_id, e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end,
                      _span(e.sentence_start, e.sentence_end).label("text"))
               .join(t.documents, t.documents.c.id == e.document_id).order_by(e.item_id, e.rank))
    if evidence is not None:
        reports = reports.where(e.rank <= evidence)
    ev = conn.execute(reports).all() if items else []
    by_item: dict[str, list[Any]] = {}
    for x in ev:
        by_item.setdefault(x.item_id, []).append(x)
    dated_by = {x.id: x for x in conn.execute(
        select(t.events.c.id, t.events.c.document_id, t.events.c.trigger_start, t.events.c.trigger_end)
        .where(t.events.c.id.in_([r.dated_by for r in items if r.dated_by])))} if items else {}
    names = _names(conn, {i for r in items
                          for i in json.loads(r.actors) + json.loads(r.targets) + json.loads(r.participants)})
    out = []
    for r in items:
        events = by_item.get(r.id, [])
        actors = [names.get(i, i) for i in json.loads(r.actors)]
        targets = [names.get(i, i) for i in json.loads(r.targets)]
        others = [names.get(i, i) for i in json.loads(r.participants) if names.get(i, i) not in (*actors, *targets)]
        out.append({
            "id": r.id,
            "date": {"value": r.date_value, "start": r.date_start.isoformat(), "end": r.date_end.isoformat(),
                     "source": r.date_source, "report": _dated_by(dated_by.get(r.dated_by))} if r.date_start else None,
            "type": r.type, "action": r.action, "summary": _summary(actors, r.action, targets, r.location),
            "actors": actors, "targets": targets, "location": r.location, "sources": json.loads(r.sources),
            "participants": list(dict.fromkeys(others)),
            "evidence": [_event_evidence(x) for x in events],
            "reports": r.events, "news": r.news, "salience": r.salience, "key": r.salience >= KEY,
        })
    return out


def _entity_page(conn: Connection, entity_id: str, date_from: date | None, date_to: date | None,
                 limit: int | None, offset: int) -> list[str]:
    """The ids of one page of an entity's timeline in reading order (dated by start, the wider first, then
    undated by id), from its rows of who takes part, which carry their item's dates: an index range of
    ix_timeline_roles_order, however many items the entity takes part in, never every one of them sorted."""
    r = t.timeline_roles
    mine = select(r.c.item_id, r.c.date_start, r.c.date_end).where(r.c.entity_id == entity_id).distinct()
    if date_from is not None:
        mine = mine.where(r.c.date_end >= date_from)
    if date_to is not None:
        mine = mine.where(r.c.date_start <= date_to)
    order = (r.c.date_start, r.c.date_end.desc(), r.c.item_id)  # an undated row's end is none either
    want = offset + limit if limit is not None else None
    ids: dict[str, None] = {}
    for part in (mine.where(r.c.date_start.is_not(None)), mine.where(r.c.date_start.is_(None))):
        if want is None or len(ids) < want:
            q = part.order_by(*order)  # an item's rows all carry its dates: distinct, it is one row
            if want is not None:
                q = q.limit(want - len(ids))
            ids.update(dict.fromkeys(conn.scalars(q)))
        if date_from is not None or date_to is not None:
            break  # a period holds no undated item
    page = list(ids)
    return page[offset:want] if want is not None else page[offset:]


def _dated_by(event: Any) -> Json | None:
    """Which report gave an item its date: its document and the trigger of its event there."""
    if event is None:
        return None
    return {"document": event.document_id, "trigger": {"start": event.trigger_start, "end": event.trigger_end}}


def _summary(actors: list[str], action: str, targets: list[str], location: str | None) -> str:
    text = f"{' and '.join(actors)}: {action}" if actors else action
    if targets:
        text += " " + ", ".join(targets)
    if location:
        text += f" (in {location})"
    return text


def _entity_json(r: Any) -> Json:
    return {"id": r.id, "name": r.name, "type": r.type, "aliases": json.loads(r.aliases), "mentions": r.mentions,
            "documents": r.documents}


def entities(conn: Connection, *, type_: str | None = None, limit: int | None = None, offset: int = 0) -> list[Json]:
    q = select(t.entities).where(t.entities.c.mentions > 0)
    if type_ is not None:
        q = q.where(func.upper(t.entities.c.type) == type_.upper())
    q = q.order_by(t.entities.c.mentions.desc(), t.entities.c.documents.desc(), t.entities.c.name)
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return [_entity_json(r) for r in conn.execute(q)]


# Related entities are counted over at most this many of an entity's documents, the first by id: ids are content
# hashes, so that is a fixed, evenly spread sample, and a profile costs the same for the most named entity.
_RELATED_OVER = 500


def claims(conn: Connection, *, about: str | None = None, source: str | None = None,
           ids: list[str] | None = None, limit: int | None = None, offset: int = 0) -> list[Json]:
    """Claims oldest first (undated last); `about` an entity (its mentions in their content), `source` an entity
    or a source as written."""
    about_row = source_row = None
    if about is not None:
        about_row = find_entity(conn, about)
        if about_row is None:
            return []
    if source is not None:
        source_row = find_entity(conn, source)
    return _claims(conn, about=about_row, source=source, source_row=source_row, ids=ids, limit=limit, offset=offset)


def _claims(conn: Connection, *, about: Any = None, source: str | None = None, source_row: Any = None,
            ids: list[str] | None = None, limit: int | None = None, offset: int = 0) -> list[Json]:
    c = t.claims.c
    q = select(t.claims, _span(c.start, c.end).label("span")).join(t.documents, t.documents.c.id == c.document_id)
    if ids is not None:
        q = q.where(c.id.in_(ids))
    if source is not None:
        by_name = func.lower(c.source) == source.lower()
        q = q.where(or_(c.source_entity_id == source_row.id, by_name) if source_row is not None else by_name)
    # undated last, on both databases; the same expressions as ix_claims_order
    order: tuple[Any, ...] = (c.published.is_(None), c.published, c.document_id, c.idx)
    if about is not None:  # claims whose content holds a mention of it: one range of claim_about, in order
        ca = t.claim_about.c
        q = q.join(t.claim_about, ca.claim_id == c.id).where(ca.entity_id == about.id)
        order = (ca.published.is_(None), ca.published, ca.document_id, ca.idx)
    q = q.order_by(*order)
    if limit is not None:
        q = q.limit(limit)
    rows = conn.execute(q.offset(offset) if offset else q).all()
    conflicts_of = _conflict_ids(conn, [r.id for r in rows])
    return [{
        "id": r.id, "text": r.text, "source": r.source,
        "chain": json.loads(r.chain), "anonymous": r.anonymous, "kind": r.kind,
        "document": r.document_id, "published": r.published.isoformat() if r.published else None,
        "evidence": _evidence(r.document_id, r.start, r.end, r.span), "conflicts_with": conflicts_of.get(r.id, []),
    } for r in rows]


def _conflict_ids(conn: Connection, ids: list[str]) -> dict[str, list[str]]:
    if not ids:
        return {}
    out: dict[str, list[str]] = {}
    for r in conn.execute(select(t.conflicts).where(or_(t.conflicts.c.a.in_(ids), t.conflicts.c.b.in_(ids)))):
        out.setdefault(r.a, []).append(r.b)
        out.setdefault(r.b, []).append(r.a)
    return out


def conflicts(conn: Connection) -> list[Json]:
    rows = conn.execute(select(t.conflicts).order_by(t.conflicts.c.kind, t.conflicts.c.id)).all()
    sides = {c["id"]: c for c in claims(conn, ids=sorted({r.a for r in rows} | {r.b for r in rows}))} if rows else {}
    return [{"id": r.id, "kind": r.kind, "about": r.about, "detail": r.detail,
             "claims": [sides[r.a], sides[r.b]]} for r in rows if r.a in sides and r.b in sides]


def entity_profile(conn: Connection, name: str, *, limit: int | None = None,
                   evidence: int | None = None) -> Json | None:
    """An entity with its events, the claims it made and those about it (the first `limit` of each, if given;
    events with the sentences of their first `evidence` reports), and the entities named in the most of its
    documents (of a sample of 500 of them, for an entity named in more)."""
    row = find_entity(conn, name)
    if row is None:
        return None
    profile = _entity_json(row)
    items = _timeline(conn, row, limit=limit, evidence=evidence)
    profile["events"] = [dict(i, role="actor" if row.name in i["actors"] else
                              "target" if row.name in i["targets"] else "other") for i in items]
    profile["claims_by"] = _claims(conn, source=row.name, source_row=row, limit=limit)
    profile["claims_about"] = _claims(conn, about=row, limit=limit)
    mine, other = t.mentions.alias("mine"), t.mentions.alias("other")
    sample = (select(mine.c.document_id).where(mine.c.entity_id == row.id).distinct()
              .order_by(mine.c.document_id).limit(_RELATED_OVER).subquery())
    weight = func.count(other.c.document_id.distinct()).label("weight")
    co = conn.execute(select(other.c.entity_id, weight).join(sample, other.c.document_id == sample.c.document_id)
                      .where(other.c.entity_id.is_not(None), other.c.entity_id != row.id)
                      .group_by(other.c.entity_id).order_by(weight.desc(), other.c.entity_id).limit(15)).all()
    names = _names(conn, {e for e, _ in co})
    profile["related"] = [{"name": names[e], "weight": w} for e, w in co if e in names]
    return profile


def documents(conn: Connection, *, limit: int | None = None, offset: int = 0) -> list[Document]:
    """Stored documents in the order they were stored, over the caller's connection."""
    q = select(t.documents).order_by(t.documents.c.seq).offset(offset)
    return [_doc_from_row(r) for r in conn.execute(q.limit(limit) if limit is not None else q)]


def document(conn: Connection, doc_id: str) -> Document | None:
    row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).first()
    return _doc_from_row(row) if row else None


def document_labels(conn: Connection, ids: set[str]) -> dict[str, Json]:
    """Title, outlet and date of each of these documents (to name a link to one), without their texts."""
    if not ids:
        return {}
    d = t.documents.c
    rows = conn.execute(select(d.id, d.title, d.outlet, d.published).where(d.id.in_(sorted(ids))))
    return {r.id: {"title": r.title, "outlet": r.outlet, "published": r.published.isoformat() if r.published else None}
            for r in rows}


def entity_types(conn: Connection) -> list[str]:
    """The types the dossier's mentioned entities have, sorted."""
    q = select(t.entities.c.type).where(t.entities.c.mentions > 0).distinct()
    return sorted(r.type for r in conn.execute(q))


def copies(conn: Connection, original_ids: list[str]) -> dict[str, list[Copy]]:
    """The stored copies (near-duplicates) of each of these documents, oldest first."""
    c = t.copies.c
    out: dict[str, list[Copy]] = {}
    if original_ids:
        q = select(t.copies).where(c.original_id.in_(original_ids)).order_by(c.ingested_at, c.id)
        for r in conn.execute(q):
            out.setdefault(r.original_id, []).append(
                Copy(r.id, r.original_id, r.source, r.title, r.outlet, r.url, r.published, r.similarity))
    return out


def search_facts(conn: Connection, query: str, *, limit: int = 20) -> list[Json]:
    """Claims and entities matching every word of `query` (taken as words, never as syntax); documents are
    searched by `repository.search_documents`."""
    import re

    from sqlalchemy import text as sql

    words = re.findall(r"\w+", query)
    if not words:
        return []
    out: list[Json] = []
    if conn.dialect.name == "postgresql":
        ids = [r[0] for r in conn.execute(sql(
            "SELECT id FROM claims, plainto_tsquery('english', :q) q WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, id "
            "LIMIT :n"), {"q": " ".join(words), "n": limit})]
    else:
        fts = " ".join('"' + w.replace('"', "") + '"' for w in words)
        ids = [r[0] for r in conn.execute(sql(
            "SELECT ref FROM claims_fts WHERE claims_fts MATCH :q ORDER BY bm25(claims_fts), ref LIMIT :n"),
            {"q": fts, "n": limit})]
    order = {cid: i for i, cid in enumerate(ids)}
    for c in sorted(claims(conn, ids=ids), key=lambda c: order[c["id"]]) if ids else []:
        out.append({"kind": "claim", "claim": c["id"], "document": c["document"], "source": c["source"],
                    "snippet": c["text"], "evidence": c["evidence"]})
    lowered = [w.lower() for w in words]
    q = select(t.entities).where(t.entities.c.mentions > 0)
    for w in lowered:
        if w.isascii():  # the database narrows the entities (ASCII folds alike everywhere); Python decides
            q = q.where(func.lower(t.entities.c.name + " " + t.entities.c.aliases).contains(w, autoescape=True))
    q = q.order_by(t.entities.c.mentions.desc(), t.entities.c.documents.desc(), t.entities.c.name)
    for e in map(_entity_json, conn.execute(q)):
        names = " ".join([e["name"], *e["aliases"]]).lower()
        if all(w in names for w in lowered):
            out.append({"kind": "entity", "entity": e["id"], "name": e["name"], "type": e["type"]})
            if sum(1 for o in out if o["kind"] == "entity") >= limit:
                break
    return out
