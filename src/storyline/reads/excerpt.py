"""The part of an evidence sentence around its event's trigger, so a list shows the event and not only the
sentence's opening words (a long sentence put "who was abducted from Niigata in 1977" past any fixed cut).

An excerpt is a real span of the document (`{"start", "end", "text"}`, `text == document.text[start:end]`):
`WINDOW` words on each side of the trigger, the sentence's own edges where it is shorter. Faces show an ellipsis
where the excerpt is shorter than its sentence and mark the trigger their own way (`<mark>`, bold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

WINDOW = 12  # words on each side of the trigger
_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Excerpt:
    """An excerpt cut into what a face shows: text before the trigger, the trigger, text after it, and whether
    the sentence goes on before or after (an ellipsis there). Whitespace runs are one space."""

    before: str
    trigger: str
    after: str
    cut_start: bool
    cut_end: bool

    def plain(self) -> str:
        return ("…" if self.cut_start else "") + self.before + self.trigger + self.after + ("…" if self.cut_end else "")


def window(text: str, trigger_start: int, trigger_end: int, words: int = WINDOW) -> tuple[int, int]:
    """Offsets into `text` of the `words` words before `text[trigger_start:trigger_end]`, it, and the `words`
    after; a trigger outside `text` is taken to be at its start."""
    if not 0 <= trigger_start <= trigger_end <= len(text):
        trigger_start = trigger_end = 0
    tokens = list(_WORD.finditer(text))
    before = [m for m in tokens if m.end() <= trigger_start]
    after = [m for m in tokens if m.start() >= trigger_end]
    start = before[-words].start() if len(before) > words else 0
    end = after[words - 1].end() if len(after) > words else len(text)
    return start, end


def with_excerpt(evidence: dict[str, Any], words: int = WINDOW) -> dict[str, Any]:
    """The evidence with an `excerpt` span added when it carries its event's `trigger` (claims carry none)."""
    trigger = evidence.get("trigger")
    if not trigger:
        return evidence
    at, text = evidence["start"], evidence["text"]
    start, end = window(text, trigger["start"] - at, trigger["end"] - at, words)
    return evidence | {"excerpt": {"start": at + start, "end": at + end, "text": text[start:end]}}


def excerpts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Timeline items (or a profile's events) with an excerpt on each of their evidence sentences."""
    return [item | {"evidence": [with_excerpt(ev) for ev in item["evidence"]]} for item in items]


def excerpt_of(evidence: dict[str, Any], words: int = WINDOW) -> Excerpt:
    """What a face shows of an evidence: its excerpt with the trigger apart, or (no trigger) its first words."""
    text, at = evidence["text"], evidence["start"]
    trigger, span = evidence.get("trigger"), evidence.get("excerpt")
    if trigger and span:
        ts, te = trigger["start"] - at, trigger["end"] - at
        start, end = span["start"] - at, span["end"] - at
    else:
        ts = te = start = 0
        end = window(text, 0, 0, 2 * words)[1]
    return Excerpt(_folded(text[start:ts]).lstrip(), _folded(text[ts:te]), _folded(text[te:end]).rstrip(),
                   cut_start=start > 0, cut_end=end < len(text))


def _folded(s: str) -> str:
    return _SPACE.sub(" ", s)
