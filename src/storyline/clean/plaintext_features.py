"""What the plain-text cleaner measures on one line: length, sentence shape, function words, interface words.

Every feature is language-agnostic or degrades gracefully: sentence punctuation covers scripts without spaces,
and the function-word share is only trusted when the page's own prose finds function words at all.
"""

from __future__ import annotations

import re
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


def measure(index: int, text: str, gap: bool) -> Line:
    """The features of one stripped, non-blank line."""
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
        text=text,
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
    """The page's non-blank lines, measured, each knowing whether a blank line came before it."""
    out: list[Line] = []
    gap = False
    for raw in text.splitlines():
        s = raw.strip()
        if not s:
            gap = True
            continue
        out.append(measure(len(out), s, gap or not out))
        gap = False
    return out
