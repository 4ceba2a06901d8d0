"""TIMEX3 time expressions in English news text, found and normalized against the publication date.

    find_timexes(text, anchor, tense_at=None) -> list[Timex]
    interval_of(value, mod) -> (first day, last day) | None

`recognize` finds the expressions (its patterns and word lists are data: `patterns`, `lexicon`), `normalize`
gives each its TimeML type, value and mod as TempEval-3 annotates them (calendar arithmetic in `calendar`;
named dates, quarters and seasons in `points`; what counts from the anchor or the date under discussion in
`relative`; lengths, sets and references in `durations`; the clause's tense in `tense`; the dates named so
far in `context`), and `intervals` turns a DATE value into the days it covers.
`tense_at(start, end)` may say the tense of the clause around an expression ("past", "present", "future");
without it, or when it says None, `tense` guesses from the words around.
"""

from __future__ import annotations

from datetime import date

from storyline.model import Timex
from storyline.time.context import Context, TenseAt
from storyline.time.intervals import interval_of
from storyline.time.normalize import normalize
from storyline.time.points import MAX_YEAR, MIN_YEAR
from storyline.time.recognize import recognize

__all__ = ["find_timexes", "interval_of"]


def find_timexes(text: str, anchor: date | None, *, tense_at: TenseAt | None = None) -> list[Timex]:
    """Every time expression in `text`, in order, normalized against `anchor` (None: values keep unknown
    parts, `XXXX-06-12`, rather than guess a year). An anchor outside the years 1000-2999 is no publication
    date and counts as none."""
    if anchor is not None and not MIN_YEAR <= anchor.year <= MAX_YEAR:
        anchor = None
    ctx = Context(text=text, anchor=anchor, tense_at=tense_at)
    out = []
    for c in recognize(text):
        n = normalize(c, ctx)
        if n is None:
            continue
        interval = interval_of(n.value, n.mod) if n.type in ("DATE", "TIME") else None
        out.append(Timex(c.start, c.end, text[c.start:c.end], n.type, n.value, n.mod, interval))
    return out
