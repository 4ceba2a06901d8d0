"""Clause structure for event extraction, read off storyline's parse: the clause a trigger heads, its
subject and objects, its auxiliaries, voice, negation, and where it sits in the sentence.

A clause is the trigger's dependency subtree without the clauses of its own below it (complement, adverbial
and relative clauses, coordinated verbs): what an event takes its actors, place and date from.
"""

from __future__ import annotations

from collections.abc import Iterator

from storyline.extract.events_lexicon import Lexicon
from storyline.extract.parsed import Parsed, Token

CLAUSE_DEPS = frozenset(
    {"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj", "csubjpass", "pcomp"}
)
VERBAL = frozenset({"VERB", "AUX"})
OBJECTS = frozenset({"dobj", "dative", "oprd"})
PARTICLE_DEPS = frozenset({"prt", "prep", "agent", "advmod", "acomp", "oprd", "dobj", "npadvmod"})
NOUN_MODIFIERS = frozenset({"compound", "amod", "nmod"})


def kids(parsed: Parsed, i: int, *deps: str) -> list[int]:
    return [c for c in parsed.children(i) if not deps or parsed.tokens[c].dep in deps]


def is_clause_child(parsed: Parsed, j: int) -> bool:
    t = parsed.tokens[j]
    if t.dep in CLAUSE_DEPS:
        return True
    return t.dep == "conj" and (t.pos in VERBAL or bool(kids(parsed, j, "nsubj", "nsubjpass")))


def own_tokens(parsed: Parsed, v: int) -> set[int]:
    """The tokens of the clause `v` heads, without the clauses of its own below it."""
    seen = {v}
    stack = [v]
    while stack:
        for c in parsed.children(stack.pop()):
            if c not in seen and not is_clause_child(parsed, c):
                seen.add(c)
                stack.append(c)
    return seen


def lower_lemma(t: Token) -> str:
    return t.lemma.lower()


def noun_keys(parsed: Parsed, n: int, frames: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The keys a noun is looked up by, most specific first: "hunger strike", "state of emergency", "strike".
    A frame noun ("effort", "round", "tons") also answers to what fills it: "mediation effort" → mediation,
    "a round of talks" → talk, "25,000 tons of food aid" → aid."""
    t = parsed.tokens[n]
    head = lower_lemma(t)
    keys = []
    filled: list[str] = []
    for c in parsed.children(n):
        ct = parsed.tokens[c]
        if ct.dep in NOUN_MODIFIERS and c < n:
            keys.append(f"{lower_lemma(ct)} {head}")
            keys.append(f"{ct.text.lower()} {head}")
            if head in frames and ct.pos in ("NOUN", "PROPN"):
                filled.append(lower_lemma(ct))
        elif ct.dep == "prep" and ct.text.lower() == "of":
            for p in kids(parsed, c, "pobj"):
                keys.append(f"{head} of {lower_lemma(parsed.tokens[p])}")
                if head in frames:
                    filled.extend(noun_keys(parsed, p))
    keys.append(head)
    if t.text.lower() != head:
        keys.append(t.text.lower())
    keys.extend(filled)
    return tuple(dict.fromkeys(keys))


_SUFFIXES = (
    ("ied", "y"),
    ("ies", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
)


def lemma_guesses(t: Token) -> tuple[str, ...]:
    """The parser's lemma, then lemmas guessed from the word's inflection, for when the model's lemmatizer
    slips ("staged" → "stag")."""
    out = [lower_lemma(t)]
    word = t.text.lower()
    if t.pos in VERBAL and t.tag in ("VBD", "VBN", "VBG", "VBZ"):
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                stem = word[: -len(suffix)]
                out.append(stem + repl)
                if not repl and len(stem) > 3 and stem[-1] == stem[-2]:
                    out.append(stem[:-1])  # "stopped" → "stop"
    return tuple(dict.fromkeys(out))


def auxes(parsed: Parsed, v: int) -> list[Token]:
    """The auxiliaries of `v`'s verb group; a coordinated bare participle shares its head's ("has tortured and
    killed")."""
    own = [parsed.tokens[c] for c in kids(parsed, v, "aux", "auxpass")]
    t = parsed.tokens[v]
    if not own and t.dep == "conj" and t.tag in ("VBN", "VB", "VBG") and t.head != v:
        head = parsed.tokens[t.head]
        if head.pos in VERBAL and not kids(parsed, v, "nsubj", "nsubjpass"):
            return auxes(parsed, t.head)
    return own


def is_passive(parsed: Parsed, v: int) -> bool:
    t = parsed.tokens[v]
    if kids(parsed, v, "nsubjpass", "auxpass"):
        return True
    return t.tag == "VBN" and (t.dep == "acl" or any(a.dep == "auxpass" for a in auxes(parsed, v)))


def is_negated(parsed: Parsed, v: int) -> bool:
    return bool(kids(parsed, v, "neg"))


def particles(parsed: Parsed, v: int) -> set[str]:
    """Particles, prepositions and small adverbs a verb governs: what "blow up", "call for" are matched on."""
    out = set()
    for c in parsed.children(v):
        t = parsed.tokens[c]
        if t.dep in PARTICLE_DEPS:
            out.add(lower_lemma(t))
            out.add(t.text.lower())
    return out


def marks(parsed: Parsed, v: int) -> set[str]:
    """The words opening a clause: "if", "because", and a wh-adverb the parser left as advmod ("when")."""
    out = set()
    for c in parsed.children(v):
        t = parsed.tokens[c]
        if t.dep == "mark" or (t.dep == "advmod" and t.tag == "WRB" and c < v):
            out.add(t.text.lower())
    return out


def clause_path(parsed: Parsed, v: int) -> Iterator[int]:
    """`v` and the heads of the clauses above it, up to the sentence's root."""
    seen = 0
    while seen < 64:
        yield v
        t = parsed.tokens[v]
        if t.head == v:
            return
        v = t.head
        seen += 1


def subject(parsed: Parsed, v: int, lex: Lexicon, depth: int = 0) -> int | None:
    """The token standing for `v`'s grammatical subject: its own, a relative clause's noun, or (for a clause
    without one) the governing verb's: the controller of an xcomp, the shared subject of coordinated verbs."""
    t = parsed.tokens[v]
    own = kids(parsed, v, "nsubj", "nsubjpass")
    if own:
        s = own[0]
        if parsed.tokens[s].text.lower() in lex.word_set("relative") and t.dep == "relcl":
            return t.head
        return s
    if depth > 8 or t.head == v:
        return None
    if t.dep in ("relcl", "acl"):
        head = parsed.tokens[t.head]
        return t.head if head.pos in ("NOUN", "PROPN", "PRON", "NUM") else None
    if t.dep == "xcomp":
        controller = kids(parsed, t.head, "dobj")
        if controller:
            return controller[0]
        return subject(parsed, t.head, lex, depth + 1)
    if t.dep == "conj" and parsed.tokens[t.head].pos in VERBAL:
        return subject(parsed, t.head, lex, depth + 1)
    if t.dep == "advcl" and t.tag == "VBG" and not marks(parsed, v):
        return actor_token(parsed, t.head, lex, depth + 1)
    return None


def actor_token(parsed: Parsed, v: int, lex: Lexicon, depth: int = 0) -> int | None:
    """Who does what `v` says: the by-agent of a passive, else the subject."""
    if is_passive(parsed, v):
        for a in kids(parsed, v, "agent"):
            objs = kids(parsed, a, "pobj")
            if objs:
                return objs[0]
        return None
    return subject(parsed, v, lex, depth)


def target_tokens(parsed: Parsed, v: int, lex: Lexicon) -> list[int]:
    """Who `v` is done to: the direct and indirect objects, a passive's subject."""
    out = kids(parsed, v, "dobj", "dative")
    if is_passive(parsed, v):
        s = subject(parsed, v, lex)
        if s is not None:
            out.insert(0, s)
    return out


def object_candidates(parsed: Parsed, v: int, lex: Lexicon, preps: tuple[str, ...] = ()) -> list[int]:
    """The nouns a pattern's `+object` is matched against: objects, a passive's subject, the objects of the
    prepositions the pattern names."""
    out = kids(parsed, v, *OBJECTS)
    if is_passive(parsed, v):
        s = subject(parsed, v, lex)
        if s is not None:
            out.append(s)
    for c in kids(parsed, v, "prep", "agent"):
        if parsed.tokens[c].text.lower() in preps:
            out.extend(kids(parsed, c, "pobj"))
    return out


def is_past_form(parsed: Parsed, v: int) -> bool | None:
    """True for a simple past or present perfect happening, False for past perfect and non-past forms,
    None when the verb group does not say (a bare form governed by another verb)."""
    t = parsed.tokens[v]
    group = [a for a in auxes(parsed, v) if a.tag != "TO"]
    if any(a.lemma == "have" and a.tag == "VBD" for a in group):
        return False  # past perfect: background
    if any(a.tag == "MD" for a in group):
        return False
    if t.tag == "VBD":
        return True
    if t.tag == "VBN" and any(a.lemma == "have" and a.tag in ("VBZ", "VBP") for a in group):
        return True
    if any(a.dep == "auxpass" and a.tag == "VBD" for a in group):
        return True
    if t.tag == "VBG" and any(a.lemma == "be" and a.tag == "VBD" for a in group):
        return True  # past progressive
    if group or t.tag in ("VBZ", "VBP"):
        return False
    return None
