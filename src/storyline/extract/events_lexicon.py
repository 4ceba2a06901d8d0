"""The event lexicon: verb patterns, noun classes, eventive nouns and grammar words, read from data files.

The files live in `lexicons/` beside this module (`plover_verbs.txt`, `plover_nouns.txt`,
`event_grammar.txt`); each explains its own format. Improving coverage is editing them; this module only
parses them once per process into frozen values that `events` queries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from storyline.errors import ExtractError

LEXICONS = Path(__file__).resolve().parent / "lexicons"

CATEGORIES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "INVESTIGATE",
        "DEMAND",
        "DISAPPROVE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "MOBILIZE",
        "SANCTION",
        "COERCE",
        "ASSAULT",
        "FIGHT",
    }
)
# Words the tables write in the mode column that are PLOVER contexts (the subject matter), not modes (the
# manner of the act): an event carries a mode only when the table gives a real one.
CONTEXTS = frozenset({"economic", "military", "intelligence", "humanitarian", "legal", "peacekeeping", "diplomatic"})
OTHER = "OTHER"
NONE = "NONE"  # a verb use that is no event ("release a statement")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One line of the verb table: `verb [words] [+obj] [<subj] CATEGORY [mode]`."""

    verb: str
    words: tuple[str, ...] = ()  # particles or prepositions the verb must govern
    obj: str | None = None  # a lemma, "@class", "*" (any object) or "-" (no object)
    subj: str | None = None  # "@class"
    category: str = OTHER
    mode: str | None = None

    @property
    def specificity(self) -> int:
        """Objects and subjects narrow a verb more than a preposition does."""
        return 2 * (self.obj is not None) + 2 * (self.subj is not None) + len(self.words)


@dataclass(frozen=True, slots=True)
class Intent:
    """What a governor of an intended action codes, by the kind of action governed (None: nothing)."""

    cooperative: str | None
    conflictual: str | None
    neutral: str | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    patterns: Mapping[str, tuple[Pattern, ...]]  # by verb lemma, most specific first
    classes: Mapping[str, frozenset[str]]  # "@class" -> lemmas, "modifier noun" keys, entity types
    nouns: Mapping[str, tuple[str, str | None]]  # eventive noun key -> (category, mode)
    # eventive nouns named by a class in the modifier or of-complement slot ("@weapon launch", "firing of
    # @weapon"), by head lemma: (the key with the class in it, the class)
    class_nouns: Mapping[str, tuple[tuple[str, str], ...]]
    words: Mapping[str, frozenset[str]]  # grammar word lists by section
    intent: Mapping[str, Intent]
    verbs: frozenset[str]  # every verb the lexicon says something about (to choose between lemma guesses)
    memo: dict[str, tuple[str, str | None] | None] = field(default_factory=dict, compare=False, repr=False)

    def word_set(self, section: str) -> frozenset[str]:
        return self.words.get(section, frozenset())

    def in_class(self, name: str, keys: tuple[str, ...], ent_type: str) -> bool:
        members = self.classes.get(name, frozenset())
        return (ent_type != "" and ent_type in members) or any(k in members for k in keys)

    def is_cooperative(self, category: str) -> bool:
        return category in self.word_set("cooperative")

    def class_noun(self, head: str, modifiers: tuple[str, ...], complements: tuple[str, ...]) -> str | None:
        """The noun-table key a class entry of `head` answers to, given the lemmas of its modifiers and of
        its of-complements ("missile", "rocket" are @weapon: "rocket launch" answers "@weapon launch")."""
        for key, cls in self.class_nouns.get(head, ()):
            members = self.classes.get(cls, frozenset())
            words = complements if key.startswith(f"{head} of ") else modifiers
            if any(w in members for w in words):
                return key
        return None

    def verbal(self, verb: str) -> tuple[str, str | None] | None:
        """The category of a verb the tables have no line on, from the eventive noun it makes: "raid" (the
        noun), "abduct" → abduction, "condemn" → condemnation. A verb the tables know, a grammar word and a
        verb whose noun means something else ("deal", "exercise", "hearing") are not guessed."""
        key = "\x00" + verb  # shares the memo with `deverbal`
        if key in self.memo:
            return self.memo[key]
        found = None
        if verb not in self.verbs and verb not in self.word_set("not_verbal"):
            found = next(
                (
                    self.nouns[n]
                    for n in noun_forms(verb)
                    if n in self.nouns and self.nouns[n][0] in CATEGORIES
                ),
                None,
            )
        if len(self.memo) < 50_000:
            self.memo[key] = found
        return found

    def deverbal(self, noun: str) -> tuple[str, str | None] | None:
        """The category of a noun derived from a coded verb by a suffix ("shelling" ← shell, "infiltration" ←
        infiltrate, "seizure" ← seize, "expulsion" ← expel): the verb's pattern without object, subject or
        particle. Zero-derived nouns ("force", "order") are not guessed: they are in the noun table or not."""
        if noun in self.memo:
            return self.memo[noun]
        found = None
        if noun not in self.word_set("not_deverbal"):
            for verb in verb_stems(noun):
                found = next(
                    (
                        (p.category, p.mode)
                        for p in self.patterns.get(verb, ())
                        if p.obj is None and p.subj is None and not p.words and p.category in CATEGORIES
                    ),
                    None,
                )
                if found is not None:
                    break
        if len(self.memo) < 50_000:  # a bound on what odd input can make it hold
            self.memo[noun] = found
        return found


def noun_forms(verb: str) -> tuple[str, ...]:
    """The nouns a verb may make, most likely first: itself ("raid"), -ing ("kidnapping"), -ion, -ation, -ment,
    -al, -y ("abduction", "condemnation", "deployment", "refusal", "delivery")."""
    bare = verb[:-1] if verb.endswith("e") else verb
    out = [verb, verb + "ing", bare + "ing", bare + "ion", verb + "ion", bare + "ation", verb + "ation"]
    out += [verb + "ment", verb + "al", bare + "al", verb + "y"]  # "delivery", "recovery"
    if len(verb) > 2 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        out.append(verb + verb[-1] + "ing")  # "kidnapping", "stabbing"
    return tuple(dict.fromkeys(out))


# noun suffix -> verb endings that may stand in its place (tried in order); irregular pairs below
_NOUN_SUFFIXES = (
    ("ization", ("ize",)),
    ("isation", ("ise", "ize")),
    ("ication", ("y",)),
    ("ation", ("ate", "e", "", "y")),
    ("ition", ("ite", "ish", "it")),
    ("ution", ("ute", "ve")),
    ("ction", ("ct",)),
    ("ption", ("pt", "be")),
    ("ssion", ("ss", "t")),
    ("sion", ("de", "d", "se")),
    ("tion", ("te", "t")),
    ("ament", ("",)),  # "disarmament" ← disarm
    ("ment", ("",)),
    ("iance", ("y",)),
    ("ance", ("", "e")),
    ("ence", ("", "e")),
    ("ure", ("e",)),
    ("ial", ("y",)),
    ("al", ("", "e")),
    ("ing", ("", "e")),
)
_IRREGULAR = {
    "detention": "detain",
    "expulsion": "expel",
    "destruction": "destroy",
    "intervention": "intervene",
    "defence": "defend",
    "defense": "defend",
    "complaint": "complain",
    "pursuit": "pursue",
}


def verb_stems(noun: str) -> tuple[str, ...]:
    """The verbs a suffix-derived noun may come from, most likely first ("stabbing" → stab, stabb)."""
    out = [_IRREGULAR[noun]] if noun in _IRREGULAR else []
    for suffix, endings in _NOUN_SUFFIXES:
        if noun.endswith(suffix) and len(noun) > len(suffix) + 2:
            stem = noun[: -len(suffix)]
            out.extend(stem + e for e in endings)
            if suffix in ("ing", "al") and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "stabbing" → stab, "cancellation" is "ation"
            if suffix == "ation" and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])
            break
    return tuple(dict.fromkeys(out))


def _lines(name: str) -> list[tuple[int, list[str]]]:
    path = LEXICONS / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ExtractError(f"cannot read the event lexicon {path}: {err}") from err
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append((n, line.split()))
    return out


def _mode(fields: list[str]) -> str | None:
    return fields[0] if fields and fields[0] not in CONTEXTS else None


def _category(field: str) -> bool:
    return field in CATEGORIES or field in (OTHER, NONE)


def parse_patterns(rows: list[tuple[int, list[str]]], source: str = "plover_verbs.txt") -> list[Pattern]:
    patterns = []
    for n, fields in rows:
        at = next((i for i, f in enumerate(fields) if _category(f)), None)
        if at is None or at == 0:
            raise ExtractError(f"{source}:{n}: a pattern needs a verb and a category")
        verb, *rest = fields[:at]
        words: list[str] = []
        obj = subj = None
        for f in rest:
            if f.startswith("+"):
                obj = f[1:].replace("_", " ")
            elif f == "-":
                obj = "-"
            elif f.startswith("<"):
                subj = f[1:]
            else:
                words.append(f)
        mode = _mode(fields[at + 1:])
        patterns.append(Pattern(verb, tuple(words), obj, subj, fields[at], mode))
    return patterns


def class_noun_index(nouns: Mapping[str, tuple[str, str | None]]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The noun-table keys with a class in them, by their head noun ("@weapon launch" → launch)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for key in nouns:
        words = key.split()
        if len(words) == 2 and words[0].startswith("@"):
            out.setdefault(words[1], []).append((key, words[0]))
        elif len(words) == 3 and words[1] == "of" and words[2].startswith("@"):
            out.setdefault(words[0], []).append((key, words[2]))
    return {k: tuple(v) for k, v in out.items()}


def parse_nouns(
    rows: list[tuple[int, list[str]]],
) -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, str | None]]]:
    classes: dict[str, set[str]] = {}
    nouns: dict[str, tuple[str, str | None]] = {}
    for n, fields in rows:
        at = next((i for i, f in enumerate(fields) if _category(f)), None)
        if fields[0].startswith("@") and at is None:  # "@weapon launch MOBILIZE" is a noun, not a class
            classes.setdefault(fields[0], set()).update(f.replace("_", " ") for f in fields[1:])
            continue
        if at is None or at == 0:
            raise ExtractError(f"plover_nouns.txt:{n}: an eventive noun needs a category")
        mode = _mode(fields[at + 1:])
        nouns[" ".join(fields[:at])] = (fields[at], mode)
    return {k: frozenset(v) for k, v in classes.items()}, nouns


def parse_grammar(rows: list[tuple[int, list[str]]]) -> tuple[dict[str, frozenset[str]], dict[str, Intent]]:
    words: dict[str, set[str]] = {}
    intent: dict[str, Intent] = {}
    section = ""
    for n, fields in rows:
        if fields[0].startswith("["):
            section = fields[0].strip("[]")
            words.setdefault(section, set())
            continue
        if section == "intent":
            if len(fields) != 4:
                raise ExtractError(f"event_grammar.txt:{n}: an intent row is a word and three categories")
            cats = [None if f == "-" else f for f in fields[1:]]
            intent[fields[0]] = Intent(cats[0], cats[1], cats[2])
            words[section].add(fields[0])
        else:
            words[section].update(f.replace("_", " ") for f in fields)
    return {k: frozenset(v) for k, v in words.items()}, intent


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, read once per process."""
    by_verb: dict[str, list[Pattern]] = {}
    for p in parse_patterns(_lines("plover_verbs.txt")):
        by_verb.setdefault(p.verb, []).append(p)
    patterns = {v: tuple(sorted(ps, key=lambda p: -p.specificity)) for v, ps in by_verb.items()}
    classes, nouns = parse_nouns(_lines("plover_nouns.txt"))
    words, intent = parse_grammar(_lines("event_grammar.txt"))
    sections = (
        "reporting",
        "light",
        "occur",
        "future",
        "realize",
        "hedge",
        "obligation",
        "negating",
        "habitual_governor",
        "motion",
        "place_object",
    )
    verbs = {w.split()[0] for s in sections for w in words.get(s, ())} | set(patterns) | set(intent)
    return Lexicon(patterns, classes, nouns, class_noun_index(nouns), words, intent, frozenset(verbs))
