"""Quantities: numbers with their value and what they count; dates, ages, identifiers and names left out."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean.plaintext import clean_text
from storyline.extract.entities import resolve_entities
from storyline.extract.nlp import parse
from storyline.extract.quantities import find_quantities
from storyline.model import Quantity
from tests.conftest import seed


@cache
def _quantities(text: str) -> tuple[Quantity, ...]:
    parsed = parse(text)
    return tuple(find_quantities(parsed, resolve_entities(parsed)))


def _by_text(text: str) -> dict[str, Quantity]:
    return {q.text: q for q in _quantities(text)}


def test_seed_counts_abducted_people() -> None:
    text = clean_text(seed("000").read_text(encoding="utf-8")).text
    found = _quantities(text)
    first = next(q for q in found if q.value == 13)
    assert first.counted is not None and first.counted.endswith("Japanese people")
    assert text[first.start:first.end] == first.text == "13"
    five = next(q for q in found if q.text == "five")
    assert (five.value, five.counted) == (5, "people")
    assert all(q.attribution is None for q in found)


def test_number_counts_the_noun_phrase_it_modifies() -> None:
    found = _by_text("Border guards detained 27 undocumented fishing crews and 4 boats near the island.")
    assert (found["27"].value, found["27"].counted) == (27, "undocumented fishing crews")
    assert found["4"].counted == "boats"


def test_elided_noun_comes_from_the_last_count_nearby() -> None:
    text = ("The ferry carried 40 passengers when it sank. Of those, nine were rescued by fishermen, "
            "and the other twelve are still missing.")
    found = _by_text(text)
    assert (found["nine"].value, found["nine"].counted) == (9, "passengers")
    assert found["twelve"].counted == "passengers"


def test_elided_noun_without_a_count_nearby_is_unknown() -> None:
    found = _by_text("The inquiry took evidence for a year. In the end, seven resigned.")
    assert found["seven"].counted is None


def test_number_words_and_scales() -> None:
    text = ("About a dozen villagers, hundreds of volunteers, tens of thousands of students and one hundred "
            "and twenty soldiers joined 1.5 million residents and twenty-three nurses.")
    found = _by_text(text)
    assert (found["a dozen"].value, found["a dozen"].counted) == (12, "villagers")
    assert (found["hundreds"].value, found["hundreds"].counted) == (100, "volunteers")
    assert found["tens of thousands"].value == 10_000
    assert found["one hundred and twenty"].value == 120
    assert (found["1.5 million"].value, found["1.5 million"].counted) == (1_500_000, "residents")
    assert found["twenty-three"].value == 23
    assert isinstance(found["1.5 million"].value, int)


def test_money_counts_its_currency_and_percentages_count_percent() -> None:
    found = _by_text("The charity raised $2.5bn last year, £40m more than planned, and 3,000 yen a head; "
                     "turnout was 62% and prices rose 4.5 per cent.")
    assert (found["$2.5bn"].value, found["$2.5bn"].counted) == (2_500_000_000, "dollars")
    assert (found["£40m"].value, found["£40m"].counted) == (40_000_000, "pounds")
    assert found["3,000"].counted == "yen"
    assert (found["62%"].value, found["62%"].counted) == (62, "percent")
    assert (found["4.5 per cent"].value, found["4.5 per cent"].counted) == (4.5, "percent")


@pytest.mark.parametrize(
    "text",
    [
        "The talks resumed in 2014 after a long pause.",  # a year
        "The vote is on March 3, 2019.",  # a date
        "The meeting lasted three hours.",  # a duration
        "The 41-year-old was released on Friday.",  # an age
        "Mr Okada, 58, said nothing.",  # an age after a name
        "She came third, behind the 2nd-placed runner.",  # ordinals
        "Call 0800 555 0199 for details.",  # a phone number
        "Route 66 and Flight 370 are famous.",  # identifiers
        "The G7 met at No. 10.",  # names and house numbers
        "United won 3-1 at home.",  # a score
        "One of them said no one knew.",  # the pronoun one
    ],
)
def test_not_quantities(text: str) -> None:
    assert _quantities(text) == ()


def test_spans_index_the_text() -> None:
    text = "Nearly 2,000 workers and 17 abductees were counted, out of 3.5m people."
    for q in _quantities(text):
        assert text[q.start:q.end] == q.text
    assert {q.value for q in _quantities(text)} == {2000, 17, 3_500_000}


_WORDS = ["13", "five", "people", "of", "hundreds", "a", "dozen", "$", "£5m", "1.5", "million", "%", "per", "cent",
          "in", "2014", "the", "Route", "66", ",", ".", "-", "twenty", "and", "one", "\n", "year-old", "Kim", "said"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join), st.text(max_size=200)))
def test_every_quantity_text_is_its_span(text: str) -> None:
    parsed = parse(text)
    for q in find_quantities(parsed, resolve_entities(parsed)):
        assert text[q.start:q.end] == q.text
        assert q.start < q.end
        assert isinstance(q.value, int) or q.value != int(q.value)
