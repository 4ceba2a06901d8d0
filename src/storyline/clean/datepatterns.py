"""The words and shapes of a written calendar date, as data.

`clean.published` compiles these into its date finder: improving coverage means editing these tables. Only
absolute, full dates are described here (year, month and day all written out); relative expressions ("last
Tuesday") belong to the TIMEX3 recognizer in `storyline.time`.
"""

from __future__ import annotations

from typing import Final

# Every spelling of a month a news page uses, lower-cased, without a trailing period.
MONTHS: Final[dict[str, int]] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# `{month}` is replaced by an alternation of MONTHS (longest first); an abbreviation may carry a period.
# Each pattern names its groups `year`, `month` and `day`; a numeric month is a number, a named one a key of
# MONTHS. Digits must not run on at either end, so "12014" or "2014-05-289" never yield a date.
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_MONTH = r"(?P<month>{month})\.?"

PATTERNS: Final[tuple[str, ...]] = (
    # May 28, 2014 · May 28 2014 · Sept. 5, 2019 · MAY 28TH, 2014
    rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    # 28 May 2014 · 28 May, 2014 · 5th of September 2019 · 25. September 2018
    rf"(?<!\d){_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",
    # 2014-05-28 (ISO 8601 calendar date, as in "2014-05-28T10:00")
    r"(?<![\d-])(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])",
)

# Years a news page's full date can plausibly name; anything else is a number that happens to look like one.
YEAR_RANGE: Final[tuple[int, int]] = (1800, 2199)

# Caption wording that marks an archive picture, whose date says nothing about when the article appeared.
ARCHIVE_CAPTION_CUES: Final[tuple[str, ...]] = ("file photo", "file picture", "file image", "archive photo",
                                                "archive picture", "archive image", "in this file")
