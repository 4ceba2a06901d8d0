"""Which time expressions have no day of their own and borrow it from the narrative.

    needs_context(timex) -> bool

A bare time of day ("at around 1:20 p.m.", "shortly after midnight", "early in the evening") names an hour,
not a day: the normalizer puts it on the day last mentioned, else on the anchor's (publication) day, which is
a guess. An anaphoric expression ("the next day", "two days later", "that morning") counts from the date the
narrative is at. Neither is a date of its own for an event: both are good only when the article has already
set a day (the event's date then comes from its context); alone they say nothing about which day.
"""

from __future__ import annotations

import re

from storyline.model import Timex

__all__ = ["needs_context"]

_CLOCK = re.compile(r"^\d{1,2}(?:[:.]\d{2})?(?:[ap]\.?m\.?)?$|^\d{4}(?:h|hrs?)?$", re.I)
# words that leave a time of day without a day: clock and part-of-day words, and the words around them
_TIME_OF_DAY_WORDS = """at around about approximately roughly some shortly just before after until till from to
between and or by early late later in the local time noon midday midnight morning afternoon evening night overnight
dawn dusk daybreak nightfall sunrise sunset am pm a.m. p.m. a.m p.m hours hrs hour o'clock o’clock kst jst gmt utc
est edt pst pdt cet bst - – — , of"""
_TIME_OF_DAY = frozenset(re.split(r"\s+", _TIME_OF_DAY_WORDS))
_ANAPHORIC = re.compile(
    r"^(?:the|that|this)\s+(?:very\s+)?(?:next|following|previous|preceding|same|ensuing|subsequent)\s+"
    r"(?:day|morning|afternoon|evening|night|week|weekend)$"
    r"|^(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|night|week|month|year)$"
    r"|^(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|night|week)$"
    r"|^(?:the\s+)?(?:day|night|morning|week)\s+(?:before|after)$"
    r"|^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|few|\d+)\s+"
    r"(?:days?|nights?|weeks?|hours?)\s+(?:later|earlier|after|before|on)$",
    re.I,
)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.strip().lower()) if w]


def is_time_of_day(timex: Timex) -> bool:
    """A TIME expression naming an hour or part of a day and no day."""
    if timex.type != "TIME":
        return False
    words = _words(timex.text)
    return bool(words) and all(w.strip(",.") in _TIME_OF_DAY or _CLOCK.match(w.strip(",")) for w in words)


def is_anaphoric(timex: Timex) -> bool:
    """A date counted from the date under discussion, not from the calendar or the publication day."""
    return timex.type in ("DATE", "TIME") and _ANAPHORIC.match(" ".join(_words(timex.text))) is not None


def needs_context(timex: Timex) -> bool:
    """The expression places an event on a day only through a day the article set before it."""
    return is_time_of_day(timex) or is_anaphoric(timex)
