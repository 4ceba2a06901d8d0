"""What a clause codes, before its grammar is weighed: the PLOVER category and the trigger.

The verb table (verb, particle, object and subject classes), a light verb's eventive noun ("held talks"), a verb
of occurring's eventive subject ("riots continued"), and the governors of intended actions ("threatened to
break ties": a THREATEN whose content is the breaking) are read here, from `events_lexicon`'s data.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.extract.events_clause import (
    NOUN_MODIFIERS,
    actor_token,
    auxes,
    is_negated,
    kids,
    lemma_guesses,
    lower_lemma,
    noun_keys,
    object_candidates,
    particles,
)
from storyline.extract.events_lexicon import CATEGORIES, NONE, Lexicon, Pattern
from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed


@dataclass(frozen=True, slots=True)
class Reading:
    """What a clause codes before its modality is weighed."""

    category: str
    trigger: int  # token index of the trigger
    noun: int | None = None  # the eventive noun carrying the event, when there is one
    occurring: bool = False  # the noun is the subject of a verb of occurring
    content: int | None = None  # an intended action folded into this event ("threatened to break ties")
    addressee_clause: int | None = None  # a complement whose subject the demand is made on
    words: tuple[str, ...] = ()  # the prepositions the verb pattern named ("fire at"): they name no place
    mode: str | None = None  # PLOVER's mode, where the table gives one


class Coder:
    """Readings of one parse, cached per token."""

    def __init__(self, parsed: Parsed, entities: EntityIndex, lex: Lexicon) -> None:
        self.parsed = parsed
        self.tokens = parsed.tokens
        self.entities = entities
        self.lex = lex
        self.frames = lex.word_set("frame_noun")
        self._readings: dict[int, Reading | None] = {}
        self._lemmas: dict[int, str] = {}

    def lemma(self, v: int) -> str:
        """The verb's lemma: the parser's, or a guess from its inflection that the lexicon knows."""
        if v not in self._lemmas:
            guesses = lemma_guesses(self.tokens[v])
            whole: tuple[str, ...] = ()
            if v > 1 and self.tokens[v - 1].tag == "HYPH" and self.tokens[v - 2].head == v:
                # "test-fired": the parser splits the compound verb; the table may know it whole
                prefix = self.tokens[v - 2].text.lower()
                whole = tuple(f"{prefix}-{g}" for g in guesses)
            elif v > 0 and (before := self.tokens[v - 1]).text.endswith("-") and not before.ws:
                whole = tuple(f"{before.text.lower()}{g}" for g in guesses)  # "test-" "fired" (nlp.py)
            self._lemmas[v] = next((g for g in whole + guesses if g in self.lex.verbs), guesses[0])
        return self._lemmas[v]

    def governed(self, v: int) -> list[int]:
        """The action a verb governs: its xcomp, a to-infinitive the parser hung as advcl or ccomp ("sworn to
        fight", "wants Ethiopia to withdraw"), or a gerund after "to" ("committed to opening")."""
        out = kids(self.parsed, v, "xcomp")
        if not out and self.lemma(v) in self.lex.intent:
            out = [
                c
                for c in kids(self.parsed, v, "advcl", "ccomp")
                if any(self.tokens[a].tag == "TO" for a in kids(self.parsed, c, "aux"))
            ]
        if not out and self.lemma(v) in self.lex.intent:
            # "committed to opening its markets": the action as a gerund after "to"
            out = [
                g
                for p in kids(self.parsed, v, "prep")
                if self.tokens[p].text.lower() == "to"
                for g in kids(self.parsed, p, "pcomp")
                if self.tokens[g].tag == "VBG"
            ]
        return out

    def reading(self, v: int) -> Reading | None:
        if v not in self._readings:
            self._readings[v] = None  # guards cycles in a malformed parse
            self._readings[v] = self._read(v)
        return self._readings[v]

    def _read(self, v: int) -> Reading | None:
        t = self.tokens[v]
        lemma = self.lemma(v)
        xcomps = self.governed(v)
        if lemma in self.lex.intent and xcomps:
            return self._intended(v, xcomps[0])
        if t.pos != "VERB" or (xcomps and lemma in self.lex.word_set("realize")):
            return None  # "sought to improve ties": the improving is the event
        found = self._coded(v)
        if found is not None:
            return None if found.category == NONE else found
        if lemma in self.lex.word_set("reporting"):
            for c in kids(self.parsed, v, "ccomp"):
                if self._obliged(c):
                    return Reading("DEMAND", v, addressee_clause=c)
        return None

    def _coded(self, v: int) -> Reading | None:
        """The verb table, the light verb's noun, the occurring noun: the most specific wins."""
        lemma = self.lemma(v)
        parts = particles(self.parsed, v)
        patterns = self.lex.patterns.get(lemma, ())
        for p in patterns:  # an object or a subject, then a particle, narrows a verb before its noun does
            if (p.obj is not None or p.subj is not None or p.words) and self._matches(p, v, parts):
                return Reading(p.category, v, words=p.words, mode=p.mode)
        keys = {lemma} | {f"{lemma} {w}" for w in parts}
        if keys & self.lex.word_set("light"):
            for n in object_candidates(self.parsed, v, self.lex, ("on", "in", "into", "for")):
                found = self.noun_reading(n)
                if found is not None:
                    return Reading(found[0], found[1], noun=n, mode=found[2])
        if keys & self.lex.word_set("occur"):
            for s in kids(self.parsed, v, "nsubj"):
                found = self.noun_reading(s)
                if found is not None:
                    return Reading(found[0], found[1], noun=s, occurring=True, mode=found[2])
        for p in patterns:
            if p.obj is None and p.subj is None and self._matches(p, v, parts):
                return Reading(p.category, v, mode=p.mode)
        if not patterns and not parts:
            derived = self.lex.verbal(lemma)  # "abducted" by way of "abduction"
            if derived is not None:
                return Reading(derived[0], v, mode=derived[1])
        return None

    def noun_event(self, n: int) -> tuple[str, int] | None:
        """The event an eventive noun names, and the noun naming it."""
        found = self.noun_reading(n)
        return None if found is None else (found[0], found[1])

    def noun_reading(self, n: int, depth: int = 0) -> tuple[str, int, str | None] | None:
        """The event an eventive noun names (category, the noun naming it, mode): the noun table, then a class
        entry ("@weapon launch"), then a frame noun's filler ("10 days of war games" → the games), then the
        verb a suffix-derived noun comes from ("shelling" ← shell)."""
        t = self.tokens[n]
        if t.pos not in ("NOUN", "PROPN"):
            return None
        for k in noun_keys(self.parsed, n):
            if k in self.lex.nouns:
                return self.lex.nouns[k][0], n, self.lex.nouns[k][1]
        head = lower_lemma(t)
        if head in self.lex.class_nouns:
            key = self.lex.class_noun(head, *self._noun_slots(n))
            if key is not None:
                return self.lex.nouns[key][0], n, self.lex.nouns[key][1]
        if head not in self.frames or depth > 2:
            if t.pos != "NOUN" or depth > 0:
                return None
            derived = self.lex.deverbal(head)
            return None if derived is None else (derived[0], n, derived[1])
        fillers = [c for c in kids(self.parsed, n, "compound") if c < n]
        fillers += [
            o
            for p in kids(self.parsed, n, "prep")
            if self.tokens[p].text.lower() == "of"
            for o in kids(self.parsed, p, "pobj")
        ]
        for f in fillers:
            found = self.noun_reading(f, depth + 1)
            if found is not None:
                return found
        return None

    def _noun_slots(self, n: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The lemmas of a noun's modifiers and of its of-complements."""
        mods: list[str] = []
        comps: list[str] = []
        for c in self.parsed.children(n):
            ct = self.tokens[c]
            if ct.dep in NOUN_MODIFIERS and c < n:
                mods.append(lower_lemma(ct))
            elif ct.dep == "prep" and ct.text.lower() == "of":
                comps.extend(lower_lemma(self.tokens[p]) for p in kids(self.parsed, c, "pobj"))
        return tuple(mods), tuple(comps)

    def _matches(self, p: Pattern, v: int, parts: set[str]) -> bool:
        if any(w not in parts for w in p.words):
            return False
        if p.obj == "-":
            if kids(self.parsed, v, "dobj"):
                return False
        elif p.obj == "*":
            if not kids(self.parsed, v, "dobj", "dative"):
                return False
        elif p.obj is not None:
            spec = p.obj
            cands = object_candidates(self.parsed, v, self.lex, p.words)
            if not any(self.is_(n, spec) for n in cands):
                return False
        if p.subj is not None:
            a = actor_token(self.parsed, v, self.lex)
            if a is None or not self.is_(a, p.subj):
                return False
        return True

    def is_(self, n: int, spec: str) -> bool:
        """Whether noun `n` is the lemma `spec` or of the class `spec` (\"@person\")."""
        keys = noun_keys(self.parsed, n, self.frames)
        if not spec.startswith("@"):
            return spec in keys
        t = self.tokens[n]
        m = self.entities.at(t.start, t.end)
        return self.lex.in_class(spec, keys, m.type if m is not None else "")

    def _intended(self, v: int, x: int) -> Reading | None:
        """A promise, offer, threat or refusal, coded by the kind of action it governs."""
        row = self.lex.intent[self.lemma(v)]
        content = self.reading(x)
        for _ in range(3):  # "prepared to resume shelling": the action under an aspectual verb
            if content is not None or self.lemma(x) not in self.lex.word_set("realize"):
                break
            below = kids(self.parsed, x, "xcomp")
            if not below:
                break
            x = below[0]
            content = self.reading(x)
        kind = "neutral"
        if content is not None and content.category in CATEGORIES:
            cooperative = self.lex.is_cooperative(content.category)
            if is_negated(self.parsed, x):
                cooperative = not cooperative
            kind = "cooperative" if cooperative else "conflictual"
        category = getattr(row, kind)
        others = bool(kids(self.parsed, v, "dobj") or kids(self.parsed, x, "nsubj"))
        if others and self.lemma(v) in self.lex.word_set("desire"):
            category = "DEMAND"  # "the UN wants Ethiopia to withdraw": a wish for others to act
        return Reading(category, v, content=x) if category is not None else None

    def _obliged(self, c: int) -> bool:
        """A complement that says what someone must do ("Sudan must return the helicopter")."""
        group = auxes(self.parsed, c)
        if any(a.text.lower() in self.lex.word_set("obligation_aux") for a in group):
            return True
        t = self.tokens[c]
        return lower_lemma(t) in self.lex.word_set("obligation") and bool(kids(self.parsed, c, "xcomp"))
