"""Nominal and pronominal mentions resolved within one article: who "the 39-year-old", "the government", "the
paper" and "its" stand for.

    nominal_mentions(parsed, entities) -> list[Mention]
    with_nominals(parsed, entities) -> EntityIndex   # the named mentions and these together

An event's participants are often not named in its own clause. Each phrase below becomes a `Mention` over its
head word whose canonical name is the named entity's own (the dossier's string), so everything that reads
participants through the entity index (`events_args`) takes them as it takes names:

- a definite description of a person ("the detainee", "the 39-year-old") is the person introduced with that
  description or age ("a Japanese man, Tomoyuki Sugimoto", "Sugimoto, 39,", "Sugimoto was a videographer"),
  else the most recent person named in the last sentences whose gender fits; never a reporter, nor the subject
  of a clause the description sits in ("Smith said the 39-year-old ..." is not Smith). A title ("the
  minister") is only a person who holds it;
- "the government", "the regime", "the country" are the country in context: the nearest country the sentence
  names as owner, people or subject ("The North's news agency reported that the government ..."), else any it
  names, else one of the paragraph's sentences before;
- "the ministry", "the party" are the last organisation with that word in its name; "the paper", "the agency"
  the last news organisation; "the company", "the firm" the last organisation that is neither news nor a
  public body;
- "the plane", "the device", "the drug" are the last product named;
- a group ("a delegation", "the team") is its leader where the article names one, for the group or for a later
  "that delegation" ("That delegation was led by X");
- "his"/"her", and "he"/"she" as a subject, are the person `EntityIndex.person_for_pronoun` finds; "its"/"their",
  and "it"/"they" as a subject (not an "it" standing for nothing: "it is expected that"), the nearest organisation or
  country, an owner or subject before an object, unless a plural noun stands between ("the protesters ...
  their phones").

All of it is read in one pass over the tokens; each look-up reaches back a bounded number of mentions.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storyline.extract import places
from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed, Token
from storyline.model import Mention

__all__ = ["nominal_mentions", "with_nominals"]

_NOBODY = Mention(0, 0, "", "", "")  # a name the model did not tag: the description stands for nobody known
_LEXICONS = Path(__file__).parent / "lexicons"
REACH = 3  # sentences, the phrase's own included, that a description or pronoun looks back through
LOOKBACK = 4000  # characters an organisation's description reaches back
OWNERS = frozenset({"poss", "amod", "compound", "nmod", "nsubj", "nsubjpass"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "poss"})
AGENTIVE = ("er", "or", "ist", "ee", "ian", "ant", "ent", "man", "woman")  # nouns for people who do something
POSSESSIVES = frozenset({"his", "her", "its", "their"})


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, frozenset[str]]
    titles: frozenset[str]

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.words[key]


@cache
def _lexicon() -> _Lexicon:
    data = json.loads((_LEXICONS / "entity_nominals.json").read_text(encoding="utf-8"))
    names = json.loads((_LEXICONS / "entity_names.json").read_text(encoding="utf-8"))
    words = {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}
    return _Lexicon(words, frozenset(names["titles"]))


def with_nominals(parsed: Parsed, entities: EntityIndex) -> EntityIndex:
    """The article's named mentions with its resolved descriptions and pronouns added."""
    found = nominal_mentions(parsed, entities)
    return EntityIndex([*entities.mentions, *found], genders=entities.genders, subjects=entities.subjects,
                       sentence_starts=_sentence_starts(parsed, entities), roles=entities.roles)


def nominal_mentions(parsed: Parsed, entities: EntityIndex) -> list[Mention]:
    """One mention per description or pronoun the article lets us resolve, in text order."""
    return _Resolver(parsed, entities).run()


def _sentence_starts(parsed: Parsed, entities: EntityIndex) -> list[int]:
    if entities.sentence_starts:
        return entities.sentence_starts
    return [parsed.tokens[s].start for s, _ in parsed.sents if s < len(parsed.tokens)]


def _words(text: str) -> set[str]:
    return {w.strip(".,’'").lower() for w in text.replace("-", " ").split()}


class _Resolver:
    def __init__(self, parsed: Parsed, entities: EntityIndex) -> None:
        self.parsed = parsed
        self.tokens = parsed.tokens
        self.lex = _lexicon()
        self.index = EntityIndex(list(entities.mentions), genders=entities.genders, subjects=entities.subjects,
                                 sentence_starts=_sentence_starts(parsed, entities), roles=entities.roles)
        self.named = self.index.mentions
        self._token_starts = [t.start for t in self.tokens]
        self._named_starts = [m.start for m in self.named]
        self.described: dict[str, set[str]] = {}  # person → nouns and ages the article introduced them with
        self.reporting: set[str] = set()  # organisations that are the subject of a reporting verb
        self.leaders: dict[int, Mention] = {}  # group noun token → its leader's mention
        self.descriptions: set[str] = set()  # every noun some person was introduced with
        self.resolved: list[Mention] = []  # what the pass has resolved so far, for the possessives after it
        self._prepare()

    # ---- what the article says about its entities, read once -------------------------------------------
    def _prepare(self) -> None:
        for m in self.named:
            h = self._head(m)
            if h is None:
                continue
            t = self.tokens[h]
            if m.type == "PERSON":
                self.described.setdefault(m.canonical, set()).update(self._descriptions(h))
            elif m.type == "ORG" and t.dep in SUBJECTS and self.tokens[t.head].lemma.lower() in self.lex["reporting"]:
                self.reporting.add(m.canonical)
        self.descriptions = {w for found in self.described.values() for w in found}
        self._group_leaders()

    def _descriptions(self, h: int) -> set[str]:
        """Nouns and ages a person's name is introduced with: "a Japanese man, X", "X, 39,", "X, a
        videographer", "X was a videographer", "39-year-old X", "videographer X" (a person noun only)."""
        parsed, toks = self.parsed, self.tokens
        t = toks[h]
        out: set[str] = set()
        nouns = [c for c in parsed.children(h) if toks[c].pos == "NOUN" and (
            toks[c].dep == "appos" or (toks[c].dep == "compound" and self._is_person_noun(toks[c].lemma.lower())))]
        if t.dep == "appos" and toks[t.head].pos == "NOUN":
            nouns.append(t.head)
        if t.dep in ("nsubj", "nsubjpass") and toks[t.head].lemma == "be":
            nouns.extend(c for c in parsed.children(t.head) if toks[c].dep == "attr" and toks[c].pos == "NOUN")
        for n in nouns:
            out.add(toks[n].lemma.lower())
            out.update(self._ages(n))
        out.update(self._ages(h))
        for c in parsed.children(h):
            if toks[c].pos == "NUM" and toks[c].dep in ("appos", "npadvmod", "amod", "nummod") and c > h:
                out.add(f"age:{toks[c].text}")
        return out

    def _ages(self, n: int) -> set[str]:
        return {f"age:{a}" for c in self.parsed.children(n) if (a := self._age_at(c)) is not None}

    def _age_at(self, i: int) -> str | None:
        """The age an "N-year-old" ending at token `i` gives."""
        toks = self.tokens
        if toks[i].lemma.lower() != "old" or i < 4:
            return None
        num, d1, year, d2 = toks[i - 4], toks[i - 3], toks[i - 2], toks[i - 1]
        if num.text.isdigit() and d1.text == d2.text == "-" and year.lemma.lower() == "year":
            return num.text
        return None

    def _group_leaders(self) -> None:
        """A group noun's leader: "a delegation led by X", "That delegation was led by X"; a definite or
        demonstrative group noun is the same group as the last one of that noun within the last sentences."""
        toks, groups = self.tokens, self.lex["groups"]
        chains: dict[str, list[list[int]]] = {}
        for t in toks:
            if t.pos != "NOUN" or t.lemma.lower() not in groups or t.tag == "NNS":
                continue
            own = chains.setdefault(t.lemma.lower(), [])
            definite = any(toks[c].dep == "det" and toks[c].text.lower() in self.lex["definite"]
                           for c in self.parsed.children(t.i))
            if definite and own and self._sentences_apart(own[-1][-1], t.i) < REACH:
                own[-1].append(t.i)
            else:
                own.append([t.i])
        for lists in chains.values():
            for chain in lists:
                leader = next((m for g in chain if (m := self._leader(g)) is not None), None)
                if leader is not None:
                    self.leaders.update((g, leader) for g in chain)

    def _leader(self, g: int) -> Mention | None:
        parsed, toks = self.parsed, self.tokens
        verbs = [c for c in parsed.children(g) if toks[c].dep == "acl" and toks[c].tag == "VBN"]
        t = toks[g]
        if t.dep == "nsubjpass":
            verbs.append(t.head)
        for v in verbs:
            if toks[v].lemma.lower() not in self.lex["leading"]:
                continue
            for a in parsed.children(v):
                if toks[a].dep == "agent":
                    for o in parsed.children(a):
                        m = self.index.at(toks[o].start, toks[o].end)
                        if m is not None and m.type == "PERSON":
                            return m
        return None

    # ---- the pass -----------------------------------------------------------------------------------
    def run(self) -> list[Mention]:
        out: list[Mention] = []
        for t in self.tokens:
            found = self._resolve(t)
            if found is not None:
                span, m = found
                start, end = self.tokens[span[0]].start, self.tokens[span[1]].end
                type_ = "GPE" if m.type == "NORP" and places.is_country(m.canonical) else m.type
                out.append(Mention(start, end, self.parsed.text[start:end], type_, m.canonical))
                self.resolved.append(out[-1])
        return out

    def _resolve(self, t: Token) -> tuple[tuple[int, int], Mention] | None:
        word = t.text.lower()
        if t.tag == "PRP$" and word in POSSESSIVES:
            m = self._possessive(t.i, word)
            return ((t.i, t.i), m) if m is not None else None
        if word in ("he", "she") and t.dep in ("nsubj", "nsubjpass"):
            m = self.index.person_for_pronoun(t.start, word)
            return ((t.i, t.i), m) if m is not None else None
        if word in ("it", "they") and t.tag == "PRP" and t.dep in ("nsubj", "nsubjpass") and not self._expletive(t):
            m = self._possessive(t.i, "its" if word == "it" else "their", subject=True)
            return ((t.i, t.i), m) if m is not None else None
        age = self._age_at(t.i)
        if age is not None and self.tokens[t.head].pos != "NOUN":  # "the 39-year-old arrived"
            if t.i >= 5 and self.tokens[t.i - 5].text.lower() in self.lex["definite"]:
                m = self._person(t.i, None, {f"age:{age}"})
                return ((t.i - 4, t.i), m) if m is not None else None
            return None
        if t.pos != "NOUN" or self.index.at(t.start, t.end) is not None:
            return None
        if t.i in self.leaders:
            return (t.i, t.i), self.leaders[t.i]
        lemma = t.lemma.lower()
        if not self._definite(t.i) or self._names_its_own(t.i, self._is_person_noun(lemma)):
            return None
        m = self._described(t.i, lemma)
        return ((t.i, t.i), m) if m is not None else None

    def _definite(self, i: int) -> bool:
        return any(self.tokens[c].dep == "det" and self.tokens[c].text.lower() in self.lex["definite"]
                   for c in self.parsed.children(i))

    def _names_its_own(self, i: int, person: bool) -> bool:
        """Whether a name stands in the phrase itself ("the government of Sindh", "the outlet Kyodo"); for a
        person, a nationality is no name of theirs ("the Japanese detainee")."""
        toks = self.tokens
        for c in self.parsed.children(i):
            if toks[c].dep not in ("appos", "compound", "poss", "prep", "nmod", "amod"):
                continue
            for j in self.parsed.subtree(c):
                m = self.index.at(toks[j].start, toks[j].end)
                if m is not None and (not person or m.type == "PERSON" or toks[c].dep in ("appos", "poss")):
                    return True
        return False

    def _described(self, i: int, lemma: str) -> Mention | None:
        lex = self.lex
        t = self.tokens[i]
        if t.tag == "NNS" and lemma not in lex["government"]:
            return None
        if lemma in lex["government"] or lemma in lex["country"]:
            return self._country_in_context(i, owners=lemma in lex["government"])
        if lemma in lex["org_heads"]:
            m = self._last_org(i, lambda m: lemma in _words(m.canonical))
            if m is not None:
                return m
        if lemma in lex["outlet"]:
            return self._last_org(i, self._is_outlet)
        if lemma in lex["company"]:
            return self._last_org(i, lambda m: not self._is_outlet(m) and not _words(m.canonical) & lex["public_names"])
        if lemma in lex["product"]:
            return next((m for m in self._before(i, max(0, self.tokens[i].start - LOOKBACK)) if m.type == "PRODUCT"),
                        None)
        person = self._is_person_noun(lemma)
        if person or (lemma in self.descriptions and lemma.endswith(AGENTIVE)):
            same = self._copula_name(i)
            if same is not None:  # "X is the candidate": X, or nobody when X is no person we know
                return same if same.type == "PERSON" else None
            ages = {f"age:{a}" for c in self.parsed.children(i) if (a := self._age_at(c)) is not None}
            return self._person(i, lemma, ages, fallback=person)
        return None

    def _copula_name(self, i: int) -> Mention | None:
        """The name a description is equated with: "X is the candidate", "the only player was X"."""
        toks = self.tokens
        t = toks[i]
        if t.dep not in ("attr", "nsubj") or toks[t.head].lemma != "be":
            return None
        other = "nsubj" if t.dep == "attr" else "attr"
        for c in self.parsed.children(t.head):
            if (toks[c].dep == other or (other == "attr" and toks[c].dep == "acomp")) and toks[c].pos == "PROPN":
                return self.index.at(toks[c].start, toks[c].end) or _NOBODY
        return None

    def _is_person_noun(self, lemma: str) -> bool:
        lex = self.lex
        if lemma in lex["person"] or lemma in lex.titles:
            return True
        if lemma in lex["person_exceptions"] or len(lemma) < 5:
            return False
        return lemma.endswith(("ee", "ist", "man", "woman"))

    # ---- look-ups -------------------------------------------------------------------------------------
    def _head(self, m: Mention) -> int | None:
        lo = bisect_right(self._token_starts, m.start) - 1
        hi = bisect_right(self._token_starts, m.end - 1) - 1
        if lo < 0 or hi < lo:
            return None
        for k in range(hi, lo - 1, -1):
            h = self.tokens[k].head
            if h < lo or h > hi or h == k:
                return k
        return hi

    def _sentences_apart(self, a: int, b: int) -> int:
        sa, sb = self.parsed.sentence_of(a), self.parsed.sentence_of(b)
        return bisect_right(self.parsed.sents, sb) - bisect_right(self.parsed.sents, sa)

    def _floor(self, i: int) -> int:
        """The first character of the sentence `REACH - 1` sentences before token `i`'s."""
        sents = self.parsed.sents
        if not sents:
            return 0
        k = max(bisect_right(sents, self.parsed.sentence_of(i)) - 1, 0)
        return self.tokens[min(sents[max(k - REACH + 1, 0)][0], i)].start

    def _before(self, i: int, floor: int) -> list[Mention]:
        """Named mentions ending before token `i` and starting at or after `floor`, nearest first."""
        pos = self.tokens[i].start
        k = bisect_right(self._named_starts, pos)
        out = []
        for m in reversed(self.named[:k]):
            if m.start < floor:
                break
            if m.end <= pos:
                out.append(m)
        return out

    def _person(self, i: int, lemma: str | None, ages: set[str], fallback: bool = True) -> Mention | None:
        lex = self.lex
        people = [m for m in self._before(i, max(0, self.tokens[i].start - LOOKBACK)) if m.type == "PERSON"]
        wanted = ages | ({lemma} if lemma else set())
        for m in people:
            if wanted & self.described.get(m.canonical, set()):
                return m
        if not fallback:
            return None
        if lemma is not None and lemma in lex.titles and lemma not in lex["person"]:
            return next((m for m in people if lemma in self.index.roles.get(m.canonical, ())), None)
        gender = "m" if lemma in lex["male"] else "f" if lemma in lex["female"] else None
        floor = self._floor(i)
        for m in people:
            if m.start < floor:
                break
            if gender and self.index.genders.get(m.canonical, gender) != gender:
                continue
            if self.index.roles.get(m.canonical, frozenset()) & lex["reporters"] or self._commands(m, i):
                continue
            return m
        return None

    def _commands(self, m: Mention, i: int) -> bool:
        """Whether `m` is the subject of a clause that holds token `i` ("Smith said the 39-year-old ...")."""
        h = self._head(m)
        if h is None or self.tokens[h].dep not in ("nsubj", "nsubjpass"):
            return False
        verb = self.tokens[h].head
        j = i
        for _ in range(32):
            if j == verb:
                return True
            t = self.tokens[j]
            if t.head == j:
                return False
            j = t.head
        return False

    def _country_in_context(self, i: int, owners: bool) -> Mention | None:
        """The country the sentence is about: the nearest named, for a government an owner, people or subject
        before a place; then the sentences of the paragraph before."""
        sents = self.parsed.sents
        k = bisect_right(sents, self.parsed.sentence_of(i)) - 1
        for back in range(REACH):
            if k - back < 0:
                break
            lo, _ = sents[k - back]
            if back and "\n" in self.parsed.text[self.tokens[sents[k - back + 1][0] - 1].end:
                                                 self.tokens[sents[k - back + 1][0]].start]:
                break  # a new paragraph began
            found = [m for m in self._before(i, self.tokens[lo].start)
                     if m.type in ("GPE", "NORP") and places.is_country(m.canonical)]
            if found:
                owning = [m for m in found if (h := self._head(m)) is not None and self.tokens[h].dep in OWNERS]
                return (owning if owners and owning else found)[0]
        return None

    def _last_org(self, i: int, fits: Callable[[Mention], bool]) -> Mention | None:
        for m in self._before(i, max(0, self.tokens[i].start - LOOKBACK)):
            if m.type == "ORG" and fits(m):
                return m
        return None

    def _is_outlet(self, m: Mention) -> bool:
        return m.canonical in self.reporting or bool(_words(m.canonical) & self.lex["outlet_names"])

    def _expletive(self, t: Token) -> bool:
        """Whether "it" stands for nothing ("it is expected that ...", "it seems ...", "it is hard to ...") or
        for what was just told rather than a name ("it was the second such firing", "it is a milestone")."""
        head = self.tokens[t.head]
        if t.text.lower() != "it":
            return False
        if head.lemma.lower() == "be":
            return True
        extraposed = any(self.tokens[c].dep in ("ccomp", "xcomp", "csubj") and c > head.i
                         for c in self.parsed.children(head.i))
        raising = head.lemma.lower() in ("seem", "appear", "remain", "become", "take", "look", "sound")
        passive = any(self.tokens[c].dep == "auxpass" for c in self.parsed.children(head.i))
        return extraposed and (raising or passive)

    def _possessive(self, i: int, word: str, subject: bool = False) -> Mention | None:
        """Who "his", "her", "its" or "their" stands for; as a `subject` ("it", "they"), a product too."""
        if word in ("his", "her"):
            return self.index.person_for_pronoun(self.tokens[i].start, word)
        types: tuple[str, ...] = ("ORG", "GPE") if word == "its" else ("ORG", "GPE", "NORP")
        if subject and word == "its":
            types = (*types, "PRODUCT")
        floor, pos = self._floor(i), self.tokens[i].start
        earlier = [m for m in self.resolved if floor <= m.start and m.end <= pos]
        found = sorted([*self._before(i, floor), *earlier], key=lambda m: -m.start)
        found = [m for m in found if m.type in types]
        if not found:
            return None
        own_lo = self.tokens[self.parsed.sentence_of(i)[0]].start
        here = [m for m in found if m.start >= own_lo]
        pool = here or found
        subjects = [m for m in pool if (h := self._head(m)) is not None and self.tokens[h].dep in SUBJECTS]
        # "their" stands for a named group only as a subject or owner in its own sentence, with no plural noun
        # before it
        if word == "their" and (not here or not subjects or self._plural_between(min(subjects[0].start, own_lo), i)):
            return None
        if not here and self._unnamed_subject(own_lo, i):
            return None  # "Orange had its UK launch": a subject the model did not name comes first
        return (subjects or pool)[0]

    def _unnamed_subject(self, start: int, i: int) -> bool:
        """A subject noun between `start` (a sentence's first character) and token `i` that names no entity."""
        lo = bisect_right(self._token_starts, start) - 1
        return any(t.dep in ("nsubj", "nsubjpass") and t.pos in ("NOUN", "PROPN") and self.index.at(t.start, t.end)
                   is None for t in self.tokens[max(lo, 0):i])

    def _plural_between(self, start: int, i: int) -> bool:
        """A plural common noun between `start` and token `i`: "their" more likely stands for it ("the
        protesters ... their phones")."""
        lo = bisect_right(self._token_starts, start)
        return any(t.tag == "NNS" and self.index.at(t.start, t.end) is None for t in self.tokens[max(lo - 1, 0):i])
