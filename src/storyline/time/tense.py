"""A guess at the tense of the clause around a time expression, from the words near it, for when no parser
says.

The nearest cue wins, with a future modal ("will", "'ll", "shall", "going to", "plans to") before the
expression in the same clause beating a nearer past participle ("will be completed Tuesday"). No cue at all
gives None, and each kind of expression then falls back on its own default (news reports the past).
"""

from __future__ import annotations

import re

from storyline.time import lexicon as lx

Tense = str  # "past" | "present" | "future"

_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_CLAUSE_BREAK = re.compile(r"[,\"“”]|--|\s_\s")
_WINDOW = 12  # words either side
_MODAL_WINDOW = 20  # words back to a governing "will"


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = m.end()
    after = _SENTENCE_END.search(text, end)
    return left, (after.start() + 1 if after else len(text))


def _cue(words: list[str], i: int) -> str | None:
    """The tense word i points to, looking at its neighbours for "going to" and "plans to"."""
    w = words[i].lower().replace("’", "'")
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    prev = words[i - 1].lower() if i > 0 else ""
    if w in ("will", "shall", "wo", "would") or w.endswith("'ll"):
        return "future"
    if w in lx.FUTURE_INFINITIVE_CUES and nxt == "to":
        # "had been due to expire" looks forward from a moment now past
        return "past" if prev in ("had", "been") and w not in ("is", "are") else "future"
    if w in ("next", "tomorrow", "upcoming"):
        return "future"
    if w in lx.PAST_CUES:
        return "past"
    if w.endswith("ed") and len(w) >= 4 and w not in lx.NOT_PAST_ED:
        if prev in ("be", "been", "being", "will", "to"):
            return None
        return "past"
    if w in lx.PRESENT_CUES:
        return "present"
    return None


def guess_tense(text: str, start: int, end: int) -> Tense | None:
    """"past", "present" or "future" for the clause around text[start:end], or None with no cue."""
    s, e = _sentence(text, start, end)
    before = [(m.start(), m.group()) for m in _WORD.finditer(text, s, start)]
    after = [(m.start(), m.group()) for m in _WORD.finditer(text, end, e)]
    words = [w for _, w in before] + ["<T>"] + [w for _, w in after]
    pivot = len(before)
    # A future modal earlier in the same clause governs the expression.
    for k in range(pivot - 1, max(-1, pivot - 1 - _MODAL_WINDOW), -1):
        between = text[before[k][0]:start]
        if _CLAUSE_BREAK.search(between) and k < pivot - 1:
            break
        if _cue(words, k) == "future":
            return "future"
    for d in range(1, _WINDOW + 1):
        for k in (pivot - d, pivot + d):
            if 0 <= k < len(words) and k != pivot:
                cue = _cue(words, k)
                if cue:
                    return cue
    return None
