"""The timeline across documents: which reported events are one real event, kept as one timeline item.

A report of an event joins the item of the same real event, or starts a new one. Two reports tell of one event
when all of these hold (`matches`):

- the same kind: the same PLOVER category, and for OTHER (whose category says nothing) the same verb;
- a participant in common: an entity that is actor or target in both;
- no conflicting place: if both name where it happened, the same place;
- compatible dates. A dated report joins a dated item whose days overlap its own. An undated report joins only
  an undated item every report of which was published within `UNDATED_WINDOW` of this one: an undated "North
  Korea abducted …" read today and one read in 1997 are two reports of unknown relation, and merging them would
  make one item of decades of coverage. Within a few days, the same participants and the same verb are most
  likely the one development the news of those days tells; beyond, the rule prefers two items to a wrong one.
  (An item's reports span at most twice the window, so undated items never creep along a chain of reports.) A
  report whose publication date is unknown joins no undated item.

Of the items that match, the report joins the best (`rank`): the one sharing the most participants, then the
earliest dated, then the smallest id. A new item's id is the hash of its first report's event id: the same
inputs in the same order give the same ids, run after run.

The rules read a `TimelineIndex`, which returns the stored items matching a query, best first. `MemoryTimeline`
keeps items in dicts for tests; the store answers in SQL, through its table of who takes part in which item, so
the cost of a query follows the items sharing a participant, never the whole timeline. `Placement` places one
document's reports: it reads the index, keeps what this document changed (an item made by one sentence can be
joined by the next), and gives the store the changes to write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from storyline.model import EventDate, ItemChange, ItemQuery, TimelineItem, stable_id

__all__ = ["CANDIDATES", "UNDATED_WINDOW", "MemoryTimeline", "Placement", "Report", "TimelineIndex", "joined",
           "matches", "new_item", "people", "query_for", "rank", "roles"]

UNDATED_WINDOW = timedelta(days=3)
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


class TimelineIndex(Protocol):
    def candidates(self, query: ItemQuery, limit: int) -> list[TimelineItem]:
        """The stored items `matches(query, item)` holds for, best first by `rank`, at most `limit`."""
        ...


def query_for(report: Report) -> ItemQuery:
    """What an item must be to be the event this report tells of."""
    reported = None
    if report.date is None and report.published is not None:
        day = report.published
        reported = (day - min(UNDATED_WINDOW, day - date.min), day + min(UNDATED_WINDOW, date.max - day))
    return ItemQuery(
        type=report.type,
        action=report.action if report.type == "OTHER" else None,  # PLOVER's categories are the event
        people=tuple(dict.fromkeys([*report.actors, *report.targets])),
        during=(report.date.start, report.date.end) if report.date is not None else None,
        reported=reported,
        place=report.location,
    )


def matches(query: ItemQuery, item: TimelineItem) -> bool:
    if item.type != query.type or (query.action is not None and item.action != query.action):
        return False
    if not people(item).intersection(query.people):
        return False
    if query.place and item.location and item.location != query.place:
        return False
    if query.during is not None:
        return item.date is not None and item.date.start <= query.during[1] and item.date.end >= query.during[0]
    if item.date is not None or query.reported is None:
        return False
    first, last = item.first_published, item.last_published
    return first is not None and last is not None and query.reported[0] <= first and last <= query.reported[1]


def rank(query: ItemQuery, item: TimelineItem) -> tuple[int, date, str]:
    """Smaller is better: the most participants shared, then the earliest start, then the id."""
    return -len(people(item).intersection(query.people)), item.date.start if item.date else date.min, item.id


def new_item(report: Report) -> TimelineItem:
    return TimelineItem(
        id=stable_id("item", report.event_id), type=report.type, action=report.action, actors=report.actors,
        targets=report.targets, location=report.location, date=report.date, events=1, sources=report.sources,
        first_published=report.published, last_published=report.published,
    )


def joined(item: TimelineItem, report: Report) -> TimelineItem:
    """The item with one more report: participants and sources united, the place kept (or learnt), the date
    narrowed to the report's when the text gives one more precise, or taken from the report when it is better
    supported (`text` over `context` over `published`)."""
    when = item.date
    if report.date is not None and item.date is not None and report.date.source != "published":
        narrower = (report.date.end - report.date.start) < (item.date.end - item.date.start)
        better = SUPPORT[report.date.source] < SUPPORT[item.date.source]
        if better or (narrower and report.date.source == item.date.source == "text"):
            when = report.date
    days = [d for d in (item.first_published, item.last_published, report.published) if d is not None]
    return replace(
        item,
        actors=_union(item.actors, report.actors),
        targets=_union(item.targets, report.targets),
        location=item.location or report.location,
        date=when,
        events=item.events + 1,
        sources=_union(item.sources, report.sources),
        first_published=min(days) if days else None,
        last_published=max(days) if days else None,
    )


def people(item: TimelineItem) -> frozenset[str]:
    return frozenset(item.actors) | frozenset(item.targets)


def roles(item: TimelineItem) -> tuple[tuple[str, str], ...]:
    """(entity id, "actor" | "target") for everyone taking part, each once."""
    return tuple(dict.fromkeys([*((a, "actor") for a in item.actors), *((x, "target") for x in item.targets)]))


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
        stored = self._index.candidates(query, CANDIDATES)
        found = [self._now.get(i.id, i) for i in stored]
        seen = {i.id for i in found}
        found += [i for i in self._now.values() if i.id not in seen]
        fits = [i for i in found if matches(query, i)]
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
