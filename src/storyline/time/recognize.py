"""Finding time expressions: every rule of `patterns` run over the text, the readings that are plainly not
time taken out, modifiers in front taken in, and the longest of overlapping matches kept.

What the words mean is `normalize`'s job; this module only says where an expression is and which rule found
it, with the rule's groups and the modifier phrase ("late", "the end of", "nearly") in front of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from storyline.time import lexicon as lx
from storyline.time import patterns as pt

# No expression starts inside a word ("know" is not "now").
_COMPILED: Final = tuple((name, re.compile(r"(?<!\w)" + p, re.IGNORECASE)) for name, p in pt.RULES)
_RANK: Final = {name: i for i, (name, _) in enumerate(pt.RULES)}

_PART_MOD = re.compile(
    rf"(?:(?<=[\s(\"“‘'-])|^)(?P<mod>(?:the\s+)?(?:very\s+)?{pt.alt(lx.PART_MODS)}(?:\s+(?:of|in))?"
    rf"|the\s+(?:first|second|last|latter)\s+half\s+of)(?:\s+|-\s*)$", re.IGNORECASE)
_APPROX_MOD = re.compile(rf"(?:(?<=[\s(\"“‘'-])|^)(?P<mod>{pt.alt(lx.APPROX_MODS)})\s+$", re.IGNORECASE)

_COUNT_NOUNS: Final = re.compile(rf"\s+{pt.alt(lx.COUNT_NOUNS)}\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch text[start:end] that rule `rule` read as time; `mod` is the modifier phrase it begins with."""

    start: int
    end: int
    rule: str
    groups: dict[str, str | None] = field(default_factory=dict)
    mod: str | None = None


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)[\s\-]*$", text[max(0, start - 30):start])
    return m.group(1) if m else ""


def _capitalized(word: str | None) -> bool:
    return word is not None and word[:1].isupper()


_NAMED_WORDS: Final = frozenset(w for w in [*lx.MONTHS, *lx.WEEKDAYS, "est", "edt", "gmt", "utc", "cst", "cdt",
                                            "pst", "pdt", "a.m.", "p.m.", "q1", "q2", "q3", "q4", "fy"])
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?:;\"“”'‘’`(\[_-]\s*|\n\s*)$")


def sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 6):start]))


def _looks_like_a_name(rule: str, text: str, start: int, end: int) -> bool:
    """A capitalized time word inside a sentence is a title or a name: "ABC's This Week", "60 Minutes",
    "VOA Today", "the Korea JoongAng Daily"."""
    if rule in pt.NAME_RULES:
        return False
    for m in re.finditer(r"[A-Za-z][A-Za-z.']*", text[start:end]):
        w = m.group()
        if not w[:1].isupper() or w.lower().rstrip(".") in _NAMED_WORDS or w.lower() in _NAMED_WORDS:
            continue
        if m.start() > 0 or not sentence_initial(text, start):
            return True
    return False


def _accept(rule: str, g: dict[str, str | None], text: str, start: int, end: int) -> bool:
    """Context checks that need no anchor: names that are common words, numbers that are not years."""
    if _looks_like_a_name(rule, text, start, end):
        return False
    for key in ("mon", "tmon"):
        mon = g.get(key)
        if mon is not None and not _capitalized(mon):
            return False
    for key in ("wd", "twd"):
        wd = g.get(key)
        if wd is not None and (not _capitalized(wd) or (
                wd.lower().rstrip(".") not in lx.WEEKDAY_FULL and not wd.endswith("."))):
            return False
    if rule in ("date_dm", "date_md", "date_md_and") and (g.get("mon") or "").lower().rstrip(".") \
            in lx.AMBIGUOUS_MONTHS:
        return _capitalized(g.get("mon"))
    if rule == "month":
        return _bare_month_ok(g, text, start)
    if rule == "year":
        return _year_ok(g, text, start, end)
    if rule == "holiday":
        return _capitalized(g.get("hol"))
    if rule in ("duration", "ago"):
        num = (g.get("num") or "").lower()
        unit = (g.get("unit") or "").lower()
        if num in ("a", "an") and unit in ("second", "sec", "min", "minute"):
            return unit == "minute"
        if (g.get("long") or "").lower() == "old":
            return False
        if num in ("some", "many") and g.get("det") is None and rule == "duration":
            return unit.endswith("s")
    if rule == "ref":
        return _ref_ok((g.get("ref") or "").lower(), text, start, end)
    # "a fiscal year", "a calendar year": any such year, not one on the calendar
    return not (rule in ("period_rel", "rel_unit", "the_unit") and re.search(r"\ban?\s+$", text[max(0, start - 3):start]))


def _bare_month_ok(g: dict[str, str | None], text: str, start: int) -> bool:
    mon = g.get("mon") or ""
    key = mon.lower().rstrip(".")
    if key not in lx.MONTHS or (len(key) <= 4 and key not in ("may", "june", "july") and not mon.endswith(".")):
        return False
    if g.get("rel") or key not in lx.AMBIGUOUS_MONTHS:
        return True
    previous = _previous_word(text, start).lower()
    if previous == "the":  # "the March accession", but not "the March for Life"
        return bool(re.match(r"\s+(?!(?:for|of|on|to|against|in|from|through|across)\b)[a-z]",
                             text[start + len(mon):start + len(mon) + 12]))
    return previous in lx.MONTH_CONTEXT


def _year_ok(g: dict[str, str | None], text: str, start: int, end: int) -> bool:
    year = int(g.get("year") or 0)
    if g.get("pre") is None and text[max(0, start - 9):start].lower().strip() != "the year":
        if year < 1900:
            return False
        prev = _previous_word(text, start)
        if (_capitalized(prev) and prev.lower() not in lx.YEAR_NEIGHBOURS and prev.lower() not in lx.MONTHS
                and not sentence_initial(text, text.rfind(prev, 0, start))):
            return False
    if re.match(r"-\d|\s*(?:to|-)\s*\d{4}\s+(?:shares|people)", text[end:end + 12]):
        return False
    if text[max(0, start - 4):start].lower().endswith(("no. ", "#")):
        return False
    return not _COUNT_NOUNS.match(text, end)


def _ref_ok(ref: str, text: str, start: int, end: int) -> bool:
    after = text[end:end + 12].lower()
    before = text[max(0, start - 4):start].lower()
    if ref == "soon":
        return not (before.endswith("as ") or re.match(r"\s+(?:as|after|before|thereafter|afterward)\b", after))
    if ref in ("the future", "the past", "the present"):
        return not re.match(r"\s+(?:of|tense)\b", after)
    if ref == "now":
        return not re.match(r"-|\s+(?:defunct)\b", after)
    return True


def _candidates(text: str) -> list[Candidate]:
    found = []
    for name, rx in _COMPILED:
        for m in rx.finditer(text):
            start, end = m.span()
            groups = m.groupdict()
            if groups.get("pre") is not None:
                start = m.end("pre")
            if groups.get("post") is not None:
                end = m.start("post")
            while end > start and text[end - 1] in " ,\n\t":
                end -= 1
            if end <= start or not _accept(name, groups, text, start, end):
                continue
            if name == "ago" and _length_with_signal(groups):
                name, end = "duration", m.end("unit")
            if name in ("duration", "quarter") and groups.get("det") and not groups.get("rel"):
                first = "num" if name == "duration" else "ord"
                if "-" in text[m.end(first):m.start("unit")]:
                    start = m.start(first)  # a modifier: "a [two-year] contract", "a [third-quarter] loss"
            found.append(_with_modifier(Candidate(start, end, name, groups), text))
    return found


def _length_with_signal(g: dict[str, str | None]) -> bool:
    """"three days later", "an hour earlier": TimeML tags the length and leaves "later" as a signal; only
    the longer units ("a year earlier") make a date of it, as news comparisons do."""
    unit = lx.UNITS.get((g.get("unit") or "").lower())
    return (g.get("dir") or "").lower() in ("earlier", "later") and unit in lx.SIGNAL_UNITS


def _with_modifier(c: Candidate, text: str) -> Candidate:
    """Take in a modifier right in front: "late" + "May", "nearly" + "two years"."""
    before = text[max(0, c.start - 30):c.start]
    if c.rule in pt.POINT_RULES and (m := _PART_MOD.search(before)):
        return Candidate(c.start - len(before) + m.start("mod"), c.end, c.rule, c.groups, m.group("mod"))
    if c.rule in pt.BOUNDED_RULES and (m := _APPROX_MOD.search(before)):
        mod = " ".join(m.group("mod").lower().split())
        if mod in ("some", "over", "under", "within") and c.rule not in ("duration", "duration_range"):
            return c
        if mod in ("over", "under", "within", "some") and (c.groups.get("det") or c.groups.get("rel")):
            return c  # "over the past two years": a preposition
        return Candidate(c.start - len(before) + m.start("mod"), c.end, c.rule, c.groups, mod)
    return c


def recognize(text: str) -> list[Candidate]:
    """Non-overlapping candidates in text order: the longest wins, then the earlier rule."""
    ranked = sorted(_candidates(text), key=lambda c: (-(c.end - c.start), _RANK[c.rule], c.start))
    taken: list[Candidate] = []
    used = bytearray(len(text) + 1)
    for c in ranked:
        if any(used[c.start:c.end]):
            continue
        used[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)
