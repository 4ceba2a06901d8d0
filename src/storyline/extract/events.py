"""Events: who did what to whom, where and when, one per clause, coded in PLOVER's categories.

    find_events(parsed, entities, timexes, published, attributions=()) -> list[Event]

A trigger is a verb, or an eventive noun: one a light verb carries ("held talks", "imposed a curfew"), the
subject of a verb of occurring ("riots continued"), or one naming its own participants ("Trump's meeting
with Kim"). Its category comes from the verb table (`lexicons/plover_verbs.txt`: verb, particle, object and
subject classes → category), else from the noun table (`events_reading`). Then the grammar decides what the
clause says happened (`lexicons/event_grammar.txt`):

- reporting verbs (say, tell, report) are attributions, not events; "X said Y must Z" is X's DEMAND on Y;
- an action promised, offered, threatened or refused is one event of the governor's, coded by the kind of
  action (promise to attack → THREATEN, refuse to meet → REJECT); a future action ("will", "plans to") is
  coded as PLOVER codes intentions: cooperation → AGREE, material conflict → THREATEN, "will not accept" →
  REJECT; a future word (a demand, an investigation) keeps its category; "did not agree" is a REJECT;
- hypothetical (could, might, if-clauses), obliged (must, should) and purpose ("to demand") actions are not
  coded, nor what hangs inside them; other negated clauses are kept with `negated=True`;
- an event with no actor, no target and no place ("the matter has been settled") is left out.

Actors, targets, place and date come from the trigger's own clause (`events_clause`, `events_args`); only a
clause without a subject borrows its governing verb's, and a pronoun subject of reported speech stands for
the reporter ("Hungary said it will ..."). A description or pronoun in the clause stands for the entity the
article resolves it to (`nominals`: "the 39-year-old", "the government", "the paper", "its", "he"). A clause without a time expression of its own is dated by the
publication week only when it tells a past happening in the report's main line.

These are the coded events (`coded=True`, the ones the timeline takes). Every other TimeML event mention of the
article (`timeml.find_mentions`: "said", "the summit", "could resign") comes after them as an uncoded event
(`events_mentions`); each event carries its mention's class, tense, aspect, polarity and modality.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Literal

from storyline.extract.events_args import (
    NOT_NARRATIVE,
    Narrative,
    TimexIndex,
    attribution_of,
    bound_subject,
    context_date,
    governs,
    location,
    misparsed_subject,
    noun_roles,
    perfect_infinitive,
    phrase_entities,
    prep_targets,
    published_date,
    retrospective,
    simple_present,
    text_date,
)
from storyline.extract.events_backref import link_back, refer_back, share_time
from storyline.extract.events_clause import (
    VERBAL,
    actor_token,
    auxes,
    clause_path,
    is_negated,
    is_past_form,
    kids,
    lower_lemma,
    marks,
    own_tokens,
    subject,
    target_tokens,
)
from storyline.extract.events_lexicon import CATEGORIES, lexicon
from storyline.extract.events_mentions import mention_event, with_mention
from storyline.extract.events_participants import with_participants
from storyline.extract.events_reading import Coder, Reading
from storyline.extract.mentions import EntityIndex
from storyline.extract.nominals import with_nominals
from storyline.extract.parsed import Parsed
from storyline.extract.timeml import find_mentions
from storyline.model import Attribution, Event, EventDate, Span, Timex

__all__ = ["find_events"]

TRIGGER_DEPS = frozenset({"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis"})
BACKGROUND_DEPS = frozenset({"relcl", "acl", "pcomp", "csubj", "csubjpass", "amod", "appos"})
MERGING = frozenset({"DEMAND", "REJECT", "THREATEN"})  # their complement clause is their content
Status = Literal["realized", "future", "habitual", "merged", "drop"]


def find_events(
    parsed: Parsed,
    entities: EntityIndex,
    timexes: Sequence[Timex],
    published: date | None,
    attributions: Sequence[Attribution] = (),
) -> list[Event]:
    """Every coded event in the parse, in text order."""
    return _Reader(parsed, entities, timexes, published, attributions).events()


# determiners of a kind or any member of one, not of particular things: "any boat", "all activists"
GENERIC_DETERMINERS = frozenset({"any", "some", "every", "each", "all", "no", "such", "many", "most", "few"})


class _Reader:
    def __init__(
        self,
        parsed: Parsed,
        entities: EntityIndex,
        timexes: Sequence[Timex],
        published: date | None,
        attributions: Sequence[Attribution],
    ) -> None:
        self.parsed = parsed
        self.tokens = parsed.tokens
        self.entities = with_nominals(parsed, entities)  # participants: descriptions and "its" resolved too
        self.published = published
        self.attributions = attributions
        self.lex = lexicon()
        self.coder = Coder(parsed, entities, self.lex)  # categories read the names only
        self.reading = self.coder.reading
        self.lemma = self.coder.lemma
        self.timexes = TimexIndex(parsed, timexes)
        self.narrative = Narrative(parsed.text)
        self._statuses: dict[int, tuple[Status, bool]] = {}
        self._present: bool | None = None

    def events(self) -> list[Event]:
        """The coded events first (the PLOVER reading of each clause), then every other TimeML event mention
        of the article as an uncoded event; each takes its mention's class, tense, aspect, polarity and
        modality."""
        mentions = {m.i: m for m in find_mentions(self.parsed)}
        # the sentences holding a time expression (the others date an uncoded mention by the dateline only)
        self.dated_sentences: set[int] = {self.parsed.sentence_of(r.start)[0] for _, r in self.timexes.items if r}
        out: dict[int, Event] = {}
        carried: set[int] = set()
        covered: set[int] = set()  # the tokens a coded event was read from
        for t in self.tokens:
            if t.pos == "VERB" or (t.pos == "ADJ" and t.lemma.lower() in self.lex.intent):
                event = self._event(t.i)
                r = self.reading(t.i)
                if r is not None and r.noun is not None:
                    carried.add(r.noun)
                if event is not None and event.trigger.start not in out:
                    out[event.trigger.start] = with_mention(event, mentions, t.i, r)
                    covered.update(k for k in (t.i, r.trigger if r else None, r.noun if r else None)
                                   if k is not None)
        for t in self.tokens:
            if t.pos == "NOUN" and t.i not in carried:
                event = self._nominal(t.i)
                if event is not None and event.trigger.start not in out:
                    out[event.trigger.start] = with_mention(event, mentions, t.i, None)
                    covered.add(t.i)
        for i, m in mentions.items():
            if i not in covered and m.start not in out:
                out[m.start] = mention_event(self, m)
        events = share_time(self.parsed, refer_back(self.parsed, [out[k] for k in sorted(out)]))
        return link_back(self.parsed, with_participants(self.parsed, self.entities, self.lex, events))

    # ---- what the grammar says happened -----------------------------------------------------------------
    def status(self, v: int) -> tuple[Status, bool]:
        """Whether the clause at `v` is a happening, an intention, or not coded; and whether a governor
        denies it ("failed to")."""
        if v not in self._statuses:
            self._statuses[v] = ("drop", False)  # guards cycles in a malformed parse
            self._statuses[v] = self._status(v)
        return self._statuses[v]

    def _status(self, v: int) -> tuple[Status, bool]:
        t = self.tokens[v]
        lex = self.lex
        if t.head != v and t.dep not in TRIGGER_DEPS:
            return "drop", False
        if any(
            marks(self.parsed, g) & lex.word_set("hypothetical_mark") for g in clause_path(self.parsed, v)
        ):
            return "drop", False
        words = {a.text.lower() for a in auxes(self.parsed, v)}
        if words & (lex.word_set("hypothetical_aux") | lex.word_set("obligation_aux")):
            return "drop", False
        if t.dep in ("advcl", "acl", "relcl") and "to" in words:
            return "drop", False  # purpose: "to demand", "an invitation to attend"
        up = self._governing_clause(v)
        if up is not None and self.status(up)[0] in ("drop", "merged") and not self._fact(v):
            return "drop", False  # inside what did not happen: "before allowing convoys to feed ..."
        if t.dep == "xcomp" and t.head != v:
            return self._governed(t.head)
        if t.dep == "advcl" and t.head != v:
            head_status, _ = self.status(t.head)
            if head_status != "realized" and self.tokens[t.head].pos in VERBAL:
                # "must agree to changes before they demobilize": a circumstance of what did not happen
                return ("habitual" if head_status == "habitual" else "drop"), False
        if (
            t.dep == "conj"
            and self.tokens[t.head].pos in VERBAL
            and not kids(self.parsed, v, "nsubj", "nsubjpass")
        ):
            # "called on Arabs to unite and mobilize": a verb sharing its head's subject shares its status
            head_status, denied = self.status(t.head)
            if head_status in ("drop", "merged", "habitual"):
                return head_status, denied
            if words & lex.word_set("future_aux"):
                return "future", denied
            return head_status, denied
        if t.dep == "ccomp" and t.head != v:
            g = self.reading(t.head)
            if g is not None and g.content == v:
                return "merged", False
            if g is not None and g.category in MERGING and g.content is None and g.addressee_clause is None:
                return "merged", False
        if words & lex.word_set("future_aux"):
            return "future", False
        return "realized", False

    def _governing_clause(self, v: int) -> int | None:
        """The verb of the clause this one hangs in (through the noun a relative clause modifies)."""
        g = self.tokens[v].head
        for _ in range(16):
            t = self.tokens[g]
            if t.pos in VERBAL or t.head == g:
                break
            g = t.head
        return g if g != v and self.tokens[g].pos in VERBAL else None

    def _fact(self, v: int) -> bool:
        """A relative clause in the past states a fact whatever the clause around it does ("a helicopter
        that was captured last week")."""
        t = self.tokens[v]
        return t.dep in ("relcl", "acl") and (is_past_form(self.parsed, v) is True or t.tag == "VBN")

    def _governed(self, g: int) -> tuple[Status, bool]:
        lex = self.lex
        gl = self.lemma(g)
        if gl in lex.intent:
            return "merged", False
        if gl in lex.word_set("hedge") or gl in lex.word_set("obligation"):
            return "drop", False
        if gl in lex.word_set("habitual_governor"):
            return "habitual", False
        status, denied = self.status(g)
        if status in ("drop", "merged"):
            return status, denied
        if gl in lex.word_set("negating"):
            return status, not denied
        if gl in lex.word_set("future"):
            return "future", denied
        if gl in lex.word_set("realize"):
            return status, denied
        if self.reading(g) is not None:
            return "merged", False  # "ordered X to ...", "urged X to ...": the action is the order's content
        return status, denied

    def _past_main_line(self, v: int) -> bool:
        """A past happening told in the report's main line: no past perfect, no background clause, no
        habit."""
        parsed, lex = self.parsed, self.lex
        g = v
        for _ in range(8):
            past = is_past_form(parsed, g)
            if past is False and simple_present(parsed, g) and (self._narrative_present() or self._episodic(g)):
                past = True  # the historical present of a chronicle or a headline tells past happenings
            if past is False and perfect_infinitive(parsed, g):
                past = None  # "claimed to have tested": as past as the verb it hangs on
            if past is not None:
                break
            t = self.tokens[g]
            if t.head == g or t.dep not in ("xcomp", "advcl", "conj"):
                return False
            g = t.head
        if not past:
            return False
        for h in (v, g):
            if any(
                lower_lemma(self.tokens[a]) in lex.word_set("habitual") for a in kids(parsed, h, "advmod")
            ):
                return False
        if self.tokens[v].dep in ("ccomp", "advcl", "csubj") and any(
            self.tokens[i].tag in ("WDT", "WP", "WP$", "WRB") and i < v for i in own_tokens(parsed, v)
        ):
            return False  # an embedded question: "how many were arrested", "why it detained them"
        for h in clause_path(parsed, v):
            t = self.tokens[h]
            if t.dep in BACKGROUND_DEPS:
                return False
            if t.dep == "advcl" and marks(parsed, h) & lex.word_set("background_mark"):
                return False
        return True

    def _episodic(self, v: int) -> bool:
        """A simple-present act told of particular participants, as headlines and chronologies tell what
        happened ("navy ships sink a spy boat", "Chile arrests the five activists"), not a habit or a kind
        ("Chile arrests activists", "the navy patrols the coast every day"): an act the PLOVER reading codes,
        with a subject (headlines drop its article) and an object, if any, that is particular."""
        if self.reading(v) is None or self.lemma(v) in NOT_NARRATIVE or self.lemma(v) in ("be", "have"):
            return False  # "has the support of": a state
        subjects = kids(self.parsed, v, "nsubj", "nsubjpass")
        if not subjects and self.tokens[v].dep == "conj":
            subjects = kids(self.parsed, self.tokens[v].head, "nsubj", "nsubjpass")
        if not subjects or any(x.type == "SET" for x, _ in self.timexes.inside(own_tokens(self.parsed, v))):
            return False  # "every day": a habit
        if any(self._determiners(n) & GENERIC_DETERMINERS for n in subjects):
            return False  # "every patrol boat sinks ..."
        return all(self._particular(n) for n in kids(self.parsed, v, "dobj"))

    def _determiners(self, n: int) -> set[str]:
        return {self.tokens[k].text.lower() for k in self.parsed.children(n) if self.tokens[k].dep == "det"}

    def _particular(self, n: int) -> bool:
        """A name, a pronoun, or a noun with a determiner, a possessive or a number ("the boat", "its vessel",
        "two missiles"); not a bare noun ("activists", "Peruvian activists": a kind) or "any boat"."""
        t = self.tokens[n]
        if t.pos in ("PROPN", "PRON"):
            return True
        return any(
            (c := self.tokens[k]).dep in ("det", "poss", "nummod") and c.text.lower() not in GENERIC_DETERMINERS
            for k in self.parsed.children(n)
        )

    def _narrative_present(self) -> bool:
        """A report told in the historical present, as chronologies are ("troops sink the boat; five agents are
        killed"): at least two of its main-line happenings in the simple present, more than in the past. One
        present clause alone is told as past only when it is `_episodic`."""
        if self._present is None:
            present = past = 0
            for t in self.tokens:
                main = t.head == t.i or (t.dep == "conj" and self.tokens[t.head].head == t.head)
                if t.pos != "VERB" or not main or self.lemma(t.i) in NOT_NARRATIVE:
                    continue
                if simple_present(self.parsed, t.i):
                    present += 1
                elif is_past_form(self.parsed, t.i):
                    past += 1
            self._present = present >= 2 and present > past
        return self._present

    # ---- the event ------------------------------------------------------------------------------------
    def _event(self, v: int) -> Event | None:
        t = self.tokens[v]
        gram = v
        if t.pos == "ADJ":
            if t.dep not in ("acomp", "attr", "oprd") or self.tokens[t.head].pos not in VERBAL:
                return None
            gram = t.head
        r = self.reading(v)
        if r is None:
            return None
        status, denied = self.status(gram)
        if status in ("drop", "merged"):
            return None
        negated = is_negated(self.parsed, gram) != denied
        category = r.category
        cooperative = self.lex.is_cooperative(category)
        if (
            status == "future"
            and r.content is None
            and (cooperative or category in self.lex.word_set("threatening"))
        ):
            # PLOVER codes a future action as the intention it states; "will not accept" is a refusal
            if negated:
                category = "REJECT" if cooperative else "AGREE"
            else:
                category = "AGREE" if cooperative else "THREATEN"
            negated = False
        elif negated and category == "AGREE":
            category, negated = "REJECT", False

        actors, objects = self._participants(gram, r)
        if category == "MOBILIZE" and len(actors) > 1:
            category = "COOPERATE"  # joint exercises and operations are cooperation (PLOVER manual)

        heads = [h for h in (gram, r.noun, r.content) if h is not None]
        lemma = self.lemma(gram)
        place, used = location(
            self.parsed,
            self.entities,
            self.lex,
            heads,
            lemma in self.lex.word_set("motion"),
            lemma in self.lex.word_set("place_object"),
            exclude=frozenset(r.words),
        )
        if place is None and category in self.lex.word_set("material"):
            # "deployed warships near the islands", "arrested activists in Minsk": done where its object is
            place, used = location(
                self.parsed, self.entities, self.lex, kids(self.parsed, gram, "dobj"), False, False
            )
        targets = self._targets(objects, heads, used, actors)
        if not (actors or targets or place):
            return None  # "the matter has been settled": nobody and nowhere to put in a dossier
        when = self._date(gram, status, negated, heads)
        trig = self.tokens[r.trigger]
        text = self.parsed.text
        s_start, s_end = self.parsed.char_sentence(r.trigger)
        return Event(
            type=category,
            action=self.lemma(r.trigger) if trig.pos in VERBAL else lower_lemma(trig),
            trigger=Span.of(text, trig.start, trig.end),
            sentence=Span.of(text, s_start, s_end),
            actors=tuple(actors),
            targets=tuple(targets),
            location=place,
            date=when,
            attribution=attribution_of(self.attributions, trig.start, trig.end),
            negated=negated,
            mode=r.mode if category == r.category else None,
        )

    def _nominal(self, n: int) -> Event | None:
        """An eventive noun that names its participants ("Israel's attack on Gaza", "talks between X and Y"),
        in a clause that is not hypothetical. It has no tense: only its own time expression dates it."""
        found = self.coder.noun_reading(n)
        if found is None or found[1] != n or found[0] not in CATEGORIES:
            return None
        parsed = self.parsed
        # only a possessor, a by-phrase or the parties between name who acted ("Trump's meeting with Kim");
        # "an Australian ultimatum" rejected is a reference, not news of its own
        named, patients = noun_roles(parsed, self.entities, n, modifiers=False)
        actors = [m.canonical for m in named]
        if not actors:
            return None
        up = self._governing_clause(n)
        if up is not None and self.status(up)[0] in ("drop", "merged"):
            return None
        place, used = location(parsed, self.entities, self.lex, [n], False, False)
        roles = {
            p for p in kids(parsed, n, "prep") if self.tokens[p].text.lower() in ("between", "among", "by")
        }
        targets = self._targets(patients, [n], used | roles, actors)
        own = [(x, r) for x, r in self.timexes.inside(own_tokens(parsed, n)) if governs(parsed, r, [n])]
        when, _ = text_date(parsed, own, n)
        t = self.tokens[n]
        s_start, s_end = parsed.char_sentence(n)
        return Event(
            type=found[0],
            action=lower_lemma(t),
            trigger=Span.of(parsed.text, t.start, t.end),
            sentence=Span.of(parsed.text, s_start, s_end),
            actors=tuple(actors),
            targets=tuple(targets),
            location=place,
            date=when,
            attribution=attribution_of(self.attributions, t.start, t.end),
            mode=found[2],
        )

    def _participants(self, gram: int, r: Reading) -> tuple[list[str], list[int]]:
        parsed, lex = self.parsed, self.lex
        actors: list[str] = []
        if r.occurring and r.noun is not None:
            named, patients = noun_roles(parsed, self.entities, r.noun)
            return [m.canonical for m in named], patients
        a = actor_token(parsed, gram, lex)
        if a is None:
            a = misparsed_subject(parsed, gram)
        t = self.tokens[gram]
        if a is not None and t.dep == "acl" and t.tag == "VBG" and self.coder.is_(a, "@statement"):
            a = actor_token(parsed, self.tokens[a].head, lex)  # "X issued a declaration demanding ..."
        if a is not None:
            actors = [m.canonical for m in phrase_entities(parsed, self.entities, a)]
            if not actors and self.tokens[a].text.lower() in lex.word_set("pronoun"):
                actors = [m.canonical for m in bound_subject(parsed, self.entities, gram, lex)]
        targets = [n for n in target_tokens(parsed, gram, lex) if n != r.noun]
        if r.content is not None and not targets:
            targets.extend(kids(parsed, r.content, "nsubj"))  # "wants Ethiopia to withdraw"
        if r.content is not None and not targets:
            # "threatened to break ties with Y"; but "asked X to convince Y" is made on X
            targets.extend(n for n in target_tokens(parsed, r.content, lex) if n != a)
        if r.addressee_clause is not None:
            s = subject(parsed, r.addressee_clause, lex)
            targets.extend([s] if s is not None else [])
        elif r.category == "DEMAND" and not targets:
            for c in kids(parsed, gram, "ccomp"):
                s = subject(parsed, c, lex)
                targets.extend([s] if s is not None else [])
        return list(dict.fromkeys(actors)), targets

    def _targets(self, objects: list[int], heads: list[int], used: set[int], actors: list[str]) -> list[str]:
        """Entities of the objects and of the target prepositions on the clause's heads and its objects
        ("held talks with Y", "established ties with Y")."""
        found = objects + prep_targets(self.parsed, self.lex, heads + objects, used)
        out: dict[str, None] = {}
        for n in found:
            if self.tokens[n].pos == "PRON":
                continue
            for m in phrase_entities(self.parsed, self.entities, n):
                if m.canonical not in actors:
                    out.setdefault(m.canonical, None)
        return list(out)

    def _date(self, gram: int, status: Status, negated: bool, heads: list[int]) -> EventDate | None:
        """Its own time expression (`text`); else a bare time of day or "the next day" on the day the article
        set before it, or, for the report's main line, the date the narrative is at (`context`); else, for the
        report's own news, the publication week. Background and retellings get no guessed date."""
        parsed = self.parsed
        found = [(x, r) for x, r in self.timexes.inside(own_tokens(parsed, gram)) if governs(parsed, r, heads)]
        when, had_one = text_date(parsed, found, gram)
        if when is None and had_one:
            return None  # "recently": a time the calendar cannot place
        offset = self.tokens[gram].start
        reference = self.narrative.reference(offset)
        if when is None:
            day = self.timexes.day_before(offset, self.narrative.paragraph_start(offset))
            when = context_date(found, reference, day)
        main = status == "realized" and not negated and self._past_main_line(gram)
        if when is None and main and not retrospective(parsed, gram):
            if reference is not None:
                when = replace(reference, source="context")
            elif self.published is not None:
                when = published_date(self.published)
        if main and when is not None and when.source != "published":
            self.narrative.advance(offset, when)
        return when
