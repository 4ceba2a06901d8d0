"""The dossier as resolution reads it, in SQL: the entity registry and the timeline index.

Both answer on the connection of the transaction that stores a document, so what resolution reads is what the
document's facts are written against. They implement the protocols of `resolve.entities.Registry` and
`resolve.timeline.TimelineIndex` (structurally: the store imports nothing from `resolve`). The registry writes
as it resolves (a new entity must be there for the document's next name); the timeline index only reads, and the
changes come back with the document's facts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    bindparam,
    case,
    distinct,
    func,
    or_,
    select,
    union_all,
    update,
)

from storyline.model import EntityRecord, EventDate, ItemQuery, TimelineItem
from storyline.store import schema as t

__all__ = ["LONGER", "SPAN_DAYS", "UNDATED", "DossierIndex", "SqlRegistry", "SqlTimeline", "item_of", "span_class"]


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
            .order_by(t.entities.c.seq, t.entities.c.id)
        ).all()
        return [EntityRecord(r.id, r.name, r.type, tuple(json.loads(r.aliases))) for r in rows]

    def create(self, record: EntityRecord, keys: Sequence[str]) -> None:
        last = self.conn.scalar(select(func.max(t.entities.c.seq)))  # writers take turns: see Store._dossier_lock
        self.conn.execute(t.entities.insert().values(
            id=record.id, name=record.name, type=record.type, aliases=json.dumps(list(record.aliases)),
            mentions=0, documents=0, created_at=datetime.now(UTC), seq=(last or 0) + 1,
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


# How long an item's dates last, as a class (`span_class`): 0 undated, then at most 31 days (a day, a week, a
# month, or a dateline's window), a year, a decade (3,653 days, with slack), and longer (a century). An item dated
# [start, end] overlaps [q0, q1] when start <= q1 and end >= q0; if it lasts at most N days, then also start >=
# q0 - N, so each class but the last is one bounded range of `date_start` in the index of a participant's rows.
SPAN_DAYS = (31, 366, 3660)
UNDATED, LONGER = 0, len(SPAN_DAYS) + 1


def span_class(start: date | None, end: date | None) -> int:
    if start is None or end is None:
        return UNDATED
    days = (end - start).days
    return next((k for k, most in enumerate(SPAN_DAYS, 1) if days <= most), LONGER)


class SqlTimeline:
    """The timeline index: the items a query matches, found from who takes part in them (`timeline_roles`, whose
    rows carry the item's kind and dates), every filter and the order in SQL, so the limit is taken of matches
    only. Each participant's candidates are a few bounded index ranges (one a class of `span`), so a query costs
    what the items overlapping its dates cost, not every item of an entity taking part in tens of thousands."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def candidates(self, query: ItemQuery, limit: int) -> list[TimelineItem]:
        if not query.people or (query.during is None and query.reported is None and query.before is None):
            return []
        params: dict[str, Any] = {"people": list(query.people), "type": query.type, "action": query.action,
                                  "place": query.place, "limit": limit, "actors": list(query.actors) or [""]}
        if query.during is not None:
            params["first"], params["last"] = query.during
            params.update({f"from{k}": _back(query.during[0], most) for k, most in enumerate(SPAN_DAYS, 1)})
        else:
            params["lemma"] = query.lemma
            params["first"], params["last"] = query.reported or (date.max, date.min)  # none: no undated item
            params["before"] = query.before or date.min
        shape = (query.action is not None, query.during is not None, bool(query.place), bool(query.actors))
        return [item_of(r) for r in self.conn.execute(_candidates(*shape), params)]


@cache
def _candidates(action: bool, dated: bool, place: bool, actors: bool) -> Select[Any]:
    """The query of `SqlTimeline.candidates` of one shape, built once with its values as parameters: building
    and keying a statement of five ranges took ten times as long as running it on a small dossier."""
    ti, roles = t.timeline_items, t.timeline_roles
    day = roles.c.date_start.type
    first, last = bindparam("first", type_=day), bindparam("last", type_=day)
    mine = select(roles.c.item_id, roles.c.entity_id, roles.c.role).where(
        roles.c.entity_id.in_(bindparam("people", expanding=True)), roles.c.type == bindparam("type"))
    if action:
        mine = mine.where(roles.c.action == bindparam("action"))
    if dated:
        ranges = [mine.where(roles.c.span == k, roles.c.date_start >= bindparam(f"from{k}", type_=day),
                             roles.c.date_start <= last, roles.c.date_end >= first)
                  for k, _most in enumerate(SPAN_DAYS, 1)]
        ranges.append(mine.where(roles.c.span == LONGER, roles.c.date_start <= last, roles.c.date_end >= first))
        hits = union_all(*ranges).subquery()
    else:  # of the report's action: undated and reported within [first, last], or dated and begun by `before`
        mine = mine.where(roles.c.action == bindparam("lemma"))
        hits = union_all(
            mine.where(roles.c.date_start.is_(None), roles.c.span == UNDATED, roles.c.first_published >= first,
                       roles.c.first_published <= last, roles.c.last_published <= last),
            mine.where(roles.c.date_start.is_not(None), roles.c.date_start <= bindparam("before", type_=day)),
        ).subquery()
    shared = func.count(distinct(hits.c.entity_id)).label("shared")
    q = select(ti, shared).join_from(hits, ti, ti.c.id == hits.c.item_id)
    if place:
        q = q.where(or_(ti.c.location.is_(None), ti.c.location == "", ti.c.location == bindparam("place")))
    q = q.group_by(ti.c.id)
    if actors:  # `resolve.timeline._same_doers`: an item without actors, or one shared with the report's doers
        doers: Any = bindparam("actors", expanding=True)
        same = or_(and_(hits.c.entity_id.in_(doers), hits.c.role.in_(("actor", "other"))), hits.c.role == "actor")
        q = q.having(or_(func.max(case((same, 1), else_=0)) == 1, func.min(ti.c.actors) == "[]"))
    order = [shared.desc()] if dated else [shared.desc(), ti.c.events.desc(), ti.c.date_start.is_not(None)]
    return q.order_by(*order, ti.c.date_start, ti.c.id).limit(bindparam("limit"))


def _back(day: date, days: int) -> date:
    """`days` before `day`, or the first day there is."""
    return day - timedelta(days=min(days, (day - date.min).days))


def item_of(row: Any) -> TimelineItem:
    """A stored timeline item back as the value the timeline rules read."""
    when = None
    if row.date_start is not None:
        when = EventDate(row.date_value or "", row.date_start, row.date_end, row.date_source or "text")
    return TimelineItem(
        id=row.id, type=row.type, action=row.action, actors=tuple(json.loads(row.actors)),
        targets=tuple(json.loads(row.targets)), location=row.location, date=when, events=int(row.events),
        sources=tuple(json.loads(row.sources)), first_published=row.first_published,
        last_published=row.last_published, participants=tuple(json.loads(row.participants or "[]")),
        news=int(row.news or 0), salience=float(row.salience or 0.0), dated_by=row.dated_by,
    )


@dataclass(frozen=True, slots=True)
class DossierIndex:
    """What resolving one document reads of the dossier, on the connection of the transaction storing it."""

    entities: SqlRegistry
    timeline: SqlTimeline

    @classmethod
    def on(cls, conn: Connection) -> DossierIndex:
        return cls(SqlRegistry(conn), SqlTimeline(conn))
