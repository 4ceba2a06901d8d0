"""Numbers in an article and what they count: "13 young Italian fishermen", "five were allowed to go home".

A quantity is a number expression (digits, number words, "a dozen", "1.5 million", "$2.5bn", "hundreds of")
with its value and the noun phrase it counts. What it counts comes from the dependency tree: the noun the number
modifies ("13 young Italian fishermen"), the noun after "of" ("hundreds of protesters"), or, when the noun is left
out ("five were allowed to return"), the noun counted last in the same or the previous sentence ("fishermen").

Kept: counts; money (`counted` is the currency: "dollars", "yen"); percentages (`counted` is "percent").
Left out: dates, years, times and durations (the time module's), ages ("39-year-old", "Sugimoto, 39,"),
ordinals, identifiers ("Route 66", "No. 10"), scores and ranges ("2-1", "10-15"), phone numbers, list markers,
the pronoun "one", and numbers inside names ("G7", "Apollo 11"). `attribution` stays None: the assembler links
quantities to the attributions that claim them. Word lists: `lexicons/quantity_numbers.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed, Token
from storyline.model import Quantity

__all__ = ["find_quantities"]

_LEXICON = Path(__file__).parent / "lexicons" / "quantity_numbers.json"
_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([a-z]{1,3})?$", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w.])")
_SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW",
                        "WORK_OF_ART", "PRODUCT", "LANGUAGE"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_ELIDED_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "ROOT", "dative"})
_YEARS = (1000, 2100)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    units: dict[str, int]
    scales: dict[str, int]
    plural_scales: dict[str, int]
    suffixes: dict[str, int]
    currency_symbols: dict[str, str]
    currency_words: frozenset[str]
    percent_words: frozenset[str]
    identifier_words: frozenset[str]
    age_words: frozenset[str]
    not_counts: frozenset[str]
    words: frozenset[str]  # every number word

    def is_word(self, low: str) -> bool:
        return low in self.units or low in self.scales or low in self.plural_scales


@cache
def _lexicon() -> _Lexicon:
    d = json.loads(_LEXICON.read_text(encoding="utf-8"))
    return _Lexicon(
        units={**d["units"], **d["tens"]}, scales=dict(d["scales"]), plural_scales=dict(d["plural_scales"]),
        suffixes=dict(d["suffixes"]), currency_symbols=dict(d["currency_symbols"]),
        currency_words=frozenset(d["currency_words"]), percent_words=frozenset(d["percent_words"]),
        identifier_words=frozenset(d["identifier_words"]), age_words=frozenset(d["age_words"]),
        not_counts=frozenset(d["time_units"]) | frozenset(d["ratio_words"]),
        words=frozenset(d["units"]) | frozenset(d["tens"]) | frozenset(d["scales"]) | frozenset(d["plural_scales"]),
    )


def _digits_value(text: str, lex: _Lexicon) -> float | None:
    m = _DIGITS.match(text)
    if m is None:
        return None
    suffix = (m.group(3) or "").lower()
    if suffix and suffix not in lex.suffixes:
        return None
    value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    return value * lex.suffixes[suffix] if suffix else value


def _is_number(t: Token, lex: _Lexicon) -> bool:
    first = t.text[:1]
    if first.isdigit():
        return _digits_value(t.text, lex) is not None
    return first.isalpha() and t.text.lower() in lex.words


def _group(toks: list[Token], i: int, lex: _Lexicon) -> int:
    """The end (exclusive) of the number expression starting at token i: "1.5 million", "one hundred and
    twenty", "forty-five", "tens of thousands", "3.5m"."""
    j = i + 1
    while j < len(toks):
        prev, t = toks[j - 1], toks[j]
        low = t.text.lower()
        if t.text[:1].isdigit() and (prev.text[:1].isdigit() or lex.is_word(prev.text.lower())):
            break  # two numbers side by side are two numbers ("in 2002 13 people")
        scale = low in lex.scales or low in lex.plural_scales
        glued_suffix = low in lex.suffixes and not prev.ws and prev.text[:1].isdigit()  # "3.5m"
        word_after_word = (low in lex.units and lex.units.get(prev.text.lower(), 0) >= 20) or (
            low in lex.units and prev.text.lower() in lex.scales)  # "twenty five", "a hundred five"
        if scale or glued_suffix or word_after_word:
            j += 1
        elif low in ("-", "and", "of") and j + 1 < len(toks) and _joins(prev, low, toks[j + 1], lex):
            j += 2
        else:
            break
    return j


def _joins(prev: Token, word: str, nxt: Token, lex: _Lexicon) -> bool:
    p, n = prev.text.lower(), nxt.text.lower()
    if word == "-":
        return not prev.ws and p in lex.units and n in lex.units  # forty-five
    if word == "and":
        return p in lex.scales and n in lex.units  # one hundred and twenty
    return p in lex.plural_scales and (n in lex.scales or n in lex.plural_scales)  # tens of thousands


def _value(toks: list[Token], lex: _Lexicon) -> float | None:
    total, current = 0.0, 0.0
    seen = False
    for t in toks:
        low = t.text.lower()
        if low in ("a", "an", "-", "and", "of"):
            continue
        if low in lex.units:
            current += lex.units[low]
        elif low in lex.scales or low in lex.plural_scales:
            scale = lex.scales.get(low) or lex.plural_scales[low]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0.0
            else:
                current = (current or 1) * scale
        elif low in lex.suffixes and seen:
            current *= lex.suffixes[low]
        else:
            v = _digits_value(t.text, lex)
            if v is None:
                return None
            current += v
        seen = True
    return total + current if seen else None


def _excluded(parsed: Parsed, s: int, e: int, entities: EntityIndex, phones: list[tuple[int, int]],
              lex: _Lexicon) -> bool:
    toks, text = parsed.tokens, parsed.text
    start, end = toks[s].start, toks[e - 1].end
    if any(toks[k].ent_type in _SKIP_ENTS for k in range(s, e)) or entities.overlapping(start, end):
        return True
    if any(a <= start and end <= b for a, b in phones):
        return True
    if any(c in toks[k].text for k in range(s, e) for c in ":/"):
        return True
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    if re.match(r"^[-–]\d", after) or re.search(r"\d[-–]$", before):  # scores and ranges
        return True
    if re.match(r"^[-–]?(?:year|month|week|day)s?[-–]old", text[end:end + 12], re.IGNORECASE):
        return True
    prev = toks[s - 1] if s > 0 else None
    if prev is not None and (prev.text.lower().rstrip(".") in lex.identifier_words or prev.text.lower() in
                             lex.age_words):
        return True
    if (prev is None or "\n" in text[prev.end:start]) and e < len(toks) and toks[e].text in (".", ")"):
        return True  # a list marker
    head = toks[e - 1]
    if head.head < s and (prev is None or prev.text not in lex.currency_symbols):
        governor = toks[head.head]
        if head.dep == "nummod" and governor.pos in _NOUNS:
            return True  # an identifier after its noun: "Route 66", "Flight 370"
        if head.dep in ("appos", "npadvmod") and governor.pos == "PROPN" and prev is not None and prev.text == ",":
            return True  # an age after a name: "Sugimoto, 39,"
    nxt = toks[e] if e < len(toks) else None
    if nxt is not None and not toks[e - 1].ws and nxt.text[:1].isalpha() and nxt.text.lower() not in lex.suffixes \
            and nxt.text.lower() not in lex.percent_words and nxt.text.lower() not in lex.currency_words:
        return True  # part of a code or a name: "3G", "2D", "mp3"
    first = toks[s]
    if first.text[:1].isupper() and not first.text[:1].isdigit() and not _opens(parsed, s):
        return True  # a capitalised number word inside a name: "Six Nations", "Two Britains"
    return nxt is not None and nxt.text.lower() in lex.not_counts  # a duration (the time module's) or a ratio


def _opens(parsed: Parsed, k: int) -> bool:
    """Whether token k begins a sentence, a line or a quotation, where any word may be capitalised."""
    if k == 0 or parsed.sentence_of(k)[0] == k:
        return True
    prev = parsed.tokens[k - 1]
    return prev.text.isspace() or "\n" in parsed.text[prev.end:parsed.tokens[k].start] or prev.text in (
        '"', "“", "‘", "'", "(", ":", "-", "–")


def _year(toks: list[Token], s: int, e: int, head: Token) -> bool:
    t = toks[s]
    if e - s != 1 or not (len(t.text) == 4 and t.text.isdigit()):
        return False
    counts_noun = head.dep == "nummod" and head.head > s and toks[head.head].tag == "NNS"
    return _YEARS[0] <= int(t.text) <= _YEARS[1] and not counts_noun


def _head(parsed: Parsed, s: int, e: int) -> Token:
    for k in range(e - 1, s - 1, -1):
        t = parsed.tokens[k]
        if t.head < s or t.head >= e or t.head == k:
            return t
    return parsed.tokens[e - 1]


def _noun_phrase(parsed: Parsed, noun: Token, after: int) -> str:
    """The counted noun with its modifiers after the number ("young Italian fishermen"), within the phrase."""
    toks = parsed.tokens
    lo = noun.i
    while lo > after and toks[lo - 1].pos in ("ADJ", "NOUN", "PROPN", "VERB") and lo <= toks[lo - 1].head <= noun.i:
        lo -= 1
    return parsed.text[toks[lo].start:noun.end]


def _near_children(parsed: Parsed, i: int, reach: int = 8) -> list[int]:
    """Token i's dependents within `reach` tokens: what this module asks about is always close by, and the
    full table of children costs more to build than an article's whole quantity pass."""
    toks = parsed.tokens
    return [k for k in range(max(0, i - reach), min(len(toks), i + reach + 1)) if k != i and toks[k].head == i]


def _partitive(parsed: Parsed, head: Token) -> Token | None:
    """"hundreds of protesters", "five of the hostages": the noun after "of"."""
    for c in _near_children(parsed, head.i):
        if parsed.tokens[c].dep == "prep" and parsed.tokens[c].text.lower() == "of":
            for g in _near_children(parsed, c):
                if parsed.tokens[g].dep == "pobj" and parsed.tokens[g].pos in _NOUNS:
                    return parsed.tokens[g]
    return None


def find_quantities(parsed: Parsed, entities: EntityIndex) -> list[Quantity]:
    """The article's quantities, in text order (see the module's docstring for what counts as one)."""
    lex = _lexicon()
    toks, text = parsed.tokens, parsed.text
    phones = [m.span() for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 7]
    out: list[Quantity] = []
    counted_nouns: list[tuple[int, str]] = []  # (sentence start token, head noun) of counts read so far
    i = 0
    while i < len(toks):
        t = toks[i]
        if not _is_number(t, lex) or (t.text[:1].isdigit() and i > 0 and not toks[i - 1].ws
                                      and toks[i - 1].text[-1:].isalnum()):
            i += 1
            continue
        s, e = i, _group(toks, i, lex)
        i = e
        if t.text.lower() in lex.scales and s > 0 and toks[s - 1].text.lower() in ("a", "an"):
            s -= 1  # "a dozen", "a million"
        head = _head(parsed, s, e)
        value = _value(toks[s:e], lex)
        if value is None or _excluded(parsed, s, e, entities, phones, lex) or _year(toks, s, e, head):
            continue
        if e - s == 1 and t.text.lower() == "one" and not (head.dep == "nummod" and head.head > s):
            continue  # "one of", "no one", "the one who"
        sent = parsed.sentence_of(s)[0]
        counted: str | None = None
        symbol = toks[s - 1].text if s > 0 and toks[s - 1].text in lex.currency_symbols else None
        nxt = toks[e].text.lower() if e < len(toks) else ""
        nxt2 = " ".join(x.text.lower() for x in toks[e:e + 2])
        governor = toks[head.head] if head.head != head.i else None
        if symbol is not None:
            s -= 1
            counted = lex.currency_symbols[symbol]
            if nxt in lex.suffixes and not toks[e - 1].ws:
                e += 1
        elif nxt in lex.percent_words or nxt2 in lex.percent_words:
            e += 1 if nxt in lex.percent_words else 2
            counted = "percent"
        elif nxt in lex.currency_words:
            counted = nxt
        elif governor is not None and head.dep in ("nummod", "quantmod", "compound") and governor.i >= e \
                and governor.pos in _NOUNS:
            if governor.text.lower() in lex.not_counts or governor.tag == "NNP":
                continue  # a duration, or a number in a name the model missed ("one Smith", "47,111 Ref")
            counted = _noun_phrase(parsed, governor, e)
            counted_nouns.append((sent, governor.text))
        elif (noun := _partitive(parsed, head)) is not None:
            counted = _noun_phrase(parsed, noun, noun.i - 6)
            counted_nouns.append((sent, noun.text))
        elif head.dep in _ELIDED_DEPS:
            prev_sent = parsed.sentence_of(sent - 1)[0] if sent > 0 else sent
            recent = [noun for at, noun in counted_nouns if at >= prev_sent]
            counted = recent[-1] if recent else None
        start, end = toks[s].start, toks[e - 1].end
        number: int | float = int(value) if value == int(value) else value
        out.append(Quantity(start, end, text[start:end], number, counted))
    return out
