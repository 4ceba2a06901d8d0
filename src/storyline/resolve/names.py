"""How two names of one type group are compared across articles: normal forms, blocking keys and rules.

A name is read once into a `NameForm`: folded words (case, diacritics, hyphens, dots, apostrophes, a leading
"the", a possessive and a person's leftover titles taken off), the exact `key` (the words run together, so "Kim
Jong Il", "Kim Jong-il", "KIM JONGIL" are one key), and for organisations the `core` (without company tails:
"Kyodo News" → "kyodo"), the acronym it is ("KCNA") or the initials it has.

Two names can be one entity (`relation`) when their keys are equal, and otherwise by rules per group:

- persons: the same first and last word with only middle initials on one side ("George W. Bush" / "George
  Bush"); given names never fuzzily ("Kim Jong Il" / "Kim Jong Un" stay apart), a lone word never meets a full
  name ("Kim" stays its own entity);
- organisations: the same core; an acronym and the initials of a longer name; a paper's short name and its full
  name ("Post" / "Washington Post", a relation only the short name may start); one word spelled a little apart
  (strict: one word differs by a vowel, a doubled or a last letter, with the same first letter, and rapidfuzz
  finds the whole names 85% alike);
- places and peoples: equal keys only (the in-article pass already names countries one way).

Blocking keys come in two kinds: `index_keys` are what an entity holding the name is stored under, `lookup_keys`
what a new name asks for. They differ where a relation is one-sided or one side is a crowd: a short "Post" asks
for every "… Post" but a new "… Post" does not ask for the short ones; an acronym asks for the long names with its
initials, a long name only for the acronyms. Every name has at most `MAX_KEYS` of each. Words: `name_data.json`.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

__all__ = ["MAX_KEYS", "NameForm", "exact_key", "group_of", "group_types", "index_keys", "lookup_keys",
           "name_form", "relation", "score"]

_DATA = Path(__file__).with_name("name_data.json")
MAX_KEYS = 8
_FUZZY_MIN_KEY = 6  # shorter names are too alike by chance to compare by spelling
_FUZZY_MIN_WORD = 5
_FUZZY_MIN_RATIO = 85.0  # with one word one letter apart, "al qaeda"/"al qaida" is 87.5
_ACRONYM_LETTERS = (2, 8)
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True, slots=True)
class _Data:
    groups: dict[str, tuple[str, ...]]  # type → its group's types, the entity's type first
    honorifics: frozenset[str]
    company_tails: tuple[tuple[str, ...], ...]
    short_outlets: frozenset[str]
    function_words: frozenset[str]
    spellings: dict[str, str]
    contrast: frozenset[str]


@cache
def _data() -> _Data:
    d = json.loads(_DATA.read_text(encoding="utf-8"))
    groups = {t: tuple(group) for group in d["type_groups"] for t in group}
    tails = tuple(sorted((tuple(t) for t in d["company_tails"]), key=len, reverse=True))
    return _Data(groups, frozenset(d["honorifics"]), tails, frozenset(d["short_outlets"]),
                 frozenset(d["function_words"]), dict(d["spellings"]), frozenset(d["contrast"]))


def group_of(type_: str) -> str:
    """The group a type's names are compared in: "PERSON", "GPE" (places and peoples), "ORG", or the type."""
    return group_types(type_)[0]


def group_types(type_: str) -> tuple[str, ...]:
    """The types whose names are compared with this type's, the one an entity takes first."""
    return _data().groups.get(type_, (type_,))


@dataclass(frozen=True, slots=True)
class NameForm:
    text: str
    group: str
    words: tuple[str, ...]  # folded words; hyphenated and dotted parts are words of their own
    key: str  # the words run together: equal keys are one name
    core: str = ""  # organisations: the key without company tails
    acronym: str = ""  # organisations: the folded letters when the name is an acronym
    initials: tuple[str, ...] = ()  # organisations: the acronyms a longer name could be written as
    titled: bool = False  # a title was taken off the front

    @property
    def lone(self) -> bool:
        return len(self.words) == 1


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class _Token:
    words: tuple[str, ...]  # folded parts: "Jong-il" → ("jong", "il"), "N.V." → ("n", "v")
    initials: str  # what the token gives an acronym: its first letter, all letters of a dotted "U.S."
    acronym: str  # the folded letters when the token is an acronym ("KCNA", "U.S."), else ""

    @property
    def plain(self) -> str:
        return "".join(self.words)


def _tokens(text: str) -> list[_Token]:
    """The name's whitespace tokens, without a leading "the" and a trailing possessive."""
    raw = text.replace("’", "'").replace("‘", "'").split()
    if len(raw) > 1 and raw[0].lower() == "the":
        raw = raw[1:]
    if raw:
        raw[-1] = raw[-1].removesuffix("'s").removesuffix("'S").rstrip("'")
    spellings = _data().spellings
    out = []
    for token in raw:
        folded = _fold(token)
        parts = ["and"] if folded == "&" else [
            "".join(c for c in part if c.isalnum()) for part in folded.replace("-", " ").replace(".", " ").split()]
        words = tuple(spellings.get(w, w) for w in parts if w)
        if words:
            acronym = _acronym(token)
            out.append(_Token(words, acronym if "." in token and acronym else words[0][0], acronym))
    return out


def _acronym(token: str) -> str:
    letters = token.replace(".", "")
    lo, hi = _ACRONYM_LETTERS
    if lo <= len(letters) <= hi and letters.isalpha() and letters.isupper():
        return letters.lower()
    return ""


def _core(tokens: list[_Token]) -> list[_Token]:
    """The tokens without company tails ("Apple Computer Inc." → "Apple"), never down to tails only."""
    tails = _data().company_tails
    core = list(tokens)
    while True:
        plain = tuple(t.plain for t in core)
        tail = next((t for t in tails if len(plain) > len(t) and plain[-len(t):] == t), None)
        if tail is None:
            return core
        rest = plain[:-len(tail)]
        if all(any(rest[i:] == t for t in tails) for i in range(len(rest))):
            return core  # "News Corp" is not "News"
        core = core[:-len(tail)]


def _initials(tokens: list[_Token], least: int) -> list[str]:
    """The acronyms a name of several words could be written as: its content words' initials, then all words'."""
    fw = _data().function_words
    parts = [t for t in tokens if t.initials.isalpha()]
    found: list[str] = []
    if len(parts) < 2:
        return found
    for skip in (True, False):
        letters = "".join(t.initials for t in parts if not (skip and t.plain in fw))
        if len(letters) >= least and letters not in found:
            found.append(letters)
    return found


@lru_cache(maxsize=1 << 16)
def name_form(text: str, type_: str) -> NameForm | None:
    """The normal form of a name of the type, or None when nothing of a name is left ("—")."""
    group = group_of(type_)
    tokens = _tokens(text)
    words = [w for t in tokens for w in t.words]
    titled = False
    if group == "PERSON":
        honorifics = _data().honorifics
        while len(words) > 2 and words[0] in honorifics:  # a title goes while a full name is left
            words, titled = words[1:], True
    if not words:
        return None
    key = "".join(words)
    if group != "ORG":
        return NameForm(text, group, tuple(words), key, titled=titled)
    core = _core(tokens)
    # without its tails a long name gives the acronym it is known by ("… Space Company" → EADS), if not too short
    initials = _initials(tokens, _ACRONYM_LETTERS[0]) + _initials(core, _ACRONYM_LETTERS[0] + 1)
    acronym = core[0].acronym if len(core) == 1 else ""  # "KCNA", and "EADS N.V." too
    return NameForm(text, group, tuple(words), key, core="".join(t.plain for t in core), acronym=acronym,
                    initials=tuple(dict.fromkeys(initials))[:3])


def exact_key(form: NameForm) -> str:
    return f"x|{form.group}|{form.key}"


def _skeleton(key: str) -> str:
    out: list[str] = []
    for c in key:
        if c not in _VOWELS and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def _fuzzy_keys(form: NameForm) -> list[str]:
    if len(form.key) < _FUZZY_MIN_KEY or form.acronym:
        return []
    keys = [f"s|{form.group}|{_skeleton(form.key)}"]
    if len(form.words) > 1:
        keys.append(f"f|{form.group}|{'-'.join(w[:3] for w in form.words)}")
    return keys


def _initials_only(words: tuple[str, ...]) -> bool:
    return all(len(w) == 1 for w in words)


def _initialled(form: NameForm) -> bool:
    """A person's name the middle-initial rule reads: first and last word, and initials or nothing between."""
    return form.group == "PERSON" and not form.lone and _initials_only(form.words[1:-1])


def index_keys(form: NameForm) -> list[str]:
    """What an entity holding this name is stored under (the exact key first)."""
    keys = [exact_key(form)]
    if _initialled(form) and len(form.words) > 2:  # "George W. Bush", for "George Bush" to find
        keys.append(f"p|{form.group}|{form.words[0]}|{form.words[-1]}")
    elif form.group == "ORG":
        keys.append(f"c|{form.group}|{form.core}")
        if form.acronym:
            keys.append(f"A|{form.group}|{form.acronym}")
        keys.extend(f"I|{form.group}|{i}" for i in form.initials)
        if not form.lone and form.words[-1] in _data().short_outlets:
            keys.append(f"t|{form.group}|{form.words[-1]}")
        keys.extend(_fuzzy_keys(form))
    return list(dict.fromkeys(keys))[:MAX_KEYS]


def lookup_keys(form: NameForm) -> list[str]:
    """What a new name asks the registry for, beyond its exact key (see the module's docstring)."""
    keys: list[str] = []
    if _initialled(form):
        # "George Bush" asks for the initialled ones; "George W. Bush" for "George Bush" alone, by its exact key
        first, last = form.words[0], form.words[-1]
        keys.append(f"p|{form.group}|{first}|{last}" if len(form.words) == 2 else f"x|{form.group}|{first}{last}")
    elif form.group == "ORG":
        keys.append(f"c|{form.group}|{form.core}")
        if form.acronym:
            keys.append(f"I|{form.group}|{form.acronym}")
        keys.extend(f"A|{form.group}|{i}" for i in form.initials)
        if form.lone and form.words[0] in _data().short_outlets:
            keys.append(f"t|{form.group}|{form.words[0]}")
        keys.extend(_fuzzy_keys(form))
    return list(dict.fromkeys(keys))[:MAX_KEYS]


# -- rules ----------------------------------------------------------------------------------------------


def _person(a: NameForm, b: NameForm) -> str | None:
    if a.lone or b.lone or a.words[0] != b.words[0] or a.words[-1] != b.words[-1]:
        return None
    ma, mb = a.words[1:-1], b.words[1:-1]
    if (not ma and _initials_only(mb)) or (not mb and _initials_only(ma)):
        return "initials"  # "George W. Bush" / "George Bush"; "Kim Jong Il" / "Kim Il" is no such case
    return None


def _slight(x: str, y: str) -> bool:
    """One letter apart the way spellings of one name are: a vowel for a vowel ("Qaeda"/"Qaida"), a doubled
    letter ("Gadafi"/"Gaddafi"), a last letter ("Korea"/"Korean"). A consonant for a consonant is another name."""
    if len(x) == len(y):
        diff = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
        return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS
    short, long_ = sorted((x, y), key=len)
    if len(long_) - len(short) != 1:
        return False
    if long_[:-1] == short:
        return True
    return any(long_[:i] + long_[i + 1:] == short and long_[i] in (long_[i - 1], long_[i + 1:i + 2])
               for i in range(1, len(long_)))


def _near(a: NameForm, b: NameForm) -> bool:
    """One word spelled slightly apart, nothing else: "Al-Qaeda" / "Al-Qaida", "Korean …" / "Korea …"."""
    if len(a.words) != len(b.words) or min(len(a.key), len(b.key)) < _FUZZY_MIN_KEY:
        return False
    diff = [(x, y) for x, y in zip(a.words, b.words, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    contrast = _data().contrast
    if (min(len(x), len(y)) < _FUZZY_MIN_WORD or x[0] != y[0] or x in contrast or y in contrast
            or any(c.isdigit() for c in x + y)):
        return False
    return _slight(x, y) and fuzz.ratio(" ".join(a.words), " ".join(b.words)) >= _FUZZY_MIN_RATIO


def _org(a: NameForm, b: NameForm) -> str | None:
    if a.core == b.core:
        return "core"
    if (a.acronym and a.acronym in b.initials and not b.acronym) or (
            b.acronym and b.acronym in a.initials and not a.acronym):
        return "acronym"
    outlets = _data().short_outlets
    if a.lone and not b.lone and a.words[0] in outlets and b.words[-1] == a.words[0]:
        return "short"  # a is the short name of b
    if b.lone and not a.lone and b.words[0] in outlets and a.words[-1] == b.words[0]:
        return "long"  # a is the full name b is short for
    return "spelling" if _near(a, b) else None


def relation(a: NameForm, b: NameForm) -> str | None:
    """Why a and b can name one entity ("same", "initials", "core", "acronym", "short", "long", "spelling"),
    or None. "long" means a is the full name of the short name b: a may stay with b's entity but not join it
    for that reason alone."""
    if a.group != b.group:
        return None
    if a.key == b.key:
        return "same"
    if a.group == "PERSON":
        return _person(a, b)
    if a.group == "ORG":
        return _org(a, b)
    return None


def score(form: NameForm) -> tuple[int, int, int, int, int]:
    """How good a display name the form is: untitled, most words, longest, not in capitals, longest as written."""
    shouting = form.text.isupper() and not form.acronym
    return (not form.titled, len(form.words), len(form.key), not shouting, len(form.text))
