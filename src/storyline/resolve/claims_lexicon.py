"""The words claims and conflicts are read by, loaded once from `claim_lexicon.json` beside this module.

Stance frames, the speakers a piece of content may open with, the words that date a claim, the subjects claims
are about and what a number counts all live in that file, so that widening coverage is editing data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LEXICON", "Frame", "Lexicon", "Measures", "Speakers"]

_PATH = Path(__file__).with_name("claim_lexicon.json")


@dataclass(frozen=True, slots=True)
class Frame:
    """A yes/no question a claim can answer ("is the abduction issue settled?") and the words that answer it."""

    name: str
    key: str  # "{subject} issue:settled?"
    label: str  # "whether the {subject} issue is settled"
    subject: str | None  # a fixed subject, else the claim's own
    needs: re.Pattern[str] | None
    generic: frozenset[str]
    yes: tuple[re.Pattern[str], ...]
    no: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Speakers:
    cues: frozenset[str]
    between: frozenset[str]
    pronouns: frozenset[str]
    not_sources: frozenset[str]
    government_heads: frozenset[str]
    negations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Measures:
    outcomes: tuple[tuple[str, tuple[str, ...]], ...]  # (measure, phrases), in the file's order
    left_outcomes: dict[str, frozenset[str]]
    totals: dict[str, frozenset[str]]
    labels: dict[str, str]
    boundaries: frozenset[str]
    hedges: frozenset[str]
    owners: frozenset[str]
    max_right: int
    max_left: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    speakers: Speakers
    until: tuple[str, ...]
    since: tuple[str, ...]
    subjects: dict[str, str]  # surface word -> subject key
    subject_order: tuple[str, ...]  # subject keys in the file's order, for ties
    issue_nouns: frozenset[str]
    issue_skip: frozenset[str]
    frames: tuple[Frame, ...]
    measures: Measures


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)


def _frame(raw: dict[str, Any]) -> Frame:
    needs = raw.get("needs")
    return Frame(
        name=raw["name"],
        key=raw["key"],
        label=raw["label"],
        subject=raw.get("subject"),
        needs=re.compile(needs) if needs else None,
        generic=_words(raw.get("generic", [])),
        yes=tuple(re.compile(p) for p in raw["yes"]),
        no=tuple(re.compile(p) for p in raw["no"]),
    )


def _measures(raw: dict[str, Any]) -> Measures:
    return Measures(
        outcomes=tuple((k, tuple(v)) for k, v in raw["outcomes"].items()),
        left_outcomes={k: _words(v) for k, v in raw["left_outcomes"].items()},
        totals={k: _words(v) for k, v in raw["totals"].items()},
        labels=dict(raw["labels"]),
        boundaries=_words(raw["boundaries"]),
        hedges=_words(raw["hedges"]),
        owners=_words(raw["owners"]),
        max_right=int(raw["max_right"]),
        max_left=int(raw["max_left"]),
    )


def load(path: Path = _PATH) -> Lexicon:
    data = json.loads(path.read_text(encoding="utf-8"))
    sp = data["speakers"]
    subjects = {w.lower(): key for key, words in data["subjects"].items() for w in words}
    return Lexicon(
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
        subjects=subjects,
        subject_order=tuple(data["subjects"]),
        issue_nouns=_words(data["issue_nouns"]),
        issue_skip=_words(data["issue_skip"]),
        frames=tuple(_frame(f) for f in data["frames"]),
        measures=_measures(data["measures"]),
    )


LEXICON = load()
