"""Quotation marks paired into quotes, the way news prints them.

A quote runs from its opening mark to its closing mark. News prints a quote that spans several paragraphs with an
opening mark on every paragraph and a closing mark only on the last, so a paragraph that ends inside a quote
continues into the next one when that one opens with a quote mark. Straight marks (`"`, and `''`/` `` ` as some
wires print them) open or close by context; curly marks say which they are. Single marks are left alone: they are
nested quotes or apostrophes far more often than speech.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

MARKS = re.compile(r"[“”„\"]|''|``")
OPENING = frozenset({"“", "„", "``"})
CLOSING = frozenset({"”"})
PARAGRAPH = re.compile(r"\n\s*")
SENTENCE_END = re.compile(r"[.!?…:][\"”’')\]]*\s*$")
TERMINATORS = (".", "!", "?", "…")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: `start` is its opening mark, `end` just after its closing mark (or its last paragraph)."""

    start: int
    end: int
    closed: bool
    paragraphs: int = 1


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs (lines with text) begin."""
    starts = [0]
    starts.extend(m.end() for m in PARAGRAPH.finditer(text))
    return starts


def paragraph_index(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1


def _opens(text: str, mark: str, at: int) -> bool:
    """Whether a straight mark at `at` opens: it follows a space or a line start and a word follows it."""
    if mark in OPENING:
        return True
    if mark in CLOSING:
        return False
    before = text[at - 1] if at > 0 else " "
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    return (before.isspace() or before in "([{—–-") and not after.isspace()


def find_quotes(text: str) -> list[Quote]:
    """The quotes of a text, in order, multi-paragraph quotes as one."""
    starts = paragraph_starts(text)
    quotes: list[Quote] = []
    open_at = -1  # offset of the pending opening mark
    open_para = 0  # paragraph of the pending quote's latest part
    paras = 1
    for m in MARKS.finditer(text):
        mark, at = m.group(), m.start()
        para = paragraph_index(starts, at)
        opens = _opens(text, mark, at)
        if open_at >= 0 and para != open_para:
            # the pending quote ran to the end of its paragraph: a continuation if this paragraph opens with a mark
            if opens and at == starts[para] and para == open_para + 1:
                open_para, paras = para, paras + 1
                continue
            quotes.append(Quote(open_at, _paragraph_end(text, starts, open_para), False, paras))
            open_at = -1
        if open_at < 0:
            if opens or mark not in CLOSING:
                open_at, open_para, paras = at, para, 1
            continue
        if mark in OPENING:  # an opening mark inside an open quote: the pending one was never closed
            open_at, open_para, paras = at, para, 1
            continue
        quotes.append(Quote(open_at, m.end(), True, paras))
        open_at = -1
    if open_at >= 0:
        quotes.append(Quote(open_at, _paragraph_end(text, starts, open_para), False, paras))
    return quotes


def _paragraph_end(text: str, starts: list[int], para: int) -> int:
    end = starts[para + 1] if para + 1 < len(starts) else len(text)
    return len(text[:end].rstrip())


def stands_alone_before(text: str, starts: list[int], quote: Quote) -> bool:
    """Whether the quote opens a sentence: its paragraph's start or a sentence end before it."""
    before = text[starts[paragraph_index(starts, quote.start)] : quote.start]
    return not before.strip() or SENTENCE_END.search(before) is not None


def stands_alone(text: str, starts: list[int], quote: Quote) -> bool:
    """Whether the quote is a sentence (or more) of its own: its paragraph's start or a sentence end before it,
    and a sentence end inside it (`… ready.”`) or right after it, then a new sentence or the paragraph's end."""
    if not stands_alone_before(text, starts, quote):
        return False
    if not quote.closed:
        return True
    inner = text[quote.start : quote.end].rstrip("”\"'’")
    after = text[quote.end :]
    if not inner.endswith(TERMINATORS):
        if not after.startswith(TERMINATORS):
            return False
        after = after.lstrip("".join(TERMINATORS))
    rest = after.lstrip(" \t")
    return not rest or rest[0] == "\n" or rest[0].isupper() or rest[0] in "“\"‘'("


class QuoteBook:
    """The quotes of one text, with which of them an attribution has taken already."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quotes = find_quotes(text)
        self.paragraphs = paragraph_starts(text)
        self.starts = [q.start for q in self.quotes]
        self.ends = [q.end for q in self.quotes]
        self.used: set[int] = set()

    def quoted(self, tokens: list[tuple[int, int]]) -> list[bool]:
        """For each (start, end) token, whether it lies inside a quote (its marks excluded)."""
        out = []
        qi = 0
        for start, end in tokens:
            while qi < len(self.quotes) and self.quotes[qi].end <= start:
                qi += 1
            out.append(qi < len(self.quotes) and self.quotes[qi].start < start and end < self.quotes[qi].end)
        return out

    def take(self, qi: int) -> tuple[int, int]:
        self.used.add(qi)
        q = self.quotes[qi]
        return q.start, q.end

    def ending_at(self, pos: int, *, slack: str = " ,") -> int | None:
        """The free quote that ends right before `pos`, with only `slack` characters between."""
        qi = bisect_right(self.ends, pos) - 1
        if qi < 0 or qi in self.used or self.text[self.quotes[qi].end : pos].strip(slack):
            return None
        return qi

    def starting_at(self, pos: int, *, slack: str = " \t\n") -> int | None:
        """The free quote that starts right after `pos`, with only `slack` characters between."""
        qi = bisect_left(self.starts, pos)
        if qi >= len(self.quotes) or qi in self.used or self.text[pos : self.quotes[qi].start].strip(slack):
            return None
        return qi

    def following(self, pos: int) -> int | None:
        """The first quote starting at or after `pos`, if it is free."""
        qi = bisect_left(self.starts, pos)
        return qi if qi < len(self.quotes) and qi not in self.used else None

    def opens_sentence(self, qi: int) -> bool:
        return stands_alone_before(self.text, self.paragraphs, self.quotes[qi])

    def align(self, content: tuple[int, int], cue_start: int, *, share: float, only: float
              ) -> tuple[tuple[int, int], bool]:
        """A content at least `share` inside quotation marks takes in the whole quotations it touches; it is a
        direct quote when at least `only` of the result is quoted. Quotes around the cue itself are left alone:
        that is speech reported inside a quotation."""
        lo, hi = content
        inside = list(range(bisect_right(self.ends, lo), bisect_left(self.starts, hi)))
        if not inside or any(self.quotes[qi].start <= cue_start < self.quotes[qi].end for qi in inside):
            return content, False
        covered = sum(min(self.quotes[qi].end, hi) - max(self.quotes[qi].start, lo) for qi in inside)
        if covered < share * (hi - lo):
            return content, False
        self.used.update(inside)
        lo, hi = min(lo, self.quotes[inside[0]].start), max(hi, self.quotes[inside[-1]].end)
        quoted = sum(self.quotes[qi].end - self.quotes[qi].start for qi in inside)
        return (lo, hi), quoted >= only * (hi - lo)

    def between(self, start: int, end: int) -> int:
        """How many quotes start in [start, end)."""
        return bisect_left(self.starts, end) - bisect_left(self.starts, start)
