"""An event's participants, place and date, each read from the event's own clause.

Noun phrases become canonical entities through the `EntityIndex` (the head's own name, else the names that
modify it: "Israeli soldiers" → Israeli, "the government of Sindh province" → Sindh). A place is a place
entity behind one of the clause's own locative prepositions; a date is a time expression lying inside the
clause, else (for a past happening in the main line of a dated report) the week up to publication.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, timedelta

from storyline.extract.events_clause import CLAUSE_DEPS, auxes, is_clause_child, kids
from storyline.extract.events_lexicon import Lexicon
from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed
from storyline.model import Attribution, EventDate, Mention, Timex
from storyline.time.anchoring import needs_context

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
MODIFIERS = ("compound", "amod", "nmod", "poss", "npadvmod")
NP_PREPS = frozenset({"of", "from", "in", "for", "at", "throughout", "across"})
ACL_PREPS = frozenset({"with", "to", "in", "by", "from"})  # "affiliated with", "loyal to", "based in"
PUBLISHED_WINDOW = timedelta(days=7)


def mention_at(parsed: Parsed, entities: EntityIndex, n: int, types: frozenset[str]) -> Mention | None:
    t = parsed.tokens[n]
    m = entities.at(t.start, t.end)
    return m if m is not None and m.type in types else None


def _span_mentions(parsed: Parsed, entities: EntityIndex, n: int) -> list[Mention]:
    """Named entities inside the phrase under token `n`, clauses below it left out."""
    seen = {n}
    stack = [n]
    while stack:
        for c in parsed.children(stack.pop()):
            if c not in seen and not is_clause_child(parsed, c) and parsed.tokens[c].dep not in CLAUSE_DEPS:
                seen.add(c)
                stack.append(c)
    found: dict[int, Mention] = {}
    for j in sorted(seen):
        t = parsed.tokens[j]
        m = entities.at(t.start, t.end)
        if m is not None and m.type in ACTOR_TYPES:
            found.setdefault(m.start, m)
    return list(found.values())


def _head_entities(parsed: Parsed, entities: EntityIndex, n: int, depth: int) -> list[Mention]:
    own = mention_at(parsed, entities, n, ACTOR_TYPES)
    if own is not None:
        return [own]
    for a in kids(parsed, n, "appos"):
        named = mention_at(parsed, entities, a, ACTOR_TYPES)
        if named is not None:
            return [named]
    found = [m for c in kids(parsed, n, *MODIFIERS) for m in _span_mentions(parsed, entities, c)]
    if found or depth >= 2:
        return found
    # "forces in Guinea", "students throughout Indonesia", "workers affiliated with the Union"
    holders = [(n, NP_PREPS)] + [
        (a, ACL_PREPS) for a in kids(parsed, n, "acl") if parsed.tokens[a].tag == "VBN"
    ]
    for h, preps in holders:
        for p in kids(parsed, h, "prep"):
            if parsed.tokens[p].text.lower() in preps:
                for o in kids(parsed, p, "pobj"):
                    found.extend(_head_entities(parsed, entities, o, depth + 1))
                if found:
                    return found
    return found


def conjuncts(parsed: Parsed, n: int) -> list[int]:
    """`n` and the nouns coordinated with it ("North Korea and Japan")."""
    out = [n]
    stack = [n]
    while stack:
        for c in kids(parsed, stack.pop(), "conj"):
            if parsed.tokens[c].pos not in ("VERB", "AUX"):
                out.append(c)
                stack.append(c)
    return out


def phrase_entities(parsed: Parsed, entities: EntityIndex, n: int) -> list[Mention]:
    """The named entities a noun phrase stands for, one or more per conjunct."""
    out: dict[str, Mention] = {}
    for c in conjuncts(parsed, n):
        for m in _head_entities(parsed, entities, c, 0):
            out.setdefault(m.canonical, m)
    return list(out.values())


def noun_roles(
    parsed: Parsed, entities: EntityIndex, n: int, modifiers: bool = True
) -> tuple[list[Mention], list[int]]:
    """Who does what an eventive noun names: its possessor, the names modifying it ("Palestinian riots"), a
    by-phrase, the parties between whom; and the heads of its of-phrase, who it is done to ("the seizure of
    Italian fishermen by the coastguard")."""
    heads = kids(parsed, n, "poss")
    patients = []
    for p in kids(parsed, n, "prep"):
        word = parsed.tokens[p].text.lower()
        if word in ("by", "between", "among"):
            heads.extend(kids(parsed, p, "pobj"))
        elif word == "of":
            patients.extend(kids(parsed, p, "pobj"))
    actors = [m for h in heads for m in phrase_entities(parsed, entities, h)]
    if modifiers:
        actors += [m for c in kids(parsed, n, *MODIFIERS[:3]) for m in _span_mentions(parsed, entities, c)]
    return list({m.canonical: m for m in actors}.values()), patients


def bound_subject(parsed: Parsed, entities: EntityIndex, v: int, lex: Lexicon) -> list[Mention]:
    """A pronoun subject of reported speech stands for the reporter's subject ("Hungary said it will ..."),
    never for anything outside the sentence."""
    g = v
    for _ in range(4):
        t = parsed.tokens[g]
        if t.head == g or t.dep not in ("ccomp", "conj", "xcomp"):
            return []
        head = t.head
        if t.dep == "ccomp":
            for s in kids(parsed, head, "nsubj"):
                if parsed.tokens[s].text.lower() not in lex.word_set("pronoun"):
                    return phrase_entities(parsed, entities, s)
        g = head
    return []


def misparsed_subject(parsed: Parsed, v: int) -> int | None:
    """A subject the parser hung on the verb as modifiers ("the 39-year-old arrived": a determiner on a verb is
    a noun phrase it missed): the last of those modifiers before the verb."""
    toks = parsed.tokens
    if toks[v].pos not in ("VERB", "AUX") or any(toks[c].dep in ("nsubj", "nsubjpass", "expl") for c in
                                                  parsed.children(v)):
        return None
    left = [c for c in parsed.children(v) if c < v]
    if not any(toks[c].dep == "det" for c in left):
        return None
    mods = [c for c in left if toks[c].dep in ("amod", "compound", "nmod", "npadvmod", "dep", "nummod")
            and toks[c].pos in ("ADJ", "NOUN", "PROPN", "NUM")]
    return mods[-1] if mods else None


def place_entity(parsed: Parsed, entities: EntityIndex, n: int, depth: int = 0) -> Mention | None:
    """The place a phrase names: "Vietnam", "the town of Cizre", "the northern city of Kirkuk"."""
    m = mention_at(parsed, entities, n, PLACE_TYPES)
    if m is not None or depth >= 2:
        return m
    for p in kids(parsed, n, "prep"):
        if parsed.tokens[p].text.lower() in ("of", "in"):  # "the town of Cizre", "a jail in Dili"
            for o in kids(parsed, p, "pobj"):
                found = place_entity(parsed, entities, o, depth + 1)
                if found is not None:
                    return found
    for a in kids(parsed, n, "appos", "compound"):
        found = mention_at(parsed, entities, a, PLACE_TYPES)
        if found is not None:
            return found
    return None


def location(
    parsed: Parsed,
    entities: EntityIndex,
    lex: Lexicon,
    heads: Sequence[int],
    motion: bool,
    place_object: bool,
    exclude: frozenset[str] = frozenset(),
) -> tuple[str | None, set[int]]:
    """The clause's own place, and the prepositions used for it (they name no target)."""
    preps = (lex.word_set("locative") | (lex.word_set("motion_prep") if motion else frozenset())) - exclude
    for h in heads:
        for p in kids(parsed, h, "prep"):
            if parsed.tokens[p].text.lower() in preps:
                for o in kids(parsed, p, "pobj"):
                    m = place_entity(parsed, entities, o)
                    if m is not None:
                        return m.canonical, {p}
    if place_object:
        for h in heads:
            for o in kids(parsed, h, "dobj"):
                m = place_entity(parsed, entities, o)
                if m is not None:
                    return m.canonical, set()
    # the parser often hangs the place on the partner: "met with Kim in Singapore"
    partners = [
        o
        for h in heads
        for p in kids(parsed, h, "prep")
        if parsed.tokens[p].text.lower() == "with"
        for o in kids(parsed, p, "pobj")
    ]
    if partners:
        found, _ = location(parsed, entities, lex, partners, False, False, exclude)
        if found is not None:
            return found, set()
    return None, set()


def prep_targets(parsed: Parsed, lex: Lexicon, heads: Sequence[int], used: set[int]) -> list[int]:
    """Objects of the target prepositions ("met with Y", "sanctions on Y", "fired at Y")."""
    words = lex.word_set("target_prep")
    out = []
    for h in heads:
        for p in kids(parsed, h, "prep"):
            if p not in used and parsed.tokens[p].text.lower() in words:
                out.extend(kids(parsed, p, "pobj"))
    return out


class TimexIndex:
    """The tokens each time expression covers, to ask which expressions lie inside a clause."""

    def __init__(self, parsed: Parsed, timexes: Sequence[Timex]) -> None:
        starts = [t.start for t in parsed.tokens]
        ends = [t.end for t in parsed.tokens]
        self.items: list[tuple[Timex, range]] = []
        self._days: list[tuple[int, int]] | None = None  # (start, index into items) of the one-day expressions
        for x in timexes:
            lo = bisect_right(ends, x.start)  # first token ending after the expression starts
            hi = bisect_left(starts, x.end)  # tokens starting before it ends
            if lo < hi:
                self.items.append((x, range(lo, hi)))

    def inside(self, own: set[int]) -> list[tuple[Timex, range]]:
        return [(x, r) for x, r in self.items if all(i in own for i in r)]

    def day_before(self, offset: int, since: int) -> Timex | None:
        """The last expression of one whole day of its own ("on March 3", not "the next day") between
        character offsets `since` and `offset`."""
        if self._days is None:
            self._days = sorted(
                (x.start, k) for k, (x, _) in enumerate(self.items)
                if x.interval is not None and x.interval[0] == x.interval[1] and not needs_context(x)
            )
        i = bisect_left(self._days, (offset, -1))
        if i == 0 or self._days[i - 1][0] < since:
            return None
        return self.items[self._days[i - 1][1]][0]


class Narrative:
    """The date the article's narrative is at: that of the last main-line event its text (or context) dated,
    kept within a paragraph, the thread a news article follows."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer(r"\n", text)]
        # (offset, date) of each main-line event dated so far, in text order: events are read in more than one
        # pass (coded clauses, then the other mentions), so the date at a point is looked up, not carried
        self.offsets: list[int] = []
        self.dates: list[EventDate] = []

    def paragraph_start(self, offset: int) -> int:
        i = bisect_right(self.breaks, offset)
        return self.breaks[i - 1] + 1 if i else 0

    def reference(self, offset: int) -> EventDate | None:
        i = bisect_left(self.offsets, offset)
        if not i or self.paragraph_start(self.offsets[i - 1]) != self.paragraph_start(offset):
            return None
        return self.dates[i - 1]

    def advance(self, offset: int, when: EventDate) -> None:
        i = bisect_left(self.offsets, offset)
        if i < len(self.offsets) and self.offsets[i] == offset:
            self.dates[i] = when
            return
        self.offsets.insert(i, offset)
        self.dates.insert(i, when)


def _depth(parsed: Parsed, i: int, v: int) -> int:
    d = 0
    while i != v and d < 32:
        t = parsed.tokens[i]
        if t.head == i:
            return 99
        i = t.head
        d += 1
    return d


# a preposition whose object is the start or end of a stretch, not the time of the event ("its first test
# since 2009", "did not admit it until 2002")
STRETCH_PREPS = frozenset({"since", "until", "till", "prior"})
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss"})


def _expression_head(parsed: Parsed, r: range) -> int:
    """The token of a time expression that hangs outside it."""
    for i in r:
        h = parsed.tokens[i].head
        if h not in r or h == i:
            return i
    return r[0]


def governs(parsed: Parsed, r: range, heads: Collection[int]) -> bool:
    """Whether the time expression on tokens `r` dates the clause of `heads`, not another phrase of it: not the
    end of a "since"/"until" stretch ("the largest since 1998"), not the year of a named thing ("the 2018
    agreement", "the August 17-27 exercises")."""
    h = _expression_head(parsed, r)
    t = parsed.tokens[h]
    up = parsed.tokens[t.head]
    if t.head != h and up.text.lower() in STRETCH_PREPS:
        return False
    if r.start > 0 and parsed.tokens[r.start - 1].text.lower() in STRETCH_PREPS:
        return False
    return not (t.dep in NOUN_MODIFIER_DEPS and t.head not in heads and up.pos in ("NOUN", "PROPN"))


def text_date(parsed: Parsed, found: list[tuple[Timex, range]], v: int) -> tuple[EventDate | None, bool]:
    """The clause's own date: its DATE/TIME expression nearest the trigger, and whether it had one at all
    (an expression with no place on the calendar, "recently", blocks the publication-week guess). A bare time
    of day or an anaphoric date ("the next day") is no date of its own (`needs_context`)."""
    dated = [(x, r) for x, r in found if x.type in ("DATE", "TIME") and not needs_context(x)]
    placed = [(x, r) for x, r in dated if x.interval is not None]
    if not placed:
        return None, bool(dated)
    # an expression on the trigger (depth 1-2: "last month", "on Tuesday") before one buried deeper; among
    # those, the first ("in the 1970s and '80s" is the 1970s)
    x, _ = min(placed, key=lambda xr: (min(_depth(parsed, i, v) for i in xr[1]) > 2, xr[0].start))
    assert x.interval is not None
    return EventDate(x.value, x.interval[0], x.interval[1], "text"), True


def context_date(found: list[tuple[Timex, range]], reference: EventDate | None,
                 day_before: Timex | None) -> EventDate | None:
    """The date of a clause whose only time expression borrows its day from the narrative ("at 1:20 p.m.",
    "the next day"): the expression's own value when a day of its paragraph stands before it (the normalizer
    counted from the day last mentioned), else the date the narrative is at ("in 2002 ... the next day" is
    2002); None when the article set no date before it."""
    relative = [x for x, _ in found if x.interval is not None and needs_context(x)]
    if not relative:
        return None
    x = relative[0]
    if day_before is not None and x.interval is not None:
        return EventDate(x.value, x.interval[0], x.interval[1], "context")
    return replace(reference, source="context") if reference is not None else None


def published_date(published: date) -> EventDate:
    return EventDate(published.isoformat(), published - PUBLISHED_WINDOW, published, "published")


def attribution_of(attributions: Sequence[Attribution], start: int, end: int) -> int | None:
    """The innermost attribution whose content holds the span."""
    best: tuple[int, int] | None = None
    for i, a in enumerate(attributions):
        if a.content.start <= start and end <= a.content.end:
            size = a.content.end - a.content.start
            if best is None or size < best[1]:
                best = (i, size)
    return best[0] if best is not None else None


RETROSPECTIVE_ADVERBS = frozenset({"previously", "formerly"})
# verbs whose simple present states, reports or thinks rather than tells a happening
NOT_NARRATIVE = frozenset({"say", "tell", "report", "claim", "add", "note", "argue", "write", "think", "believe",
                           "know", "seem", "appear", "remain", "mean", "need", "want", "include", "consider",
                           "expect", "hope", "plan", "like", "look", "suggest", "show", "continue", "keep"})


def retrospective(parsed: Parsed, v: int) -> bool:
    """A clause that looks back from the story's time rather than telling its news: "has tested missiles since
    2009", "previously fired"."""
    for c in parsed.children(v):
        t = parsed.tokens[c]
        if t.dep == "prep" and t.text.lower() in STRETCH_PREPS:
            return True
        if t.dep == "advmod" and t.text.lower() in RETROSPECTIVE_ADVERBS:
            return True
    return False


def simple_present(parsed: Parsed, v: int, depth: int = 0) -> bool:
    """A simple present happening, active or passive: "sinks", "track down and kill", "are killed and one
    captured" (a coordinated bare form shares its head's)."""
    t = parsed.tokens[v]
    group = [a for a in auxes(parsed, v) if a.tag != "TO"]
    if not group:
        if t.tag in ("VB", "VBN") and t.dep == "conj" and t.head != v and depth < 8:
            return simple_present(parsed, t.head, depth + 1)
        return t.tag in ("VBZ", "VBP")
    return t.tag == "VBN" and len(group) == 1 and group[0].dep == "auxpass" and group[0].tag in ("VBZ", "VBP")


def perfect_infinitive(parsed: Parsed, v: int) -> bool:
    """ "to have tested": a happening before the time of the verb it hangs on."""
    t = parsed.tokens[v]
    group = auxes(parsed, v)
    return (t.tag == "VBN" and t.dep == "xcomp" and [a.tag for a in group] in (["TO", "VB"], ["VB", "TO"])
            and any(a.lemma == "have" for a in group))
