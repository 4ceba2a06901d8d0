"""Event mentions as TimeML defines them: every verb that says something happened or holds, every event
nominal, every predicative state, with TimeML's class, tense, aspect, polarity and modality.

    find_mentions(parsed) -> list[EventMention]

The PLOVER reading (`events`) codes the clauses a dossier tracks; this module finds all the events an article
mentions, the way TimeML's EVENT tag does, so that the reading can code each one or keep it as OTHER:

- verbs: every main verb; not an auxiliary, not the copula ("be" is no event: its predicate is), not a verb
  that only marks time or connects ("going to", "according to", "including");
- event nominals: nouns of deverbal morphology (-tion, -sion, -ment, -ance, -ence, -ure, -al, -ing) unless the
  word names a thing or a body ("government", "station", "building"), and the nouns that name events without
  such an ending ("war", "talks", "summit", "raid"): `lexicons/timeml_nouns.txt`, written from general
  knowledge of news English;
- predicative states: an adjective after a copula ("was dead", "remains unclear").

The class comes from the lemma (TimeML's classes are lexical: say → REPORTING, begin → ASPECTUAL, want →
I_STATE, try → I_ACTION, see → PERCEPTION, own → STATE; everything else OCCURRENCE). Tense, aspect, polarity
and modality come from the verb group (auxiliaries, negation, modals); a predicative state takes its copula's.
One pass over the tokens, set lookups only.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from storyline.extract.events_clause import lemma_guesses
from storyline.extract.parsed import Parsed, Token
from storyline.model import EventMention, MentionClass

__all__ = ["MENTION_CLASSES", "find_mentions"]

MENTION_CLASSES: tuple[MentionClass, ...] = (
    "OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "ASPECTUAL", "PERCEPTION", "I_STATE",
)
COPULAS = frozenset({"be", "become", "remain", "seem", "appear", "stay", "look", "sound", "feel", "get", "grow",
                     "prove", "turn"})
NEGATORS = frozenset({"not", "n't", "never", "no", "nt"})
FUTURE = frozenset({"will", "shall", "'ll", "wo", "ll"})
MODAL_FORMS = {"'d": "would", "d": "would", "ca": "can", "sha": "shall", "wo": "will", "'ll": "will", "ll": "will"}
ALWAYS_REPORTING = frozenset({"say", "tell", "report", "announce", "indicate", "cite", "state", "explain",
                              "declare", "confirm", "disclose"})
INTENSIONAL = frozenset({"I_ACTION", "I_STATE"})
CLAUSAL = frozenset({"xcomp", "ccomp", "acl", "advcl", "parataxis"})
AMOUNT_CHANGE = frozenset({  # what rises or falls is an amount ("sales rose", "orders jumped"), not an event
    "rise", "fall", "increase", "decrease", "decline", "drop", "climb", "jump", "surge", "slip", "slide", "gain",
    "grow", "shrink", "soar", "plunge", "plummet", "tumble", "dip", "ease", "edge", "total", "reach", "double",
    "triple", "halve", "rebound", "recover", "widen", "narrow", "swell", "improve", "worsen", "exceed",
})
RELATIONAL = frozenset({  # participles that describe a relation when they modify a noun
    "relate", "associate", "couple", "involve", "base", "know", "link", "tie", "connect", "concern", "entitle",
    "live", "total", "amount", "belong", "own", "compare", "contain", "consist",
})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss", "prep"})
NOT_EVENTS = frozenset({  # verbs that connect or mark time rather than tell of an event
    "according", "include", "including", "regard", "regarding", "concern", "concerning", "follow", "following",
    "base", "be", "do", "let", "accord",
})


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, MentionClass], frozenset[str], frozenset[str], frozenset[str]]:
    """The word lists of `lexicons/timeml_nouns.txt`: class by lemma (adjectival states as STATE under
    "adj:" + lemma, apart from the verbs: "open" the state is not "open" the act), event nouns, non-event
    nouns, and the endings of deverbal nouns."""
    text = resources.files("storyline.extract.lexicons").joinpath("timeml_nouns.txt").read_text("utf-8")
    classes: dict[str, MentionClass] = {}
    nouns: set[str] = set()
    not_nouns: set[str] = set()
    endings: set[str] = set()
    section = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        words = line.split()
        if section in MENTION_CLASSES:
            for w in words:
                classes.setdefault(w, section)
        elif section == "adjective_states":
            classes.update((f"adj:{w}", "STATE") for w in words)
        elif section == "event_nouns":
            nouns.update(words)
        elif section == "not_event_nouns":
            not_nouns.update(words)
        elif section == "endings":
            endings.update(words)
    return classes, frozenset(nouns), frozenset(not_nouns), frozenset(endings)


def find_mentions(parsed: Parsed) -> list[EventMention]:
    """Every TimeML event mention in the parse, in text order, one per token."""
    classes, nouns, not_nouns, endings = _lexicon()
    tokens = parsed.tokens
    out: list[EventMention] = []
    for t in tokens:
        lemma = t.lemma.lower()
        if t.dep in MODIFIER_DEPS:
            continue  # "the proposed merger", "trading volume": a modifier names a kind, not an event
        if t.pos == "VERB":
            if lemma in NOT_EVENTS or (t.ent_iob != "O" and t.ent_type not in ("", "EVENT")):
                continue
            if t.dep == "acl" and t.tag in ("VBN", "VBG") and lemma in RELATIONAL:
                continue  # "issues related to", "people living in", "a bid totaling $5 million": a description
            if lemma == "go" and t.tag == "VBG" and _has(parsed, t.i, "xcomp", "VB"):
                continue  # "going to": the future, not a going
            lemma = _known(t, lemma, classes)
            out.append(_verbal(parsed, t, lemma, _verb_class(parsed, t, classes.get(lemma, "OCCURRENCE"))))
        elif t.pos == "AUX" and lemma in ("have", "do") and t.dep not in ("aux", "auxpass"):
            out.append(_verbal(parsed, t, lemma, classes.get(lemma, "STATE" if lemma == "have" else "OCCURRENCE")))
        elif t.pos == "ADJ" and t.dep in ("acomp", "attr") and _state(t, lemma, tokens[t.head], classes):
            cls = classes.get(lemma, "STATE")
            m = _verbal(parsed, tokens[t.head], lemma, cls)
            out.append(EventMention(t.i, t.start, t.end, lemma, cls, m.tense, m.aspect, m.polarity, m.modality))
        elif (t.pos == "NOUN" and _eventive(t, lemma, nouns, not_nouns, endings)
              and not (t.dep == "nsubj" and tokens[t.head].lemma.lower() in AMOUNT_CHANGE)):
            cls = classes.get(lemma, "OCCURRENCE")
            if cls in INTENSIONAL and not _clausal(parsed, t.i):
                cls = "OCCURRENCE"  # "the decision" is an occurrence; "the decision to sell" an I_ACTION
            out.append(EventMention(t.i, t.start, t.end, lemma, cls,
                                    polarity="NEG" if _has_word(parsed, t.i, "det", "no") else "POS"))
    return out


def _known(t: Token, lemma: str, classes: dict[str, MentionClass]) -> str:
    """The parser's lemma, or the one read off the inflection when the lemmatizer slips ("hoped" → "hop")."""
    if lemma in classes or t.tag not in ("VBD", "VBN", "VBG", "VBZ"):
        return lemma
    return next((g for g in lemma_guesses(t) if g in classes), lemma)


def _clausal(parsed: Parsed, i: int) -> bool:
    """Whether `i` takes a clause or an event as its argument: TimeML's intensional and aspectual classes
    are those of events that take another event ("decided to sell", "began talks")."""
    return any(parsed.tokens[c].dep in CLAUSAL for c in parsed.children(i))


def _verb_class(parsed: Parsed, t: Token, cls: MentionClass) -> MentionClass:
    """A verb's class from its lemma's, kept only with the argument that class is defined by: an intensional
    or aspectual verb with a clause ("declined to comment", not "shares declined"), a reporting verb with
    what is reported ("added that", not "added 3%"; say, tell, report, announce ... always report), a
    perception verb with a clause sees that something holds (I_STATE)."""
    if cls in ("I_ACTION", "ASPECTUAL"):
        if _clausal(parsed, t.i) or _event_object(parsed, t.i):
            return cls
        return "OCCURRENCE"
    if cls == "REPORTING" and t.lemma.lower() not in ALWAYS_REPORTING:
        return cls if _clausal(parsed, t.i) or t.dep in ("parataxis", "ccomp") else "OCCURRENCE"
    if cls == "PERCEPTION" and any(parsed.tokens[c].dep == "ccomp" for c in parsed.children(t.i)):
        return "I_STATE"
    return cls


def _event_object(parsed: Parsed, i: int) -> bool:
    _, nouns, not_nouns, endings = _lexicon()
    return any(
        ct.dep in ("dobj", "nsubj", "nsubjpass") and ct.pos == "NOUN"
        and _eventive(ct, ct.lemma.lower(), nouns, not_nouns, endings)
        for ct in (parsed.tokens[c] for c in parsed.children(i))
    )


def _eventive(t: Token, lemma: str, nouns: frozenset[str], not_nouns: frozenset[str],
              endings: frozenset[str]) -> bool:
    if lemma in not_nouns:
        return False
    if lemma in nouns or t.text.lower() in nouns:
        return True
    if t.ent_iob != "O" or len(lemma) < 5:
        return False
    return any(lemma.endswith(e) for e in endings)


def _state(t: Token, lemma: str, copula: Token, classes: dict[str, MentionClass]) -> bool:
    """A predicative adjective TimeML marks: a state someone or something comes into or is kept in
    ("became involved", "remain closed"), one of the lexical classes ("ready", "aware"), or a participle
    ("pleased", "worried"), or a comparative ("prices were lower"); "is important" describes rather than tells
    of a state."""
    head = copula.lemma.lower()
    if head not in COPULAS:
        return False
    return (head != "be" or lemma in classes or f"adj:{lemma}" in classes or t.tag in ("VBN", "JJR")
            or t.text.lower().endswith("ed"))


def _has(parsed: Parsed, i: int, dep: str, tag: str) -> bool:
    return any(parsed.tokens[c].dep == dep and parsed.tokens[c].tag == tag for c in parsed.children(i))


def _has_word(parsed: Parsed, i: int, dep: str, word: str) -> bool:
    return any(parsed.tokens[c].dep == dep and parsed.tokens[c].text.lower() == word for c in parsed.children(i))


def _group(parsed: Parsed, v: int) -> list[Token]:
    """The auxiliaries of `v`'s verb group; a coordinated bare verb shares its head's ("has tortured and
    killed")."""
    tokens = parsed.tokens
    own = [tokens[c] for c in parsed.children(v) if tokens[c].dep in ("aux", "auxpass")]
    t = tokens[v]
    if not own and t.dep == "conj" and t.tag in ("VBN", "VB", "VBG") and t.head != v:
        head = tokens[t.head]
        if head.pos in ("VERB", "AUX") and not any(tokens[c].dep in ("nsubj", "nsubjpass")
                                                   for c in parsed.children(v)):
            return [tokens[c] for c in parsed.children(t.head) if tokens[c].dep in ("aux", "auxpass")]
    return own


def _verbal(parsed: Parsed, t: Token, lemma: str, cls: MentionClass) -> EventMention:
    """The mention of verb `t` with TimeML's tense, aspect, polarity and modality read off its verb group."""
    group = _group(parsed, t.i)
    modality = ""
    tense = ""
    perfect = progressive = infinitive = False
    for a in group:
        word = a.text.lower()
        if a.tag == "MD":
            w = MODAL_FORMS.get(word, word)
            if w in FUTURE or w == "will" or w == "shall":
                tense = tense or "FUTURE"
            else:
                modality = modality or w
                tense = tense or "NONE"
        elif a.tag == "TO" or word == "to":
            infinitive = True
        elif a.lemma.lower() == "have":
            perfect = True
            tense = tense or _finite(a.tag)
        elif a.lemma.lower() == "be":
            if a.dep == "aux" and t.tag == "VBG":
                progressive = True
            tense = tense or _finite(a.tag)
        elif a.lemma.lower() == "do":
            tense = tense or _finite(a.tag)
    if not tense:
        tense = _finite(t.tag)
        if not tense:
            tense = ("INFINITIVE" if infinitive or (t.tag == "VB" and not group) else
                     "PRESPART" if t.tag == "VBG" else "PASTPART" if t.tag == "VBN" else "NONE")
    if tense == "" or (infinitive and tense == "NONE"):
        tense = "INFINITIVE"
    aspect = ("PERFECTIVE_PROGRESSIVE" if perfect and progressive else "PERFECTIVE" if perfect
              else "PROGRESSIVE" if progressive else "NONE")
    negated = any(parsed.tokens[c].dep == "neg" or (parsed.tokens[c].dep == "advmod"
                                                    and parsed.tokens[c].text.lower() in NEGATORS)
                  for c in parsed.children(t.i))
    return EventMention(t.i, t.start, t.end, lemma, cls, tense, aspect, "NEG" if negated else "POS", modality)


def _finite(tag: str) -> str:
    return "PAST" if tag == "VBD" else "PRESENT" if tag in ("VBZ", "VBP") else ""
