"""A story profile: what one story's claims are about, the questions they answer, what their numbers count.

Claims are stored with what their text says (who, the cue, the numbers and the words of their clauses); a
profile is how those are read for one story, applied when conflicts are found. So a dossier is read once and
can be compared under another profile without reading its articles again (`storyline conflicts --profile`).

A profile is a JSON file. Every key it leaves out is the default profile's (`default_profile.json` beside this
module: general frames and counts that fit any long-running story, a trade dispute, a trial, a war, a company's
decline). A dossier records the profile it was given (`dossier_meta`, key `profile`: name, hash and the whole
content), so later runs and rebuilds use it until another is given. Nothing here is global: the profile is a
value, loaded by `load` or `from_record` and passed to what needs it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import UsageError

__all__ = ["PROFILE_KEY", "Frame", "Measures", "Profile", "default", "from_record", "load"]

PROFILE_KEY = "profile"  # the `dossier_meta` key a dossier's profile is recorded under
_DEFAULT = Path(__file__).with_name("default_profile.json")


@dataclass(frozen=True, slots=True)
class Frame:
    """A yes/no question a claim can answer ("is the tariff dispute settled?") and the words that answer it."""

    name: str
    key: str  # "{subject}:settled?"
    label: str  # "whether the {subject} matter is settled"
    subject: str | None  # a fixed subject, else the claim's own
    needs: re.Pattern[str] | None
    generic: frozenset[str]
    yes: tuple[re.Pattern[str], ...]
    no: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Measures:
    """What a number counts, from the words of its clause: `outcomes` (what became of them: "12 were arrested")
    win over `totals` (how many there were: "30 deaths"); `left_outcomes` come just before it ("killed 12");
    `units` are counted nouns that split a measure ("a fine in dollars" never meets "a fine in euros"); a
    `money` measure is read only from an amount in one of them ("30 people sought damages" counts no damages)."""

    outcomes: tuple[tuple[str, tuple[str, ...]], ...]  # (measure, phrases), in the file's order
    left_outcomes: dict[str, frozenset[str]]
    totals: dict[str, frozenset[str]]
    units: frozenset[str]
    money: frozenset[str]
    labels: dict[str, str]


@dataclass(frozen=True, slots=True)
class Profile:
    """One story's reading of claims. `content` is the whole profile, defaults filled in, as a dossier records it."""

    name: str
    sha256: str
    content: str
    subjects: dict[str, str]  # surface word -> subject key
    subject_order: tuple[str, ...]  # subject keys in the file's order, for ties
    issue_nouns: frozenset[str]
    issue_skip: frozenset[str]
    issue_phrases: bool  # with no subject word in it, a document's subject is the word it puts most before an issue noun
    issue_pattern: re.Pattern[str]  # "<word> <issue noun>"
    frames: tuple[Frame, ...]
    measures: Measures

    def record(self) -> str:
        """What a dossier keeps of the profile: enough to use it again with no file."""
        return json.dumps({"name": self.name, "sha256": self.sha256, "content": json.loads(self.content)},
                          ensure_ascii=False, sort_keys=True)


def _words(items: Any) -> frozenset[str]:
    if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
        raise ValueError(f"expected a list of words, got {items!r:.60}")
    return frozenset(w.lower() for w in items)


def _phrases(items: Any) -> tuple[str, ...]:
    _words(items)
    return tuple(w.lower() for w in items)


def _frame(raw: dict[str, Any]) -> Frame:
    needs = raw.get("needs")
    for field in ("name", "key", "label"):
        if not isinstance(raw.get(field), str):
            raise ValueError(f"a frame needs a {field!r} (text)")
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
        outcomes=tuple((k, _phrases(v)) for k, v in raw.get("outcomes", {}).items()),
        left_outcomes={k: _words(v) for k, v in raw.get("left_outcomes", {}).items()},
        totals={k: _words(v) for k, v in raw.get("totals", {}).items()},
        units=_words(raw.get("units", [])),
        money=frozenset(_phrases(raw.get("money", []))),
        labels={str(k): str(v) for k, v in raw.get("labels", {}).items()},
    )


def _build(data: dict[str, Any]) -> Profile:
    content = json.dumps(data, ensure_ascii=False, sort_keys=True)
    subjects_raw = data.get("subjects", {})
    if not isinstance(subjects_raw, dict):
        raise ValueError("'subjects' must map a subject to its words")
    issue_nouns = _words(data.get("issue_nouns", []))
    nouns = "|".join(re.escape(n) for n in sorted(issue_nouns)) or r"(?!x)x"
    return Profile(
        name=str(data.get("name") or "unnamed"),
        sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        content=content,
        subjects={w.lower(): key for key, words in subjects_raw.items() for w in _words(words)},
        subject_order=tuple(subjects_raw),
        issue_nouns=issue_nouns,
        issue_skip=_words(data.get("issue_skip", [])),
        issue_phrases=bool(data.get("issue_phrases", False)),
        issue_pattern=re.compile(r"\b([\w'-]+)\s+(?:" + nouns + r")\b"),
        frames=tuple(_frame(f) for f in data.get("frames", [])),
        measures=_measures(data.get("measures", {})),
    )


def _default_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_DEFAULT.read_text(encoding="utf-8"))
    return data


def _from(data: Any, where: str) -> Profile:
    """The profile `data` says, every key it leaves out the default's; a bad one is one line naming `where`."""
    if not isinstance(data, dict):
        raise UsageError(f"profile {where}: not a JSON object")
    try:
        return _build({**_default_data(), **data})
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as e:
        what = f"missing {e}" if isinstance(e, KeyError) else str(e)
        raise UsageError(f"profile {where}: {what}") from e


def default() -> Profile:
    """The general profile shipped with storyline."""
    return _build(_default_data())


def load(path: str | Path | None = None) -> Profile:
    """The profile in the JSON file at `path`; the default profile for None. A bad file is a `UsageError`."""
    if path is None:
        return default()
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise UsageError(f"profile {p}: {e.strerror or e}") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UsageError(f"profile {p}: not JSON ({e})") from e
    if isinstance(data, dict) and not data.get("name"):
        data = {**data, "name": p.stem}
    return _from(data, str(p))


def from_record(value: str | None) -> Profile:
    """The profile a dossier recorded (`Profile.record`); the default profile when it recorded none."""
    if value is None:
        return default()
    try:
        recorded = json.loads(value)
        content = recorded["content"]
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise UsageError(f"the dossier's recorded profile is unreadable ({e})") from e
    return _from(content, "recorded in the dossier")
