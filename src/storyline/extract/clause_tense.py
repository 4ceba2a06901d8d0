"""The tense of the clause around a span, read off the parse: what "on Tuesday" needs to find its Tuesday."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from storyline.extract.parsed import Parsed

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_PROSPECTIVE = frozenset({"plan", "expect", "intend", "hope", "aim", "schedule", "want", "seek", "prepare", "vow",
                          "promise", "pledge", "threaten", "agree", "decide"})
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "xcomp", "csubj", "acl", "parataxis", "pcomp"})


def _clause_head(parsed: Parsed, i: int) -> int:
    """The verb heading the clause that token `i` belongs to (or the sentence root)."""
    tokens = parsed.tokens
    seen = 0
    while seen < 50:
        t = tokens[i]
        if t.pos in ("VERB", "AUX") and (t.dep in _CLAUSE_DEPS or t.head == i):
            return i
        if t.head == i:
            return i
        i = t.head
        seen += 1
    return i


def clause_tense(parsed: Parsed, i: int) -> str | None:
    """"past", "present" or "future" for the clause holding token `i`; None when the parse does not say."""
    tokens = parsed.tokens
    head = _clause_head(parsed, i)
    verb = tokens[head]
    aux = [tokens[c] for c in parsed.children(head) if tokens[c].dep in ("aux", "auxpass")]
    lowered = {a.text.lower() for a in aux}
    if lowered & _FUTURE_AUX:
        return "future"
    if any(a.lemma == "go" and a.tag == "VBG" for a in aux) or (verb.lemma == "go" and verb.tag == "VBG"):
        return "future"  # "is going to visit"
    if verb.dep == "xcomp" and verb.head != head:
        # "is going to visit", "plans to meet": the governing verb looks ahead; otherwise its tense holds
        governor = tokens[verb.head]
        if governor.lemma in _PROSPECTIVE or (governor.lemma == "go" and governor.tag == "VBG"):
            return "future"
        return clause_tense(parsed, verb.head)
    if verb.tense == "Past" or any(a.tense == "Past" for a in aux):
        return "past"
    if verb.tag in ("VBZ", "VBP") or any(a.tag in ("VBZ", "VBP") for a in aux):
        return "present"
    if verb.tag == "VBN" and not aux:
        return "past"  # a reduced passive: "fishermen seized by the coastguard"
    return None


def tense_lookup(parsed: Parsed) -> Callable[[int, int], str | None]:
    """`tense_at(start, end)` over character offsets, as `storyline.time.find_timexes` takes it."""
    starts = [t.start for t in parsed.tokens]

    def tense_at(start: int, _end: int) -> str | None:
        if not starts:
            return None
        i = max(0, bisect_right(starts, start) - 1)
        return clause_tense(parsed, i)

    return tense_at
