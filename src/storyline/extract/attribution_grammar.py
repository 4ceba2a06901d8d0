"""What the parse says about one cue: where its content is and who is speaking.

The rules read storyline's `Parsed` view (dependency labels, heads, tags) and return token indices or character
spans; which words are cues is the lexicon's business (`attribution_lexicon`). The parser's usual slips are
handled here: a second cue attached inside the first one's content ("said he makes $41,000 a year and questioned
how …"), a cue joined to the clause it reports as a conjunct ("They met, The Post reported"), two paragraphs run
together into one sentence, a subject the parser did not label ("About 4 in 10 say …").
"""

from __future__ import annotations

from bisect import bisect_right

from storyline.extract.attribution_lexicon import Lexicon
from storyline.extract.parsed import Parsed, Token

CONTENT_DEPS = frozenset({"ccomp"})
BEFORE_CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "advcl", "conj", "dep", "punct", "cc", "xcomp"})
SPLIT_PUNCT = frozenset({",", "”", "''", "\"", "—", "–", "--", ":"})
DASHES = (",", "—", "–")
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
EDGE = " \t\n,;:.—–-"
OPENERS = "“\"‘"
CLOSERS = "”\"’"
RIGHT_MODIFIERS = frozenset({"prep", "npadvmod", "oprd"})
OBJECT_COMPLEMENTS = frozenset({"as", "for", "of", "over"})  # "described him as …", "criticized X for …"
OBJECT_FOLLOWERS = frozenset({"oprd", "xcomp", "ccomp", "advcl"})  # "called the plan a disaster"
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind", "ask", "advise", "urge", "notify",
                             "promise", "convince", "persuade", "caution", "counsel", "beg", "email", "text",
                             "message"})
LIGHT_PREPOSITIONS = frozenset({"about", "of", "for", "on", "against", "to", "over"})  # "made the case for …"
JOINING_PREPOSITIONS = frozenset({"before", "after", "while", "by"})  # "said …, before claiming that …"
NOUN_POS = frozenset({"PROPN", "NOUN", "PRON", "NUM"})
NOUN_MODIFIERS = frozenset({"compound", "nummod", "quantmod", "amod", "poss", "nmod"})


class Grammar:
    """Content and subject finding over one parsed article."""

    def __init__(self, parsed: Parsed, lex: Lexicon, paragraphs: list[int]) -> None:
        self.parsed, self.tokens, self.text, self.lex = parsed, parsed.tokens, parsed.text, lex
        self.paragraphs = paragraphs  # character offsets where paragraphs start

    def lemma(self, tok: Token) -> str:
        return self.lex.cues.surface.get(tok.text.lower(), tok.lemma.lower())

    def paragraph(self, pos: int) -> int:
        return bisect_right(self.paragraphs, pos) - 1

    def has_subject(self, t: Token, *, after: bool = False) -> bool:
        return any(self.tokens[c].dep == "nsubj" and (c > t.i or not after) for c in self.parsed.children(t.i))

    def sentence(self, t: Token) -> tuple[int, int]:
        """The token range of the cue's sentence, kept within its paragraph."""
        s, e = self.parsed.sentence_of(t.i)
        para = self.paragraph(t.start)
        while s < t.i and self.paragraph(self.tokens[s].start) < para:
            s += 1
        while e > t.i + 1 and self.paragraph(self.tokens[e - 1].start) > para:
            e -= 1
        return s, e

    def cue_clause(self, t: Token) -> list[int]:
        """The cue with its subject, objects and modifiers: everything of it that is not the content."""
        out = [t.i]
        for c in self.parsed.children(t.i):
            dep = self.tokens[c].dep
            if (c < t.i and dep in BEFORE_CLAUSE_DEPS) or (c > t.i and dep == "punct"):
                continue
            out.extend(self.parsed.subtree(c))
        return out

    # -- content

    def complement(self, t: Token) -> tuple[int, int] | None:
        """The clausal complement of a cue: "said [the talks failed]", with what the parser hung elsewhere."""
        comps = [c for c in self.parsed.children(t.i) if self.tokens[c].dep in CONTENT_DEPS]
        comps += self._clause_under_citing(t)
        if not comps:
            return None
        idx: list[int] = []
        for c in comps:
            sub = list(self.parsed.subtree(c))
            cut = self._coordinated_cut(c, sub) if c > t.i else max(sub) + 1
            idx.extend(i for i in sub if i < cut)
        first, last = min(comps), max(comps)
        for c in self.parsed.children(t.i):
            if c > last and self._reported_conjunct(c):
                idx.extend(self.parsed.subtree(c))
            elif self.tokens[c].dep == "dobj" and t.i < c < first and self.lemma(t) not in ADDRESSEE_VERBS:
                idx.extend(self.parsed.subtree(c))  # "said about half of the adjustment … reflected …"
        if first > t.i:
            idx.extend(self._fronted(t))
        return self.trim_tokens(idx)

    def _clause_under_citing(self, t: Token) -> list[int]:
        """"reported, citing two diplomats, that the envoy had resigned": the parser hangs the 'that' clause on
        the cited noun, as if it were a relative clause."""
        out = []
        for c in self.parsed.children(t.i):
            if self.tokens[c].lemma.lower() not in self.lex.cues.chain or c < t.i:
                continue
            for k in self.parsed.subtree(c):
                if self.tokens[k].dep in ("relcl", "acl", "ccomp") and self._opens_with_that(k):
                    out.append(k)
        return out

    def _opens_with_that(self, clause: int) -> bool:
        first = self.tokens[min(self.parsed.subtree(clause))]
        return first.dep == "mark" and first.text.lower() == "that"

    def clause_before(self, t: Token) -> tuple[int, int] | None:
        """The clause a last or parenthetical cue reports: "…, officials said." / "The plan, he said, …"."""
        if t.dep not in ("ROOT", "parataxis", "ccomp") and not self._asyndetic(t):
            return None
        if not self.has_subject(t):
            return None
        s, e = self.sentence(t)
        clause = self.cue_clause(t)
        lo, hi = min(clause), max(clause)
        if lo <= s or self.tokens[lo - 1].text not in SPLIT_PUNCT:
            return None
        before = list(range(s, lo))
        after = [i for i in range(hi + 1, e) if self.tokens[i].pos != "PUNCT"]
        if len(after) >= 2 and self.tokens[hi + 1].text in DASHES:
            span = list(range(s, e))  # parenthetical: what was said runs on both sides of the cue
            words = before + after
        else:
            span = words = before
        if not any(self.tokens[i].tag in FINITE for i in words):
            return None
        return self.trim_tokens(span)

    def around(self, t: Token, removed: set[int]) -> tuple[int, int] | None:
        """The clause of the sentence around a cue phrase ("…, according to officials." / "In a poll, …"): the
        words on one side of it, or the whole sentence when it stands in the middle."""
        s, e = self.sentence(t)
        lo, hi = min(removed), max(removed)
        before = [i for i in range(s, lo) if self.tokens[i].pos != "PUNCT"]
        after = [i for i in range(hi + 1, e) if self.tokens[i].pos != "PUNCT"]
        if before and after:
            return self.trim_tokens(range(s, e))
        return self.trim_tokens(before or after)

    def slot(self, t: Token, lemma: str) -> tuple[int, int] | None:
        """Content that is not a clause: "vowed to …", "urged him to …", "called the plan a disaster",
        "criticized Scalia for …", "called for …"."""
        cues, tokens = self.lex.cues, self.tokens
        kids = [c for c in self.parsed.children(t.i) if c > t.i]
        if lemma in cues.infinitive:
            x = next((c for c in kids if tokens[c].dep in ("xcomp", "ccomp") and self._infinitive(c)), None)
            if x is not None:
                obj = next((c for c in kids if tokens[c].dep == "dobj" and c < x), None)
                first = min(self.parsed.subtree(obj if obj is not None else x))
                last = self._right_end(kids, max(self.parsed.subtree(x)))
                return self.trim_tokens(list(range(first, last + 1)))
        if lemma in cues.object or lemma in cues.object_as:
            d = next((c for c in kids if tokens[c].dep == "dobj"), None)
            if d is not None:
                idx = list(self.parsed.subtree(d))
                has_as = False
                for c in kids:
                    dep, word = tokens[c].dep, tokens[c].text.lower()
                    if c > d and (dep in OBJECT_FOLLOWERS or (dep == "prep" and word in OBJECT_COMPLEMENTS)):
                        idx.extend(self.parsed.subtree(c))
                        has_as = has_as or word == "as"
                if lemma in cues.object or has_as:
                    return self.trim_tokens(list(range(min(idx), self._right_end(kids, max(idx)) + 1)))
        preps = cues.prepositional.get(lemma, frozenset())
        for c in kids:
            if tokens[c].text.lower() not in preps:
                continue
            if tokens[c].dep == "prep":
                obj = next((g for g in self.parsed.children(c) if tokens[g].dep in ("pobj", "pcomp")), None)
            elif tokens[c].dep == "prt":  # "called on X" parsed as a particle and an object
                obj = next((g for g in kids if tokens[g].dep == "dobj"), None)
            else:
                continue
            if obj is not None:
                return self.trim_tokens(list(self.parsed.subtree(obj)))
        return None

    def light(self, t: Token, lemma: str) -> tuple[int, int] | None:
        """A light verb with a cue noun: "made the case for …", "made no mention of …", "made it clear that …"."""
        nouns = self.lex.cues.light.get(lemma, frozenset())
        tokens = self.tokens
        kids = [c for c in self.parsed.children(t.i) if c > t.i]
        clear = next((c for c in kids if tokens[c].text.lower() in nouns and tokens[c].pos == "ADJ"), None)
        if clear is not None:  # "made (it) clear that …"
            return self.complement(t) or self.complement(tokens[clear])
        obj = next((c for c in kids if tokens[c].dep == "dobj" and tokens[c].lemma.lower() in nouns), None)
        if obj is None or any(tokens[c].text.lower() in ("no", "not") for c in self.parsed.children(obj)):
            return None  # "made no mention of …": nothing was said
        clause = self.that_clause(tokens[obj])
        if clause is not None:
            return self.trim_tokens(list(self.parsed.subtree(clause)))
        for c in [*self.parsed.children(obj), *kids]:
            if c > obj and tokens[c].dep == "prep" and tokens[c].text.lower() in LIGHT_PREPOSITIONS:
                target = next((g for g in self.parsed.children(c) if tokens[g].dep in ("pobj", "pcomp")), None)
                if target is not None:
                    return self.trim_tokens(list(self.parsed.subtree(target)))
        return None

    def _right_end(self, kids: list[int], end: int) -> int:
        """The last token of what follows the cue's content and still belongs to it ("… a virtual dead heat between
        Clinton and Sanders, with the former secretary of state leading …")."""
        for c in kids:
            tok = self.tokens[c]
            if c > end and (tok.dep in RIGHT_MODIFIERS or (tok.dep == "advcl"
                                                           and self.lemma(tok) not in self.lex.verb_cues)):
                end = max(end, max(self.parsed.subtree(c)))
        return end

    def _infinitive(self, verb: int) -> bool:
        return any(self.tokens[c].tag == "TO" for c in self.parsed.children(verb) if c < verb)

    def _fronted(self, t: Token) -> list[int]:
        """"In other states, he said, Mr. Trump could …": what comes before a parenthetical cue is said too."""
        if t.dep not in ("ROOT", "parataxis"):
            return []
        s, _ = self.sentence(t)
        lo = min(self.cue_clause(t))
        if lo <= s or self.tokens[lo - 1].text not in DASHES:
            return []
        if any(self.tokens[i].head == t.i for i in range(s, lo)):
            return []
        return list(range(s, lo))

    def _reported_conjunct(self, c: int) -> bool:
        """"said he had received offers, but “the offers were …”": a clause joined to the cue that goes on with
        what was said (its own subject, not a cue verb itself)."""
        tok = self.tokens[c]
        if tok.dep != "conj" or tok.pos not in ("VERB", "AUX") or self.lemma(tok) in self.lex.verb_cues:
            return False
        return any(self.tokens[k].dep in ("nsubj", "nsubjpass", "expl") for k in self.parsed.children(c))

    def _coordinated_cut(self, comp: int, sub: list[int]) -> int:
        """Where a complement stops because a second cue of the same speaker follows inside it, as the parser
        often attaches it: "said he makes $41,000 a year and questioned how …", "…, saying that …"."""
        cut = max(sub) + 1
        for k in sub:
            if k > comp and self.is_coordinated_cue(self.tokens[k]):
                start = min(self.parsed.subtree(k))
                if self.tokens[k].dep == "pcomp":
                    start = min(start, self.tokens[k].head)
                while start > comp and self.tokens[start - 1].dep in ("cc", "punct"):
                    start -= 1
                cut = min(cut, start)
        return cut

    def is_coordinated_cue(self, tok: Token) -> bool:
        """A speech verb with no subject of its own, joined on to another clause: "and questioned …",
        ", saying …", "before claiming …"."""
        if tok.dep not in ("conj", "advcl", "pcomp") or tok.pos not in ("VERB", "AUX"):
            return False
        if self.lemma(tok) not in self.lex.cues.speech:
            return False
        before = self.tokens[tok.i - 1].text if tok.i > 0 else ""
        if tok.dep == "advcl" and (tok.tag != "VBG" or before != ","):
            return False
        if tok.dep == "pcomp" and self.tokens[tok.head].text.lower() not in JOINING_PREPOSITIONS:
            return False
        return not any(self.tokens[c].dep in ("nsubj", "nsubjpass") for c in self.parsed.children(tok.i))

    def _asyndetic(self, t: Token) -> bool:
        """"They met last month, The Washington Post reported": the parser joined the cue on as a second clause
        with a comma and no "and"."""
        if t.dep != "conj" or t.head >= t.i:
            return False
        return not any(self.tokens[c].dep == "cc" and t.head < c < t.i for c in self.parsed.children(t.head))

    def noun_content(self, noun: Token) -> tuple[int, int] | None:
        """What a stance noun is about: "his attacks [on Clinton]", "her decision [to run]", "a report [that …]"."""
        cues, tokens = self.lex.cues, self.tokens
        lemma = noun.lemma.lower()
        clause = self.that_clause(noun) if lemma in cues.nouns else None
        if clause is not None:
            return self.trim_tokens(list(self.parsed.subtree(clause)))
        for c in self.parsed.children(noun.i):
            if c < noun.i:
                continue
            if tokens[c].dep == "prep" and tokens[c].text.lower() in cues.noun_objects.get(lemma, frozenset()):
                target = next((g for g in self.parsed.children(c) if tokens[g].dep in ("pobj", "pcomp")), None)
                if target is not None:
                    return self.trim_tokens(list(self.parsed.subtree(target)))
            if tokens[c].dep in ("acl", "relcl") and lemma in cues.noun_infinitives and self._infinitive(c):
                return self.trim_tokens(list(self.parsed.subtree(c)))
        return None

    def that_clause(self, noun: Token) -> int | None:
        """The 'that' clause of a noun: "a report [that …]"."""
        for c in self.parsed.children(noun.i):
            if self.tokens[c].dep not in ("acl", "ccomp", "relcl"):
                continue
            if self._opens_with_that(c):
                return c
        return None

    def trim_tokens(self, idx: list[int] | range) -> tuple[int, int] | None:
        if not idx:
            return None
        return self.trim(self.tokens[min(idx)].start, self.tokens[max(idx)].end)

    def trim(self, lo: int, hi: int) -> tuple[int, int] | None:
        """Character span without edge punctuation; quotation marks stay when they pair up inside."""
        text = self.text
        while True:
            while lo < hi and text[lo] in EDGE:
                lo += 1
            while hi > lo and text[hi - 1] in EDGE:
                hi -= 1
            if lo < hi and text[lo] in OPENERS and not any(c in CLOSERS for c in text[lo + 1 : hi]):
                lo += 1
                continue
            if lo < hi and text[hi - 1] in CLOSERS and not any(c in OPENERS for c in text[lo : hi - 1]):
                hi -= 1
                continue
            break
        return (lo, hi) if hi - lo >= 2 else None

    # -- who speaks

    def subject(self, t: Token, depth: int = 0) -> int | None:
        """The token heading who speaks: the subject, climbing from "adding …", "… and said", "who said"."""
        tokens = self.tokens
        for c in self.parsed.children(t.i):
            if tokens[c].dep == "nsubj":
                if self.paragraph(tokens[c].start) != self.paragraph(t.start):
                    return self._leading_noun(t)  # the parser ran two paragraphs together
                return c
        if t.dep == "ROOT" and t.tag in FINITE and not any(
                tokens[c].dep in ("nsubjpass", "expl", "csubj") for c in self.parsed.children(t.i)):
            return self._leading_noun(t)
        for c in self.parsed.children(t.i):
            if tokens[c].dep == "agent":
                return next((g for g in self.parsed.children(c) if tokens[g].dep == "pobj"), None)
        if depth >= 3 or t.head == t.i:
            return None
        head = tokens[t.head]
        if t.dep == "pcomp" and head.pos == "ADP" and head.head != head.i:  # "… before claiming that …"
            head = tokens[head.head]
        elif (t.dep == "advcl" and t.tag != "VBG") or t.dep not in ("conj", "xcomp", "advcl", "acl"):
            return None
        if head.pos in ("VERB", "AUX") and t.dep != "acl":
            if head.lemma.lower() == "be" and t.dep == "xcomp":  # "it is fair to say …"
                return None
            if self.is_coordinated_cue(t):
                outer = self._enclosing_cue(head)
                if outer is not None:  # the parser put the second cue inside the first one's content
                    return self.subject(outer, depth + 1)
            return self.subject(head, depth + 1)
        if t.dep == "xcomp" and head.pos == "ADJ" and head.head != head.i:  # "are more likely to say …"
            return self.subject(tokens[head.head], depth + 1)
        if t.dep == "acl" and head.pos in ("NOUN", "PROPN"):  # "a statement saying …", "voters saying …"
            return self.owner(head) if head.lemma.lower() in self.lex.sources.documents else head.i
        return None

    def _enclosing_cue(self, tok: Token) -> Token | None:
        """The cue verb whose clausal complement holds `tok`, a few steps up."""
        for _ in range(4):
            if tok.head == tok.i:
                return None
            head = self.tokens[tok.head]
            if tok.dep == "ccomp" and head.lemma.lower() in self.lex.clause_cues:
                return head
            if tok.dep not in ("conj", "advcl", "xcomp", "ccomp", "prep", "pcomp"):
                return None
            tok = head
        return None

    def _leading_noun(self, t: Token) -> int | None:
        """When the parser found no subject ("About 4 in 10 say …"): the first noun phrase of the cue's clause."""
        s, _ = self.sentence(t)
        first = next((i for i in range(s, t.i) if self.tokens[i].pos in NOUN_POS), None)
        if first is None:
            return None
        k = first
        while self.tokens[k].dep in NOUN_MODIFIERS and first <= self.tokens[k].head < t.i:
            k = self.tokens[k].head
        return k

    def owner(self, noun: Token) -> int | None:
        """Who issued a statement, report or claim: its possessor, a named compound, a 'by/from' object, or the
        subject of the verb that issued it ("the ministry released a statement saying …")."""
        tokens = self.tokens
        kids = self.parsed.children(noun.i)
        for c in kids:
            if tokens[c].dep == "poss":
                return c
        for c in kids:
            if tokens[c].dep == "compound" and tokens[c].pos == "PROPN":
                return c
        for c in kids:
            if tokens[c].dep == "prep" and tokens[c].text.lower() in ("by", "from", "of"):
                obj = next((g for g in self.parsed.children(c) if tokens[g].dep == "pobj"), None)
                if obj is not None and tokens[obj].pos in ("PROPN", "PRON", "NOUN"):
                    return obj
        if noun.dep == "dobj" and noun.head != noun.i and tokens[noun.head].pos in ("VERB", "AUX"):
            return next((c for c in self.parsed.children(noun.head) if tokens[c].dep == "nsubj"), None)
        return None
