"""Claims: who said what, as plain records the store can keep, and the conflicts between them.

`claims_from(annotations)` turns one document's attributions into `ClaimRecord`s; `find_conflicts` (in
`claims_conflicts`) works over records only, with a story profile, so the store can call it on what it holds.

A record is one attribution's content, or a piece of it. The extractor sometimes runs a content over several
speakers ("The ministry says the dispute has been settled; the union says it will not be settled until …",
attributed to the union) or past the end of its paragraph. So the content is cut at paragraph breaks,
semicolons and sentence ends, and a piece that opens with its own speaker ("the union says", "The company's
chief executive admitted on Tuesday that", "it says") becomes that speaker's claim, its text starting after the
verb. When the attribution's cue lies inside its own content, the extractor took the wrong span, and only the
pieces whose speaker is known are kept. Quoted speech is left whole.

Each record carries what its text says and nothing spaCy and nothing of any story profile: the canonical names
inside it, its numbers with the words of their clauses (`ClaimNumber`), its events, its cue ("admitted", "not
admit") and the date its own clause gives ("Until Tuesday, the company had dismissed …" → the time before that
Tuesday). What the numbers count and what the claim is about are a profile's reading, made when conflicts are
found, so another profile needs no new reading of the articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import (
    Annotations,
    Attribution,
    ClaimRecord,
    Mention,
    Source,
    Timex,
    stable_id,
)
from storyline.resolve.claims_conflicts import Conflict, find_conflicts, measures, stance
from storyline.resolve.claims_lexicon import GRAMMAR
from storyline.resolve.claims_text import Tok, read_number, tokens

__all__ = ["ClaimRecord", "Conflict", "claims_from", "find_conflicts", "measures", "stance"]


_DATELINE = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?: \([^)]{1,60}\))?\s+[—–-]+\s+")
_PIECE_BREAK = re.compile(r"\n\s*\n|;\s+|(?<=[.!?])\s+(?=[“\"A-Z])")
_PARAGRAPH = re.compile(r"\n\s*\n")
_THAT_FILLER = frozenset({"on", "in", "at", "late", "early", "last", "this", "that", ",", "the"})
_TRIM = " \t\n;,.:"
_MAX_OPENING = 8  # words before a source that can still be its clause's opening ("Until Tuesday,")
_MAX_BETWEEN = 4  # words between source and cue ("had long")


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    paragraph: int
    speaker: Mention | None = None  # a name the piece opens with
    pronoun: bool = False  # the piece opens with "it says": the speaker of the piece before
    said: int = 0  # where the reported words start when the piece opens with a speaker
    cue: str = ""


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    pos, paragraph = start, 0
    for m in _PIECE_BREAK.finditer(text, start, end):
        out.append((pos, m.start(), paragraph))
        paragraph += bool(_PARAGRAPH.fullmatch(m.group()))
        pos = m.end()
    out.append((pos, end, paragraph))
    trimmed = []
    for s, e, p in out:
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e > s:
            trimmed.append((s, e, p))
    return trimmed


def _after_dateline(text: str, s: int, e: int) -> int:
    """Past a dateline the content starts with ("GENEVA (Northgate Wire) — ")."""
    m = _DATELINE.match(text, s, e)
    return m.end() if m else s


def _reported_start(toks: Sequence[Tok], after: int, skippable: Sequence[tuple[int, int]]) -> int:
    """Where the reported words start after a cue: past "that" when only a time phrase or a name comes between
    ("admitted on Tuesday that", "told Koizumi that")."""
    for i in range(after, min(after + 8, len(toks))):
        t = toks[i]
        if t.low == "that":
            return toks[i + 1].start if i + 1 < len(toks) else t.end
        if t.low not in _THAT_FILLER and not any(s <= t.start and t.end <= e for s, e in skippable):
            break
    return toks[after].start if after < len(toks) else toks[-1].end


def _opening(text: str, s: int, e: int, paragraph: int, mentions: Sequence[Mention],
             skippable: Sequence[tuple[int, int]]) -> _Piece:
    """The piece, with its own speaker when it opens with one."""
    sp = GRAMMAR.speakers
    body = _after_dateline(text, s, e)
    toks = tokens(text, body, e)
    for i, tok in enumerate(toks[:12]):
        if tok.low not in sp.cues:
            continue
        if i == 0:
            break
        negated = toks[i - 1].low in ("not", "never") or toks[i - 1].low.endswith("n't")
        cue = f"not {tok.low}" if negated else tok.low
        j = i - 1
        if toks[j].low.endswith("'s"):
            break  # "the ministry's claim that …": a noun, not a speaker
        while j >= 0 and (toks[j].low in sp.between or toks[j].low in ("not", "never") or toks[j].low.endswith("n't")):
            j -= 1
        if j < 0 or j > 7:
            break
        said = _reported_start(toks, i + 1, skippable)
        if j == 0 and toks[0].low in sp.pronouns:
            return _Piece(s, e, paragraph, pronoun=True, said=said, cue=cue)
        who = [x for x in mentions if body <= x.start and x.end <= toks[j].end and x.end >= toks[j].start]
        if who:
            return _Piece(s, e, paragraph, speaker=who[-1], said=said, cue=cue)
        break
    return _Piece(s, e, paragraph)


def _cue_text(text: str, att: Attribution) -> str:
    before = text[max(0, att.cue.start - 24):att.cue.start].lower().replace("’", "'")
    words = before.split()[-2:]
    negated = any(w in ("not", "never") or w.endswith("n't") for w in words) or before.rstrip().endswith("no longer")
    cue = " ".join(att.cue.text.lower().split())
    return f"not {cue}" if negated else cue


def _dated(text: str, regions: Sequence[tuple[int, int]], near: int, timexes: Sequence[Timex],
           published: date | None) -> tuple[date, date] | None:
    """The days the DATE nearest to `near` in the regions covers; "until" it makes the time before it."""
    found = [t for t in timexes if t.type == "DATE" and t.interval
             and any(lo <= t.start and t.end <= hi for lo, hi in regions)]
    if not found:
        return None
    best = min(found, key=lambda t: (abs(t.start - near), t.start))
    assert best.interval is not None
    first, last = best.interval
    if published is not None and first > published:
        return None
    before = " ".join(text[max(0, best.start - 16):best.start].lower().split())
    if any(before.endswith(w) for w in GRAMMAR.until):
        return (date.min, first - timedelta(days=1))
    if published is not None and any(before.endswith(w) for w in GRAMMAR.since):
        return (first, max(last, published))
    return (first, last)


def _clause_regions(text: str, att: Attribution) -> list[tuple[int, int]]:
    """Where a date of the attribution itself can be: a short opening before its source ("Until Tuesday,"),
    a few words between source and cue ("had long"), and what comes between cue and content ("in September
    2002 that")."""
    lo, hi = _sentence(text, att.cue.start)
    src, cue, content = att.source, att.cue, att.content
    subject = src.start if src is not None and lo <= src.start and src.end <= cue.start else cue.start
    regions = []
    if len(tokens(text, lo, subject)) <= _MAX_OPENING:
        regions.append((lo, subject))
    if src is not None and subject == src.start and len(tokens(text, src.end, cue.start)) <= _MAX_BETWEEN:
        regions.append((src.end, cue.start))
    if content.start >= cue.end:
        regions.append((cue.end, content.start))
    elif content.end <= cue.start and len(tokens(text, cue.end, hi)) <= _MAX_OPENING:
        regions.append((cue.end, hi))
    return regions


def _sentence(text: str, at: int) -> tuple[int, int]:
    stop = text.rfind(". ", 0, at)
    lo = max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, at) + 1)
    hits = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    return lo, min(hits) if hits else len(text)


def _source_name(src: Source | None, mentions: Sequence[Mention]) -> str | None:
    """The source's canonical name; "the Chinese government" is its country."""
    if src is None:
        return None
    words = src.text.lower().split()
    if words and words[-1] in GRAMMAR.speakers.government_heads:
        for m in mentions:
            if src.start <= m.start and m.end <= src.end and m.type in ("NORP", "GPE"):
                return m.canonical
    return src.canonical


@dataclass(frozen=True, slots=True)
class _Doc:
    """One document's annotations, with what every attribution of it looks up."""

    ann: Annotations
    numbers: tuple[tuple[int, int], ...]  # every quantity's span
    outside: tuple[Timex, ...]  # time expressions outside every attribution's content
    skippable: tuple[tuple[int, int], ...]  # time expressions and names, between a cue and its "that"

    @classmethod
    def of(cls, ann: Annotations) -> _Doc:
        contents = [(a.content.start, a.content.end) for a in ann.attributions]
        return cls(
            ann=ann,
            numbers=tuple((q.start, q.end) for q in ann.quantities),
            outside=tuple(t for t in ann.timexes if not any(s <= t.start and t.end <= e for s, e in contents)),
            skippable=tuple([(t.start, t.end) for t in ann.timexes] + [(m.start, m.end) for m in ann.entities]),
        )


@dataclass(frozen=True, slots=True)
class _Who:
    name: str | None
    chain: tuple[str, ...]
    anonymous: bool
    type: str | None


def _record(d: _Doc, s: int, e: int, who: _Who, cue: str, dated: tuple[date, date] | None) -> ClaimRecord:
    ann, doc = d.ann, d.ann.document
    text = doc.text
    inside = [m for m in ann.entities if s <= m.start and m.end <= e]
    quantities = tuple(
        read_number(text, s, e, q.start, q.end, d.numbers, ann.entities, who.name, float(q.value), q.counted)
        for q in ann.quantities if s <= q.start and q.end <= e
    )
    events = tuple(
        ("not:" if ev.negated else "") + (f"OTHER:{ev.action}" if ev.type == "OTHER" else ev.type)
        for ev in ann.events if ev.coded and s <= ev.trigger.start and ev.trigger.end <= e
    )
    return ClaimRecord(
        id=stable_id("claim", doc.id, s, e), document_id=doc.id, published=doc.published, text=text[s:e],
        start=s, end=e, source=who.name, chain=who.chain, anonymous=who.anonymous, source_type=who.type,
        entities=tuple(dict.fromkeys(m.canonical for m in inside)), quantities=quantities, event_types=events,
        cue=cue, dated=dated,
    )


def _claims_of(d: _Doc, att: Attribution) -> Iterator[ClaimRecord]:
    ann = d.ann
    text, published = ann.document.text, ann.document.published
    src = att.source
    name = _source_name(src, ann.entities)
    chain = tuple(c.canonical for c in att.chain)
    outer = _Who(name, (name, *chain[1:]) if name is not None and chain else chain,
                 src.anonymous if src else False, src.type if src else None)
    cs, ce = att.content.start, att.content.end
    cue = _cue_text(text, att)
    outer_dated = _dated(text, _clause_regions(text, att), att.cue.start, d.outside, published)
    if att.kind == "direct":
        yield _record(d, cs, ce, outer, cue, outer_dated)
        return
    cue_inside = cs <= att.cue.start and att.cue.end <= ce
    pieces = [_opening(text, s, e, p, ann.entities, d.skippable) for s, e, p in _pieces(text, cs, ce)]
    if not cue_inside and len(pieces) == 1 and pieces[0].speaker is None and not pieces[0].pronoun:
        yield _record(d, _after_dateline(text, cs, ce), ce, outer, cue, outer_dated)
        return
    last: _Who | None = None  # the speaker of the piece before
    for piece in pieces:
        who: _Who | None = None
        if piece.speaker is not None:
            who = _Who(piece.speaker.canonical, (piece.speaker.canonical,), False, piece.speaker.type)
        elif piece.pronoun:
            who = last or (outer if name and piece is pieces[0] else None)
        if who is not None:
            if piece.said < piece.end:
                dated = _dated(text, [(piece.start, piece.said)], piece.said, ann.timexes, published)
                yield _record(d, piece.said, piece.end, who, piece.cue, dated)
            last = who
        elif cue_inside:
            # The extractor's span is wrong; of the speakerless pieces only the one after the cue is the source's.
            if piece.start <= att.cue.start and att.cue.end <= piece.end:
                toks = tokens(text, att.cue.end, piece.end)
                s = _reported_start(toks, 0, d.skippable) if toks else piece.end
                if s < piece.end:
                    yield _record(d, s, piece.end, outer, cue, outer_dated)
        elif piece.paragraph == 0 and last is None:
            # Past a paragraph break or another speaker's piece, a piece with no speaker is the narrator's.
            yield _record(d, _after_dateline(text, piece.start, piece.end), piece.end, outer, cue, outer_dated)


def claims_from(annotations: Annotations) -> list[ClaimRecord]:
    """The claims of one document, in text order, each id once (a hash of the document id and the offsets)."""
    d = _Doc.of(annotations)
    seen: dict[str, ClaimRecord] = {}
    for att in annotations.attributions:
        for rec in _claims_of(d, att):
            if rec.text.strip() and rec.id not in seen:
                seen[rec.id] = rec
    return sorted(seen.values(), key=lambda r: (r.start, r.end))
