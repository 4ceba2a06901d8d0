"""Reading one claim's words: what its numbers count, what it is about, and which way it answers a question.

Pure functions over text, offsets and the lexicon (`claim_lexicon.json`); no spaCy. `claims` calls them when it
builds records from a document, `claims_conflicts` when it compares records.

A number's measure comes from the words of its own clause (cut at commas, "and", "when", …):

- an outcome named after it wins: "five of the abductees are alive" → alive, "12 remain unaccounted for";
- else a verb just before it: "returned five" → returned, "abducted 13" → abducted;
- else a total named after it: "17 abductees", "13 kidnappings", "only 13 had been abducted" → abducted;
- a part ("five of the abductees") counts only an outcome, and the whole of a part ("five of the 13") only a
  total named after it, so the 13 there is no count of anything;
- "more than the 17", "around 1,200" are hedged, and "the 10 people Japan recognises" in someone else's claim
  is Japan's number, not theirs: neither is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from storyline.model import Mention
from storyline.resolve.claims_lexicon import LEXICON, Frame

__all__ = ["Stance", "Tok", "main_subject", "measure_label", "measure_of", "split_measure", "stance_of", "tokens"]

_TOKEN = re.compile(r"\d[\d,.]*\d|\w+(?:['’]\w+)*|[^\w\s]")
_ISSUE = re.compile(r"\b([\w'-]+)\s+(?:" + "|".join(sorted(LEXICON.issue_nouns)) + r")\b")
_PARTS = frozenset({"the", "these", "those", "them", "all"})


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    low: str


def tokens(text: str, lo: int = 0, hi: int | None = None) -> list[Tok]:
    """Words and punctuation of `text[lo:hi]`, lower case, with offsets into `text`."""
    hi = len(text) if hi is None else hi
    return [Tok(m.start() + lo, m.end() + lo, m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text[lo:hi])]


# -- numbers --------------------------------------------------------------------------------------------


def split_measure(counted: str) -> tuple[str, str | None]:
    """("abducted", "Japan") from "abducted|Japan"; the measure and the people counted, when named."""
    measure, _, who = counted.partition("|")
    return measure, who or None


def measure_label(measure: str) -> str | None:
    """"how many people were abducted"; None for a counted noun that is no known measure."""
    return LEXICON.measures.labels.get(measure)


def _is_number(tok: Tok, numbers: Sequence[tuple[int, int]]) -> bool:
    return tok.low[:1].isdigit() or any(s < tok.end and tok.start < e for s, e in numbers)


def _opens_part(right: Sequence[Tok]) -> bool:
    """The words so far are "of" or "of the": the next number is the whole this one is part of."""
    return bool(right) and right[0].low == "of" and len(right) <= 2 and all(t.low in _PARTS or t.low == "of" for t in right)


def _owner(window: Sequence[Tok], mentions: Sequence[Mention]) -> str | None:
    """The name whose number this is when the clause says so ("the 10 people Japan recognises")."""
    for prev, tok in pairwise(window):
        if tok.low in LEXICON.measures.owners:
            for m in mentions:
                if m.type != "NORP" and m.start <= prev.start and prev.end <= m.end:
                    return m.canonical
    return None


def _outcome(right: Sequence[Tok]) -> str | None:
    joined = " " + " ".join(t.low for t in right) + " "
    best: tuple[int, int, str] | None = None
    for measure, phrases in LEXICON.measures.outcomes:
        for phrase in phrases:
            at = joined.find(f" {phrase} ")
            if at >= 0 and (best is None or (at, -len(phrase)) < (best[0], best[1])):
                best = (at, -len(phrase), measure)
    return best[2] if best else None


def _just_before(left: Sequence[Tok], words: dict[str, frozenset[str]]) -> str | None:
    near = [t.low for t in left[-2:]]
    if len(near) == 2 and near[1] in _PARTS:
        near = near[:1]
    elif near:
        near = near[-1:]
    for measure, forms in words.items():
        if near and near[0] in forms:
            return measure
    return None


def _total_after(right: Sequence[Tok]) -> str | None:
    for measure, forms in LEXICON.measures.totals.items():
        if any(t.low in forms for t in right):
            return measure
    return None


def measure_of(text: str, lo: int, hi: int, q_start: int, q_end: int, numbers: Sequence[tuple[int, int]],
               mentions: Sequence[Mention], source: str | None) -> str | None:
    """What the number at `q_start:q_end` counts within the claim `text[lo:hi]`: "abducted|Japan", "dead", …

    `numbers` are the spans of the other numbers (words like "five" included); None when it counts nothing the
    lexicon knows, is hedged, or is someone else's figure."""
    ms = LEXICON.measures
    toks = tokens(text, lo, hi)
    inside = [i for i, t in enumerate(toks) if t.start < q_end and q_start < t.end]
    if not inside:
        return None
    left: list[Tok] = []
    i = inside[0] - 1
    while i >= 0 and toks[i].low not in ms.boundaries:
        left.insert(0, toks[i])
        i -= 1
    right: list[Tok] = []
    for t in toks[inside[-1] + 1:]:
        if t.low in ms.boundaries or len(right) >= ms.max_right:
            break
        if _is_number(t, numbers) and not _opens_part(right):
            break
        right.append(t)
    if any(t.low in ms.hedges for t in left[-2:]):
        return None
    owner = _owner([*left, *right], mentions)
    if owner is not None and owner != source:
        return None
    near = left[-ms.max_left:]
    of_at = len(left) - (2 if len(left) >= 2 and left[-1].low in _PARTS else 1)
    whole_of_part = of_at >= 1 and left[of_at].low == "of" and _is_number(left[of_at - 1], numbers)
    if whole_of_part:
        measure = _total_after(right)
    else:
        part = bool(right) and right[0].low == "of"
        measure = _outcome(right) or _just_before(near, ms.left_outcomes)
        if measure is None and not part:
            measure = _just_before(near, ms.totals) or _total_after(right)
    if measure is None:
        return None
    head = right[:3]
    who = next((m.canonical for m in mentions if m.type in ("NORP", "GPE") and head
                and head[0].start <= m.start and m.end <= head[-1].end), None)
    return f"{measure}|{who}" if who else measure


# -- subjects and stances -------------------------------------------------------------------------------


def main_subject(text: str) -> str | None:
    """The subject key the text names most ("abduction"); ties go to the lexicon's order."""
    counts = Counter(LEXICON.subjects[t.low] for t in tokens(text) if t.low in LEXICON.subjects)
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], -LEXICON.subject_order.index(k)))


def _subject(frame: Frame, words: Sequence[str], low: str, issue: str | None) -> str | None:
    if frame.subject:
        return frame.subject
    for m in _ISSUE.finditer(low):
        word = m.group(1)
        if word not in LEXICON.issue_skip and not word.endswith("'s"):
            return LEXICON.subjects.get(word, word)
    for w in words:
        if w in LEXICON.subjects:
            return LEXICON.subjects[w]
    if issue and any(w in frame.generic for w in words):
        return issue
    return None


@dataclass(frozen=True, slots=True)
class Stance:
    """How a claim answers a frame's question: `topic` is the key ("abduction issue:settled?")."""

    frame: str
    topic: str
    about: str
    yes: bool


def _spans(patterns: Sequence[re.Pattern[str]], s: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(s)]


def stance_of(cue: str, text: str, issue: str | None) -> Stance | None:
    """The first frame the claim answers, and its answer; None when it answers none, or both ways at once."""
    low = " ".join(text.lower().replace("’", "'").split())
    s = f"{' '.join(cue.lower().split())} :: {low}"
    words = [t.low for t in tokens(low)]
    for frame in LEXICON.frames:
        if frame.needs is not None and not frame.needs.search(low):
            continue
        yes, no = _spans(frame.yes, s), _spans(frame.no, s)
        free = [y for y in yes if not any(n[0] < y[1] and y[0] < n[1] for n in no)]
        if not free and not no:
            continue
        if free and no:
            return None
        subject = _subject(frame, words, low, issue)
        if subject is None:
            continue
        return Stance(frame.name, frame.key.format(subject=subject), frame.label.format(subject=subject), bool(free))
    return None
