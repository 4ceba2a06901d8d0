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
PLURAL_TYPES = frozenset({"ORG", "GPE", "NORP"})  # what "they" can stand for, besides people

# "m", "f", or "p" for a group; a pronoun not listed here is not one `person_for_pronoun` resolves
PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": "p", "them": "p", "their": "p", "theirs": "p", "themselves": "p",
}
PRONOUN_REACH = 3  # sentences back, the pronoun's own included, that a pronoun looks for its person


@dataclass(slots=True)
class EntityIndex:
    """Mentions sorted by start offset, with look-ups by position."""

    mentions: list[Mention] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)
    genders: dict[str, str] = field(default_factory=dict)  # canonical person → "m" or "f", where the text tells
    subjects: frozenset[int] = frozenset()  # start offsets of mentions that are a clause's subject
    sentence_starts: list[int] = field(default_factory=list)  # character offsets, ascending
    roles: dict[str, frozenset[str]] = field(default_factory=dict)  # canonical person → titles the text gives

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

    def person_for_pronoun(self, pos: int, pronoun: str) -> Mention | None:
        """Who a pronoun at `pos` most likely stands for: a preceding PERSON mention whose gender (when known)
        fits "he"/"she"; for "they", the nearest organisation, country or people. Sentences are searched from
        the pronoun's own backwards (`PRONOUN_REACH` of them); within one, a subject wins over a nearer object
        ("Trump met Kim. He said" → Trump), and in the pronoun's own sentence the nearest mention wins."""
        kind = PRONOUNS.get(pronoun.lower())
        if kind is None:
            return None
        if kind == "p":
            limit = self._sentence_floor(pos, PRONOUN_REACH)
            return self.last_before(pos, PLURAL_TYPES, after=limit)
        bounds = self._sentence_bounds(pos)
        i = bisect_right(self._starts, pos)
        candidates = [m for m in reversed(self.mentions[:i]) if m.type in PERSON_TYPES and m.end <= pos
                      and self.genders.get(m.canonical, kind) == kind]
        for n, (lo, hi) in enumerate(bounds):
            here = [m for m in candidates if lo <= m.start < hi]
            if not here:
                continue
            if n == 0:
                return here[0]
            subjects = [m for m in here if m.start in self.subjects]
            return subjects[0] if subjects else here[0]
        return None

    def _sentence_bounds(self, pos: int) -> list[tuple[int, int]]:
        """The character ranges of the sentence holding `pos` and the ones before it, nearest first."""
        starts = self.sentence_starts or [0]
        k = max(bisect_right(starts, pos) - 1, 0)
        out = []
        for j in range(k, max(k - PRONOUN_REACH, -1), -1):
            hi = starts[j + 1] if j + 1 < len(starts) else pos + 1
            out.append((starts[j], min(hi, pos + 1)))
        return out

    def _sentence_floor(self, pos: int, reach: int) -> int:
        bounds = self._sentence_bounds(pos)
        return bounds[min(reach, len(bounds)) - 1][0] if bounds else 0
