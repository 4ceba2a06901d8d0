"""The state normalizing carries through a document: the anchor, where tense comes from, the dates so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from storyline.time.calendar import FINENESS, Gran, Point, at, coarsen
from storyline.time.recognize import Candidate
from storyline.time.tense import guess_tense

TenseAt = Callable[[int, int], "str | None"]


@dataclass(slots=True)
class Context:
    """What normalizing needs besides the expression: the anchor, the tense source and the dates so far."""

    text: str
    anchor: date | None
    tense_at: TenseAt | None = None
    mentioned: list[tuple[Point, int]] = field(default_factory=list)  # (point, end offset), text order

    def tense(self, c: Candidate) -> str | None:
        if self.tense_at is not None:
            t = self.tense_at(c.start, c.end)
            if t in ("past", "present", "future"):
                return t
        return guess_tense(self.text, c.start, c.end)

    def last(self, gran: Gran, within: int | None = None, before: int | None = None) -> Point | None:
        """The last point mentioned that is at least as fine as `gran`, as a point of that granularity."""
        for p, end in reversed(self.mentioned):
            if within is not None and before is not None and before - end > within:
                return None
            if p.known and FINENESS[p.gran] >= FINENESS[gran] and not (p.gran == "S" and gran in ("Q", "H")):
                return coarsen(p, gran)
        return None

    def last_exact(self, gran: Gran, within: int | None = None, before: int | None = None) -> Point | None:
        """The last point mentioned of exactly granularity `gran` (within `within` characters of `before`)."""
        for p, end in reversed(self.mentioned):
            if within is not None and before is not None and before - end > within:
                return None
            if p.gran == gran and p.known:
                return p
        return None

    def here(self, gran: Gran) -> Point:
        """The anchor's point of that granularity (unknown without an anchor)."""
        return at(self.anchor, gran) if self.anchor else Point(gran, None)

    def reference(self, gran: Gran) -> Point:
        """The anaphoric reference: the last mentioned point of that granularity, else the anchor's."""
        return self.last(gran) or self.here(gran)


