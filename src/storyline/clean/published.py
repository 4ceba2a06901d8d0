"""When was this article published: the best evidence there is, and where it came from.

Evidence is taken in order of trust, and the first that holds wins:

    given      the source said so (--published, a JSONL field, a feed item); taken as is
    metadata   the page's own metadata (meta tags, JSON-LD, <time>, the URL), as the HTML cleaner found it
    text       an explicit date line printed with the article ("Published May 28, 2014")
    inferred   a date in a photo caption, else the latest full date the body mentions

Nothing is invented: with no evidence the answer is (None, None). Apart from a given date, nothing later than
the day the page was fetched is believed, since no page can report its own future publication.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Final

from storyline.clean.datepatterns import ARCHIVE_CAPTION_CUES, MONTHS, PATTERNS, YEAR_RANGE
from storyline.model import Cleaned, PublishedSource

__all__ = ["decide_published", "find_dates"]

_MONTH_ALTERNATION: Final = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_PATTERNS: Final = tuple(re.compile(p.replace("{month}", _MONTH_ALTERNATION), re.IGNORECASE) for p in PATTERNS)


def _as_date(year: str, month: str, day: str) -> date | None:
    """The calendar date the three written parts name, or None when they name no real day."""
    y, d = int(year), int(day)
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."), 0)
    if not (YEAR_RANGE[0] <= y <= YEAR_RANGE[1] and 1 <= m <= 12):
        return None
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d)


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every absolute full date written in `text`, as (start, end, date), in reading order.

    Only dates with year, month and day are found ("May 28, 2014", "28 May 2014", "2014-05-28",
    "Sept. 5, 2019"); impossible ones ("February 30, 2014") are not dates. Where two shapes overlap, the one
    starting first (then the longer) is kept.
    """
    found: list[tuple[int, int, date]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            when = _as_date(m["year"], m["month"], m["day"])
            if when is not None:
                found.append((m.start(), m.end(), when))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, date]] = []
    for start, end, when in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, when))
    return kept


def _caption_date(captions: tuple[str, ...], latest: date) -> date | None:
    """The latest date the captions give, leaving out archive pictures, whose dates are old on purpose."""
    dates = [
        when
        for caption in captions
        if not any(cue in caption.lower() for cue in ARCHIVE_CAPTION_CUES)
        for _, _, when in find_dates(caption)
        if when <= latest
    ]
    return max(dates, default=None)


def _body_date(text: str, latest: date) -> date | None:
    return max((when for _, _, when in find_dates(text) if when <= latest), default=None)


def decide_published(
    given: date | None, cleaned: Cleaned, *, fetched: date | None = None
) -> tuple[date | None, PublishedSource | None]:
    """The publication date and the kind of evidence it rests on, or (None, None) when there is none.

    `fetched` (default today) bounds every level but "given": a date after it is not evidence.
    """
    if given is not None:
        return given, "given"
    latest = fetched or date.today()
    if cleaned.date is not None and cleaned.date <= latest:
        return cleaned.date, "metadata"
    if cleaned.dateline is not None and cleaned.dateline <= latest:
        return cleaned.dateline, "text"
    inferred = _caption_date(cleaned.captions, latest) or _body_date(cleaned.text, latest)
    if inferred is not None:
        return inferred, "inferred"
    return None, None
