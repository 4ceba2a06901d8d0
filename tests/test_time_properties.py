"""Invariants of time expressions over arbitrary text."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.time import find_timexes, interval_of

# Text with time words in it, so the generated strings exercise the rules rather than only noise.
WORDS = st.sampled_from([
    "May", "march", "June 12", "Tuesday", "last", "next", "week", "1970s", "'80s", "the", "late", "early",
    "mid-", "2018", "1999", "ago", "two", "a", "year", "quarter", "third-quarter", "fiscal", "now", "recently",
    "every", "days", "10:35", "p.m.", "noon", "tonight", "yesterday", "earlier", "this", "summer", "Christmas",
    ",", ".", "-", "'s", "31", "February 30", "Q3", "decade", "century", "20th", "nearly", "more than",
    "0/0", "1/2", "0", "00", "29", "Feb.", "'99", "90s", "fiscal 1990's", "a.m.", "o'clock", "ago", "later",
])
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=40).map(" ".join),
)
ANCHORS = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.dates())


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, anchor=ANCHORS)
def test_timexes_are_ordered_disjoint_spans_of_the_text(text: str, anchor: date | None) -> None:
    found = find_timexes(text, anchor)
    for t in found:
        assert text[t.start:t.end] == t.text
        assert t.start < t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        if t.interval is not None:
            assert t.interval[0] <= t.interval[1]
            assert interval_of(t.value, t.mod) == t.interval
    for a, b in pairwise(found):
        assert a.end <= b.start


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=20), mod=st.one_of(st.none(), st.sampled_from(["START", "MID", "END", "APPROX"])))
def test_interval_of_never_raises(value: str, mod: str | None) -> None:
    result = interval_of(value, mod)
    assert result is None or result[0] <= result[1]
