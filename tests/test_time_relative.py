"""Expressions counted from the anchor or from the date under discussion, weekdays by the clause's tense,
quarters and seasons, and the TimeML references."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.model import Timex
from storyline.time import find_timexes

ANCHOR = date(2018, 8, 30)  # a Thursday, in ISO week 35


def only(text: str, anchor: date | None = ANCHOR) -> Timex:
    found = find_timexes(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("sentence", "value"), [
    ("He arrived yesterday.", "2018-08-29"),
    ("The report comes out tomorrow.", "2018-08-31"),
    ("Prices fell sharply last month.", "2018-07"),
    ("Elections are due next year.", "2019"),
    ("Talks resumed this week.", "2018-W35"),
    ("The envoy resigned last week.", "2018-W34"),
    ("Exports rose last year.", "2017"),
    ("Sales doubled this month.", "2018-08"),
    ("He quit two weeks ago.", "2018-W33"),
    ("The treaty was signed ten days ago.", "2018-08-20"),
    ("The plant closed five years ago.", "2013"),
    ("The fund was set up a decade ago.", "2008"),
])
def test_deictic_expressions_count_from_the_anchor(sentence: str, value: str) -> None:
    assert only(sentence).value == value


def test_this_week_covers_its_iso_week() -> None:
    assert only("Talks resumed this week.").interval == (date(2018, 8, 27), date(2018, 9, 2))


def test_a_weekday_is_before_the_anchor_in_a_past_clause_and_after_it_in_a_future_one() -> None:
    assert only("The Post reported the meeting on Tuesday.").value == "2018-08-28"
    assert only("The ministers will meet on Tuesday.").value == "2018-09-04"
    assert only("Officials said the talks are going to start on Monday.").value == "2018-09-03"
    # the publication day itself, named by its weekday
    assert only("The agency said Thursday that it had closed the case.").value == "2018-08-30"


def test_a_weekday_takes_the_tense_a_parser_supplies() -> None:
    text = "The delegation arrives on Sunday."
    start = text.index("Sunday")
    assert find_timexes(text, ANCHOR, tense_at=lambda s, e: "future")[0].value == "2018-09-02"
    assert find_timexes(text, ANCHOR, tense_at=lambda s, e: "past")[0].value == "2018-08-26"
    # None from the parser falls back on the words around
    assert find_timexes(text, ANCHOR, tense_at=lambda s, e: None)[0].start == start


def test_last_and_next_weekdays_ignore_the_tense() -> None:
    assert only("The decision came last Friday.").value == "2018-08-24"
    assert only("The decision comes next Friday.").value == "2018-09-07"


def test_a_weekday_with_a_part_of_day_is_a_time() -> None:
    t = only("The ship docked Tuesday morning.")
    assert (t.text, t.type, t.value) == ("Tuesday morning", "TIME", "2018-08-28TMO")
    t = only("Protesters gathered last night.")
    assert (t.type, t.value) == ("TIME", "2018-08-29TNI")


def test_anaphoric_expressions_follow_the_date_under_discussion() -> None:
    found = find_timexes("The rebels attacked on March 3, 2016. The next day, the army replied.", ANCHOR)
    assert [t.value for t in found] == ["2016-03-03", "2016-03-04"]
    found = find_timexes("The war began in 1991. A year later, talks opened.", ANCHOR)
    assert [t.value for t in found] == ["1991", "1992"]


def test_quarters_take_the_year_they_have_begun_in() -> None:
    assert only("Profit rose in the first quarter.").value == "2018-Q1"
    assert only("Losses narrowed in the fourth quarter.", date(2019, 1, 20)).value == "2018-Q4"
    t = only("Third-quarter sales rose 5%.")
    assert (t.text, t.value) == ("Third-quarter", "2018-Q3")
    assert only("The bank expects a loss in the fourth quarter of 2019.").value == "2019-Q4"
    assert only("Profit rose in the first quarter.").interval == (date(2018, 1, 1), date(2018, 3, 31))


def test_a_year_ago_in_a_quarterly_report_is_the_same_quarter_a_year_before() -> None:
    text = ("The company earned $5 million in the second quarter, compared with $3 million a year earlier. "
            "In the year-ago quarter, sales were lower.")
    assert [t.value for t in find_timexes(text, ANCHOR)] == ["2018-Q2", "2017-Q2", "2017-Q2"]


def test_seasons_use_meteorological_months() -> None:
    t = only("Sales jumped this summer.")
    assert (t.value, t.interval) == ("2018-SU", (date(2018, 6, 1), date(2018, 8, 31)))
    assert only("The strike began last fall.").value == "2017-FA"


def test_earlier_this_year_is_the_start_of_the_year() -> None:
    t = only("Earlier this year, the firm cut jobs.")
    assert (t.text, t.value, t.mod) == ("Earlier this year", "2018", "START")


@pytest.mark.parametrize(("sentence", "value"), [
    ("Prices are now higher than before.", "PRESENT_REF"),
    ("The firm currently employs 300 people.", "PRESENT_REF"),
    ("The minister recently resigned.", "PAST_REF"),
    ("Such attacks were rare in the past.", "PAST_REF"),
    ("Costs will rise in the near future.", "FUTURE_REF"),
    ("The ruling is expected soon.", "FUTURE_REF"),
])
def test_references_to_the_present_past_and_future(sentence: str, value: str) -> None:
    t = only(sentence)
    assert (t.type, t.value, t.interval) == ("DATE", value, None)


def test_soon_inside_as_soon_as_is_not_a_reference() -> None:
    assert find_timexes("They will leave as soon as the road opens.", ANCHOR) == []


def test_without_an_anchor_relative_values_keep_unknown_parts() -> None:
    found = find_timexes("Kim met Trump on June 12; he left yesterday, on Tuesday, and returned last month.", None)
    assert [(t.text, t.value, t.interval) for t in found] == [
        ("June 12", "XXXX-06-12", None), ("yesterday", "XXXX-XX-XX", None), ("Tuesday", "XXXX-WXX-2", None),
        ("last month", "XXXX-XX", None)]
    assert only("The war ended in 1953.", None).value == "1953"
    assert only("They talked in the third quarter.", None).value == "XXXX-Q3"
