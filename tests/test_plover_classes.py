"""PLOVER categories that generalize: the military vocabulary, synonyms the first table lacked, event nouns
made from coded verbs and verbs read by their nouns, and the mode. Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.events_lexicon import lexicon, noun_forms, verb_stems
from storyline.model import Annotations, Document, Event, Span
from storyline.store.annotations_json import decode, encode
from tests.test_events import events

GPE = "GPE"
NORP = "NORP"
PERSON = "PERSON"
KOREAS = (("North Korean", NORP, "North Korea"), ("South Korean", NORP, "South Korea"))


def coded(found: list[Event], type_: str) -> Event:
    matching = [e for e in found if e.type == type_]
    assert matching, [(e.type, e.action) for e in found]
    return matching[0]


# ---- the military cases: weapons tests are shows of force, clashes are fights, seizures are coercion -------


def test_a_hyphenated_test_firing_verb_is_a_show_of_force() -> None:
    text = "North Korea test-fired two ballistic missiles into the sea on Tuesday."
    e = coded(events(text, ("North Korea", GPE, "North Korea")), "MOBILIZE")
    assert (e.action, e.mode, e.actors) == ("test-fire", "weapons", ("North Korea",))


def test_overseeing_a_test_firing_is_the_overseers_show_of_force() -> None:
    text = "Kim Jong Un oversaw the test-firing of a new cruise missile."
    e = coded(events(text, ("Kim Jong Un", PERSON, "Kim Jong Un")), "MOBILIZE")
    assert (e.mode, e.actors) == ("weapons", ("Kim Jong Un",))


def test_guiding_a_missile_launch_is_a_show_of_force() -> None:
    text = "Kim Jong Un guided a missile launch on Sunday."
    assert coded(events(text, ("Kim Jong Un", PERSON, "Kim Jong Un")), "MOBILIZE").mode == "weapons"


def test_a_rocket_launch_and_a_nuclear_test_are_shows_of_force() -> None:
    launch = "Pyongyang launched a short-range rocket off its east coast."
    assert coded(events(launch, ("Pyongyang", GPE, "North Korea")), "MOBILIZE").mode == "weapons"
    test = "The regime conducted its third nuclear test in February, Seoul said."
    found = events(test, ("Seoul", GPE, "South Korea"), ("The regime", "ORG", "North Korea"))
    assert coded(found, "MOBILIZE").action == "test"


def test_an_exchange_of_fire_is_a_fight() -> None:
    text = "North Korean and South Korean patrol boats exchanged fire near the island on Friday."
    e = coded(events(text, *KOREAS), "FIGHT")
    assert (e.action, e.mode) == ("exchange", "firearms")
    traded = "South Korean troops traded gunfire with North Korean soldiers across the border."
    assert coded(events(traded, *KOREAS), "FIGHT").targets == ("North Korea",)


def test_shelling_and_its_noun_are_fights() -> None:
    verb = "North Korean artillery shelled the island of Yeonpyeong."
    assert coded(events(verb, *KOREAS), "FIGHT").mode == "heavy-weapons"
    noun = "Kenya's shelling of the border town went on for days."
    e = coded(events(noun, ("Kenya", GPE, "Kenya")), "FIGHT")
    assert (e.action, e.actors) == ("shelling", ("Kenya",))


def test_sinking_a_warship_is_a_fight() -> None:
    torpedoed = "A North Korean submarine torpedoed a South Korean corvette."
    assert coded(events(torpedoed, *KOREAS), "FIGHT").action == "torpedo"
    sank = "A North Korean submarine sank a South Korean frigate."
    assert coded(events(sank, *KOREAS), "FIGHT").action == "sink"


def test_an_infiltration_is_a_fight() -> None:
    text = "North Korean commandos infiltrated South Korea near the coast."
    found = events(text, ("North Korean", NORP, "North Korea"), ("South Korea", GPE, "South Korea"))
    e = coded(found, "FIGHT")
    assert (e.actors, e.targets) == (("North Korea",), ("South Korea",))


def test_seizing_a_ship_is_coercion_and_seizing_a_town_a_fight() -> None:
    ship = "The Iranian navy seized a British tanker in the strait."
    e = coded(events(ship, ("Iranian", NORP, "Iran"), ("British", NORP, "United Kingdom")), "COERCE")
    assert (e.mode, e.targets) == ("seize", ("United Kingdom",))
    town = "Rebel fighters seized the town of Goma from Congo."
    assert coded(events(town, ("Goma", GPE, "Goma"), ("Congo", GPE, "Congo")), "FIGHT")


def test_detentions_are_coercion_with_the_arrest_mode() -> None:
    verb = "Chinese authorities detained two Canadian citizens."
    e = coded(events(verb, ("Chinese", NORP, "China"), ("Canadian", NORP, "Canada")), "COERCE")
    assert (e.action, e.mode, e.targets) == ("detain", "arrest", ("Canada",))
    custody = "Police took the Kenyan journalists into custody."
    assert coded(events(custody, ("Kenyan", NORP, "Kenya")), "COERCE").mode == "arrest"


# ---- categories through synonyms the first table did not have ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Hungary extolled the new treaty with Austria.", "SUPPORT"),
        ("Egypt beseeched Ethiopia to halt the dam.", "DEMAND"),
        ("Serbia lambasted Kosovo over the new tariffs.", "DISAPPROVE"),
        ("Turkey brushed aside the Greek proposal.", "REJECT"),
        ("Colombian rebels snatched two engineers near the town.", "ASSAULT"),
        ("Mali disbanded the militia in the north.", "RETREAT"),
        ("Japan airlifted food and tents to Haiti.", "AID"),
        ("Israel razed the houses near Hebron.", "COERCE"),
        ("Cuba incarcerated the dissidents.", "COERCE"),
        ("Nepal parleyed with the Maoist rebels in Kathmandu.", "CONSULT"),
        ("Moscow amassed troops on the Ukrainian border.", "MOBILIZE"),
        ("Britain ostracized the Russian envoy.", "SANCTION"),
        ("Zambia scrutinized the mining contracts of Chinese firms.", "INVESTIGATE"),
        ("Sudan acquiesced to the demands of the United Nations.", "CONCEDE"),
        ("Miners in Chile downed tools over pay.", "PROTEST"),
    ],
)
def test_a_synonym_codes_its_category(text: str, category: str) -> None:
    names = [(w, GPE, w) for w in text.replace(".", "").split() if w[0].isupper() and w not in ("The", "Miners")]
    names += [(w, NORP, w) for w in ("Greek", "Maoist", "Ukrainian", "Russian", "Chinese", "Colombian")]
    found = events(text, *[n for n in names if n[0] in text])
    assert category in {e.type for e in found}, [(e.type, e.action) for e in found]


def test_a_verb_the_tables_lack_is_read_by_its_noun() -> None:
    lex = lexicon()
    assert "assassinate" in lex.patterns  # the table's verb
    assert lex.verbal("abduct") is None  # a verb the table has is not guessed
    assert "kidnapping" in lex.nouns and "kidnap" in lex.patterns
    assert lex.verbal("massacre") is None  # in the table
    assert lex.verbal("hear") is None  # "hearing" is no investigation of the hearer
    assert "spearhead" not in lex.patterns and lex.verbal("spearhead") is None  # no eventive noun


def test_suffix_derived_nouns_find_their_verbs() -> None:
    assert "infiltrate" in verb_stems("infiltration")
    assert "seize" in verb_stems("seizure")
    assert "stab" in verb_stems("stabbing")
    assert "expel" in verb_stems("expulsion")
    assert "occupy" in verb_stems("occupation")
    lex = lexicon()
    assert lex.deverbal("infiltration") == ("FIGHT", None)
    assert lex.deverbal("stabbing") == ("ASSAULT", "primitive")
    assert lex.deverbal("opposition") is None  # the party, not the opposing
    assert lex.deverbal("building") is None
    assert "kidnapping" in noun_forms("kidnap") and "condemnation" in noun_forms("condemn")


def test_a_class_entry_names_the_noun_by_its_modifier() -> None:
    lex = lexicon()
    assert lex.class_noun("launch", ("rocket",), ()) == "@weapon launch"
    assert lex.class_noun("launch", (), ("missile",)) == "launch of @weapon"
    assert lex.class_noun("launch", ("product",), ("phone",)) is None


def test_context_words_are_no_modes() -> None:
    lex = lexicon()
    share = next(p for p in lex.patterns["share"] if p.obj == "@information")
    assert share.category == "COOPERATE" and share.mode is None  # "intelligence" is PLOVER's context
    assert next(p for p in lex.patterns["arrest"]).mode == "arrest"


def test_the_mode_is_in_the_json_and_survives_the_store() -> None:
    text = "Police in Lagos arrested three Ghanaian traders."
    e = coded(events(text, ("Lagos", GPE, "Lagos"), ("Ghanaian", NORP, "Ghana")), "COERCE")
    assert e.to_json()["mode"] == "arrest"
    doc = Document(id="d1", text=text, url="https://example.org/a", published=date(2021, 3, 10))
    a = Annotations(document=doc, events=(e,))
    assert decode(encode(a)).events[0].mode == "arrest"
    older = encode(a)
    older["events"] = [row[:10] for row in older["events"]]  # a form stored before events had a mode
    assert decode(older).events[0].mode is None


def test_an_event_without_a_mode_says_so() -> None:
    e = Event("AGREE", "agree", Span(0, 5, "agree"), Span(0, 5, "agree"))
    assert e.to_json()["mode"] is None


def test_an_intention_may_govern_a_gerund_after_to() -> None:
    text = "Bolivia remains committed to negotiating with Chile."
    e = coded(events(text, ("Bolivia", GPE, "Bolivia"), ("Chile", GPE, "Chile")), "AGREE")
    assert (e.actors, e.targets) == (("Bolivia",), ("Chile",))


def test_an_engine_test_is_a_show_of_force_only_for_a_state() -> None:
    state = "North Korea tested a high-thrust engine at its launch site."
    assert coded(events(state, ("North Korea", GPE, "North Korea")), "MOBILIZE").mode == "weapons"
    firm = "Rolls-Royce tested a new engine in Derby."
    assert "MOBILIZE" not in {e.type for e in events(firm, ("Rolls-Royce", "ORG", "Rolls-Royce"), ("Derby", GPE, "Derby"))}


def test_rounds_fired_into_the_sea_show_force_and_at_a_place_fight() -> None:
    sea = "North Korean guns fired artillery rounds into the sea."
    assert coded(events(sea, *KOREAS), "MOBILIZE").mode == "weapons"
    island = "North Korean guns fired artillery rounds at the South Korean island."
    assert coded(events(island, *KOREAS), "FIGHT").mode == "heavy-weapons"


def test_intercepting_a_drone_and_crossing_the_line_are_fights() -> None:
    drone = "South Korea intercepted a North Korean drone."
    found = events(drone, ("South Korea", GPE, "South Korea"), ("North Korean", NORP, "North Korea"))
    assert coded(found, "FIGHT").targets == ("North Korea",)
    line = "North Korean troops crossed the demarcation line."
    assert coded(events(line, *KOREAS), "FIGHT").actors == ("North Korea",)


def test_strikes_conducted_are_military_and_strikes_held_are_protests() -> None:
    military = "Israel conducted strikes on Hezbollah positions in Lebanon."
    found = events(military, ("Israel", GPE, "Israel"), ("Hezbollah", "ORG", "Hezbollah"), ("Lebanon", GPE, "Lebanon"))
    assert coded(found, "FIGHT").actors == ("Israel",)
    labour = "Dock workers held a strike in Busan."
    assert coded(events(labour, ("Busan", GPE, "Busan")), "PROTEST").mode == "strike"


def test_a_state_testing_a_weapon_system_shows_force_and_a_launch_is_an_event() -> None:
    system = "North Korea tested a new air defense system."
    assert coded(events(system, ("North Korea", GPE, "North Korea")), "MOBILIZE").mode == "weapons"
    product = "Apple launched a new phone in California."
    found = events(product, ("Apple", "ORG", "Apple"), ("California", GPE, "California"))
    assert [(e.type, e.action) for e in found] == [("OTHER", "launch")]
