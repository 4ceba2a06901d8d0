"""The calendar arithmetic behind each kind of calendar expression: which year "June 12" is, which day
"Tuesday" is, which quarter "the year-ago quarter" is. Every function returns a `Point` (or None when the
words name nothing real, such as February 30).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from storyline.time import lexicon as lx
from storyline.time.calendar import (
    Gran,
    Point,
    at,
    easter,
    first_day,
    month_days,
    nth_weekday,
    shift,
)
from storyline.time.context import Context
from storyline.time.numbers import parse_year_words

Groups = dict[str, str | None]
MIN_YEAR, MAX_YEAR = 1000, 2999  # the years a written date may name
TenseFn = Callable[[], "str | None"]
# A tense that is past however long ago: what "ended" makes of the date after it ("the quarter ended Jan. 31").
ALWAYS_PAST = "always past"
_TENSES = ("past", "future", ALWAYS_PAST)
Span = Callable[[int], "tuple[date, date] | None"]

_BACK = lx.BACKWARD_WORDS
_FORWARD = lx.FORWARD_WORDS


def word_of(g: Groups, key: str) -> str:
    """A group's words, lower-cased, blanks collapsed, curly apostrophes straightened."""
    return " ".join((g.get(key) or "").lower().replace("’", "'").split())


def month_of(word: str) -> int:
    return lx.MONTHS[word.lower().rstrip(".")]


def day_of_month(word: str) -> int | None:
    w = word.lower()
    if w in lx.ORDINALS:
        return lx.ORDINALS[w]
    m = re.match(r"\d+", w)
    return int(m.group()) if m else None


def year_of(word: str, anchor: date | None) -> int | None:
    w = word.strip().lstrip("'’‘")
    if re.fullmatch(r"\d{4}", w):
        return int(w)
    if re.fullmatch(r"\d\d", w):
        return two_digit_year(int(w), anchor)
    return parse_year_words(w)


def two_digit_year(yy: int, anchor: date | None) -> int:
    """'92 -> 1992: the latest century that does not put the year more than ten years after the anchor."""
    limit = (anchor.year if anchor else 2000) + 10
    year = 2000 + yy
    return year if year <= limit else year - 100


def pick_year(anchor: date | None, span: Span, rel: str, tense: str | None, default: str,
              window: int = 366, pivot: date | None = None) -> int | None:
    """The year that puts a yearly thing (a month, a day, a quarter) where the words and tense say.

    `rel` "last"/"next" take the last one wholly before the anchor or the first wholly after it; "this" the
    anchor's year. Otherwise a past clause takes the last one begun by the anchor and a future clause the
    first not yet over; a past one only within `window` days (a past clause that names the 16th of next
    month is a deadline, not last year's). With no tense, or too far, `default` decides: "past", "future"
    or "nearest" (to `pivot`, a date the sentence has just named, else to the anchor).
    """
    if anchor is None:
        return None
    spans = [(y, s) for y in range(anchor.year - 2, anchor.year + 3) if (s := span(y)) is not None]
    if not spans:
        return None
    if rel in _BACK:
        return max((y for y, s in spans if s[1] < anchor), default=None)
    if rel in _FORWARD:
        return min((y for y, s in spans if s[0] > anchor), default=None)
    if rel == "this":
        return anchor.year
    if tense == ALWAYS_PAST:
        tense, window = "past", 10 * 366
    past = max(((y, s) for y, s in spans if s[0] <= anchor), default=None, key=lambda ys: ys[0])
    future = min(((y, s) for y, s in spans if s[1] >= anchor), default=None, key=lambda ys: ys[0])
    if tense == "past" and past and (anchor - past[1][1]).days <= window:
        return past[0]
    if tense == "future" and future:
        return future[0]
    if default == "past" and tense is None:
        return past[0] if past else None
    if default == "future" and tense is None:
        return future[0] if future else None

    near = pivot or anchor

    def distance(s: tuple[date, date]) -> int:
        return 0 if s[0] <= near <= s[1] else min(abs((s[0] - near).days), abs((s[1] - near).days))

    return min(spans, key=lambda ys: (distance(ys[1]), -ys[0] if ys[1][0] <= near else ys[0]))[0]


def _month_span(month: int, day: int | None = None) -> Span:
    def span(y: int) -> tuple[date, date] | None:
        if day is None:
            return date(y, month, 1), date(y, month, month_days(y, month))
        return (date(y, month, day),) * 2 if day <= month_days(y, month) else None
    return span


def _tense_default(tense: TenseFn, default: str) -> tuple[str | None, str]:
    t = tense()
    return (t if t in ("past", "future") else None), default


def calendar_date(g: Groups, anchor: date | None, tense: TenseFn, rule: str, default: str = "past",
                  pivot: date | None = None) -> Point | None:
    if rule in ("date_iso", "date_numeric"):
        digits = g.get("year") or "0"
        y = int(digits) if len(digits) == 4 else two_digit_year(int(digits), anchor)
        m, d = int(g.get("m") or 0), int(g.get("d") or 0)
        if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= month_days(y, m)):
            return None
        return Point("D", y, m, d)
    month = month_of(g.get("mon") or "")
    year: int | None
    if rule == "date_my":
        year = year_of(g.get("year") or "", anchor)
        return None if year is None else Point("M", year, month)
    if rule == "date_my_rel":
        rel = word_of(g, "rel")
        if anchor is None:
            return Point("M", None, month)
        return Point("M", anchor.year + {"last": -1, "this": 0, "next": 1}[rel], month)
    day = day_of_month(g.get("day") or "")
    if day is None or not 1 <= day <= 31 or day > month_days(2000, month):
        return None
    if rule in ("date_mdy", "date_dmy"):
        year = year_of(g.get("year") or "", anchor)
        if year is None or day > month_days(year, month):
            return None
        return Point("D", year, month, day)
    t = tense()
    year = pick_year(anchor, _month_span(month, day), word_of(g, "rel"),
                     t if t in _TENSES else None, default, 240, pivot)
    return Point("D", year, month, day)


def month(g: Groups, anchor: date | None, tense: TenseFn, default: str, pivot: date | None = None) -> Point | None:
    m = month_of(g.get("mon") or "")
    rel = word_of(g, "rel")
    t = tense()
    year = pick_year(anchor, _month_span(m), rel, t if t in _TENSES else None, default, 300, pivot)
    if anchor and year and rel in _BACK and (anchor.year * 12 + anchor.month) - (year * 12 + m) == 1:
        year -= 1  # "last February" in March is not last month: that would be "last month"
    return Point("M", year, m)


def year_like(rule: str, g: Groups, anchor: date | None) -> Point | None:
    if rule in ("year", "year_words", "year_fiscal"):
        year = year_of(g.get("year") or "", anchor)
        return None if year is None else Point("Y", year)
    if rule == "year_short":
        return Point("Y", two_digit_year(int(g.get("yy") or 0), anchor))
    if rule == "century":
        w = word_of(g, "ord")
        n = lx.ORDINALS.get(w) or (day_of_month(w) if w[:1].isdigit() else None)
        return None if not n else Point("C", (n - 1) * 100)
    if g.get("num"):
        start = int(g["num"] or 0)
        return Point("C", start) if start % 100 == 0 else Point("DE", start)
    if g.get("yy"):
        return Point("DE", two_digit_year(int(g["yy"] or 0), anchor) // 10 * 10)
    word = word_of(g, "word") or word_of(g, "word19")
    tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
            "eighties": 8, "nineties": 9}.get(word)
    return None if tens is None else Point("DE", 1900 + 10 * tens)


def holiday_date(name: str, year: int) -> date | None:
    if name in lx.HOLIDAYS_FIXED:
        m, d = lx.HOLIDAYS_FIXED[name]
        return date(year, m, d)
    if name in lx.HOLIDAYS_WEEKDAY:
        m, wd, n = lx.HOLIDAYS_WEEKDAY[name]
        return nth_weekday(year, m, wd, n)
    if name in lx.HOLIDAYS_EASTER:
        return easter(year) + timedelta(days=lx.HOLIDAYS_EASTER[name])
    if name == "election day":  # the Tuesday after the first Monday of November
        return nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    return None


def holiday(g: Groups, anchor: date | None, tense: TenseFn) -> Point | None:
    name = word_of(g, "hol")
    if g.get("year"):
        d = holiday_date(name, int(g["year"] or 0))
        return None if d is None else at(d, "D")

    def span(y: int) -> tuple[date, date] | None:
        d = holiday_date(name, y)
        return None if d is None else (d, d)

    t, default = _tense_default(tense, "nearest")
    year = pick_year(anchor, span, word_of(g, "rel"), t, default)
    d = None if year is None else holiday_date(name, year)
    if d is None:
        fixed = lx.HOLIDAYS_FIXED.get(name)
        return Point("D", None, fixed[0], fixed[1]) if fixed else None
    return at(d, "D")


def _quarter_span(sub: int, gran: Gran) -> Span:
    def span(y: int) -> tuple[date, date] | None:
        p = Point(gran, y, sub)
        start, after = first_day(p), first_day(shift(p, 1))
        return None if start is None or after is None else (start, after - timedelta(days=1))
    return span


def _ordinal_quarter(word: str) -> int | None:
    return {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(word)


def looks_back(g: Groups) -> bool:
    """A comparison with the year before ("the year-ago quarter"): not a new reference time."""
    adj = word_of(g, "adj")
    return "ago" in adj or "earlier" in adj or bool(g.get("ly"))


def quarter(rule: str, g: Groups, ctx: Context, tense: TenseFn) -> Point | None:
    """Quarters and halves, numbered ("the third quarter of 1984", "Q3") or by reference ("the latest
    quarter", "the year-ago period", "this year's second quarter")."""
    anchor = ctx.anchor
    unit = word_of(g, "unit")
    gran: Gran = "H" if unit == "half" else "Q"
    adjs = set(re.split(r"[\s-]+", word_of(g, "adj"))) if g.get("adj") else set()
    back = bool({"year-ago", "ago", "year-earlier", "earlier"} & adjs) or bool(g.get("ly"))
    last_q = ctx.last_exact(gran) or shift(ctx.here(gran), -1)
    if rule in ("quarter", "quarter_code"):
        word = word_of(g, "ord")
        n = int(g.get("q") or g.get("q2") or 0) or _ordinal_quarter(word)
        year_word = g.get("year") or g.get("year2")
        year = year_of(year_word, anchor) if year_word else None
        rel2 = word_of(g, "rel2")
        if year is None and rel2 and anchor:
            year = anchor.year + {"last": -1, "next": 1}.get(rel2, 0)
        if n is None:  # "last"/"final"
            if year is None:
                return shift(ctx.here(gran), -1)
            n = 4 if gran == "Q" else 2
        if gran == "H" and n > 2:
            return None
        if year is None:
            # Results are announced after a quarter closes: a future clause still means a quarter that
            # ended in the last two months ("will report third-quarter results" in late October).
            t = tense()
            if t == "future" and anchor is not None:
                year = pick_year(anchor - timedelta(days=60), _quarter_span(n, gran), "", "future", "future")
            else:
                year = pick_year(anchor, _quarter_span(n, gran), "", None, "past")
        p = Point(gran, year, n)
        return shift(p, -1, "Y") if back else p
    if rule == "quarter_poss":
        rel = word_of(g, "rel")
        n = _ordinal_quarter(word_of(g, "ord")) or last_q.sub
        if rel.startswith("fiscal"):
            year = year_of(g.get("year") or "", anchor)
        else:
            year = None if anchor is None else anchor.year + {"last": -1, "next": 1, "the previous": -1}.get(rel, 0)
        return Point(gran, year, n)
    if rule == "period_year":
        year = year_of(g.get("year") or "", anchor)
        if unit in ("quarter", "period") and (q := ctx.last_exact("Q")) is not None:
            return Point("Q", year, q.sub)
        return Point("Y", year)
    if rule in ("period_that", "quarter_bare"):
        det = word_of(g, "det") or word_of(g, "rel")
        if det == "a":
            return None
        return ctx.here("Q") if det == "this" else last_q
    # period_rel
    if unit in ("year", "fiscal year"):
        if "latest" in adjs or "previous" in adjs or "prior" in adjs:
            base = shift(ctx.here("Y"), -1)
        else:
            base = ctx.here("Y")
    elif unit in ("month", "week"):
        g2: Gran = "M" if unit == "month" else "W"
        base = ctx.reference(g2) if {"same", "comparable", "corresponding"} & adjs else shift(ctx.here(g2), -1)
    elif unit == "period":
        base = ctx.last_exact("Q") or ctx.last_exact("H") or ctx.last_exact("Y") or shift(ctx.here("Q"), -1)
    elif "current" in adjs:
        base = ctx.here(gran)
    elif {"latest", "recent", "just-ended"} & adjs:
        completed = shift(ctx.here(gran), -1)  # the latest quarter is one that has closed
        mentioned, closed = first_day(last_q), first_day(completed)
        base = last_q if mentioned and closed and mentioned <= closed else completed
    else:
        base = last_q
    if g.get("year"):
        base = Point(base.gran, year_of(g.get("year") or "", anchor), base.sub, base.day)
    return shift(base, -1, "Y") if back else base


def season(g: Groups, rel: str, anchor: date | None, tense: TenseFn, ref_year: Point) -> Point | None:
    index = ("SP", "SU", "FA", "WI").index(lx.SEASONS[word_of(g, "season")]) + 1
    if g.get("year"):
        return Point("S", year_of(g.get("year") or "", anchor), index)
    if not rel and g.get("pre") is None:
        return None
    if anchor is None:
        return Point("S", None, index)
    if rel == "that":
        return Point("S", ref_year.year, index)
    if rel == "this":
        here = at(anchor, "S")
        return here if here.sub == index else Point("S", anchor.year - (index == 4 and anchor.month <= 2), index)
    t = tense()
    r = rel if rel in _BACK or rel in _FORWARD else ""
    default = "past" if rel in ("the", "early", "late", "mid") else "nearest"
    year = pick_year(anchor, _quarter_span(index, "S"), r, t if t in ("past", "future") else None, default)
    return Point("S", year, index)
