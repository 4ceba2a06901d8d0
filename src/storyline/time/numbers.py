"""Numbers written in digits or words, as exact fractions ("two and a half" -> 5/2, "2 1/2" -> 5/2)."""

from __future__ import annotations

import re
from fractions import Fraction

from storyline.time import lexicon as lx

_WORD = re.compile(r"[a-z]+")


def parse_number(text: str) -> Fraction | None:
    """The quantity a number phrase names; None for a vague one ("several") or anything unreadable."""
    t = " ".join(text.lower().replace("-", " ").split())
    if not t:
        return None
    half = Fraction(0)  # "and a half" at the end
    for tail in (" and a half", " and one half"):
        if t.endswith(tail):
            t, half = t[: -len(tail)], Fraction(1, 2)
    if t in ("a half", "half a", "half an", "half"):
        return Fraction(1, 2)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/([1-9]))?", t)
    if m:
        value = Fraction(m.group(1))
        if m.group(2):
            value += Fraction(int(m.group(2)), int(m.group(3)))
        return value + half
    m = re.fullmatch(r"(\d)/([1-9])", t)
    if m:
        return Fraction(int(m.group(1)), int(m.group(2)))
    if t in lx.NUMBER_WORDS:
        return Fraction(lx.NUMBER_WORDS[t]) + half
    total, current = 0, 0
    for word in _WORD.findall(t):
        if word == "and":
            continue
        if word in lx.MULTIPLIERS:
            current = max(current, 1) * lx.MULTIPLIERS[word]
            if word == "thousand":
                total, current = total + current, 0
        elif word in lx.NUMBER_WORDS and word not in ("a", "an"):
            current += lx.NUMBER_WORDS[word]
        elif word in ("a", "an") and current == 0:
            current = 1
        else:
            return None
    whole = total + current
    return Fraction(whole) + half if whole or half else None


def parse_year_words(text: str) -> int | None:
    """A year said in words: "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    words = text.lower().replace("-", " ").split()
    if len(words) >= 2 and words[0] in ("nineteen", "eighteen", "twenty") and words[1] != "thousand":
        century = lx.NUMBER_WORDS[words[0]] * 100
        rest = [w for w in words[1:] if w != "oh"]
        if rest == ["hundred"]:
            return century
        n = parse_number(" ".join(rest))
        return century + int(n) if n is not None and n < 100 else None
    n = parse_number(text)
    return int(n) if n is not None and n.denominator == 1 and 1000 <= n < 2100 else None
