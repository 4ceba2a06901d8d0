"""TimeML event mentions: verbs, event nominals and predicative states, their class, tense, aspect, polarity and
modality, and how each becomes an event of the article (sentences written for these tests)."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from storyline.extract import annotate
from storyline.extract.nlp import parse
from storyline.extract.timeml import find_mentions
from storyline.model import Document, EventMention
from storyline.store import annotations_json


@cache
def mentions(text: str) -> dict[str, EventMention]:
    """The mentions of `text` by their word."""
    return {text[m.start : m.end]: m for m in find_mentions(parse(text))}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The summit in Singapore ended without an agreement.", "summit"),
        ("Talks between the two ministers resumed on Monday.", "Talks"),
        ("The launch of the rocket was delayed by heavy rain.", "launch"),
        ("The abductions shocked the whole country.", "abductions"),
        ("Residents fled after the explosion.", "explosion"),
    ],
)
def test_event_nominals_are_mentions(text: str, word: str) -> None:
    m = mentions(text)[word]
    assert m.cls == "OCCURRENCE" and m.tense == "NONE" and m.aspect == "NONE"


def test_nouns_naming_things_or_bodies_are_not_mentions() -> None:
    found = mentions("The government moved the station to a new building near the department.")
    assert set(found) == {"moved"}


def test_what_rises_or_falls_is_an_amount_not_an_event() -> None:
    found = mentions("Sales rose sharply after the merger, and talks resumed.")
    assert "Sales" not in found and {"merger", "talks", "rose", "resumed"} <= set(found)


def test_modifiers_and_connectives_are_not_mentions() -> None:
    found = mentions("According to the police, the proposed plan includes trading hours, including weekends.")
    assert not {"According", "proposed", "trading", "including", "includes"} & set(found)
    found = mentions("Families living near the plant discussed issues related to the spill.")
    assert not {"living", "related"} & set(found) and {"discussed", "spill"} <= set(found)


def test_auxiliaries_and_the_copula_are_not_mentions_its_predicate_is() -> None:
    found = mentions("The governor was furious because the talks had been cancelled.")
    assert "was" not in found and "had" not in found and "been" not in found
    assert found["furious"].cls == "STATE" and found["furious"].tense == "PAST"
    assert found["cancelled"].aspect == "PERFECTIVE"


def test_a_describing_adjective_after_be_is_no_state() -> None:
    assert "important" not in mentions("The vote is important for the region.")


@pytest.mark.parametrize(
    ("text", "word", "cls"),
    [
        ("The spokesman said the army withdrew.", "said", "REPORTING"),
        ("Villagers saw the soldiers in the market.", "saw", "PERCEPTION"),
        ("The workers began to build a wall.", "began", "ASPECTUAL"),
        ("The ministers want to meet again.", "want", "I_STATE"),
        ("The rebels tried to capture the airport.", "tried", "I_ACTION"),
        ("The rebels captured the airport.", "captured", "OCCURRENCE"),
        ("The family owns three hotels.", "owns", "STATE"),
        ("The company decided to close the plant.", "decided", "I_ACTION"),
    ],
)
def test_classes_are_lexical(text: str, word: str, cls: str) -> None:
    assert mentions(text)[word].cls == cls


def test_an_intensional_verb_without_an_event_argument_is_an_occurrence() -> None:
    assert mentions("Shares of the airline declined sharply.")["declined"].cls == "OCCURRENCE"
    assert mentions("The minister declined to comment.")["declined"].cls == "I_ACTION"


@pytest.mark.parametrize(
    ("text", "word", "tense", "aspect"),
    [
        ("The envoy arrived in Hanoi.", "arrived", "PAST", "NONE"),
        ("The envoy arrives in Hanoi.", "arrives", "PRESENT", "NONE"),
        ("The envoy will arrive in Hanoi.", "arrive", "FUTURE", "NONE"),
        ("The envoy has arrived in Hanoi.", "arrived", "PRESENT", "PERFECTIVE"),
        ("The envoy had arrived in Hanoi.", "arrived", "PAST", "PERFECTIVE"),
        ("The rebels are shelling the town.", "shelling", "PRESENT", "PROGRESSIVE"),
        ("The rebels have been shelling the town.", "shelling", "PRESENT", "PERFECTIVE_PROGRESSIVE"),
        ("The envoy hopes to arrive in Hanoi.", "arrive", "INFINITIVE", "NONE"),
        ("The bridge was destroyed by the storm.", "destroyed", "PAST", "NONE"),
    ],
)
def test_tense_and_aspect_come_from_the_verb_group(text: str, word: str, tense: str, aspect: str) -> None:
    m = mentions(text)[word]
    assert (m.tense, m.aspect) == (tense, aspect)


def test_polarity_and_modality_come_from_negation_and_modals() -> None:
    assert mentions("The company did not sell the factory.")["sell"].polarity == "NEG"
    assert mentions("The company sold the factory.")["sold"].polarity == "POS"
    attack = mentions("The army could attack the port.")["attack"]
    assert attack.modality == "could" and attack.polarity == "POS"
    assert mentions("The army would never attack the port.")["attack"].polarity == "NEG"
    assert mentions("There was no agreement on the border.")["agreement"].polarity == "NEG"


def test_a_slipped_lemma_is_read_off_the_inflection() -> None:
    # whatever the lemmatizer makes of "hoped", the class is that of "hope"
    assert mentions("The farmers hoped to sell their crops.")["hoped"].cls == "I_STATE"


def test_a_reporting_verb_and_its_cue_are_one_mention_pointing_to_the_attribution() -> None:
    text = "The ministry said on Tuesday that soldiers had seized the port."
    a = annotate(Document(id="t", text=text, published=date(2021, 3, 10)), parse(text))
    said = [e for e in a.events if e.trigger.text == "said"]
    assert len(said) == 1
    assert said[0].mention_class == "REPORTING" and not said[0].coded
    assert said[0].attribution is not None
    assert a.attributions[said[0].attribution].cue.start == said[0].trigger.start


def test_every_mention_becomes_an_event_and_only_coded_ones_are_happenings() -> None:
    text = "Police in Paris arrested Greenpeace activists after a rally on Sunday, and Mayor Anne Hidalgo could resign."
    a = annotate(Document(id="t", text=text, published=date(2021, 3, 10)), parse(text))
    by_word = {e.trigger.text: e for e in a.events}
    assert {"arrested", "rally", "resign"} <= set(by_word)
    assert by_word["arrested"].coded and by_word["arrested"].tense == "PAST"
    resign = by_word["resign"]
    assert not resign.coded and resign.modality == "could" and resign.date is None
    assert not by_word["rally"].coded and by_word["rally"].type in ("OTHER", "PROTEST")


def test_stored_annotations_keep_the_mention_fields_and_old_ones_still_load() -> None:
    text = "The ministry said that soldiers could seize the port."
    a = annotate(Document(id="t", text=text), parse(text))
    assert annotations_json.decode(annotations_json.encode(a)) == a
    old = annotations_json.encode(a)
    old["events"] = [e[:10] for e in old["events"]]  # as stored before the TimeML fields
    back = annotations_json.decode(old)
    assert all(e.coded and e.mention_class == "OCCURRENCE" for e in back.events)


def test_event_json_carries_the_timeml_fields() -> None:
    text = "The envoy will not arrive in Hanoi."
    a = annotate(Document(id="t", text=text), parse(text))
    arrive = next(e for e in a.events if e.trigger.text == "arrive").to_json()
    assert (arrive["class"], arrive["tense"], arrive["polarity"]) == ("OCCURRENCE", "FUTURE", "NEG")


def test_every_asserted_event_with_a_participant_becomes_a_timeline_item_a_possible_one_does_not() -> None:
    from storyline.resolve.entities import MemoryRegistry
    from storyline.resolve.facts import resolve_document
    from storyline.resolve.timeline import MemoryTimeline

    text = "Police in Paris arrested Greenpeace activists on Sunday, and Mayor Anne Hidalgo said she could resign."
    a = annotate(Document(id="t", text=text, published=date(2021, 3, 10)), parse(text))
    uncoded = [e for e in a.events if not e.coded and (e.actors or e.targets)]
    assert uncoded  # "said" and "resign" have Anne Hidalgo as actor
    facts = resolve_document(a, MemoryRegistry(), MemoryTimeline())
    placed = {r.event.trigger.text for r in facts.events if r.item_id is not None}
    assert placed == {"arrested", "said"}  # "could resign" is only possible
