"""What the plain-text cleaner measures on one line: length, sentence shape, function words, interface words.

Every feature is language-agnostic or degrades gracefully: sentence punctuation covers scripts without spaces,
and the function-word share is only trusted when the page's own prose finds function words at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from storyline.clean.boilerplate_vocab import FURNITURE_PATTERNS, INTERFACE, MARKS
from storyline.clean.plaintext_stopwords import STOPWORDS

_WORD: Final = re.compile(r"\w+(?:['\u2019]\w+)*")
# Interface phrases are looked up as word sequences: one dictionary probe per word and length.
_TOKEN: Final = re.compile(r"\w+(?:['\u2019-]\w+)*|&")
_PHRASES: Final[dict[tuple[str, ...], int]] = {
    tuple(_TOKEN.findall(p.lower())): w for p, w in INTERFACE.items()
}
_LONGEST: Final = max(len(k) for k in _PHRASES)
_FURNITURE_RE: Final = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS), re.IGNORECASE)
# A sentence ends with . ! ? (or their CJK forms), maybe followed by closing quotes or brackets.
_ENDS: Final = re.compile(r"[.!?。\uff01\uff1f…:;](?:[\"'”\u2019»)\]]*)\s*$")
_SENTENCE_MARK: Final = re.compile(r"[.!?。\uff01\uff1f](?:[\"'”\u2019»)\]]*)(?:\s|$)")
_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WRAP_MIN_LINES: Final = 8  # fewer lines than this are never taken for wrapped text
_WRAP_COLUMNS: Final = (40, 100)  # the columns texts are wrapped at
_WRAP_FULL: Final = 0.75  # a line this close to the wrap column was wrapped, not ended
_WRAP_MIN_GOES_ON: Final = 4  # wrapped lines going on in lower case needed to take a text for wrapped


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of the page and what it looks like."""

    index: int  # position among the page's non-blank lines
    text: str  # the line with surrounding whitespace stripped
    gap: bool  # a blank line comes before it
    chars: int
    words: int
    stop: float  # share of the words that are function words
    ends: bool  # ends like a sentence
    sentences: int  # sentence marks followed by a space or the end
    caps: float  # share of the words (of letters) that start with a capital
    digits: float  # share of the characters that are digits
    ui: float  # interface weight per word
    ui_hits: int  # interface phrases found
    ui_cover: float  # share of the words inside interface phrases or marks
    ui_max: int  # the weight of the surest interface phrase found
    furniture: bool  # a counter, a bare number, a URL: never prose
    cjk: bool  # mostly Chinese, Japanese or Korean characters, where word counts mean little


def measure(index: int, unit: str, gap: bool, *, flat: str | None = None) -> Line:
    """The features of one stripped, non-blank line (`flat` is its text on one line, when it spans several)."""
    text = unit if flat is None else flat
    words = _WORD.findall(text)
    n = len(words)
    lower = [w.lower() for w in words]
    stop = sum(1 for w in lower if w in STOPWORDS) / n if n else 0.0
    lettered = [w for w in words if w[0].isalpha()]
    caps = sum(1 for w in lettered if w[0].isupper()) / len(lettered) if lettered else 0.0
    digits = sum(1 for c in text if c.isdigit()) / len(text)
    weight, covered, hits, top = _interface(text)
    for mark, w in MARKS.items():
        if mark in text:
            weight += w
            hits += 1
            top = max(top, w)
    chars = len(text)
    cjk = len(_CJK.findall(text))
    if cjk:
        # A CJK character carries about as much as a short word does in spaced scripts.
        chars += cjk
    return Line(
        index=index,
        text=unit,
        gap=gap,
        chars=chars,
        words=n,
        stop=stop,
        ends=bool(_ENDS.search(text)),
        sentences=len(_SENTENCE_MARK.findall(text)),
        caps=caps,
        digits=digits,
        ui=weight / max(n, 1),
        ui_hits=hits,
        ui_cover=min(1.0, covered / n) if n else 1.0,
        ui_max=top,
        furniture=bool(_FURNITURE_RE.search(text)),
        cjk=cjk * 3 >= len(text),
    )


def _interface(text: str) -> tuple[int, int, int, int]:
    """Interface phrases in `text`, longest first: total weight, words covered, phrases found, top weight."""
    tokens = _TOKEN.findall(text.lower())
    weight = covered = hits = top = 0
    i = 0
    while i < len(tokens):
        for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
            w = _PHRASES.get(tuple(tokens[i : i + size]))
            if w is not None:
                weight += w
                top = max(top, w)
                covered += size
                hits += 1
                i += size
                break
        else:
            i += 1
    return weight, covered, hits, top


def split_lines(text: str) -> list[Line]:
    """The page's non-blank lines, measured, each knowing whether a blank line came before it.

    A hard-wrapped text (an e-mail, a text saved at 72 columns) has its wrapped lines joined back into their
    paragraph first: one `Line` then holds the paragraph's lines, newlines and all.
    """
    raw = [r.strip() for r in text.splitlines()]
    width = _wrap_width(raw)
    out: list[Line] = []
    gap = False
    block: list[str] = []
    for k, s in enumerate(raw):
        if not s:
            gap = True
            continue
        block.append(s)
        nxt = raw[k + 1] if k + 1 < len(raw) else ""
        if width is not None and nxt and len(s) >= width * _WRAP_FULL:
            continue
        unit = "\n".join(block)
        out.append(measure(len(out), unit, gap or not out, flat=" ".join(block)))
        block = []
        gap = False
    return out


def _wrap_width(raw: Sequence[str]) -> int | None:
    """The column a hard-wrapped text is wrapped at, or None when each line is a paragraph or an item.

    In wrapped text no line runs past the wrap column, many lines nearly reach it, and a wrapped line's next
    line often goes on with a lower-case word; a page of paragraphs has longer lines, a list of headlines has
    few continuations.
    """
    lengths = sorted(len(s) for s in raw if s)
    if len(lengths) < _WRAP_MIN_LINES:
        return None
    width = lengths[int(0.98 * (len(lengths) - 1))]
    if not _WRAP_COLUMNS[0] <= width <= _WRAP_COLUMNS[1]:
        return None
    full = [k for k, s in enumerate(raw[:-1]) if len(s) >= width * _WRAP_FULL and raw[k + 1]]
    goes_on = sum(1 for k in full if raw[k + 1][0].islower())
    return width if goes_on >= _WRAP_MIN_GOES_ON and goes_on >= 0.3 * len(full) else None
