"""Reading the dossier: the interface's JSON objects (timeline items, entities, profiles, claims, conflicts).

The CLI, the HTTP API and the web UI all read through these functions, so they show the same objects.
Every fact carries Evidence: `{"document", "start", "end", "text"}` with `text == document.text[start:end]`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from storyline.store import schema as t

Json = dict[str, Any]


def _evidence(texts: dict[str, str], doc_id: str, start: int, end: int) -> Json:
    return {"document": doc_id, "start": start, "end": end, "text": texts[doc_id][start:end]}


def _texts(conn: Connection, doc_ids: set[str]) -> dict[str, str]:
    if not doc_ids:
        return {}
    rows = conn.execute(select(t.documents.c.id, t.documents.c.text).where(t.documents.c.id.in_(sorted(doc_ids))))
    return {r.id: r.text for r in rows}


def _names(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = conn.execute(select(t.entities.c.id, t.entities.c.name).where(t.entities.c.id.in_(sorted(ids))))
    return {r.id: r.name for r in rows}


def find_entity(conn: Connection, name: str) -> Any:
    """An entity by its name or any alias, case-insensitively; the most mentioned when several match."""
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
             date_to: date | None = None, limit: int | None = None, offset: int = 0) -> list[Json]:
    """Items in date order by their intervals (a decade sorts as a decade: by its start, wider first);
    undated items follow, never given a guessed date. `limit` and `offset` give one page of that order."""
    ti = t.timeline_items
    q = select(ti)
    if entity is not None:
        row = find_entity(conn, entity)
        if row is None:
            return []
        like = f'%"{row.id}"%'
        q = q.where(or_(ti.c.actors.like(like), ti.c.targets.like(like)))
    if date_from is not None:
        q = q.where(ti.c.date_end >= date_from)
    if date_to is not None:
        q = q.where(ti.c.date_start <= date_to)
    # one start: the wider interval (the later end) first; the database sorts, and pages
    q = q.order_by(ti.c.date_start.is_(None), ti.c.date_start, ti.c.date_end.desc(), ti.c.id)
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    items = list(conn.execute(q).all())
    ev = conn.execute(select(t.events).where(t.events.c.item_id.in_([r.id for r in items])).order_by(
        t.events.c.document_id, t.events.c.idx)).all() if items else []
    docs = conn.execute(select(t.documents.c.id, t.documents.c.outlet, t.documents.c.title, t.documents.c.text)
                        .where(t.documents.c.id.in_({e.document_id for e in ev}))).all() if ev else []
    texts = {d.id: d.text for d in docs}
    outlet = {d.id: d.outlet or d.title or d.id for d in docs}
    claim_source = dict(conn.execute(select(t.claims.c.id, t.claims.c.source).where(
        t.claims.c.id.in_({e.claim_id for e in ev if e.claim_id}))).all()) if ev else {}
    by_item: dict[str, list[Any]] = {}
    for e in ev:
        by_item.setdefault(e.item_id, []).append(e)
    names = _names(conn, {i for r in items for i in json.loads(r.actors) + json.loads(r.targets)})
    out = []
    for r in items:
        events = by_item.get(r.id, [])
        actors = [names.get(i, i) for i in json.loads(r.actors)]
        targets = [names.get(i, i) for i in json.loads(r.targets)]
        sources = list(dict.fromkeys(
            s for e in events for s in ([outlet.get(e.document_id)] + ([claim_source.get(e.claim_id)] if e.claim_id else []))
            if s
        ))
        out.append({
            "id": r.id,
            "date": {"value": r.date_value, "start": r.date_start.isoformat(), "end": r.date_end.isoformat(),
                     "source": r.date_source} if r.date_start else None,
            "type": r.type, "action": r.action, "summary": _summary(actors, r.action, targets, r.location),
            "actors": actors, "targets": targets, "location": r.location, "sources": sources,
            "evidence": [_evidence(texts, e.document_id, e.sentence_start, e.sentence_end) for e in events],
        })
    return out


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


def entities(conn: Connection, *, type_: str | None = None, limit: int | None = None) -> list[Json]:
    q = select(t.entities).where(t.entities.c.mentions > 0)
    if type_ is not None:
        q = q.where(func.upper(t.entities.c.type) == type_.upper())
    q = q.order_by(t.entities.c.mentions.desc(), t.entities.c.documents.desc(), t.entities.c.name)
    if limit is not None:
        q = q.limit(limit)
    return [_entity_json(r) for r in conn.execute(q)]


def claims(conn: Connection, *, about: str | None = None, source: str | None = None,
           ids: list[str] | None = None, limit: int | None = None) -> list[Json]:
    c = t.claims.c
    q = select(t.claims)
    if ids is not None:
        q = q.where(c.id.in_(ids))
    if source is not None:
        row = find_entity(conn, source)
        q = q.where(or_(c.source_entity_id == row.id, func.lower(c.source) == source.lower()) if row is not None
                    else func.lower(c.source) == source.lower())
    if about is not None:
        row = find_entity(conn, about)
        if row is None:
            return []
        # claims whose content holds a mention of it: found from its mentions (indexed), not by scanning claims
        m, inner = t.mentions.alias("m"), t.claims.alias("inner")
        q = q.where(c.id.in_(select(inner.c.id).select_from(m.join(inner, inner.c.document_id == m.c.document_id))
                             .where(m.c.entity_id == row.id, m.c.start >= inner.c.start, m.c.start < inner.c.end)))
    q = q.order_by(c.published.asc().nulls_last(), c.document_id, c.idx)  # undated last, on both databases
    rows = conn.execute(q.limit(limit) if limit is not None else q).all()
    texts = _texts(conn, {r.document_id for r in rows})
    conflicts_of = _conflict_ids(conn, [r.id for r in rows])
    return [{
        "id": r.id, "text": r.text, "source": r.source,
        "chain": json.loads(r.chain), "anonymous": r.anonymous, "kind": r.kind,
        "document": r.document_id, "published": r.published.isoformat() if r.published else None,
        "evidence": _evidence(texts, r.document_id, r.start, r.end), "conflicts_with": conflicts_of.get(r.id, []),
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


def entity_profile(conn: Connection, name: str, *, limit: int | None = None) -> Json | None:
    """An entity with its events, the claims it made and those about it (the first `limit` of each, if given)."""
    row = find_entity(conn, name)
    if row is None:
        return None
    profile = _entity_json(row)
    items = timeline(conn, entity=row.name, limit=limit)
    profile["events"] = [dict(i, role="actor" if row.name in i["actors"] else "target") for i in items]
    profile["claims_by"] = claims(conn, source=row.name, limit=limit)
    profile["claims_about"] = claims(conn, about=row.name, limit=limit)
    # related: the entities named in the most of its documents
    mine, other = t.mentions.alias("mine"), t.mentions.alias("other")
    docs = select(mine.c.document_id).where(mine.c.entity_id == row.id).distinct().subquery()
    weight = func.count(other.c.document_id.distinct()).label("weight")
    co = conn.execute(select(other.c.entity_id, weight).join(docs, other.c.document_id == docs.c.document_id)
                      .where(other.c.entity_id.is_not(None), other.c.entity_id != row.id)
                      .group_by(other.c.entity_id).order_by(weight.desc(), other.c.entity_id).limit(15)).all()
    names = _names(conn, {e for e, _ in co})
    profile["related"] = [{"name": names[e], "weight": w} for e, w in co if e in names]
    return profile


def search(conn: Connection, query: str, *, limit: int = 20) -> list[Json]:
    """Documents, claims and entities matching every word of `query` (taken as words, never as syntax)."""
    import re

    from sqlalchemy import text as sql

    from storyline.store.repository import MARK_END, MARK_START, Store

    words = re.findall(r"\w+", query)
    if not words:
        return []
    out: list[Json] = []
    for hit in Store(conn.engine).search_documents(query, limit=limit):
        out.append({"kind": "document", "document": hit.document_id, "title": hit.title,
                    "snippet": hit.snippet.replace(MARK_START, "").replace(MARK_END, ""), "rank": hit.rank})
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
