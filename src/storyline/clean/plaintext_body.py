"""Which lines of a plain-text page are the article body: a score per line, then one best region.

Each line gets a score, positive for prose (long, ends like a sentence, full of function words) and negative
for interface text (short, unpunctuated, title-cased, made of interface words). A small dynamic programme then
picks the one body region of the page, the way Body Text Extraction picks the densest stretch: four states
(before the body, in it, in a gap inside it, after it), where a gap costs to open and costs per line, so a
widget of three lines inside an article is jumped over but a hundred lines of menu before a footer are not.
Lines in the region are kept unless they are certainly not prose (interface lines, captions, repeats).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from storyline.clean.boilerplate_vocab import RIGHTS_RESERVED
from storyline.clean.plaintext_features import Line

# Headings that open a list of other articles or the comment thread.
_BARRIER: Final = re.compile(
    r"^(?:\d+\s+)?(?:more|related|recommended|trending|popular|latest|top stories|you may|you might|"
    r"read (?:more|next|also)|also read|see also|comments?|responses?|replies|leave a (?:reply|comment)|"
    r"join the (?:discussion|conversation)|discussion|most (?:read|popular|viewed|shared))\b",
    re.IGNORECASE,
)
# Headings after which only the comment thread follows.
_THREAD_START: Final = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts|reactions)\b|"
    r"(?:reader\s+|user\s+)?comments?\s*(?:\(\d+\))?$|"
    r"leave a (?:reply|comment)|add (?:a|your) comment|post a comment|join the (?:discussion|conversation)|"
    r"show comments|view comments|comment on this|what do you think\?)",
    re.IGNORECASE,
)
# The comment form's own prompt, however long the line: "Add your comment by filling out the form below ...".
_THREAD_PROMPT: Final = re.compile(
    r"^(?:(?:add|leave|post|write|submit|share)\s+(?:a|your)\s+(?:comment|reply|response)|"
    r"to (?:write|post|leave) (?:a )?comments?|comments are (?:closed|moderated|approved|welcome)|"
    r"you must be logged in to|log in to (?:comment|reply))\b",
    re.IGNORECASE,
)
# A copyright notice: the footer starts here.
_COPYRIGHT: Final = re.compile(
    r"\u00a9|\(c\)\s*\d{4}|^copyright\b|\ball rights reserved\b|" + "|".join(RIGHTS_RESERVED), re.IGNORECASE
)
# A commenter's line: "jane says:", "John Roe wrote:".
_COMMENT_HEAD: Final = re.compile(
    r"^.{1,60}\s(?:says|said|wrote|writes|commented|replied)\s*:?$", re.IGNORECASE
)
# A teaser cut short: "... the company said it would …", "... [Read more]".
_TRUNCATED: Final = re.compile(r"(?:\.\.\.|…)\s*(?:\[?(?:read )?more\]?)?$", re.IGNORECASE)
# A line that is only a date (and time): list and comment furniture, never prose.
_DATE_ONLY: Final = re.compile(
    r"^\W*(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?(?:updated:?\s+|posted:?\s+|published:?\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?,?\s+\d{4}|"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Weights:
    """How a line's features add up to its score, and what the region costs. Tuned with a 2-fold split."""

    covered_min: float = 0.10  # prose function-word share below which the page's language is not covered
    end: float = 1.0  # ends like a sentence
    no_end: float = -1.0  # does not, faded out over `no_end_fade` characters
    no_end_fade: float = 300.0
    sentence: float = 0.25  # per sentence mark, up to four
    stop: float = 2.0  # function-word share relative to the page's prose, minus `stop_mid`
    stop_mid: float = 0.6
    title_case: float = -0.8
    interface: float = -1.5  # per unit of interface weight per word
    sure_interface: float = -1.0  # a phrase only interfaces use ("subscribe", "all rights reserved")
    scale: float = 100.0  # characters per unit of weight for prose-like lines
    hard: float = -3.0  # lines that are certainly not prose
    barrier: float = -6.0  # headings of related-article lists
    gap_open: float = 4.0
    gap_line: float = 1.0
    gap_hard: float = 0.3  # a gap line that is certainly not prose (a button, a caption)
    gap_barrier: float = 3.0  # a gap line that heads a list of other articles
    thread_mass: float = 5.0  # article score needed before a comment heading ends the article
    footer_share: float = 0.67  # share of the prose score above a copyright notice for it to end the article
    list_max: int = 60  # items taken after a line that ends with a colon
    list_floor: float = -1.5  # loosely set items must score above this


DEFAULT: Final = Weights()


def prose_stop(lines: Sequence[Line]) -> float:
    """The median function-word share of the page's long sentences: what prose looks like in its language."""
    long = sorted(ln.stop for ln in lines if ln.chars >= 150 and ln.ends and not ln.cjk)
    return long[len(long) // 2] if long else 0.0


def certainly_not_prose(ln: Line) -> bool:
    """Interface text, counters, bare dates, commenter lines: never body, wherever they stand."""
    return (
        ln.furniture
        or ln.ui >= 0.5
        or bool(_DATE_ONLY.match(ln.text))
        or bool(_COMMENT_HEAD.match(ln.text))
        or bool(_TRUNCATED.search(ln.text))
    )


def quality(ln: Line, prose: float, w: Weights = DEFAULT) -> float:
    """How much a line looks like prose, about -3 to +3, regardless of its length."""
    q = w.end if ln.ends else w.no_end * max(0.0, 1.0 - ln.chars / w.no_end_fade)
    q += w.sentence * min(ln.sentences, 4)
    if prose >= w.covered_min and not ln.cjk:
        q += w.stop * (min(ln.stop / prose, 1.0) - w.stop_mid)
    if ln.words >= 3 and ln.caps >= 0.75:
        q += w.title_case
    q += w.interface * min(ln.ui, 2.0)
    if ln.ui_max >= 3:
        q += w.sure_interface
    return q


def score(ln: Line, prose: float, hard: bool, w: Weights = DEFAULT) -> float:
    """The line's evidence for being body: its quality, weighted by its length when positive."""
    if _BARRIER.match(ln.text) and ln.words <= 8:
        return w.barrier
    if hard:
        return w.hard
    q = quality(ln, prose, w)
    weight = ln.chars / w.scale
    return q * weight if q > 0 else q * max(1.0, math.sqrt(weight))


def thread_start(lines: Sequence[Line], scores: Sequence[float], w: Weights = DEFAULT) -> int | None:
    """Where the comment thread begins: the first thread heading or commenter line after some article text."""
    mass = 0.0
    heads = sum(1 for ln in lines if _COMMENT_HEAD.match(ln.text))
    for i, (ln, s) in enumerate(zip(lines, scores, strict=True)):
        if mass >= w.thread_mass and _THREAD_PROMPT.match(ln.text):
            return i
        if mass >= w.thread_mass and ln.words <= 8 and not ln.text.endswith("."):
            if heads >= 2 and _COMMENT_HEAD.match(ln.text):
                return i
            # "Comments" among "Share", "Print", "Email" is a button of the share bar, not the thread's heading.
            bar = any(lines[j].ui >= 0.5 for j in (i - 1, i + 1) if 0 <= j < len(lines))
            if _THREAD_START.match(ln.text) and not bar:
                return i
        mass += max(s, 0.0)
    return None


def footer_start(lines: Sequence[Line], scores: Sequence[float], w: Weights = DEFAULT) -> int | None:
    """Where the page's footer begins: a copyright notice with most of the page's prose above it.

    Some pages print their footer first; so the notice ends the article only when the text above it outweighs
    the text below it.
    """
    total = sum(max(s, 0.0) for s in scores)
    mass = 0.0
    for i, (ln, s) in enumerate(zip(lines, scores, strict=True)):
        if _COPYRIGHT.search(ln.text) and mass >= w.thread_mass and mass >= w.footer_share * total:
            return i
        mass += max(s, 0.0)
    return None


def best_region(scores: Sequence[float], costs: Sequence[float], w: Weights = DEFAULT) -> list[bool]:
    """Which lines lie in the body (in it, not in a gap), by a four-state Viterbi over the scores.

    `costs` is what each line costs when it is skipped inside the body.
    """
    before, body, gap, after = 0.0, -math.inf, -math.inf, -math.inf
    back: list[tuple[int, int, int, int]] = []
    for s, c in zip(scores, costs, strict=True):
        body_from = max((before, 0), (body, 1), (gap, 2))
        gap_from = max((body - w.gap_open, 1), (gap, 2))
        after_from = max((after, 3), (body, 1))
        back.append((0, body_from[1], gap_from[1], after_from[1]))
        body, gap, after = body_from[0] + s, gap_from[0] - c, after_from[0]
    state = max((before, 0), (body, 1), (after, 3))[1]
    inside = [False] * len(scores)
    for i in range(len(scores) - 1, -1, -1):
        inside[i] = state == 1
        state = back[i][state]
    return inside


def body_mask(lines: Sequence[Line], hard: Sequence[bool], w: Weights = DEFAULT) -> list[bool]:
    """Which lines are article body: in the best region and not certainly something else."""
    prose = prose_stop(lines)
    scores = [score(ln, prose, h, w) for ln, h in zip(lines, hard, strict=True)]
    cut = thread_start(lines, scores, w)
    footer = footer_start(lines, scores, w)
    if footer is not None and (cut is None or footer < cut):
        cut = footer
    if cut is not None:
        scores[cut:] = [min(s, w.hard) for s in scores[cut:]]
    costs = [
        w.gap_barrier if _BARRIER.match(ln.text) and ln.words <= 8 else w.gap_hard if h else w.gap_line
        for ln, h in zip(lines, hard, strict=True)
    ]
    inside = best_region(scores, costs, w)
    body = [k and not h for k, h in zip(inside, hard, strict=True)]
    _extend_lists(lines, hard, scores, body, w)
    return body


def _extend_lists(
    lines: Sequence[Line], hard: Sequence[bool], scores: Sequence[float], body: list[bool], w: Weights
) -> None:
    """A body line ending with a colon introduces a list; its items are body even when they do not look it.

    Items set close together (no blank line between them) are taken up to the next blank line; items set apart
    are taken while they still look more like text than like interface.
    """
    n = len(lines)
    for i in range(n - 1):
        if body[i + 1] or not lines[i].text.endswith(":"):
            continue
        if not body[i]:
            # An intro that did not look like prose itself, right after the body: "The tour dates:".
            if i == 0 or not body[i - 1] or hard[i] or lines[i].words < 2:
                continue
            body[i] = True
        tight = not lines[i + 1].gap
        j = i + 1
        items: list[int] = []
        while j < n and len(items) < w.list_max and not body[j] and not hard[j]:
            ln = lines[j]
            if ln.words > 60 or _BARRIER.match(ln.text) or (tight and ln.gap and items):
                break
            if not tight and scores[j] < w.list_floor:
                break
            items.append(j)
            j += 1
        for k in items:
            body[k] = True
