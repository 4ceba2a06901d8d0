"""The grammar claims are read by, loaded once from `claim_lexicon.json` beside this module.

Only general English lives here: the verbs a speaker opens a piece of content with, the words that date a claim,
how far a number's clause reaches and which words hedge it. It is the same for every story, so it is read at
import like the extractor's lexicons. What one story's claims are about, the questions they answer and what
their numbers count belong to a story profile (`storyline.resolve.profile`), which is passed, never global.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["GRAMMAR", "Grammar", "NumberGrammar", "Speakers"]

_PATH = Path(__file__).with_name("claim_lexicon.json")


@dataclass(frozen=True, slots=True)
class Speakers:
    cues: frozenset[str]
    between: frozenset[str]
    pronouns: frozenset[str]
    not_sources: frozenset[str]
    government_heads: frozenset[str]
    negations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NumberGrammar:
    """How far a number's clause reaches and what makes a number no count anyone stands by."""

    boundaries: frozenset[str]
    hedges: frozenset[str]
    owners: frozenset[str]
    max_right: int
    max_left: int


@dataclass(frozen=True, slots=True)
class Grammar:
    speakers: Speakers
    until: tuple[str, ...]
    since: tuple[str, ...]
    numbers: NumberGrammar


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)


def _numbers(raw: dict[str, Any]) -> NumberGrammar:
    return NumberGrammar(
        boundaries=_words(raw["boundaries"]),
        hedges=_words(raw["hedges"]),
        owners=_words(raw["owners"]),
        max_right=int(raw["max_right"]),
        max_left=int(raw["max_left"]),
    )


def load(path: Path = _PATH) -> Grammar:
    data = json.loads(path.read_text(encoding="utf-8"))
    sp = data["speakers"]
    return Grammar(
        speakers=Speakers(
            cues=_words(sp["cues"]),
            between=frozenset(w for phrase in sp["between"] for w in phrase.lower().split()),
            pronouns=_words(sp["pronouns"]),
            not_sources=_words(sp["not_sources"]),
            government_heads=_words(sp["government_heads"]),
            negations=tuple(sp["negations"]),
        ),
        until=tuple(data["dating"]["until"]),
        since=tuple(data["dating"]["since"]),
        numbers=_numbers(data["numbers"]),
    )


GRAMMAR = load()
