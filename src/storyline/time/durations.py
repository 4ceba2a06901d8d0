"""Normalizing lengths, repetitions and the TimeML references: "three days" -> P3D, "every week" -> SET P1W,
"2 1/2 years" -> P2Y6M, "recently" -> PAST_REF.

These need no anchor; `normalize` hands each candidate of these rules here.
"""

from __future__ import annotations

import re
from fractions import Fraction

from storyline.model import TimexType
from storyline.time import lexicon as lx
from storyline.time.numbers import parse_number
from storyline.time.recognize import Candidate

Result = tuple[TimexType, str, str | None]

# A unit, the next smaller one and how many of those make it: what 2 1/2 years is written in (P2Y6M).
_SMALLER: dict[str, tuple[str, int]] = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24),
                                        "TH": ("TM", 60), "TM": ("TS", 60), "Q": ("M", 3)}
_VAGUE = {q.replace(" of", "") for q in lx.VAGUE_QUANTITIES} | set(lx.VAGUE_QUANTITIES)


def unit_code(word: str) -> str | None:
    return lx.UNITS.get(" ".join(word.lower().split()).removeprefix("fiscal ").strip())


def quantity(num: str | None) -> Fraction | None:
    """The number of a quantity phrase, None for a vague one ("several")."""
    if num is None:
        return Fraction(1)
    key = " ".join(num.lower().split())
    if key in _VAGUE:
        return None
    return parse_number(key)


def length(n: Fraction | None, code: str) -> str:
    """A TIMEX3 duration: n units of `code` (None: an unknown number)."""
    if code == "2W":
        code, n = "W", None if n is None else n * 2
    if code == "WE":
        code, n = "D", None if n is None else n * 2
    if code in lx.UNIT_YEARS:
        code, n = "Y", None if n is None else n * lx.UNIT_YEARS[code]
    if code in lx.UNIT_MONTHS:
        code, n = "M", None if n is None else n * lx.UNIT_MONTHS[code]
    clock = code.startswith("T")
    letter = code[-1]
    if n is None:
        return f"PTX{letter}" if clock else f"PX{letter}"
    whole = int(n)
    rest = n - whole
    out = f"{whole}{letter}" if whole else ""
    if rest:
        small = _SMALLER.get(code)
        if small and (rest * small[1]).denominator == 1:
            sub = f"{int(rest * small[1])}{small[0][-1]}"
            if small[0].startswith("T") and not clock:
                return f"P{out}T{sub}"
            out += sub
        else:
            out = f"{float(n):g}{letter}"
    return f"PT{out}" if clock else f"P{out or '0' + letter}"


def approx_mod(mod: str | None) -> str | None:
    if mod is None:
        return None
    return lx.APPROX_MODS.get(" ".join(mod.lower().split()))


def _counted_before(text: str, start: int) -> bool:
    """Whether "a year" follows a quantity ("$2 million a year", "four flights a week"): then it is the unit
    of a rate, a measure rather than a time ("per hour" in "miles per hour"), which TempEval-3's annotators
    mostly leave untagged."""
    window = text[max(0, start - 40):start]
    window = re.split(r"[.;:!?]\s", window)[-1]
    before = window.lower().split()
    if not before:
        return False
    if before[-1] in ("in", "within", "for", "after", "over", "than", "of", "about", "nearly", "almost",
                      "during", "at", "by", "until", "to", "just", "only", "barely", "least", "around", "past",
                      "last", "next", "first", "once", "twice", "but", "and", "or", "then"):
        return before[-1] in ("once", "twice")
    return any(any(ch.isdigit() for ch in w) or w in ("million", "billion", "thousand", "hundred", "dozen",
                                                    "times", "percent")
               or (w in lx.NUMBER_WORDS and w not in ("a", "an")) for w in before[-4:])


def duration(c: Candidate, text: str) -> Result | None:
    g = c.groups
    code = unit_code(g.get("unit") or "")
    if code is None:
        return None
    num = g.get("num")
    n = quantity(num)
    if n is None and num and parse_number(num) is None and " ".join(num.lower().split()) not in _VAGUE:
        return None
    if n is not None and g.get("half"):
        n += Fraction(1, 2)
    if code == "Q" and n is not None and n <= 3 and re.match(r"\s+of\b", text[c.end:c.end + 5]):
        return None  # "a quarter of the market", "three-quarters of its food"
    mod = approx_mod(c.mod) or ("APPROX" if g.get("orso") else None)
    if (num or "").lower() in ("a", "an") and not g.get("det") and not g.get("rel") and c.mod is None \
            and _counted_before(text, c.start):
        return None
    if (g.get("rel") or "").lower() in ("same",) and n is None:
        return None
    return "DURATION", length(n, code), mod


def duration_range(c: Candidate) -> Result | None:
    code = unit_code(c.groups.get("unit") or "")
    return None if code is None else ("DURATION", length(None, code), approx_mod(c.mod))


def duration_half(c: Candidate) -> Result | None:
    code = unit_code(c.groups.get("unit") or "")
    return None if code is None else ("DURATION", length(Fraction(1, 2), code), None)


def duration_long(c: Candidate) -> Result | None:
    word = (c.groups.get("unit") or "").lower()
    code = unit_code(word)
    if code is None:
        return None
    return "DURATION", length(None if word.endswith("s") else Fraction(1), code), None


def vague_plural(c: Candidate) -> Result | None:
    """"for years", "within weeks", "the weeks ahead": an unknown number of them."""
    code = unit_code(c.groups.get("unit") or "")
    return None if code is None else ("DURATION", length(None, code), None)


def vague_length(c: Candidate) -> Result | None:
    """"a while", "some time", "a long period": a length of unknown unit."""
    return "DURATION", "PXX", None


def vague_period(c: Candidate) -> Result | None:
    rel = (c.groups.get("rel") or "").lower()
    if rel in ("recent", "past", "intervening"):
        return "DATE", "PAST_REF", None
    return "DATE", "FUTURE_REF", None


def set_every(c: Candidate) -> Result | None:
    g = c.groups
    n = quantity(g.get("num")) or Fraction(1)
    if g.get("other"):
        n *= 2
    if g.get("unit"):
        code = unit_code(g["unit"] or "")
        return None if code is None else ("SET", length(n, code), None)
    if g.get("wd"):
        return "SET", f"XXXX-WXX-{lx.WEEKDAYS[(g['wd'] or '').lower().rstrip('.')]}", None
    if g.get("mon"):
        return "SET", f"XXXX-{lx.MONTHS[(g['mon'] or '').lower().rstrip('.')]:02d}", None
    if g.get("season"):
        return "SET", f"XXXX-{lx.SEASONS[(g['season'] or '').lower()]}", None
    if g.get("pod"):
        return "SET", f"XXXX-XX-XXT{lx.PARTS_OF_DAY[(g['pod'] or '').lower()]}", None
    return None


def set_times(c: Candidate) -> Result | None:
    code = unit_code(c.groups.get("unit") or "")
    return None if code is None else ("SET", length(Fraction(1), code), None)


def set_freq(c: Candidate) -> Result | None:
    value = lx.FREQUENCY_WORDS.get((c.groups.get("word") or "").lower())
    return None if value is None else ("SET", value, None)


def weekday_set(c: Candidate) -> Result | None:
    wd = lx.WEEKDAYS[(c.groups.get("wd") or "").lower()]
    pod = (c.groups.get("pod") or "").lower().rstrip("s")
    return "SET", f"XXXX-WXX-{wd}" + (f"T{lx.PARTS_OF_DAY[pod]}" if pod else ""), None


def reference(c: Candidate) -> Result | None:
    ref = " ".join((c.groups.get("ref") or "").lower().replace("’", "'").split())
    value = lx.REFERENCES.get(ref)
    return None if value is None else ("DATE", value, None)


def reference_adj(c: Candidate) -> Result | None:
    adj = (c.groups.get("adj") or "").lower()
    return "DATE", {"current": "PRESENT_REF", "recent": "PAST_REF"}.get(adj, "PAST_REF"), None  # then-current
