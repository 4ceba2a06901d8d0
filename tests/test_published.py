"""Deciding the publication date: each level of evidence in its turn, and nothing invented."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storyline.clean.published import decide_published, find_dates
from storyline.model import Cleaned

FETCHED = date(2024, 1, 15)

BODY = (
    "Talks resumed in Stockholm on May 26, 2014, and ended two days later.\n\n"
    "The previous round, held on 3 March 2014, had collapsed within hours."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May 28, 2014", date(2014, 5, 28)),
        ("May 28 2014", date(2014, 5, 28)),
        ("28 May 2014", date(2014, 5, 28)),
        ("28 May, 2014", date(2014, 5, 28)),
        ("2014-05-28", date(2014, 5, 28)),
        ("2014-05-28T10:30:00Z", date(2014, 5, 28)),
        ("Sept. 5, 2019", date(2019, 9, 5)),
        ("Sep 5, 2019", date(2019, 9, 5)),
        ("Jan. 31, 2020", date(2020, 1, 31)),
        ("DECEMBER 1ST, 2021", date(2021, 12, 1)),
        ("the 5th of September 2019", date(2019, 9, 5)),
        ("February 29, 2020", date(2020, 2, 29)),
    ],
)
def test_find_dates_reads_full_dates(text: str, expected: date) -> None:
    assert [when for _, _, when in find_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "February 30, 2014",
        "February 29, 2019",
        "2014-13-01",
        "May 2014",
        "May 28",
        "Tuesday",
        "in 2014",
        "she may 28",
        "12014-05-28",
        "2014-05-289",
        "May 28, 20145",
        "phone 2014-05-28-17",
    ],
)
def test_find_dates_ignores_what_is_not_a_full_date(text: str) -> None:
    assert find_dates(text) == []


def test_find_dates_gives_offsets_in_reading_order() -> None:
    text = "Signed on 3 March 2014, ratified on May 28, 2014 and published 2014-06-02."
    found = find_dates(text)
    assert [when for _, _, when in found] == [date(2014, 3, 3), date(2014, 5, 28), date(2014, 6, 2)]
    assert [text[start:end] for start, end, _ in found] == ["3 March 2014", "May 28, 2014", "2014-06-02"]


def test_published_given_date_wins_even_in_the_future() -> None:
    cleaned = Cleaned(text=BODY, date=date(2014, 5, 1), dateline=date(2014, 5, 2))
    assert decide_published(date(2030, 1, 1), cleaned, fetched=FETCHED) == (date(2030, 1, 1), "given")


def test_published_metadata_comes_before_the_text() -> None:
    cleaned = Cleaned(text=BODY, date=date(2014, 5, 28), dateline=date(2014, 5, 29), captions=("June 1, 2014",))
    assert decide_published(None, cleaned, fetched=FETCHED) == (date(2014, 5, 28), "metadata")


def test_published_dateline_when_there_is_no_metadata() -> None:
    cleaned = Cleaned(text=BODY, dateline=date(2014, 5, 29))
    assert decide_published(None, cleaned, fetched=FETCHED) == (date(2014, 5, 29), "text")


def test_published_metadata_after_the_fetch_date_falls_through_to_the_dateline() -> None:
    cleaned = Cleaned(text=BODY, date=date(2024, 2, 1), dateline=date(2014, 5, 29))
    assert decide_published(None, cleaned, fetched=FETCHED) == (date(2014, 5, 29), "text")


def test_published_infers_from_a_photo_caption() -> None:
    cleaned = Cleaned(
        text=BODY,
        captions=("Negotiators leave the talks in Stockholm, May 28, 2014, after three days of talks.",),
    )
    assert decide_published(None, cleaned, fetched=FETCHED) == (date(2014, 5, 28), "inferred")


def test_published_ignores_archive_photo_captions() -> None:
    cleaned = Cleaned(text="No dates here.", captions=("In this file photo from June 2, 2009, the old pier.",))
    assert decide_published(None, cleaned, fetched=FETCHED) == (None, None)


def test_published_infers_the_latest_full_date_in_the_body() -> None:
    assert decide_published(None, Cleaned(text=BODY), fetched=FETCHED) == (date(2014, 5, 26), "inferred")


def test_published_inference_ignores_dates_after_the_fetch_date() -> None:
    text = BODY + "\n\nA follow-up meeting is planned for March 3, 2025."
    assert decide_published(None, Cleaned(text=text), fetched=FETCHED) == (date(2014, 5, 26), "inferred")


def test_published_caption_after_the_fetch_date_falls_through_to_the_body() -> None:
    cleaned = Cleaned(text=BODY, captions=("The new pier as planned for June 1, 2026.",))
    assert decide_published(None, cleaned, fetched=FETCHED) == (date(2014, 5, 26), "inferred")


def test_published_nothing_to_go_on_gives_none() -> None:
    cleaned = Cleaned(text="Talks resumed on Tuesday and ended two days later.", captions=("The pier.",))
    assert decide_published(None, cleaned, fetched=FETCHED) == (None, None)


def test_published_only_future_evidence_gives_none() -> None:
    cleaned = Cleaned(
        text="The hearing is set for June 1, 2031.",
        date=date(2031, 1, 1),
        dateline=date(2031, 1, 2),
        captions=("A drawing of the pier planned for May 5, 2031.",),
    )
    assert decide_published(None, cleaned, fetched=FETCHED) == (None, None)


def test_published_fetch_date_defaults_to_today() -> None:
    tomorrow = date.today() + timedelta(days=1)
    assert decide_published(None, Cleaned(text="", date=tomorrow)) == (None, None)
    assert decide_published(None, Cleaned(text="", date=date.today())) == (date.today(), "metadata")
