"""The calendar arithmetic of expressions counted from the anchor or from the date under discussion:
"yesterday", "Tuesday" (by the clause's tense), "last week", "the following year", "two years ago",
"a year earlier", and the clock times that fall on such days.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.time import lexicon as lx
from storyline.time.calendar import Gran, Point, at, coarsen, shift, weekday_near
from storyline.time.context import Context
from storyline.time.durations import quantity, unit_code
from storyline.time.numbers import parse_number
from storyline.time.points import Groups, TenseFn, word_of

MAX_STEPS = 3000  # the most units "N units ago" may count back
# A comparison with the period the report is about: "up 5% compared with a year earlier".
_COMPARISON = re.compile(r"\b(?:compared\s+(?:with|to)|up\s+from|down\s+from|from|than|versus|vs\.|against)\b"
                         r"[^.;]{0,60}$", re.IGNORECASE)
_BACK = lx.BACKWARD_WORDS
_FORWARD = lx.FORWARD_WORDS
_SAME = frozenset({"the same", "that", "the very same", "that same", "that very"})
_word = word_of


def day_from(anchor: date | None, offset: int) -> Point:
    return Point("D", None) if anchor is None else at(anchor + timedelta(days=offset), "D")


def weekday(wd: int, rel: str, anchor: date | None, tense: str | None, ref_day: Point) -> Point:
    """The day a weekday name points to: "last Friday" the one before the anchor, "Friday" in a future
    clause the next one (the anchor itself when it is a Friday), otherwise the last one up to the anchor."""
    if rel in ("the previous", "the following", "the next") or rel in _SAME:
        base = ref_day.as_date() or anchor
        if base is None:
            return Point("D", None)
        if rel in _SAME:
            back, ahead = weekday_near(base, wd, -1), weekday_near(base, wd, 1)
            return at(back if (base - back) <= (ahead - base) else ahead, "D")
        return at(weekday_near(base, wd, -1 if rel == "the previous" else 1, inclusive=False), "D")
    if anchor is None:
        return Point("D", None)
    if rel in _BACK:
        return at(weekday_near(anchor, wd, -1, inclusive=False), "D")
    if rel in _FORWARD:  # "next Friday" on a Thursday is the Friday of the week after
        following_monday = anchor + timedelta(days=8 - anchor.isoweekday())
        return at(following_monday + timedelta(days=wd - 1), "D") if rel == "next" else at(
            weekday_near(anchor, wd, 1, inclusive=False), "D")
    if rel == "this" and tense not in ("past", "future"):
        return at(anchor + timedelta(days=wd - anchor.isoweekday()), "D")
    direction = 1 if tense == "future" else -1
    return at(weekday_near(anchor, wd, direction), "D")


_UNIT_GRAN: dict[str, Gran] = {"day": "D", "week": "W", "weekend": "WE", "month": "M", "quarter": "Q",
                               "year": "Y", "fiscal year": "Y", "calendar year": "Y", "decade": "DE",
                               "century": "C", "half": "H", "full year": "Y", "full fiscal year": "Y",
                               "year to date": "Y"}


def _weekend(anchor: date | None, direction: int) -> Point:
    """The weekend the anchor falls in, else the one before it (going back) or after it (going forward)."""
    if anchor is None:
        return Point("WE", None)
    if anchor.isoweekday() >= 6 or direction > 0:
        return at(anchor, "WE")  # an ISO week's weekend closes it
    return at(anchor - timedelta(days=7), "WE")


def relative_unit(g: Groups, ctx: Context, tense: TenseFn) -> Point | None:
    rel = _word(g, "rel")
    unit = _word(g, "unit")
    gran = _UNIT_GRAN.get(unit)
    if gran is None:
        return None
    if unit == "day":
        if rel in _SAME:
            return ctx.reference("D")
        offset = {"the next": 1, "the following": 1, "next": 1, "the previous": -1, "the prior": -1,
                  "the preceding": -1, "this": 0, "the current": 0, "the subsequent": 1, "the ensuing": 1}.get(rel)
        if offset is None:
            return None
        return shift(ctx.reference("D") if rel != "this" else ctx.here("D"), offset)
    if gran == "WE":
        if rel == "this":
            return _weekend(ctx.anchor, 1 if tense() == "future" else -1)
        if rel in _BACK or rel in ("the last", "the past"):
            return shift(_weekend(ctx.anchor, 1), -1)
        upcoming = _weekend(ctx.anchor, 1)
        return upcoming if ctx.anchor and ctx.anchor.isoweekday() <= 4 else shift(upcoming, 1)
    if rel in _SAME:
        return ctx.reference(gran)
    if rel in ("the following", "the subsequent", "the ensuing"):
        return shift(ctx.reference(gran), 1)
    if rel in ("the previous", "the prior", "the preceding"):
        return shift(ctx.reference(gran), -1)
    here = ctx.here(gran)
    if rel in ("this", "the current"):
        return here
    if rel in ("last", "past", "the last", "the past", "this past", "the latest"):
        return shift(here, -1)
    if rel in ("next", "coming", "the next", "the coming", "this coming", "upcoming", "the upcoming"):
        return shift(here, 1)
    return None


def the_unit(g: Groups, ctx: Context, tense: TenseFn) -> Point | None:
    unit = _word(g, "unit")
    gran = _UNIT_GRAN.get(unit)
    if gran is None:
        return None
    if gran == "WE":
        return _weekend(ctx.anchor, 1 if tense() == "future" else -1)
    # "the year", "the month" and "the week" of a news report are its own; "the day" is the one just named.
    return ctx.here(gran) if gran in ("Y", "M", "W") else ctx.reference(gran)


def ago(g: Groups, ctx: Context, start: int) -> tuple[Point | str | None, str | None, bool]:
    """"two years ago" from the anchor; "a year earlier" from the date under discussion.

    The flag says whether the point is a comparison with an earlier period ("up from $3 a year ago" after a
    quarter's results), which sets no new reference time.
    """
    direction = _word(g, "dir")
    backward = direction in ("ago", "earlier", "before", "back", "previously")
    code = unit_code(g.get("unit") or "")
    n = quantity(g.get("num")) if g.get("num") else None
    mod = "APPROX" if g.get("orso") else None
    if code is None:
        return None, None, False
    if n is None:  # "several years ago", "months ago"
        return ("PAST_REF" if backward else "FUTURE_REF"), mod, False
    years = lx.UNIT_YEARS.get(code)
    if years:
        code, n = "Y", n * years
    if n > MAX_STEPS:  # "a million years ago" has no place on a calendar of days
        return None, None, False
    if code.startswith("T"):  # hours and minutes from a publication day: that day
        return day_from(ctx.anchor, 0), mod, False
    unit_grans: dict[str, Gran] = {"D": "D", "W": "W", "2W": "W", "WE": "W", "M": "M", "Q": "Q", "Y": "Y"}
    gran = unit_grans[code]
    if code == "2W":
        n *= 2
    if n.denominator != 1:  # a year and a half: 18 months
        smaller: dict[Gran, tuple[Gran, int]] = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "Q": ("M", 3)}
        if gran not in smaller or (n * smaller[gran][1]).denominator != 1:
            return None, None, False
        gran, n = smaller[gran][0], n * smaller[gran][1]
    step = -int(n) if backward else int(n)
    if direction in ("ago", "back", "hence", "from now"):
        quarter = ctx.last_exact("Q", within=1000, before=start) if gran == "Y" and n == 1 else None
        base = quarter or ctx.here(gran)
        comparison = quarter is not None
    else:
        comparison = True
        quarter = ctx.last_exact("Q", within=1000, before=start) if gran == "Y" and n == 1 else None
        recent = ctx.mentioned[-1] if ctx.mentioned and start - ctx.mentioned[-1][1] < 300 else None
        compared = bool(_COMPARISON.search(ctx.text[max(0, start - 80):start]))
        if quarter is not None:
            base = quarter
        elif recent is not None and not (compared and recent[0].gran in ("Y", "DE", "C")):
            base = recent[0] if gran == "Y" else coarsen(recent[0], gran)
        else:
            base = ctx.here(gran)
    return shift(base, step, gran if base.gran == gran or gran != "Y" else "Y"), mod, comparison


def clock_time(rule: str, g: Groups) -> str | None:
    if rule == "clock_word":
        return lx.CLOCK_WORDS[_word(g, "cw")]
    h_word = _word(g, "h")
    n = parse_number(h_word) if h_word else None
    if n is None or n.denominator != 1:
        return None
    hour = int(n)
    minute = int(g.get("min") or 0)
    ampm = _word(g, "ampm").replace(".", "").replace(" ", "")
    pod = _word(g, "pod")
    if ampm.startswith("p") or pod in ("afternoon", "evening") or g.get("night"):
        hour = hour % 12 + 12
    elif ampm.startswith("a") or pod == "morning":
        hour %= 12
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    return f"{hour:02d}:{minute:02d}"

