"""Conflicts between claims, over plain records: numbers that disagree, opposed positions, changed positions.

Everything a story profile decides is read here, from the profile passed in: what a number counts, what a
claim is about, which question it answers. The records hold only what their text says, so the same records give
another profile's conflicts with no new reading of the articles.

Precision before recall: a wrong conflict costs a reader more than a missed one, so each kind asks for more
than a difference.

- **count**: the same measure (what the number counts under the profile: "arrested", "dead", … never "5
  released" against "8 dead"), two values each stated in at least `MIN_SUPPORT` distinct claims, from
  different sources, or from one source at different times. The people counted, when named, must be the same
  ("13 French" never meets "516 Belgians"). One conflict per pair of values.
- **opposed**: one question (`claims_text.stance_of`: "is the tariff dispute settled?"), answered yes by one
  source and no by another, each in at least `MIN_SUPPORT` distinct claims and never the other way: a source
  that answers both ways has changed its position or been misread, and is no side of an opposition. One conflict
  per pair of sources.
- **position_change**: one source's answers to one question, in time order (the date its own clause gives, else
  the publication date), switch exactly once; `a` is the last claim before the switch, `b` the first after. A
  source that switches back and forth, or answers both ways on one day, is left out.

A claim that leaves its subject to its document ("the matter", "the allegations") takes the document's main
subject; `text_of` gives a document's text by id, asked only for documents that hold such a claim.

Of the claims that could show a conflict, the ones shown come from the sources that say it most, then from one
article if one holds both sides, then the closest in time, then the smallest ids: the output is the same on
every run and holds no near-copies.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from storyline.model import ClaimRecord, Conflict, ConflictKind
from storyline.resolve.claims_lexicon import GRAMMAR
from storyline.resolve.claims_text import (
    Stance,
    main_subject,
    measure,
    measure_label,
    split_measure,
    stance_of,
)
from storyline.resolve.profile import Profile

__all__ = ["MIN_SUPPORT", "Conflict", "find_conflicts", "measures", "stance"]

MIN_SUPPORT = 2  # distinct claims a value or a position needs before it can be one side of a conflict
TextOf = Callable[[str], str | None]
_KINDS: tuple[ConflictKind, ...] = ("count", "opposed", "position_change")
_SHORT = 90


class _Subjects:
    """Documents' main subjects under one profile, each found once and only when a claim needs it."""

    def __init__(self, profile: Profile, text_of: TextOf | None) -> None:
        self.profile, self.text_of = profile, text_of
        self.found: dict[str, str | None] = {}

    def of(self, document_id: str) -> Callable[[], str | None]:
        def subject() -> str | None:
            if document_id not in self.found:
                text = self.text_of(document_id) if self.text_of is not None else None
                self.found[document_id] = main_subject(text, self.profile) if text else None
            return self.found[document_id]
        return subject


def stance(claim: ClaimRecord, profile: Profile, text_of: TextOf | None = None) -> Stance | None:
    """The question the claim answers under the profile and its answer, if any; `text_of` gives the text of the
    claim's document, for a claim that leaves its subject to the document."""
    return _stance(claim, profile, _Subjects(profile, text_of))


def _stance(claim: ClaimRecord, profile: Profile, subjects: _Subjects) -> Stance | None:
    return stance_of(profile, claim.cue, claim.text, subjects.of(claim.document_id))


def measures(claim: ClaimRecord, profile: Profile) -> list[tuple[str, str | None, float]]:
    """The claim's numbers the profile reads as counts: (measure, people counted when named, value)."""
    out = []
    for number in claim.quantities:
        counted = measure(number, profile)
        if counted:
            name, who = split_measure(counted)
            if measure_label(name, profile) is not None:
                out.append((name, who, number.value))
    return out


# -- helpers --------------------------------------------------------------------------------------------


def _known(claim: ClaimRecord) -> bool:
    src = (claim.source or "").strip()
    return bool(src) and src.lower() not in GRAMMAR.speakers.not_sources


def _span(claim: ClaimRecord) -> tuple[date, date] | None:
    if claim.dated is not None:
        return claim.dated
    return (claim.published, claim.published) if claim.published else None


def _key(claim: ClaimRecord) -> tuple[date, date] | None:
    span = _span(claim)
    return (span[1], span[0]) if span else None


def _gap(a: ClaimRecord, b: ClaimRecord) -> int:
    ka, kb = _key(a), _key(b)
    return abs((ka[0] - kb[0]).days) if ka and kb else 1 << 30


def _start(first: date) -> str:
    """"2002" from 2002-01-01, "2002-09" from 2002-09-01: a start as coarse as it can have been said."""
    if (first.month, first.day) == (1, 1):
        return str(first.year)
    return first.isoformat()[:7] if first.day == 1 else first.isoformat()


def _when(claim: ClaimRecord) -> str:
    """When the claim holds, for people: "2002-09-17", "2002-09", "2002", "before 2002-09-17", "since 2002"."""
    span = _span(claim)
    if span is None:
        return "undated"
    first, last = span
    if first == date.min:
        return f"before {(last + timedelta(days=1)).isoformat()}"
    if first == last:
        return first.isoformat()
    if claim.published is not None and last == claim.published:
        return f"since {_start(first)}"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    if first.day == 1 and (last + timedelta(days=1)).day == 1 and (first.year, first.month) == (last.year, last.month):
        return first.isoformat()[:7]
    return f"{first.isoformat()}..{last.isoformat()}"


def _year(claim: ClaimRecord) -> str:
    span = _span(claim)
    if span is None:
        return "undated"
    return f"before {span[1].year + 1}" if span[0] == date.min else str(span[0].year)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _short(text: str) -> str:
    flat = " ".join(text.split())
    flat = flat[5:] if flat.startswith("that ") else flat
    return flat if len(flat) <= _SHORT else flat[: _SHORT - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _ordered(a: ClaimRecord, b: ClaimRecord) -> tuple[ClaimRecord, ClaimRecord]:
    """The earlier first; the order given when neither is."""
    ka, kb = _key(a), _key(b)
    if kb is not None and (ka is None or kb < ka):
        return b, a
    return a, b


# -- choosing the claims to show ------------------------------------------------------------------------


def _closest(xs: Sequence[ClaimRecord], ys: Sequence[ClaimRecord]) -> tuple[ClaimRecord, ClaimRecord] | None:
    """Two claims of different sources: from one article if one holds both, else the closest in time, then the
    smallest ids. Sorting and bisecting, never all pairs: a source may hold thousands of claims."""
    firsts: dict[str, ClaimRecord] = {}
    for y in sorted(ys, key=lambda c: c.id):
        firsts.setdefault(y.document_id, y)
    same = sorted((x.id, firsts[x.document_id].id, x) for x in xs if x.document_id in firsts)
    if same:
        x = same[0][2]
        return x, firsts[x.document_id]
    timed = sorted((k[0].toordinal(), y.id, y) for y in ys if (k := _key(y)) is not None)
    days = [t[0] for t in timed]
    best: tuple[int, str, str, ClaimRecord, ClaimRecord] | None = None
    for x in xs:
        k = _key(x)
        if k is None:
            continue
        at = bisect_left(days, k[0].toordinal())
        for j in (at - 1, at):
            if 0 <= j < len(timed):
                cand = (abs(timed[j][0] - k[0].toordinal()), x.id, timed[j][1], x, timed[j][2])
                if best is None or cand[:3] < best[:3]:
                    best = cand
    if best is not None:
        return best[3], best[4]
    if xs and ys:
        return min(xs, key=lambda c: c.id), min(ys, key=lambda c: c.id)
    return None


def _changed(xs: Sequence[ClaimRecord], ys: Sequence[ClaimRecord]) -> tuple[ClaimRecord, ClaimRecord] | None:
    """Two claims of one source from different articles and times, the closest in time."""
    pairs = [(_gap(x, y), x.id, y.id, x, y) for x in xs for y in ys
             if x.document_id != y.document_id and _key(x) is not None and _key(y) is not None and _key(x) != _key(y)]
    if not pairs:
        return None
    *_, x, y = min(pairs, key=lambda p: p[:3])
    return x, y


# -- count ----------------------------------------------------------------------------------------------


def _count_pair(v1: float, v2: float, claims: dict[tuple[float, str], list[ClaimRecord]],
                support: dict[tuple[float, str], int]) -> tuple[ClaimRecord, ClaimRecord] | None:
    """The claims that show v1 against v2: from the sources that say them most."""
    first = sorted((-support[k], k[1]) for k in claims if k[0] == v1)
    second = sorted((-support[k], k[1]) for k in claims if k[0] == v2)
    ranked = sorted((n1 + n2, s1, s2) for n1, s1 in first for n2, s2 in second)
    for _, s1, s2 in ranked:
        xs, ys = claims[(v1, s1)], claims[(v2, s2)]
        pair = _closest(xs, ys) if s1 != s2 else _changed(xs, ys)
        if pair is not None:
            return pair
    return None


def _count_conflicts(claims: Sequence[ClaimRecord], profile: Profile) -> list[Conflict]:
    rows: dict[str, list[tuple[float, str | None, ClaimRecord]]] = defaultdict(list)
    for c in claims:
        for name, who, value in measures(c, profile):
            rows[name].append((value, who, c))
    out: dict[tuple[str, float, float], Conflict] = {}
    for name in sorted(rows):
        # The people counted must match when both sides name them: one group per name, unnamed in every group.
        named: list[str | None] = [*sorted({who for _, who, _ in rows[name] if who})]
        for who in named or [None]:
            group = [(v, c) for v, w, c in rows[name] if w is None or w == who]
            texts: dict[float, set[str]] = defaultdict(set)
            by_source: dict[tuple[float, str], list[ClaimRecord]] = defaultdict(list)
            for value, c in group:
                texts[value].add(_norm(c.text))
                by_source[(value, c.source or "")].append(c)
            support = {k: len({_norm(c.text) for c in v}) for k, v in by_source.items()}
            values = sorted(v for v, t in texts.items() if len(t) >= MIN_SUPPORT)
            for i, v1 in enumerate(values):
                for v2 in values[i + 1:]:
                    pair = None if (name, v1, v2) in out else _count_pair(v1, v2, by_source, support)
                    if pair is None:
                        continue
                    a, b = _ordered(*pair)
                    va, vb = (v1, v2) if a is pair[0] else (v2, v1)
                    detail = (f"{_number(va)} {name} ({a.source}, {_year(a)}) vs "
                              f"{_number(vb)} ({b.source}, {_year(b)})")
                    label = measure_label(name, profile) or name
                    out[(name, v1, v2)] = Conflict("count", label, a.id, b.id, detail)
    return list(out.values())


# -- stances --------------------------------------------------------------------------------------------


def _said(claim: ClaimRecord) -> str:
    return f"{claim.cue} “{_short(claim.text)}”" if claim.cue else f"“{_short(claim.text)}”"


def _position_change(about: str, source: str,
                     items: Sequence[tuple[bool, ClaimRecord]]) -> Conflict | None:
    dated = sorted((k, c.id, yes, c) for yes, c in items if (k := _key(c)) is not None)
    switches = [i for i in range(1, len(dated)) if dated[i][2] != dated[i - 1][2]]
    if len(switches) != 1:
        return None
    i = switches[0]
    a, b = dated[i - 1][3], dated[i][3]
    if dated[i - 1][0] == dated[i][0] or len({_norm(x[3].text) for x in dated[i:]}) < MIN_SUPPORT:
        return None  # answered both ways at once, or a new position said only once
    detail = f"{source}: {_said(a)} ({_when(a)}) → {_said(b)} ({_when(b)})"
    return Conflict("position_change", about, a.id, b.id, detail)


def _opposed(about: str, yes: Sequence[ClaimRecord], no: Sequence[ClaimRecord]) -> Conflict | None:
    pair = _closest(yes, no)
    if pair is None:
        return None
    a, b = _ordered(*pair)
    detail = f"{a.source}: {_said(a)} ({_when(a)}) vs {b.source}: {_said(b)} ({_when(b)})"
    return Conflict("opposed", about, a.id, b.id, detail)


def _stance_conflicts(claims: Sequence[ClaimRecord], profile: Profile, subjects: _Subjects) -> list[Conflict]:
    topics: dict[str, list[tuple[Stance, ClaimRecord]]] = defaultdict(list)
    for c in claims:
        st = _stance(c, profile, subjects)
        if st is not None:
            topics[st.topic].append((st, c))
    out: list[Conflict] = []
    for topic in sorted(topics):
        about = topics[topic][0][0].about
        sources: dict[str, list[tuple[bool, ClaimRecord]]] = defaultdict(list)
        for st, c in topics[topic]:
            sources[c.source or ""].append((st.yes, c))
        sides: dict[bool, dict[str, list[ClaimRecord]]] = {True: {}, False: {}}
        for source in sorted(sources):
            items = sources[source]
            answers = {yes for yes, _ in items}
            if len(answers) == 2:
                change = _position_change(about, source, items)
                if change is not None:
                    out.append(change)
                continue
            claims_of = [c for _, c in items]
            if len({_norm(c.text) for c in claims_of}) >= MIN_SUPPORT:
                sides[answers.pop()][source] = claims_of
        for _, yes_claims in sorted(sides[True].items()):
            for _, no_claims in sorted(sides[False].items()):
                opposed = _opposed(about, yes_claims, no_claims)
                if opposed is not None:
                    out.append(opposed)
    return out


def find_conflicts(claims: Sequence[ClaimRecord], profile: Profile, text_of: TextOf | None = None) -> list[Conflict]:
    """The conflicts among the claims under the story profile: counts first, then opposed positions, then changed
    ones; deterministic. `text_of(document_id)` gives a document's text, for claims that leave their subject to
    their document ("the matter"); without it such claims answer no question."""
    unique = {c.id: c for c in claims if _known(c)}
    usable = [unique[k] for k in sorted(unique)]
    found = _count_conflicts(usable, profile) + _stance_conflicts(usable, profile, _Subjects(profile, text_of))
    return sorted(found, key=lambda x: (_KINDS.index(x.kind), x.about, x.detail, x.a, x.b))
