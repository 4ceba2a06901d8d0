"""Attributions: who said, reported or believes what, with the text's own words as evidence.

`find_attributions(parsed, entities)` reads one parsed article and returns its attributions in text order:

- a cue verb (the lexicon in `lexicons/cue_verbs.json`: "said", "told", "reported", "believes", "shows", "vowed",
  "criticized", "called for" …) with its content: a clausal complement, or the clause before a cue that comes last
  ("…, officials said"), or for stance verbs an infinitive, an object or a prepositional object;
- a content that is mostly a quotation takes in the whole quotation and is `direct` when little else is left;
  a quotation that its cue interrupts ("“…,” she said. “…”") is one content from the first mark to the last, and
  a multi-paragraph quotation is one quote (`attribution_quotes`);
- a quotation standing on its own takes the speaker of the cue just before it (same or previous paragraphs), and
  a quotation paragraph right after a quoted speaker's is added to that speaker's content;
- "according to X" and "In a CNN poll, …" (kind `according_to`), "a report that …", "his claim that …", and
  "Name: text" lines;
- the source is the cue's subject (`attribution_grammar`), resolved by `attribution_sources`: "citing X", "quoting
  X" and "X quoted by Y" make a chain, outermost first, and `source` is its outermost link, the one the sentence
  names as speaking ("The Post reported, citing people familiar with the matter, …" → The Washington Post);
- the kind is `report` when the cue is a reporting verb or the source a news organisation.

An attribution inside another's content is left out ("officials said the North claims …" is the officials'
claim), and so is speech reported inside a quotation: they are the outer source's words.
Nothing here touches spaCy: it reads `Parsed` and asks `EntityIndex` who a span is.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.extract.attribution_grammar import Grammar
from storyline.extract.attribution_lexicon import Lexicon, lexicon
from storyline.extract.attribution_quotes import QuoteBook, stands_alone
from storyline.extract.attribution_sources import SourceFinder
from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed, Token
from storyline.model import Attribution, AttributionKind, Source, Span

__all__ = ["find_attributions"]

# Which of two attributions, one inside the other's content, stays: one with a source over one without, then the
# surer cue ("according to" over a speech verb over a verb of thought over a stance verb), a quotation lifting
# its cue by one.
RANK_ACCORDING, RANK_SPEECH, RANK_THOUGHT, RANK_SLOT, RANK_QUOTED = 4, 2, 1, 0, 1
DIRECT_SHARE = 0.75  # a content this much inside quotation marks takes in the whole quotation
DIRECT_ONLY = 0.9  # and is a direct quote when this much of it is quoted
PARAGRAPHS_BACK = 2  # how far back a standalone quote looks for its speaker
MIN_QUOTE_WORDS = 4
COLON_LABEL_WORDS = 6  # "Former Secretary of State Hillary Clinton: …" at most
BREAKS = (",", ".", ";", ":", "—")


@dataclass(frozen=True, slots=True)
class _Speaker:
    """A cue with a source, with or without content: a quotation standing alone after it takes its speaker."""

    end: int  # where the cue ends
    cue: Span
    source: Source
    chain: tuple[Source, ...]
    index: int | None  # its attribution in `_Finder.found`, if it had content


class _Finder:
    def __init__(self, parsed: Parsed, entities: EntityIndex, lex: Lexicon) -> None:
        self.parsed, self.text, self.tokens, self.lex = parsed, parsed.text, parsed.tokens, lex
        self.quotes = QuoteBook(parsed.text)
        self.grammar = Grammar(parsed, lex, self.quotes.paragraphs)
        self.sources = SourceFinder(parsed, entities, lex.sources, lex.cues.chain)
        self.found: list[Attribution] = []
        self.ranks: list[int] = []  # how sure each is: which one stays when one sits inside another
        self.speakers: list[_Speaker] = []

    def run(self) -> list[Attribution]:
        cues, g = self.lex.cues, self.grammar
        quoted = self.quotes.quoted([(t.start, t.end) for t in self.tokens])
        according = {p[0] for p in cues.according}
        for t in self.tokens:
            if quoted[t.i]:  # what the quoted speaker says others said is theirs, not the article's
                continue
            word, lemma = t.text.lower(), g.lemma(t)
            if word in according and self._according(t):
                continue
            if word == "in" and t.dep == "prep":
                self._in_finding(t)
            elif ((lemma in self.lex.verb_cues or lemma in cues.light) and t.pos in ("VERB", "AUX")
                  and t.dep not in ("amod", "compound")):
                self._verb(t, lemma)
            elif t.pos == "NOUN" and (lemma in cues.nouns or lemma in cues.noun_objects
                                      or lemma in cues.noun_infinitives):
                self._noun(t)
        self._colon_lines(quoted)
        self._standalone_quotes()
        linked = {self.tokens[i].start for i in self.sources.linked}  # "citing X" is a link, not a claim
        kept = [(a, r) for a, r in zip(self.found, self.ranks, strict=True) if a.cue.start not in linked]
        return _ordered([a for a, _ in kept], [r for _, r in kept])

    # -- cues

    def _verb(self, t: Token, lemma: str) -> None:
        cues, g = self.lex.cues, self.grammar
        if t.dep == "pcomp" and self.tokens[t.head].text.lower() == "without":
            return  # "without specifying what …": nothing was said
        speech = lemma in cues.speech or lemma in cues.quote_only
        clausal = lemma in self.lex.clause_cues
        content = self._inverted_quote(t) if speech else None
        if content is None and clausal:
            content = g.complement(t)
        if content is None and (lemma in cues.speech or lemma in cues.thought):
            content = g.clause_before(t)
        subject = g.subject(t)
        source, chain = self.sources.with_chain(subject, t.i)
        direct = False
        if content is not None:
            content, direct = self._align(content, t.start)
        elif speech:
            content = self._quote_before(t) or self._introduced_quote(t)
            direct = content is not None
        if content is not None and direct and content[1] <= t.start:
            content = self._continued(content, t)
        if content is None and source is not None and subject is not None and self.sources.agentive(subject, source):
            content = g.slot(t, lemma) or g.light(t, lemma)
        cue = Span.of(self.text, t.start, t.end)
        if content is None:
            if source is not None:
                self.speakers.append(_Speaker(t.end, cue, source, chain, None))
            return
        if source is not None and lemma in cues.report and not source.anonymous:
            self.sources.reporters.add(source.canonical)
        rank = (RANK_SPEECH if speech else RANK_THOUGHT if clausal else RANK_SLOT) + (RANK_QUOTED if direct else 0)
        self._add(content, self._kind(direct, lemma, source), cue, source, chain, rank)

    def _according(self, t: Token) -> bool:
        """"…, according to officials quoted by Yonhap.": the clause is the content."""
        words = tuple(tok.text.lower() for tok in self.tokens[t.i : t.i + 5])
        phrase = next((p for p in self.lex.cues.according if words[: len(p)] == p), None)
        if phrase is None:
            return False
        last = t.i + len(phrase) - 1
        obj = next((c for c in self.parsed.children(last) if self.tokens[c].dep == "pobj"), None)
        if obj is None:
            obj = next((c for c in self.parsed.children(t.i) if self.tokens[c].dep == "pobj"), None)
        if obj is None:
            return False
        cue_tokens = set(self.parsed.subtree(t.i)) | set(range(t.i, last + 1)) | set(self.parsed.subtree(obj))
        content = self.grammar.around(t, cue_tokens)
        if content is None:
            return False
        source, chain = self.sources.with_chain(obj)
        cue = Span.of(self.text, t.start, self.tokens[last].end)
        self._add(content, "according_to", cue, source, chain, RANK_ACCORDING)
        return True

    def _in_finding(self, t: Token) -> None:
        """"In a CNN/ORC poll released Monday, Trump leads …": the poll is the source of its clause. ("In a
        statement" and "in an interview" go with whoever spoke in them.)"""
        obj = next((c for c in self.parsed.children(t.i) if self.tokens[c].dep == "pobj"), None)
        if obj is None or self.tokens[obj].lemma.lower() not in self.lex.cues.in_findings:
            return
        if self.tokens[t.head].pos not in ("VERB", "AUX"):
            return
        content = self.grammar.around(t, set(self.parsed.subtree(t.i)))
        if content is None:
            return
        source, chain = self.sources.with_chain(obj)
        self._add(content, "according_to", Span.of(self.text, t.start, t.end), source, chain, RANK_ACCORDING)

    def _noun(self, t: Token) -> None:
        """"a report that …", "his claim that …", "his attacks on …", "her decision to …": a cue noun whose owner
        is named."""
        content = self.grammar.noun_content(t)
        owner = self.grammar.owner(t) if content is not None else None
        if content is None or owner is None:
            return
        source, chain = self.sources.with_chain(owner)
        content, direct = self._align(content, t.start)
        cue = Span.of(self.text, t.start, t.end)
        self._add(content, self._kind(direct, t.lemma.lower(), source), cue, source, chain, RANK_SLOT)

    def _colon_lines(self, quoted: list[bool]) -> None:
        """"Obama: I'm optimistic …", "FALLIN: Well, I think …": a line that a name and a colon open."""
        tokens, g, stop_words = self.tokens, self.grammar, self.lex.cues.colon_not_sources
        for t in tokens:
            if t.text != ":" or quoted[t.i]:
                continue
            para = g.paragraph(t.start)
            first = t.i
            while first > 0 and tokens[first - 1].start >= self.quotes.paragraphs[para]:
                first -= 1
            words = [k for k in range(first, t.i) if tokens[k].pos != "PUNCT"]
            if not words or len(words) > COLON_LABEL_WORDS or not tokens[first].text[:1].isupper():
                continue
            label = self.text[tokens[first].start : t.start].lower()
            if (label in stop_words or tokens[words[0]].text.lower() in stop_words or any(c.isdigit() for c in label)
                    or any(tokens[k].pos in ("VERB", "AUX", "ADP", "SCONJ") for k in words)):
                continue
            paragraphs = self.quotes.paragraphs
            content = g.trim(t.end, paragraphs[para + 1] if para + 1 < len(paragraphs) else len(self.text))
            if content is None or len(self.text[content[0] : content[1]].split()) < 3:
                continue
            head = next((k for k in reversed(words) if tokens[k].pos in ("PROPN", "NOUN")), words[-1])
            source = self.sources.build(head, (first, t.i - 1))
            if source is None:
                continue
            content, direct = self._align(content, t.start)
            cue = Span.of(self.text, t.start, t.end)
            self._add(content, self._kind(direct, "", source), cue, source, (source,), RANK_SPEECH)

    def _kind(self, direct: bool, lemma: str, source: Source | None) -> AttributionKind:
        if direct:
            return "direct"
        if lemma in self.lex.cues.report or (source is not None and self.sources.is_news(source)):
            return "report"
        return "indirect"

    # -- quotations next to their cue

    def _align(self, content: tuple[int, int], cue_start: int) -> tuple[tuple[int, int], bool]:
        return self.quotes.align(content, cue_start, share=DIRECT_SHARE, only=DIRECT_ONLY)

    def _inverted_quote(self, t: Token) -> tuple[int, int] | None:
        """"“…,” said Abe": a quotation that opens its sentence and ends right before the cue."""
        if not self.grammar.has_subject(t, after=True):
            return None
        qi = self.quotes.ending_at(t.start)
        if qi is None or not self.quotes.opens_sentence(qi):
            return None
        q = self.quotes.quotes[qi]
        return q.start, q.end

    def _quote_before(self, t: Token) -> tuple[int, int] | None:
        """"“… there!” Smith said." where the parser ended the sentence inside the quotation."""
        if not self.grammar.has_subject(t):
            return None
        qi = self.quotes.ending_at(self.tokens[min(self.grammar.cue_clause(t))].start)
        return self.quotes.take(qi) if qi is not None else None

    def _introduced_quote(self, t: Token) -> tuple[int, int] | None:
        """"Kim said:" followed by a quotation (in the same paragraph or the next)."""
        end = max(self.tokens[i].end for i in self.grammar.cue_clause(t))
        rest = self.text[end : end + 8].lstrip(" \t")
        if not rest.startswith((":", ",")):
            return None
        qi = self.quotes.starting_at(self.text.index(rest[0], end) + 1)
        return self.quotes.take(qi) if qi is not None else None

    def _continued(self, content: tuple[int, int], t: Token) -> tuple[int, int]:
        """"“…,” she said, “…”" and "“…,” she said. “…”": the quotation the cue interrupts goes on after it."""
        qi = self.quotes.following(t.end)
        if qi is None:
            return content
        q = self.quotes.quotes[qi]
        if self.grammar.paragraph(q.start) != self.grammar.paragraph(t.start):
            return content
        clause = set(self.grammar.cue_clause(t))
        k = t.i + 1
        while k < len(self.tokens) and self.tokens[k].start < q.start:
            if k not in clause and self.tokens[k].pos != "PUNCT":
                return content  # something else comes between: "…,” she said as the crowd cheered “…”"
            k += 1
        if k > t.i + 1 and not self.text[t.end : q.start].rstrip().endswith(BREAKS):
            return content
        self.quotes.take(qi)
        return content[0], q.end

    # -- quotations standing alone

    def _standalone_quotes(self) -> None:
        quotes = self.quotes
        for qi, q in enumerate(quotes.quotes):
            if qi in quotes.used or len(self.text[q.start : q.end].split()) < MIN_QUOTE_WORDS:
                continue
            if not stands_alone(self.text, quotes.paragraphs, q):
                continue
            speaker = self._speaker_before(q.start)
            if speaker is None:
                continue
            quotes.used.add(qi)
            if speaker.index is not None and self._continues(speaker.index, q.start):
                old = self.found[speaker.index]
                merged = Span.of(self.text, old.content.start, q.end)
                self.found[speaker.index] = Attribution(merged, old.kind, old.cue, old.source, old.chain)
                continue
            self.found.append(Attribution(Span.of(self.text, q.start, q.end), "direct", speaker.cue,
                                          speaker.source, speaker.chain))
            self.ranks.append(RANK_SPEECH + RANK_QUOTED)

    def _speaker_before(self, pos: int) -> _Speaker | None:
        para = self.grammar.paragraph(pos)
        best = None
        for s in self.speakers:
            if s.end <= pos and para - self.grammar.paragraph(s.end) <= PARAGRAPHS_BACK and (
                    best is None or s.end > best.end):
                best = s
        return best

    def _continues(self, index: int, pos: int) -> bool:
        """"“…,” she said.¶“…”": a quotation in the next paragraph, with no other quote between, goes on with
        the speaker's words."""
        a = self.found[index]
        if a.kind != "direct" or self.grammar.paragraph(pos) - self.grammar.paragraph(a.content.end) > 1:
            return False
        return self.quotes.between(a.content.end, pos) == 0

    def _add(self, content: tuple[int, int], kind: AttributionKind, cue: Span, source: Source | None,
             chain: tuple[Source, ...], rank: int) -> None:
        self.found.append(Attribution(Span.of(self.text, *content), kind, cue, source, chain))
        self.ranks.append(rank)
        if source is not None:
            self.speakers.append(_Speaker(cue.end, cue, source, chain, len(self.found) - 1))


def _ordered(found: list[Attribution], ranks: list[int]) -> list[Attribution]:
    """Text order, without repeats, and without attributions inside another's content: "officials said the North
    claims …" is the officials' claim, the North's part in it their words. Of two such, the one with a source
    stays, then the surer cue."""
    dropped: set[int] = set()
    for i, a in enumerate(found):
        for j, b in enumerate(found):
            if i == j or i in dropped or j in dropped or a.cue.start == b.cue.start:
                continue  # (a standalone quotation shares the cue it takes its speaker from)
            if b.content.start <= a.cue.start < b.content.end and not a.content.start <= b.cue.start < a.content.end:
                inner_wins = (a.source is not None, ranks[i]) > (b.source is not None, ranks[j])
                dropped.add(j if inner_wins else i)
    seen: set[tuple[int, int, int]] = set()
    out = []
    for i, a in sorted(enumerate(found), key=lambda ia: (ia[1].content.start, ia[1].content.end, ia[1].cue.start)):
        key = (a.content.start, a.content.end, a.cue.start)
        if i not in dropped and key not in seen:
            seen.add(key)
            out.append(a)
    return out


def find_attributions(parsed: Parsed, entities: EntityIndex) -> list[Attribution]:
    """The attributions of one parsed article, in text order."""
    return _Finder(parsed, entities, lexicon()).run()
