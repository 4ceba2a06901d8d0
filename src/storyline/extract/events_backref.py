"""Events named again: a definite event noun ("the meeting", "the talks") after the article told the event
("North Korea and Japan met in Vietnam last month") is that event, so it, and an event that takes it as an
argument ("the meeting was attended by X"), happened where and when the event it names did.

    refer_back(parsed, events) -> events, in the same order
    link_back(parsed, events) -> events, in the same order, each definite event noun linked to its antecedent
    share_time(parsed, events) -> events, in the same order

Only a gap is filled: a place the event has no other, a date it has none of its own for (or only the
publication week); a denied event and a report (whose noun is more often the document than the act) take
and give nothing. The date keeps the event it came from and says so with the source `context`. The
antecedent is the latest earlier event whose action is the noun's verb ("meet" → "meeting") or the same
noun, and which has a place or a date from the text to give.

A clause of the same time ("protests erupted when troops fired on the crowd", "as the ships sank") happened
when the clause it modifies did: with no date of its own it takes that clause's (`context`) when the text gave
it one, and gives its own to a clause that has none. A clause dated by the publication week is the report's own
news (`events._past_main_line`); a simple-past clause of its time happened then too, and takes that week as its
context's date (source `context`: it is not itself the main line), when that clause is the sentence's own
line, not the content of another ("has maintained that it was settled when ..."). "after", "before", "since"
and a past perfect or modal clause take nothing: those are other times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storyline.extract.events_args import retrospective
from storyline.extract.events_clause import auxes, is_past_form, marks
from storyline.extract.events_lexicon import noun_forms
from storyline.extract.parsed import Parsed
from storyline.model import Event

__all__ = ["link_back", "refer_back", "share_time"]

ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
DEFINITE = frozenset({"the", "that", "this", "these", "those"})
OTHER_ONE = frozenset({"such", "other", "another", "next", "previous", "earlier", "later", "last", "latest", "new",
                       "first", "second", "third", "fourth", "fifth", "further", "same-day", "subsequent", "prior"})
SAME_TIME = frozenset({"when", "as", "while", "whenever"})
# a clause the report tells as its own news, not one a sentence reports or maintains ("has maintained since 2002
# that the issue was settled when it admitted ...": that admission is not this week's)
MAIN_LINE = frozenset({"ROOT", "conj", "parataxis"})


def refer_back(parsed: Parsed, events: Sequence[Event]) -> list[Event]:
    out = list(events)
    if len(out) < 2:
        return out
    token_at = {t.start: t.i for t in parsed.tokens}
    for k, e in enumerate(out):
        if e.negated or e.mention_class == "REPORTING" or (
            e.location is not None and e.date is not None and e.date.source != "published"
        ):
            continue
        i = token_at.get(e.trigger.start)
        if i is None:
            continue
        for n in _named_events(parsed, i):
            j = _antecedent(out, parsed.tokens[n].lemma.lower(), parsed.tokens[n].start, giving=True)
            if j is None:
                continue
            found = out[j]
            date = e.date
            if (date is None or date.source == "published") and found.date is not None \
                    and found.date.source != "published":
                date = replace(found.date, source="context")
            out[k] = replace(e, location=e.location or found.location, date=date)
            break
    return out


def link_back(parsed: Parsed, events: Sequence[Event]) -> list[Event]:
    """Each definite event noun that names an event the article told before ("the delivery", "the award",
    "this move" after "cut") with `refers_to`, the index of that event: the two are one event, and one
    timeline item. The antecedent is the latest earlier event of the noun's verb or the same noun, neither
    denied nor a report. A noun naming another of the kind ("the second such firing", "the next round") names
    none."""
    out = list(events)
    token_at = {t.start: t.i for t in parsed.tokens}
    for k, e in enumerate(out):
        i = token_at.get(e.trigger.start)
        if i is None or e.negated or e.mention_class == "REPORTING" or parsed.tokens[i].pos != "NOUN":
            continue
        if i not in _named_events(parsed, i) or _another(parsed, i):
            continue
        found = _antecedent(out, parsed.tokens[i].lemma.lower(), e.trigger.start)
        if found is not None:
            out[k] = replace(e, refers_to=found)
    return out


def _another(parsed: Parsed, i: int) -> bool:
    """Whether a noun names another event of the kind, not the one told: "the second such firing", "the next
    round", "the previous talks"."""
    return any(parsed.tokens[c].lemma.lower() in OTHER_ONE or parsed.tokens[c].ent_type == "ORDINAL"
               for c in parsed.children(i) if parsed.tokens[c].dep in ("amod", "det", "nummod", "predet"))


def _named_events(parsed: Parsed, i: int) -> list[int]:
    """The definite nouns at `i` (an event noun itself) or among its arguments (a verb's subject or object)."""
    t = parsed.tokens[i]
    found = [i] if t.pos == "NOUN" else [c for c in parsed.children(i) if parsed.tokens[c].dep in ARGUMENT_DEPS]
    return [
        n for n in found
        if parsed.tokens[n].pos == "NOUN"
        and any(parsed.tokens[d].dep == "det" and parsed.tokens[d].text.lower() in DEFINITE
                for d in parsed.children(n))
    ]


def _antecedent(events: list[Event], noun: str, before: int, *, giving: bool = False) -> int | None:
    """The index of the latest event told before the character `before` whose action is the noun's verb or the
    same noun, neither denied nor a report; `giving`: the latest with a place or a date from the text to give."""
    for j in range(len(events) - 1, -1, -1):
        e = events[j]
        if e.trigger.start >= before or e.negated or e.mention_class == "REPORTING":
            continue
        if e.action != noun and noun not in noun_forms(e.action):
            continue
        if not giving or e.location is not None or (e.date is not None and e.date.source != "published"):
            return j
    return None


def share_time(parsed: Parsed, events: Sequence[Event]) -> list[Event]:
    out = list(events)
    token_at = {t.start: t.i for t in parsed.tokens}
    at_token = {token_at[e.trigger.start]: k for k, e in enumerate(out) if e.trigger.start in token_at}
    for k, e in enumerate(out):
        i = token_at.get(e.trigger.start)
        if e.negated or e.mention_class == "REPORTING" or i is None:
            continue
        t = parsed.tokens[i]
        if t.dep != "advcl" or not marks(parsed, i) & SAME_TIME or retrospective(parsed, i):
            continue
        if any(a.tag == "MD" or (a.lemma == "have" and a.tag == "VBD") for a in auxes(parsed, i)):
            continue  # "when it had left", "as it would": another time
        h = at_token.get(t.head)
        if h is None or out[h].negated or out[h].mention_class == "REPORTING":
            continue
        mine, theirs = e.date, out[h].date
        if (mine is None or mine.source == "published") and theirs is not None and theirs.source != "published":
            out[k] = replace(e, date=replace(theirs, source="context"))
        elif mine is not None and mine.source == "text" and (theirs is None or theirs.source == "published"):
            out[h] = replace(out[h], date=replace(mine, source="context"))  # "when they fired on Monday, ..."
        elif (mine is None and theirs is not None and theirs.source == "published" and is_past_form(parsed, i)
              and parsed.tokens[t.head].dep in MAIN_LINE):
            out[k] = replace(e, date=replace(theirs, source="context"))  # "protests erupted when police fired"
    return out
