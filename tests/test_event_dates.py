"""When each event happened: its own time expression (`text`), the date its narrative is at (`context`), the
publication week for the report's own news (`published`), and no date for background and retellings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from storyline.clean.plaintext import clean_text
from storyline.extract import annotate
from storyline.extract.nlp import parse
from storyline.model import Document, Event, EventDate

PUB = date(2021, 3, 10)  # a Wednesday
WEEK = (PUB - timedelta(days=7), PUB)


@cache
def read(text: str, published: date | None = PUB) -> tuple[Event, ...]:
    doc = Document(id="d", text=text, published=published)
    return annotate(doc, parse(text)).events


def dated(text: str, action: str, published: date | None = PUB) -> EventDate | None:
    found = [e for e in read(text, published) if e.action == action]
    assert found, [(e.action, e.type) for e in read(text, published)]
    return found[0].date


def day(d: EventDate | None) -> tuple[date, date, str] | None:
    return None if d is None else (d.start, d.end, d.source)


# ---- a bare time of day, "the next day" -----------------------------------------------------------------------


def test_a_bare_time_of_day_is_no_date_of_its_own() -> None:
    # "at around 1:20 p.m." alone names no day: not 1:20 p.m. on the publication day, but the report's own news
    when = dated("Chilean police arrested the Peruvian activists at around 1:20 p.m.", "arrest")
    assert day(when) == (*WEEK, "published")


def test_a_bare_time_of_day_takes_the_day_its_context_set() -> None:
    text = "On March 3, Chile closed its border with Peru. At around 1:20 p.m., Chilean police arrested the activists."
    assert day(dated(text, "arrest")) == (date(2021, 3, 3), date(2021, 3, 3), "context")


def test_the_next_day_counts_from_the_day_the_narrative_is_at() -> None:
    text = "Chilean police arrested the Peruvian activists on March 3. Peru protested the next day."
    assert day(dated(text, "arrest")) == (date(2021, 3, 3), date(2021, 3, 3), "text")
    assert day(dated(text, "protest")) == (date(2021, 3, 4), date(2021, 3, 4), "context")


def test_the_next_day_after_a_year_is_in_that_year() -> None:
    text = "In 2002, Chilean police arrested the Peruvian activists. The next day, Peru protested."
    assert day(dated(text, "protest")) == (date(2002, 1, 1), date(2002, 12, 31), "context")


def test_the_next_day_without_a_day_before_it_is_no_date() -> None:
    when = dated("Peru protested the next day.", "protest")
    assert when is None or when.source == "published"


def test_an_undated_main_line_event_takes_the_date_its_paragraph_is_at() -> None:
    text = "In 2002, Chile arrested the Peruvian activists. Chile expelled them to Bolivia.\n\nPeru protested."
    assert day(dated(text, "expel")) == (date(2002, 1, 1), date(2002, 12, 31), "context")
    # a new paragraph is another thread: the report's own news again
    assert day(dated(text, "protest")) == (*WEEK, "published")


# ---- a year that belongs to another phrase ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Iranian forces attacked the Kurdish positions, the largest offensive since 1998.",
        "Iranian forces attacked the Kurdish positions, their first attack since 2009.",
        "Iranian forces attacked the Kurdish positions named in the 2015 agreement.",
    ],
)
def test_a_year_of_another_phrase_does_not_date_the_event(text: str) -> None:
    assert day(dated(text, "attack")) == (*WEEK, "published")


def test_until_a_year_is_no_date_of_the_event() -> None:
    when = dated("Until 2002, Chile did not arrest the Peruvian activists.", "arrest")
    assert when is None or when.start.year != 2002


# ---- reported clauses keep their own anchoring -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Iranian state media reported that Iran arrested the British sailors.",
        "According to Iranian state media, Iran arrested the British sailors.",
        "Iran arrested the British sailors, state media said.",
    ],
)
def test_a_reported_happening_is_the_reports_own_news(text: str) -> None:
    assert day(dated(text, "arrest")) == (*WEEK, "published")


def test_a_perfect_infinitive_under_a_past_claim_is_the_reports_own_news() -> None:
    assert day(dated("Iran claimed to have arrested the British sailors.", "arrest")) == (*WEEK, "published")


def test_a_reported_happening_keeps_its_own_date() -> None:
    text = "Iranian state media reported on Tuesday that Iran arrested the British sailors on March 2."
    assert day(dated(text, "arrest")) == (date(2021, 3, 2), date(2021, 3, 2), "text")


# ---- retellings never take the publication week ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("A month after Chile arrested the Peruvian activists, Peru recalled its ambassador.", "arrest"),
        ("Iran has attacked the Kurdish positions since 2009.", "attack"),
        ("Iran previously attacked the Kurdish positions.", "attack"),
        ("Peru protested because Chile had arrested the activists.", "arrest"),
        ("Chile used to arrest the Peruvian activists.", "arrest"),
    ],
)
def test_retellings_get_no_publication_week(text: str, action: str) -> None:
    when = dated(text, action)
    assert when is None or when.source != "published"


def test_a_pluperfect_clause_keeps_its_own_date() -> None:
    text = "Peru protested on Monday because Chile had arrested the activists in 2019."
    assert day(dated(text, "arrest")) == (date(2019, 1, 1), date(2019, 12, 31), "text")


# ---- the seed article of 2014 on a 2002 admission --------------------------------------------------------------


def test_seed_000_dates_the_2002_admission_to_2002_never_2014() -> None:
    from tests.conftest import seed

    text = clean_text(seed("000").read_text(encoding="utf-8")).text
    events = annotate(Document(id="s", text=text, published=date(2014, 6, 2)), parse(text)).events
    admissions = [e for e in events if e.action == "admit" and "Kim Jong Il" in e.actors]
    assert len(admissions) >= 2
    for e in admissions:
        assert e.date is None or (e.date.start.year, e.date.end.year) == (2002, 2002), e.date
    assert any(e.date is not None and e.date.source == "context" for e in admissions)


# ---- a short report is an article -------------------------------------------------------------------------------


def storyline(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storyline.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))


def test_a_one_sentence_jsonl_text_is_an_article(tmp_path: Path) -> None:
    feed = tmp_path / "briefs.jsonl"
    lines = [
        {"text": "Chilean police and Peruvian activists clashed near the border. (Second clash this month)",
         "published": "2021-03-10"},
        {"text": "Chile expelled two Peruvian diplomats.", "published": "2021-03-10"},
        {"text": "Chile expelled two more Peruvian diplomats on Friday", "published": "2021-03-10"},  # no full stop
        {"text": "Share on WhatsApp", "published": "2021-03-10"},  # chrome alone is still no article
        {"text": "Chile And Peru Grapple With The Border", "published": "2021-03-10"},  # a title alone neither
    ]
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'dossier.db'}"
    done = storyline("ingest", feed, "--db", db, "--json")
    summary = json.loads(done.stdout)
    assert (summary["stored"], summary["failed"]) == (3, 2), done.stdout + done.stderr
    failures = json.loads(storyline("failures", "--db", db, "--json").stdout)
    assert sorted(f["line"] for f in failures) == [4, 5]
    assert all(f["reason"] == "no article text found" for f in failures)


def test_a_one_sentence_raw_file_is_an_article(tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text("Chile expelled two Peruvian diplomats (the second time).", encoding="utf-8")
    done = storyline("clean", "--raw", "--json", brief)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"].startswith("Chile expelled")


# ---- a chronicle told in the historical present -----------------------------------------------------------------


def test_a_report_told_in_the_historical_present_is_the_reports_own_news() -> None:
    text = "Chilean police track down and arrest the Peruvian activists. Two of them are injured and one released."
    assert day(dated(text, "arrest")) == (*WEEK, "published")


def test_a_present_act_of_a_kind_alone_gets_no_date() -> None:
    assert dated("Chile arrests Peruvian activists.", "arrest") is None


# ---- an event named again takes the place and date of the event it names ---------------------------------------
BACK = (
    "Brazil and Argentina held secret talks in Lisbon in January, a newspaper reported on Monday. "
    "The talks were attended by the two finance ministers, Ana Souza and Pablo Ruiz."
)


def test_the_event_noun_names_the_event_told_before() -> None:
    (attended,) = [e for e in read(BACK) if e.action == "attend"]
    assert attended.location == "Lisbon"
    assert day(attended.date) == (date(2021, 1, 1), date(2021, 1, 31), "context")


def test_an_indefinite_noun_is_another_event() -> None:
    text = (
        "Brazil and Argentina held secret talks in Lisbon in January, a newspaper reported on Monday. "
        "Talks were attended by the two finance ministers, Ana Souza and Pablo Ruiz."
    )
    (attended,) = [e for e in read(text) if e.action == "attend"]
    assert attended.location is None  # (its date may still come from the paragraph's narrative)


# ---- a clause of the same time ("when", "as", "while") -----------------------------------------------------------


def test_a_when_clause_gives_its_date_to_the_clause_it_modifies() -> None:
    text = "When Chilean troops fired on the Peruvian protesters on Monday, Lima recalled its ambassador."
    assert day(dated(text, "fire")) == (date(2021, 3, 8), date(2021, 3, 8), "text")
    assert day(dated(text, "recall")) == (date(2021, 3, 8), date(2021, 3, 8), "context")


def test_a_when_clause_takes_the_date_the_text_gave_its_main_clause() -> None:
    text = "Peru recalled its ambassador on Monday when Chilean troops fired on the Peruvian protesters."
    assert day(dated(text, "fire")) == (date(2021, 3, 8), date(2021, 3, 8), "context")


def test_an_after_clause_or_a_past_perfect_takes_no_date_from_its_main_clause() -> None:
    after = "Peru recalled its ambassador on Monday after Chilean troops fired on the Peruvian protesters."
    assert dated(after, "fire") is None
    pluperfect = "Peru recalled its ambassador on Monday when Chilean troops had fired on the Peruvian protesters."
    assert dated(pluperfect, "fire") is None
