"""Who else takes part in an event, as SemEval's TimeLine task counts participants: beyond its actor and its
targets, every entity named in the event's own phrase.

    with_participants(parsed, entities, lex, events) -> list[Event]

An event's own phrase is its clause without the clauses below it (`own_tokens`): for a verb, its subject,
objects, prepositional phrases and modifiers ("Airbus won an order from Singapore Airlines for the A380": Airbus,
Singapore Airlines, A380); for an event noun, its noun phrase ("Boeing's 787 programme", "the sale of jets to
China Eastern"). An event noun that is what a verb did or said ("Airbus announced job cuts", "the plan drew
criticism from unions") also takes that verb's actor: the company cutting jobs is the one announcing the cuts.
A place where it happened takes part too ("landed in Singapore": Singapore's timeline holds the landing); a name
that only qualifies another noun does not ("an Airbus spokesman"). Names reach the event through the article's
resolved nominals too ("the company", "its", "it"), as the entity index holds them. Products and works count
("the iPhone 4's launch"): a timeline of a product is what happened to it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from storyline.extract.events_clause import actor_token, own_tokens
from storyline.extract.events_lexicon import Lexicon
from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed
from storyline.model import Event

__all__ = ["participants", "with_participants"]

TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
_ARGUMENT = frozenset({"dobj", "nsubjpass", "attr", "oprd"})  # a noun that is what its verb did or made
_QUALIFIER = frozenset({"compound", "amod", "nmod"})


def participants(parsed: Parsed, entities: EntityIndex, lex: Lexicon, i: int) -> list[str]:
    """The canonical names of the entities named in the phrase of the event at token `i`, in text order."""
    tokens = parsed.tokens
    own = own_tokens(parsed, i)
    t = tokens[i]
    if t.pos in ("NOUN", "PROPN") and t.dep in _ARGUMENT and tokens[t.head].pos in ("VERB", "AUX"):
        a = actor_token(parsed, t.head, lex)
        if a is not None:
            own.add(a)
            own.update(parsed.subtree(a))
    order = sorted(own, key=lambda k: tokens[k].start)
    starts = [tokens[k].start for k in order]
    out: dict[str, None] = {}
    lo, hi = parsed.char_sentence(i)
    for m in entities.overlapping(lo, hi):
        if m.type not in TYPES:
            continue
        k = bisect_left(starts, m.start)
        inside = []
        while k < len(starts) and starts[k] < m.end:
            inside.append(order[k])
            k += 1
        if inside and not _only_a_modifier(parsed, inside, i):
            out[m.canonical] = None
    return list(out)


def _only_a_modifier(parsed: Parsed, inside: list[int], i: int) -> bool:
    """Whether a name only qualifies another noun of the phrase ("the Airbus A380", "an Airbus spokesman",
    "the main Airbus union"): the name's head modifies a word other than the event's own. What happened to an
    A380 is the plane's event, not its maker's."""
    heads = [k for k in inside if parsed.tokens[k].head not in inside or parsed.tokens[k].head == k]
    if not heads:
        return False
    t = parsed.tokens[heads[-1]]
    return t.dep in _QUALIFIER and t.head != i


def with_participants(parsed: Parsed, entities: EntityIndex, lex: Lexicon, events: Sequence[Event]) -> list[Event]:
    """The events, each with the entities of its phrase that are neither its actors nor its targets."""
    at = {t.start: t.i for t in parsed.tokens}
    out = []
    for e in events:
        i = at.get(e.trigger.start)
        if i is None:
            out.append(e)
            continue
        named = set(e.actors) | set(e.targets)
        others = tuple(n for n in participants(parsed, entities, lex, i) if n not in named)
        out.append(replace(e, participants=others) if others else e)
    return out

