"""The article's TimeML event mentions as events, beside the ones the PLOVER reading codes.

    with_mention(event, mentions, v, reading) -> Event      a coded event with its mention's TimeML attributes
    mention_event(reader, mention) -> Event                  any other mention, as an uncoded event

Every event mention of an article (`timeml.find_mentions`) becomes an `Event`. The clauses the reading codes
keep their event as before (`coded=True`: only these become timeline items for now); every other mention is an
uncoded event: a PLOVER category where the reading gives one, else OTHER with its lemma, with the actors and
targets the parse names. A reporting mention and the attribution whose cue it is are one mention: the event
points to that attribution. What the grammar reads as not happened (a hypothetical, obliged or intended
clause) stays in the annotations with its modality and polarity but takes no date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal, Protocol

from storyline.extract.events_args import TimexIndex, attribution_of, noun_roles, phrase_entities, text_date
from storyline.extract.events_clause import VERBAL, actor_token, own_tokens, target_tokens
from storyline.extract.events_lexicon import CATEGORIES, Lexicon
from storyline.extract.events_reading import Coder, Reading
from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed, Token
from storyline.model import Attribution, Event, EventDate, EventMention, Span

__all__ = ["mention_event", "with_mention"]

Status = Literal["realized", "future", "habitual", "merged", "drop"]  # as `events` reads a clause


class _Reader(Protocol):
    """What `events._Reader` knows of the article: the parse, its readings and the grammar's status of each
    clause (a protocol, so that this module need not import the one that imports it)."""

    parsed: Parsed
    tokens: list[Token]
    lex: Lexicon
    entities: EntityIndex
    coder: Coder
    attributions: Sequence[Attribution]
    timexes: TimexIndex
    dated_sentences: set[int]

    def reading(self, v: int) -> Reading | None: ...
    def lemma(self, v: int) -> str: ...
    def status(self, v: int) -> tuple[Status, bool]: ...
    def _governing_clause(self, v: int) -> int | None: ...
    def _date(self, gram: int, status: Status, negated: bool, heads: list[int]) -> EventDate | None: ...


def with_mention(event: Event, mentions: dict[int, EventMention], v: int, r: Reading | None) -> Event:
    """A coded event with its TimeML attributes: those of the mention at its trigger, else at its verb."""
    m = next((mentions[k] for k in (r.trigger if r else None, v) if k is not None and k in mentions), None)
    if m is None:
        return event
    return replace(event, mention_class=m.cls, tense=m.tense, aspect=m.aspect, polarity=m.polarity,
                   modality=m.modality)


def mention_event(reader: _Reader, m: EventMention) -> Event:
    """An event mention the reading did not code, as an uncoded event."""
    parsed, t = reader.parsed, reader.tokens[m.i]
    category, actors, targets = "OTHER", [], []
    verbal = t.pos in VERBAL
    if verbal:
        r = reader.reading(m.i)
        if r is not None and r.category in CATEGORIES:
            category = r.category
        a = actor_token(parsed, m.i, reader.lex)
        actors = [e.canonical for e in phrase_entities(parsed, reader.entities, a)] if a is not None else []
        targets = [e.canonical for n in target_tokens(parsed, m.i, reader.lex)
                   if reader.tokens[n].pos != "PRON" for e in phrase_entities(parsed, reader.entities, n)]
    elif t.pos == "NOUN":
        found = reader.coder.noun_event(m.i)
        if found is not None and found[1] == m.i and found[0] in CATEGORIES:
            category = found[0]
        named, patients = noun_roles(parsed, reader.entities, m.i, modifiers=False)
        actors = [e.canonical for e in named]
        targets = [e.canonical for n in patients for e in phrase_entities(parsed, reader.entities, n)]
    if verbal:
        status, denied = reader.status(m.i)
    else:  # a noun's clause is the one it sits in ("could hold talks" did not happen)
        up = reader._governing_clause(m.i)
        status, denied = reader.status(up) if up is not None else ("realized", False)
    negated = (m.polarity == "NEG") != denied
    when = None
    dated = parsed.sentence_of(m.i)[0] in reader.dated_sentences
    if status not in ("drop", "merged") and (dated or verbal):
        # a sentence without a time expression dates only a verb, by the publication week
        when = (reader._date(m.i, status, negated, [m.i]) if verbal
                else text_date(parsed, reader.timexes.inside(own_tokens(parsed, m.i)), m.i)[0])
    attribution = None
    if m.cls == "REPORTING":  # "said" and the attribution it cues are one mention
        attribution = next((k for k, a in enumerate(reader.attributions) if a.cue.start <= m.start < a.cue.end),
                           None)
    if attribution is None:
        attribution = attribution_of(reader.attributions, m.start, m.end)
    s_start, s_end = parsed.char_sentence(m.i)
    return Event(
        type=category, action=reader.lemma(m.i) if verbal else m.lemma,
        trigger=Span.of(parsed.text, m.start, m.end), sentence=Span.of(parsed.text, s_start, s_end),
        actors=tuple(dict.fromkeys(actors)), targets=tuple(dict.fromkeys(x for x in targets if x not in actors)),
        date=when, attribution=attribution, negated=negated, mention_class=m.cls, tense=m.tense,
        aspect=m.aspect, polarity=m.polarity, modality=m.modality, coded=False,
    )
