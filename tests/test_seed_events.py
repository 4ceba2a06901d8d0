"""Seed 003 (a Korea JoongAng Daily report published 2018-08-30), read end to end as `annotate` reads it: the
events a reader of the timeline needs, with who took part, where and when."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.clean.plaintext import clean_text
from storyline.extract import annotate
from storyline.extract.entities import resolve_entities
from storyline.extract.events_args import noun_roles, phrase_entities
from storyline.extract.nlp import parse
from storyline.extract.nominals import nominal_mentions, with_nominals
from storyline.model import Annotations, Document, Event
from tests.conftest import seed

PUBLISHED = date(2018, 8, 30)


@pytest.fixture(scope="module")
def seed_003() -> Annotations:
    text = clean_text(seed("003").read_text(encoding="utf-8")).text
    return annotate(Document(id="003", text=text, published=PUBLISHED), parse(text))


def _with(found: Annotations, action: str) -> list[Event]:
    return [e for e in found.events if e.action == action]


def _people(e: Event) -> set[str]:
    return {*e.actors, *e.targets}


def test_sugimoto_arrives_in_tokyo_on_tuesday(seed_003: Annotations) -> None:
    # "Kyodo reported that the 39-year-old arrived in Tokyo on Tuesday": the reported clause's own subject,
    # a description of the person the article last named, acts; not the outlet that reports it
    (arrived,) = _with(seed_003, "arrive")
    assert arrived.actors == ("Tomoyuki Sugimoto",)
    assert arrived.location == "Tokyo"
    assert arrived.date is not None and (arrived.date.value, arrived.date.source) == ("2018-08-28", "text")
    assert arrived.attribution is not None
    source = seed_003.attributions[arrived.attribution].source
    assert source is not None and source.canonical == "Kyodo"


def test_north_korea_releases_sugimoto(seed_003: Annotations) -> None:
    # "KCNA reported that the government had released the Japanese detainee": the government KCNA speaks for
    # (the North's) released the person the paragraph named, not "Japan"
    released = [e for e in _with(seed_003, "release") if e.trigger.text == "released"]
    assert len(released) == 1
    assert released[0].actors == ("North Korea",)
    assert released[0].targets == ("Tomoyuki Sugimoto",)
    # and the detainee "who recently entered the North as a tourist" is Sugimoto too
    (entered,) = _with(seed_003, "enter")
    assert entered.actors == ("Tomoyuki Sugimoto",)


def test_kitamura_and_kim_song_hye_meet_in_vietnam_in_july_2018(seed_003: Annotations) -> None:
    met = [e for e in seed_003.events if {"Shigeru Kitamura", "Kim Song-hye"} <= _people(e)]
    assert met, [(e.action, e.actors) for e in seed_003.events]
    assert any(
        e.location == "Vietnam" and e.date is not None and (e.date.start, e.date.end) == (date(2018, 7, 1),
                                                                                          date(2018, 7, 31))
        for e in met
    ), [(e.action, e.location, e.date) for e in met]


def test_kitamura_and_kim_song_hye_attend_the_meeting(seed_003: Annotations) -> None:
    # the participant part of the test above: "the meeting was attended by Shigeru Kitamura ... and Kim
    # Song-hye": a passive's agents act
    (attended,) = _with(seed_003, "attend")
    assert set(attended.actors) == {"Shigeru Kitamura", "Kim Song-hye"}


def test_kim_yong_chols_delegation_flies_to_new_york_in_late_may(seed_003: Annotations) -> None:
    # "a high-level North Korean delegation that flew to New York in late May ... That delegation was led by
    # Kim Yong-chol": the delegation flew, and the article names who led it; North Korea did not fly
    (flew,) = _with(seed_003, "fly")
    assert flew.actors == ("Kim Yong-chol",)
    assert "North Korea" not in flew.actors
    assert flew.location == "New York"
    assert flew.date is not None and flew.date.source == "text"
    assert date(2018, 5, 1) <= flew.date.start <= flew.date.end <= date(2018, 5, 31)


def test_trump_and_kim_jong_un_summit_on_june_12(seed_003: Annotations) -> None:
    # "Trump said he raised the issue during his summit with Kim on June 12": "his" is Trump's
    summits = [e for e in _with(seed_003, "summit") if {"Donald Trump", "Kim Jong-un"} <= _people(e)]
    assert len(summits) == 1, [(e.actors, e.targets, e.date) for e in _with(seed_003, "summit")]
    (summit,) = summits
    assert summit.actors == ("Donald Trump",)
    assert summit.date is not None and (summit.date.value, summit.date.source) == ("2018-06-12", "text")


def test_resolved_descriptions_and_pronouns_are_the_text_they_claim() -> None:
    text = clean_text(seed("003").read_text(encoding="utf-8")).text
    p = parse(text)
    found = nominal_mentions(p, resolve_entities(p))
    assert found
    named = {m.canonical for m in resolve_entities(p).mentions}
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.canonical in named  # the dossier's own name for the entity


def test_north_koreas_release_of_a_japanese_man_names_both() -> None:
    # "North Korea's recent release of a Japanese man, Tomoyuki Sugimoto": whether the noun is an event of its
    # own is the event reader's business; who it names is the participants'
    text = clean_text(seed("003").read_text(encoding="utf-8")).text
    p = parse(text)
    index = with_nominals(p, resolve_entities(p))
    at = text.index("release of a Japanese man")
    release = next(t.i for t in p.tokens if t.start == at)
    named, patients = noun_roles(p, index, release)
    assert [m.canonical for m in named] == ["North Korea"]
    assert [m.canonical for q in patients for m in phrase_entities(p, index, q)] == ["Tomoyuki Sugimoto"]
