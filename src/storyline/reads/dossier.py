"""The dossier as every face shows it: the store's objects (`storyline.store.dossier_reads`, which holds the SQL)
with what the faces add, in one place: excerpts around each event's trigger, documents as summaries.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from storyline.model import Document
from storyline.reads.excerpt import excerpts
from storyline.store import Store
from storyline.store import dossier_reads as sql
from storyline.store.dossier_reads import (
    claims,
    conflicts,
    document_labels,
    entities,
    entity_types,
    find_entity,
)
from storyline.store.repository import Copy

Json = dict[str, Any]

__all__ = ["claims", "conflicts", "copies", "document", "document_labels", "documents", "entities", "entity_profile",
           "entity_types", "failures", "find_entity", "summary", "timeline", "timeline_item"]


def timeline(conn: Connection, *, entity: str | None = None, date_from: date | None = None,
             date_to: date | None = None, limit: int | None = None, offset: int = 0,
             evidence: int | None = None, key: bool = False, min_reports: int | None = None) -> list[Json]:
    """Items in date order, undated last; each evidence sentence with the excerpt around its trigger. `key`:
    the key events only; `min_reports`: the items told by at least that many reports."""
    return excerpts(sql.timeline(conn, entity=entity, date_from=date_from, date_to=date_to, limit=limit,
                                 offset=offset, evidence=evidence, key=key, min_reports=min_reports))


def timeline_item(conn: Connection, item_id: str) -> Json | None:
    """One timeline item with the sentences of all its reports."""
    item = sql.timeline_item(conn, item_id)
    return excerpts([item])[0] if item is not None else None


def entity_profile(conn: Connection, name: str, *, limit: int | None = None,
                   evidence: int | None = None) -> Json | None:
    """An entity by name or alias, with its events (excerpted like the timeline's), claims and related entities."""
    profile = sql.entity_profile(conn, name, limit=limit, evidence=evidence)
    if profile is None:
        return None
    return profile | {"events": excerpts(profile["events"])}


def summary(doc: Document, copies: list[str]) -> Json:
    """A document without its body: its metadata, its length in characters and the ids of its copies."""
    row = doc.to_json()
    for key in ("text", "removed", "captions"):
        row.pop(key)
    return row | {"chars": len(doc.text), "copies": copies}


def documents(conn: Connection, *, limit: int | None = None, offset: int = 0) -> list[Json]:
    """Stored documents in the order they were stored, as summaries."""
    docs = sql.documents(conn, limit=limit, offset=offset)
    copies = sql.copies(conn, [d.id for d in docs])
    return [summary(d, [c.id for c in copies.get(d.id, [])]) for d in docs]


def copies(conn: Connection, doc_id: str) -> list[Copy]:
    """The copies of one document: the same story stored under another outlet or headline."""
    return sql.copies(conn, [doc_id]).get(doc_id, [])


def document(conn: Connection, doc_id: str) -> Document | None:
    """One stored document, whole."""
    return sql.document(conn, doc_id)


def failures(conn: Connection) -> list[Json]:
    """Inputs that failed, with their reasons, oldest first."""
    return [f.to_json() for f in Store(conn.engine).failures()]
