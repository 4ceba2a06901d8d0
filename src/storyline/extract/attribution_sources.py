"""Who a source is: the noun phrase in the text, the entity it names, or what kind of unnamed source it is.

A source phrase is its head noun with what sits to its left and its prepositional phrases ("A spokesman for the
Ministry of Foreign Affairs in Seoul"), without relative clauses, participles and appositions. Its canonical name
comes from the entity index when the head is (or is in apposition to) a named entity; a pronoun is resolved to the
person or organisation it most likely stands for, the span staying the pronoun's; "the paper" is the last news
organisation named. Anything else is described by its own words without determiners, and marked anonymous when its
head is a word for an unnamed source ("officials", "people familiar with the matter", "a source").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.extract.attribution_lexicon import SourceLexicon
from storyline.extract.mentions import GROUP_TYPES, PERSON_TYPES, EntityIndex
from storyline.extract.parsed import Parsed, Token
from storyline.model import Mention, Source

PHRASE_DROPS = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis", "dep", "ccomp", "xcomp", "cc",
                          "conj", "npadvmod", "advmod"})
EDGE_PUNCT = "“”\"'‘’,;:.()[]—–- \n\t"
ORG_TYPES = frozenset({"ORG"})
ANY_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
REPORTS = frozenset({"report", "article", "story", "dispatch", "broadcast"})
LOOKBACK = 4000  # characters a pronoun or "the paper" may reach back
WORD = re.compile(r"[A-Za-z]+")


@dataclass(slots=True)
class SourceFinder:
    """Turns head tokens into `Source`s for one parsed article."""

    parsed: Parsed
    entities: EntityIndex
    lex: SourceLexicon
    chain_verbs: frozenset[str] = frozenset({"cite", "quote"})
    reporters: set[str] = field(default_factory=set)  # canonical names seen reporting in this article
    speakers: list[Source] = field(default_factory=list)  # sources found so far, in text order
    linked: set[int] = field(default_factory=set)  # "citing …" tokens taken as a link of a chain

    def with_chain(self, head: int | None, cue: int | None = None) -> tuple[Source | None, tuple[Source, ...]]:
        """The outermost source and the chain, outermost first: "officials quoted by Yonhap" → [Yonhap,
        officials]; "The Post reported, citing people familiar with the matter" → [The Post, people …]."""
        if head is None:
            return None, ()
        source = self.build(head)
        if source is None:
            return None, ()
        tokens = self.parsed.tokens
        outer: list[Source] = []
        for c in self.parsed.children(head):
            if tokens[c].dep in ("acl", "relcl") and tokens[c].lemma.lower() in self.chain_verbs:
                by = self._object(c, "agent")
                if by is not None and (link := self.build(by)) is not None:
                    outer.append(link)
                    self.linked.add(c)
        inner: list[Source] = []
        for c in self.parsed.children(cue) if cue is not None else ():
            if tokens[c].lemma.lower() in self.chain_verbs and tokens[c].tag == "VBG":
                obj = self._object(c, "dobj")
                if obj is not None and (link := self.build(obj)) is not None:
                    inner.append(link)
                    self.linked.add(c)
        chain = (*outer, source, *inner)
        return chain[0], chain

    def _object(self, verb: int, dep: str) -> int | None:
        """The direct object ("dobj") or the agent's object ("agent": "quoted by Yonhap") of a verb."""
        tokens = self.parsed.tokens
        for c in self.parsed.children(verb):
            if tokens[c].dep == dep == "dobj":
                return c
            if tokens[c].dep == dep or (dep == "dobj" and tokens[c].dep == "prep"):
                obj = next((g for g in self.parsed.children(c) if tokens[g].dep == "pobj"), None)
                if obj is not None:
                    return obj
        return None

    def agentive(self, head: int, source: Source) -> bool:
        """Whether a source can hold a stance: "the senator wants …", not "the poll wants …"."""
        if source.type in ("PERSON", "ORG", "GPE", "NORP", "ANONYMOUS"):
            return True
        lemma = self.parsed.tokens[head].lemma.lower()
        return lemma not in ("it", "which", "that") and lemma not in self.lex.documents

    def phrase(self, head: int) -> tuple[int, int]:
        """Token range (first, last) of the source phrase headed by `head`."""
        tokens = self.parsed.tokens
        keep = [head]
        stack = [c for c in self.parsed.children(head) if tokens[c].dep not in PHRASE_DROPS]
        while stack:
            j = stack.pop()
            keep.append(j)
            stack.extend(self.parsed.children(j))
        lo, hi = min(keep), max(keep)
        while lo < head and tokens[lo].text in EDGE_PUNCT:
            lo += 1
        while hi > head and (tokens[hi].text in EDGE_PUNCT or tokens[hi].dep == "cc"):
            hi -= 1
        return lo, hi

    def build(self, head: int, bounds: tuple[int, int] | None = None) -> Source | None:
        """The source headed by token `head`; `bounds` (first, last token) when the phrase is known already."""
        tokens = self.parsed.tokens
        tok = tokens[head]
        word = tok.text.lower()
        kind = self.lex.pronouns.get(word)
        if kind == "RELATIVE":
            return self._relative(tok)
        if kind is not None and tok.pos in ("PRON", "DET"):
            return self._pronoun(tok, word)  # "he said": the span stays the pronoun's
        lo, hi = bounds or self.phrase(head)
        start, end = tokens[lo].start, tokens[hi].end
        span_text = self.parsed.text[start:end]
        mention = self._named(head)
        if mention is not None:
            if mention.end > end and mention.start < end + 3:  # "the Japanese news outlet Kyodo"
                end = mention.end
                span_text = self.parsed.text[start:end]
            source = Source(start, end, span_text, mention.canonical, mention.type)
            return self._remember(source)
        lemma = tok.lemma.lower()
        words = {t.lemma.lower() for t in tokens[lo : head + 1]}
        definite = tokens[lo].lemma.lower() in ("the", "this", "that")
        if definite and lemma in REPORTS:  # "The report did not spell out his crime": whose report it was
            reporter = next((r for r in reversed(self.speakers) if r.end <= start and r.canonical in self.reporters),
                            None)
            if reporter is not None:
                return self._remember(Source(start, end, span_text, reporter.canonical, reporter.type))
        if definite and (lemma in self.lex.news_nouns or (lemma in self.lex.group and lemma != "media")):
            referent = self._last_org(start, lemma, news=lemma in self.lex.news_nouns)
            if referent is not None:
                return self._remember(Source(start, end, span_text, referent.canonical, referent.type))
        description = self.describe(lo, hi)
        if lemma in self.lex.anonymous or (lemma in ("member", "people") and not words & self.lex.group):
            return self._remember(Source(start, end, span_text, description, "ANONYMOUS", anonymous=True))
        plural = tok.tag in ("NNS", "NNPS")
        kind = "PERSON" if lemma in self.lex.person and not plural else "GROUP"
        return self._remember(Source(start, end, span_text, description, kind))

    def describe(self, lo: int, hi: int) -> str:
        """The phrase's own words, without leading determiners and quotation marks."""
        tokens = self.parsed.tokens
        while lo < hi and (tokens[lo].text.lower() in self.lex.determiners or tokens[lo].text in EDGE_PUNCT):
            lo += 1
        parts = []
        for t in tokens[lo : hi + 1]:
            if t.text in "“”\"‘’" or t.text in ("``", "''"):
                continue
            parts.append(t.text + (" " if t.ws else ""))
        return "".join(parts).strip(EDGE_PUNCT) or tokens[lo].text

    def is_news(self, source: Source) -> bool:
        if source.canonical in self.reporters:
            return True
        if source.type not in ("ORG", "GROUP", "PERSON", "GPE", "NORP", "WORK_OF_ART", "PRODUCT"):
            return False
        words = {w.lower() for w in WORD.findall(source.text)}
        if source.type == "GROUP":
            return bool(words & self.lex.news_nouns)
        return (bool(words & self.lex.news_names) and source.type != "PERSON") or bool(words & self.lex.news_nouns)

    def _remember(self, source: Source) -> Source:
        self.speakers.append(source)
        return source

    def _named(self, head: int) -> Mention | None:
        """The entity the phrase names: the one at its head, else one in apposition to a common-noun head
        ("the Japanese news outlet Kyodo"), else the issuer of a document ("The Post report", "Kim's statement")."""
        tokens = self.parsed.tokens
        tok = tokens[head]
        m = self.entities.at(tok.start, tok.end)
        if m is not None and m.type in self.lex.named_types:
            return m
        if tok.pos == "PROPN":
            return None
        document = tok.lemma.lower() in self.lex.documents
        for c in self.parsed.children(head):
            dep = tokens[c].dep
            if (dep in ("appos", "compound") and tokens[c].pos == "PROPN" and c > head) or (
                    document and dep in ("compound", "poss") and tokens[c].pos == "PROPN"):
                m = self.entities.at(tokens[c].start, tokens[c].end)
                if m is not None and m.type in ANY_NAMED:
                    return m
        return None

    def _last_org(self, pos: int, lemma: str, *, news: bool) -> Mention | None:
        """The organisation "the paper" / "the ministry" refers to: the last one named of that kind."""
        floor = max(0, pos - LOOKBACK)
        for m in reversed(self.entities.overlapping(floor, pos)):
            if m.end > pos or m.type not in ("ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART"):
                continue
            words = {w.lower() for w in WORD.findall(m.text + " " + m.canonical)}
            if news and (m.canonical in self.reporters or (m.type == "ORG" and words & self.lex.news_names)):
                return m
            if not news and m.type == "ORG" and lemma in words:
                return m
        return None

    def _relative(self, tok: Token) -> Source | None:
        """"who said …": the span is the relative pronoun's, the entity its antecedent's."""
        tokens = self.parsed.tokens
        verb = tokens[tok.head]
        if verb.dep != "relcl" or verb.head == verb.i or tokens[verb.head].pos not in ("NOUN", "PROPN", "PRON"):
            return None
        antecedent = self.build(verb.head)
        if antecedent is None:
            return None
        self.speakers.pop()
        source = Source(tok.start, tok.end, tok.text, antecedent.canonical, antecedent.type, antecedent.anonymous)
        return self._remember(source)

    def _pronoun(self, tok: Token, word: str) -> Source:
        kind = self.lex.pronouns.get(word)
        anonymous = False
        if kind == "PERSON":
            canonical, type_ = self._person_for(tok.start, word)
        elif kind == "GROUP":
            canonical, type_, anonymous = self._group_for(tok.start)
        elif kind == "ORG":
            m = self.entities.last_before(tok.start, ORG_TYPES, after=max(0, tok.start - LOOKBACK))
            canonical, type_ = (m.canonical, m.type) if m else (tok.text, "ORG")
        else:  # I, we, you: the speaker of a quote or the writer; nothing to resolve here
            canonical, type_ = tok.text, "PERSON" if word == "i" else "GROUP"
        return self._remember(Source(tok.start, tok.end, tok.text, canonical, type_, anonymous))

    def _person_for(self, pos: int, word: str) -> tuple[str, str]:
        """"he", "she": the entity index's guess, else the last person named."""
        m = self.entities.person_for_pronoun(pos, word) or self.entities.last_before(
            pos, PERSON_TYPES, after=max(0, pos - LOOKBACK))
        return (m.canonical, m.type) if m else (word, "PERSON")

    def _group_for(self, pos: int) -> tuple[str, str, bool]:
        """"They": the last group that spoke ("officials said … They added"), else the organisation, country or
        people the entity index guesses, else the last group named."""
        floor = max(0, pos - LOOKBACK)
        for s in reversed(self.speakers):
            if s.end <= pos and s.start >= floor and s.type in ("GROUP", "ANONYMOUS", "ORG", "NORP"):
                return s.canonical, s.type, s.anonymous
        m = self.entities.person_for_pronoun(pos, "they") or self.entities.last_before(pos, GROUP_TYPES, after=floor)
        return (m.canonical, m.type, False) if m else ("they", "GROUP", False)
