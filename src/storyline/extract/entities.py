"""Named entities resolved inside one article: each mention with its type and the name the dossier knows it by.

The model's entities are the raw material. They are tidied (no leading "the", no trailing "'s", no titles:
"Prime Minister Shinzo Abe" is "Shinzo Abe"), then read in order, each against what the article said before:

- a surname or short form is the person introduced in full ("Kitamura" → "Shigeru Kitamura"), the one mentioned
  last when several share it ("Kim"), the one with the same role when the text gives one ("leader Kim");
- countries have one name for all their forms ("U.S.", "America" → "United States"), peoples point to their
  country ("North Korean" → "North Korea", still NORP), "the North" is the one "North …" country named;
- a capital is its country's government ("Pyongyang said" → "North Korea"), except where it is a place
  ("arrived in Tokyo", "the streets of Seoul"), which the dependency tree tells;
- a short organisation name is the full one ("The Post" → "The Washington Post"), and so is its acronym, in
  parentheses or later ("KCNA" → "Korean Central News Agency");
- a name has one type across the article: the model's "Kitamura" ORG is the PERSON it names elsewhere.

Mentions keep `text == document text[start:end]`; their spans may be narrower than the model's (the name
without the title), and the canonical carries the clean name. Tables: `places`; word lists: `lexicons/entity_*`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from storyline.extract import places
from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed
from storyline.model import Mention

__all__ = ["NAMED", "resolve_entities"]

NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"})
_LEXICONS = Path(__file__).parent / "lexicons"
_TRIM = frozenset({"'s", "’s", "'", "’", ",", ";", ":", "-", "–", "—", "(", ")", '"', "“", "”", "‘", "«", "»"})
_DIRECTIONS = ("North", "South")
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_MAY_OWN_THE = frozenset({"ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT"})  # "The Guardian", "The Hague"
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mister", "madam"})


@dataclass(frozen=True, slots=True)
class _Lexicon:
    titles: frozenset[str]
    gendered: dict[str, str]
    function_words: frozenset[str]
    outlet_words: frozenset[str]
    org_tails: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    names = json.loads((_LEXICONS / "entity_names.json").read_text(encoding="utf-8"))
    return _Lexicon(
        titles=frozenset(names["titles"]), gendered=dict(names["gendered"]),
        function_words=frozenset(names["function_words"]), outlet_words=frozenset(names["outlet_words"]),
        org_tails=frozenset(names["org_generic_tails"]),
    )


@dataclass(slots=True)
class _Span:
    s: int  # token range [s, e)
    e: int
    label: str
    name: str = ""
    roles: frozenset[str] = frozenset()
    canonical: str = ""
    type: str = ""
    fixed: bool = False  # type decided by what the name is (a country, a people, a person): no vote changes it


@dataclass(slots=True)
class _Person:
    words: tuple[str, ...]
    canonical: str
    first: int  # token index of the first full mention
    roles: set[str] = field(default_factory=set)
    last: int = -1  # token index of the latest mention read so far


def _low(text: str) -> str:
    return text.lower().rstrip(".")


# -- spans: the model's entities, tidied -------------------------------------------------------------------


def _model_spans(parsed: Parsed) -> list[_Span]:
    """The model's named entities; a name the model cut in two at "and"/"of" is joined again."""
    out: list[_Span] = []
    ents = [e for e in parsed.ents if e.label in NAMED]
    i = 0
    while i < len(ents):
        ent = ents[i]
        span = _Span(ent.start, ent.end, ent.label)
        while (i + 1 < len(ents) and ents[i + 1].start == span.e
               and parsed.tokens[span.e - 1].text.lower() in ("and", "of", "&")):
            i += 1
            span = _Span(span.s, ents[i].end, ents[i].label)
        out.append(span)
        i += 1
    return out


def _tidy(parsed: Parsed, span: _Span, lex: _Lexicon) -> bool:
    """Trim the span to the name: one line, no bracket or dash aside, no quotes, possessive or trailing lowercase
    word ("The Goat or"), no lowercase article. False when nothing is left."""
    toks, text = parsed.tokens, parsed.text
    for k in range(span.s, span.e):
        t = toks[k]
        aside = t.text == "(" or (t.text in ("-", "–", "—") and t.ws and k > 0 and toks[k - 1].ws)
        if (k > span.s and (aside or "\n" in text[toks[k - 1].end:t.start])) or "\n" in t.text:
            span.e = k
            break
    while span.e > span.s and (toks[span.e - 1].text in _TRIM or toks[span.e - 1].tag == "POS"
                               or not toks[span.e - 1].text.strip() or _loose_lowercase(parsed, span.e - 1)):
        span.e -= 1
    while span.s < span.e and (toks[span.s].text in _TRIM or not toks[span.s].text.strip()):
        span.s += 1
    if span.e - span.s > 1 and toks[span.s].text in ("a", "an"):
        span.s += 1
    if span.e - span.s > 1 and toks[span.s].text.lower() == "the":
        outlet = toks[span.s].text == "The" and (not _opens(parsed, span.s)
                                                  or _low(toks[span.e - 1].text) in lex.outlet_words)
        if not outlet:
            span.s += 1
    elif span.s > 0 and toks[span.s - 1].text == "The" and span.label in _MAY_OWN_THE and span.e > span.s and (
            not _opens(parsed, span.s - 1) or _low(toks[span.e - 1].text) in lex.outlet_words):
        span.s -= 1  # the model left out the "The" of "The Guardian"
    return span.e > span.s and any(c.isalnum() for c in text[toks[span.s].start:toks[span.e - 1].end])


def _loose_lowercase(parsed: Parsed, k: int) -> bool:
    """A lowercase word of its own at a name's end ("The Chorus - has"); not the "un" of "Kim Jong-un"."""
    t = parsed.tokens[k]
    return k > 0 and t.text[:1].islower() and t.text.isalpha() and parsed.tokens[k - 1].ws


def _opens(parsed: Parsed, k: int) -> bool:
    """Whether token k opens a sentence, a line, a quotation or a bracket: where any word is capitalised."""
    if k == 0 or parsed.sentence_of(k)[0] == k:
        return True
    prev = parsed.tokens[k - 1]
    if prev.text.isspace() or "\n" in parsed.text[prev.end:parsed.tokens[k].start]:
        return True
    return prev.text in ('"', "“", "‘", "'", "(", ":", "-", "–")


def _split_possessive(parsed: Parsed, span: _Span) -> list[_Span]:
    """"the North's Propaganda Department" is two names: a place and what belongs to it."""
    for k in range(span.s + 1, span.e - 1):
        if parsed.tokens[k].tag == "POS":
            owner = parsed.text[parsed.tokens[span.s].start:parsed.tokens[k - 1].end]
            if places.is_country(owner) or places.capital_of(owner) or owner.removeprefix("the ") in _DIRECTIONS:
                return [_Span(span.s, k, "GPE"), _Span(k + 1, span.e, span.label)]
    return [span]


def _the_north(parsed: Parsed, taken: set[int]) -> list[_Span]:
    """"the North", "the South" used for a country; the model often leaves them out or garbles them."""
    out = []
    toks = parsed.tokens
    for t in toks:
        if t.text in _DIRECTIONS and t.i > 0 and toks[t.i - 1].text.lower() == "the" and t.i not in taken:
            nxt = toks[t.i + 1] if t.i + 1 < len(toks) else None
            if nxt is None or nxt.tag == "POS" or not (nxt.text[:1].isupper() or nxt.pos == "PROPN"):
                out.append(_Span(t.i, t.i + 1, "GPE"))
    return out


def _in_title(parsed: Parsed, span: _Span, lex: _Lexicon) -> bool:
    """The "State" of "Secretary of State": part of a title, not an organisation."""
    toks = parsed.tokens
    return (span.s >= 2 and toks[span.s - 1].text == "of" and _low(toks[span.s - 2].text) in lex.titles
            and all(_low(toks[k].text) in lex.titles for k in range(span.s, span.e)))


def _place_piece(parsed: Parsed, k: int, e: int) -> int:
    """How many tokens from k name a country or a people ("U.S.", "North Korean"); 0 for none."""
    for n in (2, 1):
        if k + n <= e:
            piece = parsed.text[parsed.tokens[k].start:parsed.tokens[k + n - 1].end]
            if places.is_country(piece) or places.demonym_countries(piece):
                return n
    return 0


def _strip_titles(parsed: Parsed, span: _Span, lex: _Lexicon) -> tuple[list[str], list[_Span]]:
    """Take titles and nationality off a person's name; the titles become roles, a country its own span."""
    toks = parsed.tokens
    titles: list[str] = []
    pieces: list[_Span] = []
    k = span.s
    while k < span.e - 1:
        word = _low(toks[k].text)
        if (word in lex.titles and toks[k].text[:1].isupper()) or (word == "of" and titles):
            titles.append(word)
            k += 1
            continue
        n = _place_piece(parsed, k, span.e - 1)
        if n:
            pieces.append(_Span(k, k + n, "GPE"))
            titles.extend(_low(toks[j].text) for j in range(k, k + n))
            k += n
            continue
        break
    span.s = k
    return titles, pieces


def _roles(parsed: Parsed, span: _Span, lex: _Lexicon) -> set[str]:
    """Words that say who a person is: titles before the name ("North Korean leader"), an apposition after."""
    toks = parsed.tokens
    out: set[str] = set()
    j = span.s - 1
    lo = parsed.sentence_of(span.s)[0] if toks else 0
    while j >= lo and span.s - j <= 6:
        t = toks[j]
        word = _low(t.text)
        if word in lex.titles or t.ent_type in ("NORP", "GPE") or (t.pos == "NOUN" and t.head > j):
            out.add(word)
            j -= 1
            continue
        break
    head = _head(parsed, span)
    for k in range(head + 1, min(len(toks), head + 12)):  # an apposition follows the name closely
        if toks[k].head == head and toks[k].dep == "appos" and toks[k].pos == "NOUN":
            out.add(toks[k].lemma.lower())
    return out


def _head(parsed: Parsed, span: _Span) -> int:
    for k in range(span.e - 1, span.s - 1, -1):
        h = parsed.tokens[k].head
        if h < span.s or h >= span.e or h == k:
            return k
    return span.e - 1


# -- resolution ------------------------------------------------------------------------------------------


def _words(name: str) -> tuple[str, ...]:
    return tuple(name.replace("’", "'").split())


def _short_person(words: tuple[str, ...], roles: frozenset[str], at: int, people: list[_Person], *,
                  first_names: bool = True) -> _Person | None:
    """The person a short form names: among full names that begin or end with it, the one with the same role
    if roles tell, then the one mentioned last before `at`, else the first one introduced after it."""
    n = len(words)
    found = [p for p in people
             if len(p.words) > n and (p.words[-n:] == words or (first_names and p.words[:n] == words))]
    if not found:
        return None
    with_role = [p for p in found if p.roles & roles]
    if with_role:
        found = with_role
    before = [p for p in found if p.first < at]
    if before:
        return max(before, key=lambda p: (p.last, p.first))
    return min(found, key=lambda p: p.first)


def _short_org(words: tuple[str, ...], orgs: list[tuple[tuple[str, ...], str]], lex: _Lexicon) -> str | None:
    """The organisation a short name names ("Post" → "The Washington Post"), the latest such one named."""
    low = tuple(w.lower() for w in words if w.lower() != "the")
    n = len(low)
    if all(w in lex.function_words for w in low):
        return None
    for full, canonical in reversed(orgs):
        flow = tuple(w.lower() for w in full if w.lower() != "the")
        if flow == low:
            return canonical  # "the Guardian" after "The Guardian"
        if len(flow) <= n:
            continue
        if flow[-n:] == low and flow[-n - 1] != "and":  # not "Arsenal" of "Everton and Arsenal"
            return canonical
        rest = flow[n:]
        if flow[:n] == low and (rest[0] in ("of", "for") or all(w.rstrip(".") in lex.org_tails for w in rest)):
            return canonical
    return None


def _initials(words: tuple[str, ...], lex: _Lexicon) -> set[str]:
    parts = [w for w0 in words for w in w0.replace("-", " ").split() if w.lower() != "the"]
    content = "".join(w[0] for w in parts if w.lower() not in lex.function_words and w[0].isalpha()).upper()
    every = "".join(w[0] for w in parts if w[0].isalpha()).upper()
    return {content, every} if len(parts) > 1 else set()


def _acronym(name: str) -> str | None:
    letters = name.replace(".", "")
    return letters if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper() else None


@dataclass(slots=True)
class _Resolver:
    parsed: Parsed
    lex: _Lexicon
    spans: list[_Span]
    people: list[_Person] = field(default_factory=list)
    orgs: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    aliases: dict[str, _Span] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)

    def prepare(self) -> None:
        """What the whole article says before reading it in order: full names, acronyms in parentheses."""
        toks = self.parsed.tokens
        labels: dict[str, Counter[str]] = {}
        for sp in self.spans:
            labels.setdefault(sp.name, Counter())[sp.label] += 1
        for sp in self.spans:
            words = _words(sp.name)
            mostly_person = 2 * labels[sp.name]["PERSON"] >= labels[sp.name].total()
            if sp.label == "PERSON" and mostly_person and self._full_name(words):
                known = next((p for p in self.people if p.words[0] == words[0] and p.words[-1] == words[-1]), None)
                if known is None:
                    self.people.append(_Person(words, sp.name, sp.s, set(sp.roles)))
                else:
                    known.roles |= sp.roles
            found = places.country(sp.name)
            if found and sp.label != "NORP":
                self.countries.add(found)
        by_start = {sp.s: sp for sp in self.spans}
        for sp in list(self.spans):
            e = sp.e
            if e + 2 < len(toks) and toks[e].text == "(" and toks[e + 2].text == ")" and _acronym(toks[e + 1].text):
                inner = by_start.get(e + 1)
                if inner is None:
                    inner = _Span(e + 1, e + 2, sp.label, name=toks[e + 1].text)
                    self.spans.append(inner)
                if inner.e == e + 2 and inner.name[:1] == sp.name.removeprefix("The ")[:1]:
                    self.aliases[inner.name] = sp
        self.spans.sort(key=lambda sp: (sp.s, sp.e))

    def _full_name(self, words: tuple[str, ...]) -> bool:
        """Whether words can be a person's full name: two or more capitalised words, no digits, not a club."""
        return (len(words) >= 2 and all(w[:1].isupper() and not any(c.isdigit() for c in w) for w in words)
                and _low(words[-1]) not in self.lex.org_tails and not places.is_country(" ".join(words)))

    def _full_person(self, words: tuple[str, ...]) -> _Person | None:
        if len(words) < 2:
            return None
        return next((p for p in self.people if p.words[0] == words[0] and p.words[-1] == words[-1]), None)

    def add_directions(self) -> None:
        """"the North" where the article names exactly one "North …" country (and so for "the South")."""
        taken = {k for sp in self.spans for k in range(sp.s, sp.e)}
        for sp in _the_north(self.parsed, taken):
            sp.name = self.parsed.tokens[sp.s].text
            if sum(c.startswith(sp.name + " ") for c in self.countries) == 1:
                self.spans.append(sp)
        self.spans.sort(key=lambda sp: (sp.s, sp.e))

    def resolve(self, sp: _Span) -> None:
        name, label, words = sp.name, sp.label, _words(sp.name)
        owner = self.aliases.get(name)
        if owner is not None and owner is not sp and owner.canonical:
            sp.canonical, sp.type = owner.canonical, owner.type
            return
        if label == "NORP":
            self._people_of(sp)
            return
        country = places.country(name)
        if country and label != "PERSON":
            sp.canonical, sp.type, sp.fixed = country, "GPE", True
            return
        full = self._full_person(words)
        person = None
        if full is None and len(words) <= 2:
            # a surname is a person even where the model said otherwise; a given name or a Korean family name
            # ("Kim") only where the model said PERSON, or the word is no place ("Paris" of "Paris Hilton")
            person = _short_person(words, sp.roles, sp.s, self.people, first_names=label == "PERSON"
                                   or not places.capital_of(name))
        if label == "PERSON" or person is not None or full is not None:
            chosen = full or person
            if chosen is None and label == "PERSON" and len(words) == 1:
                org = _short_org(words, self.orgs, self.lex)
                if org is not None:
                    sp.canonical, sp.type = org, label
                    return
            if chosen is not None:
                chosen.last = sp.s
            sp.canonical = chosen.canonical if chosen else name
            sp.type, sp.fixed = "PERSON", chosen is not None
            return
        if name in _DIRECTIONS:
            named = [c for c in self.countries if c.startswith(name + " ")]
            if len(named) == 1:
                sp.canonical, sp.type, sp.fixed = named[0], "GPE", True
                return
        capital = places.capital_of(name)
        if capital and label in ("GPE", "LOC", "ORG", "FAC"):
            seat = places.seat(name)
            if places.is_place_here(self.parsed, sp.s, sp.e):
                sp.canonical, sp.type = name, "GPE"
            else:
                sp.canonical, sp.type = seat or (capital, "GPE")
            sp.fixed = True
            return
        org = _short_org(words, self.orgs, self.lex) if label not in ("GPE", "LOC") else None
        sp.canonical, sp.type = org or name, label
        if label == "ORG" and not org:
            self.orgs.append((words, name))

    def _people_of(self, sp: _Span) -> None:
        sp.type, sp.fixed = "NORP", True
        found = places.demonym_countries(sp.name)
        if len(found) > 1:
            named = [c for c in found if c in self.countries]
            # "Korean" with neither Korea named stays unresolved; "Nigerian" is Nigeria before Niger
            same_people = len({c.split()[-1] for c in found}) == 1
            found = tuple(named[:1]) if named else (() if same_people else found)
        if found:
            sp.canonical = found[0]
            return
        country = places.country(sp.name)
        sp.canonical, sp.type = (country, "GPE") if country else (sp.name, "NORP")

    def acronyms(self) -> None:
        """Acronyms not yet resolved: the nearest name in the article whose initials they are."""
        full = [(sp, _initials(_words(sp.name), self.lex)) for sp in self.spans if " " in sp.name]
        for sp in self.spans:
            acr = _acronym(sp.name)
            if acr is None or sp.canonical != sp.name or sp.fixed:
                continue
            hits = [f for f, inits in full if acr in inits and f.canonical]
            if hits:
                best = min(hits, key=lambda f: abs(f.s - sp.s))
                sp.canonical, sp.type = best.canonical, best.type

    def vote(self) -> None:
        """One type per canonical name: a person is a person throughout; otherwise the majority label."""
        groups: dict[str, list[_Span]] = {}
        for sp in self.spans:
            if not (sp.fixed and sp.type != "PERSON"):
                groups.setdefault(sp.canonical, []).append(sp)
        for group in groups.values():
            if any(sp.type == "PERSON" and sp.fixed for sp in group):
                kind = "PERSON"
            else:
                counts = Counter(sp.type for sp in group)
                kind = max(counts, key=lambda t: (counts[t], -min(sp.s for sp in group if sp.type == t)))
            for sp in group:
                sp.type = kind


def _gender(roles: set[str], lex: _Lexicon) -> str | None:
    found = {lex.gendered[r] for r in roles if r in lex.gendered}
    return found.pop() if len(found) == 1 else None


def resolve_entities(parsed: Parsed) -> EntityIndex:
    """The article's named entities, tidied and resolved against each other (see the module's docstring)."""
    lex = _lexicon()
    toks, text = parsed.tokens, parsed.text
    spans: list[_Span] = []
    for raw in _model_spans(parsed):
        if not _tidy(parsed, raw, lex) or _in_title(parsed, raw, lex):
            continue
        for sp in _split_possessive(parsed, raw):
            if sp.e <= sp.s or not _tidy(parsed, sp, lex):
                continue
            first = _low(toks[sp.s].text)
            if sp.label != "PERSON" and first in _HONORIFICS and sp.e - sp.s > 1:
                sp.label = "PERSON"
            roles: set[str] = set()
            if sp.label == "PERSON":
                titles, pieces = _strip_titles(parsed, sp, lex)
                roles.update(titles)
                for piece in pieces:
                    piece.name = text[toks[piece.s].start:toks[piece.e - 1].end]
                    piece.label = "NORP" if places.demonym_countries(piece.name) else "GPE"
                    spans.append(piece)
                roles |= _roles(parsed, sp, lex)
            sp.roles = frozenset(roles)
            sp.name = text[toks[sp.s].start:toks[sp.e - 1].end]
            spans.append(sp)
    spans.sort(key=lambda sp: (sp.s, sp.e))

    resolver = _Resolver(parsed, lex, spans)
    resolver.prepare()
    resolver.add_directions()
    spans = resolver.spans
    for sp in spans:
        resolver.resolve(sp)
    resolver.acronyms()
    resolver.vote()

    mentions = [Mention(toks[sp.s].start, toks[sp.e - 1].end, text[toks[sp.s].start:toks[sp.e - 1].end],
                        sp.type, sp.canonical) for sp in spans]
    genders: dict[str, str] = {}
    person_roles: dict[str, frozenset[str]] = {}
    known = [(p.canonical, p.roles) for p in resolver.people]
    for canonical, roles in known + [(sp.canonical, set(sp.roles)) for sp in spans if sp.type == "PERSON"]:
        g = _gender(roles, lex)
        if g:
            genders.setdefault(canonical, g)
        person_roles[canonical] = person_roles.get(canonical, frozenset()) | roles
    subjects = frozenset(toks[sp.s].start for sp in spans if toks[_head(parsed, sp)].dep in _SUBJECTS)
    sentence_starts = [toks[s].start for s, _ in parsed.sents if s < len(toks)]
    return EntityIndex(mentions, genders=genders, subjects=subjects, sentence_starts=sentence_starts,
                       roles=person_roles)
