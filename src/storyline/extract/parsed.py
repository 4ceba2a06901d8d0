"""storyline's own view of a parsed article: what the extractors read instead of spaCy objects.

The spaCy door (`nlp.py`) fills these from a spaCy Doc, once; every extractor reads only these. They are plain
values, cheap to send between processes, and they keep character offsets into the document's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Token:
    i: int
    start: int  # character offsets into the text
    end: int
    text: str
    lemma: str
    pos: str  # universal POS: NOUN, PROPN, VERB, AUX, ...
    tag: str  # Penn tag: VBD, VBZ, NNP, ...
    dep: str  # dependency label: nsubj, dobj, ccomp, ...
    head: int  # index of the head token (itself for a root)
    ent_type: str  # "" outside a named entity
    ent_iob: str  # "B", "I" or "O"
    tense: str  # "Past", "Pres" or "" (from the morphology)
    ws: bool  # followed by white space


@dataclass(frozen=True, slots=True)
class EntitySpan:
    start: int  # token indices, end exclusive
    end: int
    label: str


@dataclass(slots=True)
class Parsed:
    """One parsed text: tokens, sentences (token ranges) and the model's named entities."""

    text: str
    tokens: list[Token]
    sents: list[tuple[int, int]]
    ents: list[EntitySpan]
    _children: list[list[int]] | None = field(default=None, repr=False)

    def children(self, i: int) -> list[int]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.tokens]
            for t in self.tokens:
                if t.head != t.i:
                    kids[t.head].append(t.i)
            self._children = kids
        return self._children[i]

    def subtree(self, i: int) -> Iterator[int]:
        """Token `i` and everything below it, in no particular order."""
        stack = [i]
        while stack:
            j = stack.pop()
            yield j
            stack.extend(self.children(j))

    def sentence_of(self, i: int) -> tuple[int, int]:
        """The token range of the sentence holding token `i`."""
        lo, hi = 0, len(self.sents)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sents[mid][1] <= i:
                lo = mid + 1
            else:
                hi = mid
        return self.sents[lo] if lo < len(self.sents) else (i, i + 1)

    def char_sentence(self, i: int) -> tuple[int, int]:
        s, e = self.sentence_of(i)
        return self.tokens[s].start, self.tokens[e - 1].end
