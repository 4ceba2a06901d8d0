"""Events' participants through descriptions and pronouns resolved in the article (`extract.nominals`): one
test per rule, on sentences written for these tests."""

from __future__ import annotations

from datetime import date
from functools import cache

from storyline.extract.entities import resolve_entities
from storyline.extract.events import find_events
from storyline.extract.nlp import parse
from storyline.extract.nominals import nominal_mentions
from storyline.model import Event, Mention

PUB = date(2021, 3, 10)


@cache
def _read(text: str) -> tuple[list[Mention], list[Event]]:
    p = parse(text)
    index = resolve_entities(p)
    return nominal_mentions(p, index), find_events(p, index, [], PUB)


def resolved(text: str) -> dict[str, str]:
    """What each resolved phrase stands for, by its text (the last one of a text wins)."""
    return {m.text: m.canonical for m in _read(text)[0]}


def event(text: str, action: str) -> Event:
    found = [e for e in _read(text)[1] if e.action == action]
    assert len(found) == 1, [(e.action, e.actors, e.targets) for e in _read(text)[1]]
    return found[0]


def test_an_age_is_the_person_introduced_with_it_before_a_more_recent_one() -> None:
    text = ("Police in Oslo said Ingrid Dahl, 42, had been missing since March. Officers later questioned her "
            "neighbour Tomas Berg. The 42-year-old arrived in Bergen on Friday.")
    assert resolved(text)["42-year-old"] == "Ingrid Dahl"
    # the parser hangs "The 42-year-old" on the verb as modifiers; it is still the subject
    assert event(text, "arrive").actors == ("Ingrid Dahl",)


def test_an_age_nobody_was_introduced_with_is_the_most_recent_person() -> None:
    text = ("Police in Oslo said Ingrid Dahl had been missing since March. Officers later questioned her "
            "neighbour Tomas Berg. The 42-year-old arrived in Bergen on Friday.")
    assert event(text, "arrive").actors == ("Tomas Berg",)


def test_a_description_is_the_person_introduced_with_that_noun() -> None:
    text = ("A Dutch engineer, Pieter Smit, was held in Caracas for a month. Venezuelan officials met Spanish "
            "envoy Luis Ortega on Monday. The engineer arrived in Madrid on Tuesday.")
    assert event(text, "arrive").actors == ("Pieter Smit",)


def test_a_description_is_never_the_reporter() -> None:
    text = "Omar Said left Cairo in May. Reporter Jane Fox met him in Paris. The 30-year-old arrived in Rome on Monday."
    assert event(text, "arrive").actors == ("Omar Said",)


def test_a_description_is_never_the_subject_of_the_clause_that_reports_it() -> None:
    text = "Omar Said met reporters in Cairo. Jane Fox said the 30-year-old left Egypt in May."
    assert event(text, "leave").actors == ("Omar Said",)


def test_a_title_is_only_a_person_who_holds_it() -> None:
    text = ("Chinese Foreign Minister Wang Yi met Japanese officials in Tokyo on Monday. Lee Min-ho greeted them. "
            "The minister arrived in Seoul on Tuesday.")
    assert event(text, "arrive").actors == ("Wang Yi",)


def test_the_government_is_the_country_that_owns_the_sentences_subject_not_a_place() -> None:
    text = ("Speaking in Madrid, Cuba's foreign minister said on Monday that the government had freed two Spanish "
            "fishermen.")
    freed = event(text, "free")
    assert freed.actors == ("Cuba",)


def test_the_government_is_the_country_of_the_sentence_before() -> None:
    text = "Kenya's president flew to Nairobi on Monday. The government arrested three Somali fishermen."
    assert event(text, "arrest").actors == ("Kenya",)


def test_a_passive_agent_described_is_resolved_and_the_subject_is_the_target() -> None:
    text = "The Daily Clarion said Harlan Industries hid the losses. The paper was sued by the firm a week later."
    sued = event(text, "sue")
    # "the paper": the news organisation; "the firm": the company, not the paper
    assert (sued.actors, sued.targets) == (("Harlan Industries",), ("Daily Clarion",))


def test_the_company_is_the_last_company_and_the_reported_clause_has_its_own_actor() -> None:
    text = "Acme Corp cut its forecast on Monday. Reuters reported that the company had fired its chief executive."
    assert resolved(text)["company"] == "Acme Corp"
    fired = event(text, "fire")
    assert fired.actors == ("Acme Corp",)  # not Reuters, which reports it
    assert [m.canonical for m in _read(text)[0] if m.text == "its"] == ["Acme Corp", "Acme Corp"]


def test_the_ministry_is_the_organisation_with_that_word_in_its_name() -> None:
    text = "The Ministry of Health in Lima hired Dr. Ana Rojas. Two days later the ministry fired her."
    assert event(text, "fire").actors == ("Ministry of Health",)


def test_a_group_is_its_leader_named_in_the_phrase_or_in_a_later_that_group() -> None:
    assert event("A Chilean delegation led by Ana Rojas arrived in Lima on Monday.", "arrive").actors == (
        "Ana Rojas",
    )
    text = ("A Chilean delegation arrived in Lima on Monday to meet Peruvian officials. That delegation was led "
            "by Ana Rojas, a deputy foreign minister.")
    assert event(text, "arrive").actors == ("Ana Rojas",)


def test_his_is_the_person_before_it() -> None:
    meeting = event("Macron said he discussed trade during his meeting with Scholz in Berlin.", "meeting")
    assert (meeting.actors, meeting.targets) == (("Macron",), ("Scholz",))


def test_the_possessor_of_an_event_noun_acts_and_its_stands_for_the_country() -> None:
    first = "North Korea's release of two American missionaries surprised Washington."
    assert event(first, "release").actors == ("North Korea",)
    text = first + " Pyongyang announced its release of the missionaries on Friday."
    assert resolved(text)["its"] == "North Korea"


def test_their_after_a_plural_noun_stands_for_no_named_group() -> None:
    text = "Egyptian police arrested the protesters and seized their phones."
    assert "their" not in resolved(text)


def test_he_as_a_subject_is_the_person_named_before() -> None:
    text = "Omar Said left Cairo in May. He arrived in Rome on Monday."
    assert event(text, "arrive").actors == ("Omar Said",)


# ---- other participants (`extract.events_participants`), "it" and "they", products --------------------------


def test_the_names_of_an_events_phrase_take_part_but_a_name_that_only_qualifies_another_noun_does_not() -> None:
    text = ("Orbital Freight won an order from Nordwind Airways for the Skyline 900 on Tuesday. "
            "Analysts praised the deal at a Nordwind Airways hangar.")
    won = event(text, "win")
    assert won.actors == ("Orbital Freight",) and "Nordwind Airways" in won.targets + won.participants
    praised = event(text, "praise")
    assert "Nordwind Airways" not in praised.actors + praised.targets + praised.participants


def test_an_event_noun_that_a_verb_did_takes_the_verbs_doer() -> None:
    text = "Castell Motors announced job cuts on Monday."
    assert "Castell Motors" in event(text, "cut").participants


def test_it_and_they_as_subjects_are_the_organisation_or_product_before_unless_it_stands_for_nothing() -> None:
    text = ("Castell Motors reported record sales on Monday. It said demand was strong. "
            "It is expected that shares will rise.")
    assert resolved(text).get("It") == "Castell Motors"
    said = [e for e in _read(text)[1] if e.action == "say"]
    assert said and said[0].actors == ("Castell Motors",)
    assert all(not e.actors for e in _read(text)[1] if e.action == "expect")


def test_a_definite_event_noun_names_the_event_told_before() -> None:
    text = "Castell Motors delivered the first trucks to Hanse Logistik on Monday. The delivery was late."
    events = _read(text)[1]
    delivered = next(k for k, e in enumerate(events) if e.action == "deliver")
    assert event(text, "delivery").refers_to == delivered


def test_a_noun_naming_another_of_the_kind_names_no_event_told_before() -> None:
    text = "Castell Motors recalled 400 trucks on Monday. It was the second such recall this year."
    recalls = [e for e in _read(text)[1] if e.action == "recall"]
    assert len(recalls) == 2 and all(e.refers_to is None for e in recalls)
