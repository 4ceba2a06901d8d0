"""The timeline across documents: which reported events are one real event, kept as one timeline item.

Every event mention of an article with someone it names taking part becomes a report (`resolve.facts`): its
actors, its targets, and its other participants (the entities named in its phrase). A report joins the item of
the same real event, or starts a new one. Two reports tell of one event when all of these hold (`matches`):

- the same kind: the same PLOVER category, and for OTHER (whose category says nothing) the same verb or noun;
- a participant in common, in any role;
- the same doers: when both name actors, an actor of one takes part in the other ("Kim Jong Il admitted",
  whose phrase names North Korea, and "North Korea admitted"); "Boeing said" and "Airbus said" are two acts;
- no conflicting place: if both name where it happened, the same place;
- compatible dates. A dated report joins a dated item whose days overlap its own. An undated report never joins
  on a shared participant alone: it must be of the item's very action, and then joins either the dated item of
  that action begun by the day it was published (a retelling: "a month after Kim Jong Il admitted ..." joins
  the admission of 2002-09-17), or an undated item every report of which was published within
  `UNDATED_WINDOW` of this one: an undated "North Korea abducted …" read today and one read in 1997 are two
  reports of unknown relation. (An undated item's reports span at most twice the window, so undated items
  never creep along a chain of reports.) A report whose publication date is unknown joins no undated item.
- an act of saying joins nothing: each statement is its own item, as two outlets quoting one speaker on one
  day may quote two statements.

An event the article names again ("the delivery" after "delivered": `Event.refers_to`) joins the item of the
event it names (`Placement.join`), whoever it names.

Of the items that match, the report joins the best (`rank`): the one sharing the most participants, then (for
an undated report) the one most reported, then the earliest dated, then the smallest id. The item keeps the
best-supported date of its reports (`text` over `context` over `published`, then the narrower) and which report
gave it (`dated_by`). A new item's id is the hash of its first report's event id: the same inputs in the same
order give the same ids, run after run.

Each item has a salience (`salience`): its reports, its distinct sources, whether it is an act PLOVER codes,
and whether a report told it as its own news. `KEY` and above is a key event, what the web UI shows first.

The rules read a `TimelineIndex`, which returns the stored items matching a query, best first. `MemoryTimeline`
keeps items in dicts for tests; the store answers in SQL, through its table of who takes part in which item, so
the cost of a query follows the items sharing a participant, never the whole timeline. `Placement` places one
document's reports: it reads the index, keeps what this document changed (an item made by one sentence can be
joined by the next), and gives the store the changes to write.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from storyline.model import KEY_SALIENCE, EventDate, ItemChange, ItemQuery, TimelineItem, stable_id

__all__ = ["CANDIDATES", "KEY", "UNDATED_WINDOW", "MemoryTimeline", "Placement", "Report", "TimelineIndex",
           "is_news", "joined", "matches", "new_item", "people", "query_for", "rank", "roles", "salience"]

UNDATED_WINDOW = timedelta(days=3)
NEWS_WEEK = timedelta(days=7)
KEY = KEY_SALIENCE  # the salience of a key event (`salience`)
CODED, NEWS = 1.5, 1.0
CANDIDATES = 16  # items asked of the index per report, after every filter: the best is the first
SUPPORT = {"text": 0, "context": 1, "published": 2}  # which source of a date a timeline item keeps
_Day = date  # `Report.date` shadows the name inside that class


@dataclass(frozen=True, slots=True)
class Report:
    """One report of an event, as the timeline reads it: participants as entity ids, the day its document was
    published, and its sources (the outlet, and who it is attributed to)."""

    event_id: str
    type: str
    action: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    location: str | None
    date: EventDate | None
    published: _Day | None
    sources: tuple[str, ...]
    participants: tuple[str, ...] = ()  # named in the event's phrase, neither actor nor target
    reporting: bool = False  # an act of saying ("said", "told reporters"): each statement is its own item


class TimelineIndex(Protocol):
    def candidates(self, query: ItemQuery, limit: int) -> list[TimelineItem]:
        """The stored items `matches(query, item)` holds for, best first by `rank`, at most `limit`."""
        ...


def query_for(report: Report) -> ItemQuery:
    """What an item must be to be the event this report tells of."""
    reported = before = None
    if report.date is None and report.published is not None:
        day = report.published
        reported = (day - min(UNDATED_WINDOW, day - date.min), day + min(UNDATED_WINDOW, date.max - day))
        before = day
    return ItemQuery(
        type=report.type,
        action=report.action if report.type == "OTHER" else None,  # PLOVER's categories are the event
        people=tuple(dict.fromkeys([*report.actors, *report.targets, *report.participants])),
        during=(report.date.start, report.date.end) if report.date is not None else None,
        reported=reported,
        place=report.location,
        actors=report.actors,
        lemma=report.action if report.date is None else None,
        before=before,
    )


def matches(query: ItemQuery, item: TimelineItem) -> bool:
    if item.type != query.type or (query.action is not None and item.action != query.action):
        return False
    if not people(item).intersection(query.people) or not _same_doers(query, item):
        return False
    if query.place and item.location and item.location != query.place:
        return False
    if query.during is not None:
        return item.date is not None and item.date.start <= query.during[1] and item.date.end >= query.during[0]
    if item.action != query.lemma:  # undated: never on a shared participant alone
        return False
    if item.date is not None:  # the dated event a report retells, begun before the report was written
        return query.before is not None and item.date.start <= query.before
    if query.reported is None:
        return False
    first, last = item.first_published, item.last_published
    return first is not None and last is not None and query.reported[0] <= first and last <= query.reported[1]


def _same_doers(query: ItemQuery, item: TimelineItem) -> bool:
    """Whether the report and the item could be one act: one has no actor, or an actor of one takes part in the
    other ("Kim Jong Il admitted", the North Korean leader, and "North Korea admitted"); "Boeing said" and
    "Airbus said" are two acts, however much else they share."""
    if not query.actors or not item.actors:
        return True
    return bool(set(query.actors) & (set(item.actors) | set(item.participants))
                or set(item.actors) & set(query.people))


def rank(query: ItemQuery, item: TimelineItem) -> tuple[int, int, date, str]:
    """Smaller is better: the most participants shared; for an undated report, then the item most reported
    (a retelling tells of the event the story knows best); then the earliest start (undated first), the id."""
    return (-len(people(item).intersection(query.people)), -item.events if query.during is None else 0,
            item.date.start if item.date else date.min, item.id)


def new_item(report: Report) -> TimelineItem:
    item = TimelineItem(
        id=stable_id("item", report.event_id), type=report.type, action=report.action, actors=report.actors,
        targets=report.targets, location=report.location, date=report.date, events=1, sources=report.sources,
        first_published=report.published, last_published=report.published,
        participants=report.participants,
        news=int(is_news(report)), dated_by=report.event_id if report.date is not None else None,
    )
    return replace(item, salience=salience(item))


def joined(item: TimelineItem, report: Report) -> TimelineItem:
    """The item with one more report: participants and sources united, the place kept (or learnt), the date
    narrowed to the report's when the text gives one more precise, or taken from the report when it is better
    supported (`text` over `context` over `published`)."""
    when, dated_by = item.date, item.dated_by
    if item.date is None and report.date is not None:
        when, dated_by = report.date, report.event_id
    if report.date is not None and item.date is not None and report.date.source != "published":
        narrower = (report.date.end - report.date.start) < (item.date.end - item.date.start)
        better = SUPPORT[report.date.source] < SUPPORT[item.date.source]
        if better or (narrower and report.date.source == item.date.source == "text"):
            when, dated_by = report.date, report.event_id
    days = [d for d in (item.first_published, item.last_published, report.published) if d is not None]
    more = replace(
        item,
        actors=_union(item.actors, report.actors),
        targets=_union(item.targets, report.targets),
        location=item.location or report.location,
        date=when,
        events=item.events + 1,
        sources=_union(item.sources, report.sources),
        first_published=min(days) if days else None,
        last_published=max(days) if days else None,
        participants=_union(item.participants, report.participants),
        news=item.news + int(is_news(report)),
        dated_by=dated_by,
    )
    return replace(more, salience=salience(more))


def is_news(report: Report) -> bool:
    """Whether the report tells the event as its own news: dated within the week before its publication (by
    the text, its context, or its dateline), not as background from another time."""
    if report.date is None or report.published is None:
        return False
    return report.date.end >= report.published - NEWS_WEEK and report.date.start <= report.published


def salience(item: TimelineItem) -> float:
    """How much an item matters to the story, from what the reports say of it: how many reports tell it
    (log2), from how many distinct sources (log2), whether it is an act PLOVER codes (a meeting, an arrest, an
    agreement) rather than a happening of any kind, and whether some report told it as its own news rather
    than as background. An item at `KEY` or above is a key event: a coded act told as news by one report, or
    any event told by several."""
    reported = math.log2(1 + item.events) + math.log2(1 + len(item.sources))
    return round(reported + (CODED if item.type != "OTHER" else 0.0) + (NEWS if item.news else 0.0), 3)


def people(item: TimelineItem) -> frozenset[str]:
    return frozenset(item.actors) | frozenset(item.targets) | frozenset(item.participants)


def roles(item: TimelineItem) -> tuple[tuple[str, str], ...]:
    """(entity id, "actor" | "target" | "other") for everyone taking part, in every role some report gave them
    (the rows of who takes part only grow, as the item's lists do)."""
    return tuple(dict.fromkeys([*((a, "actor") for a in item.actors), *((x, "target") for x in item.targets),
                                *((p, "other") for p in item.participants)]))


def _union(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*a, *b]))


class Placement:
    """The timeline items of one document's reports. The index is only read; the items this document made or
    joined are kept here, so that its later reports see them, and `changes()` gives them to the store."""

    __slots__ = ("_before", "_index", "_now")

    def __init__(self, index: TimelineIndex) -> None:
        self._index = index
        self._before: dict[str, TimelineItem | None] = {}  # each touched item as stored (None: new)
        self._now: dict[str, TimelineItem] = {}  # and as this document leaves it

    def place(self, report: Report) -> str:
        """The id of the item this report joins, or of the new item it starts."""
        query = query_for(report)
        stored = self._index.candidates(query, CANDIDATES) if not report.reporting else []
        found = [self._now.get(i.id, i) for i in stored]
        seen = {i.id for i in found}
        found += [i for i in self._now.values() if i.id not in seen]
        fits = [i for i in found if matches(query, i)] if not report.reporting else []
        if fits:
            best = min(fits, key=lambda i: rank(query, i))
            if best.id not in self._before:
                self._before[best.id] = best  # not touched yet: this is the stored item
            self._now[best.id] = joined(best, report)
            return best.id
        item = new_item(report)
        self._before[item.id] = None
        self._now[item.id] = item
        return item.id

    def join(self, item_id: str, report: Report) -> str | None:
        """Add the report to an item this document already placed a report on, the event it names again; None
        when their dates tell two times apart (the report is then placed as any other)."""
        item = self._now[item_id]
        if report.date is not None and item.date is not None and report.date.source != "published" and (
                report.date.start > item.date.end or report.date.end < item.date.start):
            return None
        self._now[item_id] = joined(item, report)
        return item_id

    def changes(self) -> tuple[ItemChange, ...]:
        out = []
        for id_, item in self._now.items():
            before = self._before[id_]
            have = set(roles(before)) if before is not None else set()
            out.append(ItemChange(item, before is None, tuple(r for r in roles(item) if r not in have)))
        return tuple(out)


class MemoryTimeline:
    """A timeline index in dicts, for tests and one-off runs; `apply` writes a document's changes as the store
    does. `lookups` and `returned` count the work."""

    __slots__ = ("_by_entity", "items", "lookups", "returned")

    def __init__(self) -> None:
        self.items: dict[str, TimelineItem] = {}
        self._by_entity: dict[str, dict[str, None]] = {}
        self.lookups = 0
        self.returned = 0

    def candidates(self, query: ItemQuery, limit: int) -> list[TimelineItem]:
        self.lookups += 1
        ids = dict.fromkeys(i for p in query.people for i in self._by_entity.get(p, ()))
        found = sorted((self.items[i] for i in ids if matches(query, self.items[i])), key=lambda i: rank(query, i))
        self.returned += min(limit, len(found))
        return found[:limit]

    def apply(self, changes: Iterable[ItemChange]) -> None:
        for change in changes:
            self.items[change.item.id] = change.item
            for entity_id, _role in change.roles:
                self._by_entity.setdefault(entity_id, {})[change.item.id] = None

    def __len__(self) -> int:
        return len(self.items)
