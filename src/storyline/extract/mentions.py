"""The entities of one article, resolved, as the other extractors query them.

`entities.resolve_entities(parsed)` builds an `EntityIndex`; attributions, events and quantities ask it who a
span is ("Kim" → "Kim Song-hye"), which person a pronoun at a position most likely is, and which entity of a
kind was last named.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from storyline.model import Mention

PERSON_TYPES = frozenset({"PERSON"})
GROUP_TYPES = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})


@dataclass(slots=True)
class EntityIndex:
    """Mentions sorted by start offset, with look-ups by position."""

    mentions: list[Mention] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions that overlap the character span [start, end)."""
        i = bisect_left(self._starts, start)
        # a mention starting before `start` may still reach into the span
        lo = i
        while lo > 0 and self.mentions[lo - 1].end > start:
            lo -= 1
        hi = bisect_right(self._starts, end - 1) if end > start else i
        return [m for m in self.mentions[lo:hi] if m.start < end and m.end > start]

    def at(self, start: int, end: int) -> Mention | None:
        """The mention that best covers the span: the longest overlap, then the earliest."""
        found = self.overlapping(start, end)
        if not found:
            return None
        return max(found, key=lambda m: (min(m.end, end) - max(m.start, start), -m.start))

    def last_before(self, pos: int, types: frozenset[str] = PERSON_TYPES, *, after: int = 0) -> Mention | None:
        """The last mention of one of `types` ending at or before `pos` (and starting at or after `after`)."""
        i = bisect_right(self._starts, pos)
        for m in reversed(self.mentions[:i]):
            if m.start < after:
                return None
            if m.end <= pos and m.type in types:
                return m
        return None

    def canonical_names(self, type_: str | None = None) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            if type_ is None or m.type == type_:
                seen.setdefault(m.canonical, None)
        return list(seen)
