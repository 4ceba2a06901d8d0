"""Normalizing what `recognize` found to TIMEX3 values, against the anchor (the publication date).

Calendar expressions become a `Point` and its value: absolute dates as written, partial ones completed from
the anchor and the clause's tense ("June 12" in a past-tense clause is the last June 12 up to the anchor),
deictic ones counted from the anchor ("last month"), anaphoric ones from the last date the text mentioned
("that day", "a year earlier", "the year-ago quarter"). Lengths, sets and references are in `durations`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import TimexType
from storyline.time import durations as du
from storyline.time import lexicon as lx
from storyline.time import patterns as pt
from storyline.time import points as pts
from storyline.time import relative
from storyline.time.calendar import Gran, Point, at, first_day, shift
from storyline.time.context import Context
from storyline.time.recognize import Candidate


@dataclass(frozen=True, slots=True)
class Norm:
    type: TimexType
    value: str
    mod: str | None = None
    point: Point | None = None  # the calendar point named, remembered for anaphora
    remember: bool = True  # False for a comparison point ("a year earlier"), which moves no reference time


def part_mod(mod: str | None) -> str | None:
    """START, MID or END for a modifier phrase ("the end of", "late", "mid-", "earlier in")."""
    if mod is None:
        return None
    m = " ".join(mod.lower().replace("-", " ").split())
    if "half" in m:
        return "START" if "first" in m else "END"
    m = re.sub(r"^the very |^very ", "", m)
    for key in (m, m.removeprefix("the "), re.sub(r" (of|in)$", "", m), re.sub(r" (of|in)$", "", m)[4:]):
        if key in lx.PART_MODS:
            return lx.PART_MODS[key]
    return None


def point_mod(mod: str | None) -> str | None:
    """The TIMEX3 mod for a modifier in front of a calendar point (part or approximation)."""
    part = part_mod(mod)
    if part:
        return part
    approx = du.approx_mod(mod)
    if approx in ("MORE_THAN", "EQUAL_OR_MORE"):
        return "BEFORE" if approx == "MORE_THAN" else "ON_OR_BEFORE"
    if approx in ("LESS_THAN", "EQUAL_OR_LESS"):
        return "APPROX"
    return approx


def _norm(p: Point, c: Candidate, mod: str | None = None, time: str = "", remember: bool = True) -> Norm:
    mod = mod or point_mod(c.mod)
    if time:
        return Norm("TIME", p.value + "T" + time, mod, p, remember)
    return Norm("DATE", p.value, mod, p, remember)


def _signal(c: Candidate, ctx: Context, signals: tuple[str, ...]) -> bool:
    before = " ".join(re.findall(r"[a-z]+", ctx.text[max(0, c.start - 30):c.start].lower()))
    return any(before == s or before.endswith(" " + s) for s in signals)


def _lean(c: Candidate, ctx: Context, default: str = "nearest") -> tuple[Callable[[], str | None], str]:
    """Tense and default for a month or a day of the month. Most are near the anchor, so with no tense the
    nearest one; a deadline ("by Dec. 15", "extended to Nov. 16") ignores a past tense, which is usually
    the reporting verb's; "ended Sept. 30" is past."""
    if _signal(c, ctx, lx.BACKWARD_SIGNALS):
        return (lambda: pts.ALWAYS_PAST), "past"
    words = re.findall(r"[A-Za-z]+", ctx.text[max(0, c.start - 40):c.start].lower())[-3:]
    if any(w in lx.DEADLINE_WORDS for w in words[-2:]) or (
            len(words) >= 2 and words[-1] == "to" and words[-2] in lx.DEADLINE_VERBS):
        return (lambda: "future" if ctx.tense(c) == "future" else None), "nearest"
    return (lambda: ctx.tense(c)), default


def _weekday_tense(c: Candidate, ctx: Context) -> str | None:
    if _signal(c, ctx, lx.FORWARD_SIGNALS):
        return "future"
    if re.match(r"['’]s\b", ctx.text[c.end:c.end + 3]) or ctx.text[c.start:c.end].endswith(("'s", "’s")):
        return "past"  # "Wednesday's ruling": an event already named, so one that has happened
    tense = ctx.tense(c)
    if _signal(c, ctx, lx.DEADLINE_SIGNALS):
        words = re.findall(r"[a-z]+", ctx.text[max(0, c.start - 60):c.start].lower())[-8:]
        if tense != "past" or any(w in lx.DEADLINE_VERBS for w in words):
            return "future"
    return tense


# --- the handlers, one per rule -------------------------------------------------------------------------

def _pivot(c: Candidate, ctx: Context) -> date | None:
    """A date named earlier in the same sentence: "in June from $29.75 in March" puts March near June."""
    if not ctx.mentioned:
        return None
    p, end = ctx.mentioned[-1]
    if p.gran not in ("D", "M") or re.search(r"[.!?]\s", ctx.text[end:c.start]):
        return None
    return first_day(p)


def _dated(c: Candidate, ctx: Context) -> Norm | None:
    tense, default = _lean(c, ctx)
    p = pts.calendar_date(c.groups, ctx.anchor, tense, c.rule, default, _pivot(c, ctx))
    return None if p is None else _norm(p, c)


def _month(c: Candidate, ctx: Context) -> Norm | None:
    tense, default = _lean(c, ctx)
    p = pts.month(c.groups, ctx.anchor, tense, default, _pivot(c, ctx))
    return None if p is None else _norm(p, c)


def _years(c: Candidate, ctx: Context) -> Norm | None:
    p = pts.year_like(c.rule, c.groups, ctx.anchor)
    return None if p is None else _norm(p, c)


def _holiday(c: Candidate, ctx: Context) -> Norm | None:
    p = pts.holiday(c.groups, ctx.anchor, lambda: ctx.tense(c))
    if p is not None and c.groups.get("week") and (d := p.as_date()):
        p = at(d, "W")  # "Easter week", "Christmas week": the week of the holiday
    return None if p is None else _norm(p, c)


_ENDED_ON = re.compile(r"\s+(?:ended|ending|that\s+ended)\s+(?P<mon>" + pt.MONTH + r")\s+(?P<day>" + pt.DAY + ")"
                       r"(?:,?\s+(?P<year>" + pt.YEAR + "))?", re.IGNORECASE)


def _quarter_ended(c: Candidate, ctx: Context) -> Norm | None:
    """"the quarter ended Sept. 30": the three months up to that day, named by the quarter most of them are
    in (a fiscal quarter ended July 31 is mostly the second)."""
    m = _ENDED_ON.match(ctx.text, c.end)
    if m is None or (c.groups.get("unit") or "").lower() not in ("quarter", "period"):
        return None
    groups = {k: v for k, v in m.groupdict().items()}
    rule = "date_mdy" if groups.get("year") else "date_md"
    end = pts.calendar_date(groups, ctx.anchor, lambda: "past", rule, "past")
    d = None if end is None else end.as_date()
    if d is None:
        return None
    return _norm(at(d - timedelta(days=45), "Q"), c)


def _quarter(c: Candidate, ctx: Context) -> Norm | None:
    if c.rule == "period_rel" and (length := _fiscal_length(c, ctx)):
        return length
    if c.rule in ("quarter_bare", "period_rel", "period_that") and not pts.looks_back(c.groups) \
            and (ended := _quarter_ended(c, ctx)):
        return ended
    p = pts.quarter(c.rule, c.groups, ctx, lambda: ctx.tense(c))
    # "the 1988 period", "the year-ago quarter": comparisons, which move no reference time
    remember = not pts.looks_back(c.groups) and c.rule != "period_year"
    return None if p is None else _norm(p, c, remember=remember)


def _season(c: Candidate, ctx: Context) -> Norm | None:
    g = c.groups
    rel = " ".join((g.get("rel") or "").lower().split())
    mod = point_mod(c.mod) or {"early": "START", "late": "END", "mid": "MID"}.get(rel)
    p = pts.season(g, rel, ctx.anchor, lambda: ctx.tense(c), ctx.reference("Y"))
    return None if p is None else _norm(p, c, mod)


def _day_word(c: Candidate, ctx: Context) -> Norm | None:
    word = " ".join((c.groups.get("word") or "").lower().split())
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "the day before yesterday": -2,
              "the day after tomorrow": 2}[word]
    p = relative.day_from(ctx.anchor, offset)
    pod = (c.groups.get("pod") or "").lower() or ("night" if word == "tonight" else "")
    return _norm(p, c, time=lx.PARTS_OF_DAY[pod] if pod else "")


def _pod_rel(c: Candidate, ctx: Context) -> Norm | None:
    g = c.groups
    rel = " ".join((g.get("rel") or g.get("mid") or "").lower().split())
    pod = (g.get("pod") or "").lower()
    day = (g.get("day") or "").lower()
    mod = point_mod(c.mod) or {"early": "START", "late": "END", "mid": "MID"}.get(rel)
    if day:
        p = _day_of(day, c, ctx)
    elif rel in ("this", "early", "late", "mid"):
        p = relative.day_from(ctx.anchor, 0)
    elif rel in ("last", "yesterday"):
        p = relative.day_from(ctx.anchor, -1)
    elif rel == "tomorrow":
        p = relative.day_from(ctx.anchor, 1)
    elif rel in ("that", "the next", "the following", "the previous"):
        offset = {"that": 0, "the next": 1, "the following": 1, "the previous": -1}[rel]
        p = shift(ctx.reference("D"), offset)
    else:
        return None
    if rel == "last" and pod not in ("night", "evening"):
        return None
    return _norm(p, c, mod, time=lx.PARTS_OF_DAY[pod])


def _day_of(word: str, c: Candidate, ctx: Context) -> Point:
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}.get(word)
    if offset is not None:
        return relative.day_from(ctx.anchor, offset)
    return relative.weekday(lx.WEEKDAYS[word.rstrip(".")], "", ctx.anchor, _weekday_tense(c, ctx), ctx.reference("D"))


def _weekday(c: Candidate, ctx: Context) -> Norm | None:
    g = c.groups
    wd = lx.WEEKDAYS[(g.get("wd") or "").lower().rstrip(".")]
    rel = " ".join((g.get("rel") or "").lower().split())
    p = relative.weekday(wd, rel, ctx.anchor, _weekday_tense(c, ctx), ctx.reference("D"))
    pod = (g.get("pod") or "").lower()
    if ctx.anchor is None and not rel:
        value = f"XXXX-WXX-{wd}" + (f"T{lx.PARTS_OF_DAY[pod]}" if pod else "")
        return Norm("TIME" if pod else "DATE", value, point_mod(c.mod))
    return _norm(p, c, time=lx.PARTS_OF_DAY[pod] if pod else "")


_ENDED = re.compile(r"\s+(?:ended|ending|that\s+ended|which\s+ended|to\s+date)\b")


def _fiscal_length(c: Candidate, ctx: Context) -> Norm | None:
    """"the year ended Sept. 30": a fiscal year, a length of a year rather than a calendar year."""
    unit = " ".join((c.groups.get("unit") or "").lower().split())
    if unit in ("year", "fiscal year", "full year", "full fiscal year") and _ENDED.match(ctx.text, c.end):
        return Norm("DURATION", "P1Y")
    return None


def _rel_unit(c: Candidate, ctx: Context) -> Norm | None:
    rel = " ".join((c.groups.get("rel") or "").lower().split())
    unit = (c.groups.get("unit") or "").lower()
    if unit in ("decade", "century") and rel in ("the past", "the last"):
        return Norm("DURATION", "P10Y" if unit == "decade" else "P100Y", du.approx_mod(c.mod))
    if rel == "last" and unit == "year" and (quarter := _compared_quarter(c, ctx)):
        return _norm(shift(quarter, -1, "Y"), c, remember=False)
    p = relative.relative_unit(c.groups, ctx, lambda: ctx.tense(c))
    return _fiscal_length(c, ctx) or (None if p is None else _norm(p, c))


_COMPARED = re.compile(r"\b(?:compared\s+with|compared\s+to|up\s+from|down\s+from|versus|vs\.|against)\b"
                       r"[^.;]{0,60}$", re.IGNORECASE)


def _compared_quarter(c: Candidate, ctx: Context) -> Point | None:
    """In a comparison of results ("$3 million, compared with $2 million last year") "last year" is the same
    quarter a year before, when a quarter is under discussion."""
    if not _COMPARED.search(ctx.text[max(0, c.start - 80):c.start]):
        return None
    return ctx.last_exact("Q", within=1000, before=c.start)


def _the_unit(c: Candidate, ctx: Context) -> Norm | None:
    p = relative.the_unit(c.groups, ctx, lambda: ctx.tense(c))
    return _fiscal_length(c, ctx) or (None if p is None else _norm(p, c))


def _week_of(c: Candidate, ctx: Context) -> Norm | None:
    tense, default = _lean(c, ctx)
    p = pts.calendar_date(c.groups, ctx.anchor, tense, "date_md", default)
    if p is None or p.as_date() is None:
        return None
    d = p.as_date()
    return _norm(at(d, "W"), c) if d else None


def _year_end(c: Candidate, ctx: Context) -> Norm | None:
    grans: dict[str, Gran] = {"year": "Y", "month": "M", "quarter": "Q"}
    return _norm(ctx.here(grans[(c.groups.get("unit") or "").lower()]), c, "END")


def _year_adj(c: Candidate, ctx: Context) -> Norm | None:
    base = ctx.last_exact("Q", within=1000, before=c.start) or ctx.here("Y")
    return _norm(shift(base, -1, "Y"), c, remember=False)


def _ago(c: Candidate, ctx: Context) -> Norm | None:
    p, mod, comparison = relative.ago(c.groups, ctx, c.start)
    if isinstance(p, str):
        return Norm("DATE", p, mod)
    return None if p is None else _norm(p, c, point_mod(c.mod) or mod, remember=not comparison)


def _anaphoric_day(c: Candidate, ctx: Context) -> Norm | None:
    rel = " ".join((c.groups.get("rel") or "").lower().split())
    unit = (c.groups.get("unit") or "").lower()
    offset = {"the next": 1, "the following": 1, "the previous": -1, "the prior": -1}.get(rel, 0)
    p = shift(ctx.reference("D"), offset)
    return _norm(p, c, time="" if unit == "day" else lx.PARTS_OF_DAY[unit])


def _clock(c: Candidate, ctx: Context) -> Norm | None:
    g = c.groups
    hhmm = relative.clock_time(c.rule, g)
    if hhmm is None:
        return None
    if g.get("tday"):
        day = relative.day_from(ctx.anchor, {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[
            (g.get("tday") or "").lower()])
    elif g.get("twd"):
        day = _day_of((g.get("twd") or "").lower(), c, ctx)
    elif g.get("tmon"):
        groups = {"mon": g.get("tmon"), "day": g.get("tdom")}
        tense, default = _lean(c, ctx)
        day = pts.calendar_date(groups, ctx.anchor, tense, "date_md", default) or ctx.reference("D")
    else:
        day = ctx.reference("D")
    mod = point_mod(c.mod)
    return Norm("TIME", f"{day.value}T{hhmm}", mod, day)


def _lengths(fn: Callable[[Candidate], du.Result | None]) -> Callable[[Candidate, Context], Norm | None]:
    def run(c: Candidate, ctx: Context) -> Norm | None:
        r = fn(c)
        return None if r is None else Norm(r[0], r[1], r[2])
    return run


def _reference(c: Candidate, ctx: Context) -> Norm | None:
    if (c.groups.get("ref") or "").lower() == "soon" and ctx.tense(c) == "past":
        return None  # "that soon became a flood": soon after a past event, not the future
    r = du.reference(c)
    return None if r is None else Norm(r[0], r[1], r[2])


_IN_FRONT = re.compile(r"\bin\s+$", re.IGNORECASE)


def _duration(c: Candidate, ctx: Context) -> Norm | None:
    r = du.duration(c, ctx.text)
    if r is None:
        return None
    g = c.groups
    if r[0] == "DURATION" and not (g.get("det") or g.get("rel") or c.mod) \
            and (g.get("num") or "").lower() not in ("a", "an") and _IN_FRONT.search(
            ctx.text[max(0, c.start - 4):c.start]) and ctx.tense(c) == "future":
        # "will be redeemed in five years": the point that far after the anchor
        p, _, _ = relative.ago({**g, "dir": "from now"}, ctx, c.start)
        if isinstance(p, Point):
            return _norm(p, c, remember=False)
    return Norm(r[0], r[1], r[2])


HANDLERS: dict[str, Callable[[Candidate, Context], Norm | None]] = {
    "date_mdy": _dated, "date_dmy": _dated, "date_md": _dated, "date_md_and": _dated, "date_dm": _dated,
    "date_my": _dated,
    "date_my_rel": _dated, "date_iso": _dated, "date_numeric": _dated, "month": _month, "year": _years,
    "year_words": _years, "year_fiscal": _years, "year_short": _years, "decade": _years, "decade_bare": _years,
    "century": _years, "holiday": _holiday, "quarter": _quarter, "quarter_poss": _quarter,
    "quarter_code": _quarter, "period_rel": _quarter, "period_year": _quarter, "period_that": _quarter,
    "quarter_bare": _quarter, "season": _season, "season_bare": _season, "day_word": _day_word,
    "pod_rel": _pod_rel, "weekday": _weekday, "weekday_set": _lengths(du.weekday_set), "rel_unit": _rel_unit,
    "the_unit": _the_unit, "week_of": _week_of, "year_end": _year_end, "year_adj": _year_adj, "ago": _ago,
    "ago_bare": _ago, "rel_anaphoric_day": _anaphoric_day, "duration": _duration,
    "duration_range": _lengths(du.duration_range), "duration_half": _lengths(du.duration_half),
    "duration_long": _lengths(du.duration_long), "vague_period": _lengths(du.vague_period),
    "vague_plural": _lengths(du.vague_plural), "vague_ahead": _lengths(du.vague_plural),
    "vague_length": _lengths(du.vague_length),
    "set_every": _lengths(du.set_every), "set_times": _lengths(du.set_times), "set_freq": _lengths(du.set_freq),
    "clock": _clock, "clock_24": _clock, "clock_colon": _clock, "clock_word": _clock, "clock_in_the": _clock,
    "clock_oclock": _clock, "ref": _reference, "ref_adj": _lengths(du.reference_adj),
}


def normalize(c: Candidate, ctx: Context) -> Norm | None:
    """The TIMEX3 reading of a candidate, or None when the rule finds it is not a time expression after all.

    A calendar point it names is remembered in `ctx` for the anaphora that follow.
    """
    handler = HANDLERS.get(c.rule)
    result = handler(c, ctx) if handler else None
    if result is not None and result.remember and result.point is not None and result.point.known:
        ctx.mentioned.append((result.point, c.end))
    return result

