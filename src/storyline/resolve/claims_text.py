"""Reading one claim's words: the clauses of its numbers, what those count, and which way it answers a question.

Pure functions over text, offsets, the grammar (`claims_lexicon`) and a story profile (`profile`); no spaCy.
`claims` calls `read_number` when it builds records from a document: that reading is the text's alone and is
stored. `claims_conflicts` calls `measure`, `main_subject` and `stance_of` with a profile when it compares
records, so another profile needs no new reading of the articles.

A number's measure comes from the words of its own clause (cut at commas, "and", "when", …):

- an outcome named after it wins: "five of the miners are alive" → alive, "12 remain missing";
- else a verb just before it: "released five" → released, "arrested 30" → arrested;
- else a total named after it: "17 deaths", "30 arrests", "only 13 had been arrested" → arrested;
- a part ("five of the miners") counts only an outcome, and the whole of a part ("five of the 13") only a
  total named after it, so the 13 there is no count of anything;
- "more than the 17", "around 1,200" are hedged, and "the 10 people the ministry lists" in someone else's claim
  is the ministry's number, not theirs: neither is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from storyline.model import ClaimNumber, Mention
from storyline.resolve.claims_lexicon import GRAMMAR
from storyline.resolve.profile import Frame, Profile

__all__ = ["Stance", "Tok", "main_subject", "measure", "measure_label", "measure_of", "read_number", "split_measure",
           "stance_of", "tokens"]

_TOKEN = re.compile(r"\d[\d,.]*\d|\w+(?:['’]\w+)*|[^\w\s]")
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


# -- numbers: reading (the text's) ----------------------------------------------------------------------


def split_measure(counted: str) -> tuple[str, str | None]:
    """("arrested", "France") from "arrested|France"; the measure and the people counted, when named."""
    measure, _, who = counted.partition("|")
    return measure, who or None


def _is_number(tok: Tok, numbers: Sequence[tuple[int, int]]) -> bool:
    return tok.low[:1].isdigit() or any(s < tok.end and tok.start < e for s, e in numbers)


def _opens_part(right: Sequence[Tok]) -> bool:
    """The words so far are "of" or "of the": the next number is the whole this one is part of."""
    return bool(right) and right[0].low == "of" and len(right) <= 2 and all(t.low in _PARTS or t.low == "of" for t in right)


def _owner(window: Sequence[Tok], mentions: Sequence[Mention]) -> str | None:
    """The name whose number this is when the clause says so ("the 10 people the ministry lists")."""
    for prev, tok in pairwise(window):
        if tok.low in GRAMMAR.numbers.owners:
            for m in mentions:
                if m.type != "NORP" and m.start <= prev.start and prev.end <= m.end:
                    return m.canonical
    return None


def read_number(text: str, lo: int, hi: int, q_start: int, q_end: int, numbers: Sequence[tuple[int, int]],
                mentions: Sequence[Mention], source: str | None, value: float, counted: str | None = None) -> ClaimNumber:
    """The number at `q_start:q_end` within the claim `text[lo:hi]`, with the words of its clause.

    `numbers` are the spans of the other numbers (words like "five" included). A hedged number, or one the
    clause gives to another name than `source`, keeps no words: no profile reads it as a count."""
    gr = GRAMMAR.numbers
    bare = ClaimNumber(value, text[q_start:q_end], counted)
    toks = tokens(text, lo, hi)
    inside = [i for i, t in enumerate(toks) if t.start < q_end and q_start < t.end]
    if not inside:
        return bare
    left: list[Tok] = []
    i = inside[0] - 1
    while i >= 0 and toks[i].low not in gr.boundaries:
        left.insert(0, toks[i])
        i -= 1
    right: list[Tok] = []
    for t in toks[inside[-1] + 1:]:
        if t.low in gr.boundaries or len(right) >= gr.max_right:
            break
        if _is_number(t, numbers) and not _opens_part(right):
            break
        right.append(t)
    if any(t.low in gr.hedges for t in left[-2:]):
        return bare
    owner = _owner([*left, *right], mentions)
    if owner is not None and owner != source:
        return bare
    near = left[-gr.max_left:]
    of_at = len(left) - (2 if len(left) >= 2 and left[-1].low in _PARTS else 1)
    whole = of_at >= 1 and left[of_at].low == "of" and _is_number(left[of_at - 1], numbers)
    head = right[:3]
    who = next((m.canonical for m in mentions if m.type in ("NORP", "GPE") and head
                and head[0].start <= m.start and m.end <= head[-1].end), None)
    return ClaimNumber(value, text[q_start:q_end], counted, tuple(t.low for t in near[-2:]),
                       tuple(t.low for t in right), whole, who)


# -- numbers: what they count (the profile's) -----------------------------------------------------------


def _outcome(profile: Profile, right: Sequence[str]) -> str | None:
    joined = " " + " ".join(right) + " "
    best: tuple[int, int, str] | None = None
    for name, phrases in profile.measures.outcomes:
        for phrase in phrases:
            at = joined.find(f" {phrase} ")
            if at >= 0 and (best is None or (at, -len(phrase)) < (best[0], best[1])):
                best = (at, -len(phrase), name)
    return best[2] if best else None


def _just_before(left: Sequence[str], words: dict[str, frozenset[str]]) -> str | None:
    near = list(left[-2:])
    if len(near) == 2 and near[1] in _PARTS:
        near = near[:1]
    elif near:
        near = near[-1:]
    for name, forms in words.items():
        if near and near[0] in forms:
            return name
    return None


def _total_after(profile: Profile, right: Sequence[str]) -> str | None:
    for name, forms in profile.measures.totals.items():
        if any(w in forms for w in right):
            return name
    return None


def measure(number: ClaimNumber, profile: Profile) -> str | None:
    """What the number counts under the profile: "arrested", "dead|France", "fine in euros"; else the
    extractor's counted noun (or, on claims stored before profiles, the measure read then)."""
    ms = profile.measures
    found: str | None
    if number.whole:
        found = _total_after(profile, number.after)
    else:
        part = bool(number.after) and number.after[0] == "of"
        found = _outcome(profile, number.after) or _just_before(number.before, ms.left_outcomes)
        if found is None and not part:
            found = _just_before(number.before, ms.totals) or _total_after(profile, number.after)
    unit = number.counted.lower() if number.counted and number.counted.lower() in ms.units else None
    if found is None or (found in ms.money and unit is None):
        return number.counted
    if unit is not None:
        found = f"{found} in {unit}"
    return f"{found}|{number.who}" if number.who else found


def measure_label(measure_name: str, profile: Profile) -> str | None:
    """"how many were arrested"; None for a counted noun that is no measure of the profile."""
    name, _, unit = measure_name.partition(" in ")
    label = profile.measures.labels.get(measure_name) or profile.measures.labels.get(name)
    if label is None:
        return None
    return f"{label} (in {unit})" if unit and measure_name not in profile.measures.labels else label


def measure_of(profile: Profile, text: str, lo: int, hi: int, q_start: int, q_end: int,
               numbers: Sequence[tuple[int, int]], mentions: Sequence[Mention], source: str | None) -> str | None:
    """What the number at `q_start:q_end` counts within the claim `text[lo:hi]` under the profile, from its
    words alone: "arrested|France", "dead", …; None when it counts nothing the profile knows, is hedged, or is
    someone else's figure."""
    return measure(read_number(text, lo, hi, q_start, q_end, numbers, mentions, source, 0.0), profile)


# -- subjects and stances -------------------------------------------------------------------------------


def main_subject(text: str, profile: Profile) -> str | None:
    """The subject key the text names most (ties go to the profile's order); with no subject word in it and
    `issue_phrases`, the word the text puts most often before an issue noun ("the tariff dispute" → tariff)."""
    counts = Counter(profile.subjects[t.low] for t in tokens(text) if t.low in profile.subjects)
    if counts:
        return max(counts, key=lambda k: (counts[k], -profile.subject_order.index(k)))
    if not profile.issue_phrases:
        return None
    low = " ".join(text.lower().replace("’", "'").split())
    phrases = Counter(w for w in (m.group(1) for m in profile.issue_pattern.finditer(low))
                      if w not in profile.issue_skip and not w.endswith("'s") and not w[:1].isdigit())
    if not phrases:
        return None
    return min(phrases, key=lambda w: (-phrases[w], w))


def _subject(profile: Profile, frame: Frame, words: Sequence[str], low: str,
             issue: Callable[[], str | None]) -> str | None:
    if frame.subject:
        return frame.subject
    for m in profile.issue_pattern.finditer(low):
        word = m.group(1)
        if word not in profile.issue_skip and not word.endswith("'s"):
            return profile.subjects.get(word, word)
    for w in words:
        if w in profile.subjects:
            return profile.subjects[w]
    if any(w in frame.generic for w in words):
        return issue()
    return None


@dataclass(frozen=True, slots=True)
class Stance:
    """How a claim answers a frame's question: `topic` is the key ("tariff:settled?")."""

    frame: str
    topic: str
    about: str
    yes: bool


def _spans(patterns: Sequence[re.Pattern[str]], s: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(s)]


def stance_of(profile: Profile, cue: str, text: str, issue: str | Callable[[], str | None] | None) -> Stance | None:
    """The first frame of the profile the claim answers, and its answer; None when it answers none, or both ways
    at once. `issue` is the document's main subject ("the matter", "them"), or how to find it when needed."""
    low = " ".join(text.lower().replace("’", "'").split())
    s = f"{' '.join(cue.lower().split())} :: {low}"
    words = [t.low for t in tokens(low)]
    subject_of_document = issue if callable(issue) else (lambda: issue)
    for frame in profile.frames:
        if frame.needs is not None and not frame.needs.search(low):
            continue
        yes, no = _spans(frame.yes, s), _spans(frame.no, s)
        free = [y for y in yes if not any(n[0] < y[1] and y[0] < n[1] for n in no)]
        if not free and not no:
            continue
        if free and no:
            return None
        subject = _subject(profile, frame, words, low, subject_of_document)
        if subject is None:
            continue
        return Stance(frame.name, frame.key.format(subject=subject), frame.label.format(subject=subject), bool(free))
    return None
