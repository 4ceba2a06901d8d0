"""Events: PLOVER categories, actors and targets, place and date from the event's own clause."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean.plaintext import clean_text
from storyline.extract.entities import resolve_entities
from storyline.extract.events import find_events
from storyline.extract.events_lexicon import CATEGORIES, NONE, OTHER, lexicon
from storyline.extract.mentions import EntityIndex
from storyline.extract.nlp import parse
from storyline.extract.nominals import with_nominals
from storyline.extract.parsed import Parsed
from storyline.model import Attribution, Event, Mention, Source, Span, Timex
from tests.conftest import seed

PUB = date(2021, 3, 10)  # a Wednesday


@cache
def parsed(text: str) -> Parsed:
    return parse(text)


def entities(text: str, *names: tuple[str, str, str]) -> EntityIndex:
    """An index of hand-made mentions: (surface, type, canonical), every occurrence of the surface."""
    out = []
    for surface, type_, canonical in names:
        at = text.find(surface)
        while at >= 0:
            out.append(Mention(at, at + len(surface), surface, type_, canonical))
            at = text.find(surface, at + len(surface))
    return EntityIndex(out)


def timex(text: str, phrase: str, value: str, first: date, last: date) -> Timex:
    at = text.index(phrase)
    return Timex(at, at + len(phrase), phrase, "DATE", value, None, (first, last))


def events(
    text: str,
    *names: tuple[str, str, str],
    timexes: tuple[Timex, ...] = (),
    published: date | None = PUB,
    attributions: tuple[Attribution, ...] = (),
) -> list[Event]:
    return coded(find_events(parsed(text), entities(text, *names), timexes, published, attributions))


def coded(found: list[Event]) -> list[Event]:
    """The events the PLOVER reading coded (what these tests are about); the article's other TimeML event
    mentions come as uncoded events, tested in test_timeml.py."""
    return [e for e in found if e.coded]


def one(found: list[Event], type_: str) -> Event:
    matching = [e for e in found if e.type == type_]
    assert len(matching) == 1, [(e.type, e.action) for e in found]
    return matching[0]


GPE = "GPE"
NORP = "NORP"
WEEK = (PUB - timedelta(days=7), PUB)


# ---- the seed article --------------------------------------------------------------------------------------

SEED_PUBLISHED = date(2018, 8, 29)


def _report(text: str, content: str, source: str, cue: str) -> Attribution:
    start = text.index(content)
    cue_at = text.rfind(cue, 0, start)
    if cue_at < 0:  # "..., The Washington Post reported"
        cue_at = text.index(cue, start)
    src_at = text.rindex(source, 0, cue_at)
    return Attribution(
        content=Span.of(text, start, start + len(content)),
        kind="report",
        cue=Span.of(text, cue_at, cue_at + len(cue)),
        source=Source(src_at, src_at + len(source), source, source, "ORG"),
    )


@pytest.fixture(scope="module")
def seed_article() -> tuple[str, EntityIndex, list[Attribution], list[Event]]:
    text = clean_text(seed("003").read_text(encoding="utf-8")).text
    p = parsed(text)
    index = resolve_entities(p)
    north = text.index("the North in the 1970s") + len("the ")
    if not any(m.canonical == "North Korea" for m in index.overlapping(north, north + 5)):
        # in-article resolution names "the North"; keep this test to what events do with it
        index = EntityIndex([*index.mentions, Mention(north, north + 5, "North", "GPE", "North Korea")])
    from storyline.time import find_timexes

    timexes = find_timexes(text, SEED_PUBLISHED)
    attributions = [
        _report(
            text,
            "North Korea and Japan met secretly in Vietnam last month without informing the United States",
            "The Washington Post",
            "reported",
        ),
        _report(
            text,
            "the government had released the Japanese detainee",
            "Korean Central News Agency",
            "reported",
        ),
        _report(text, "the 39-year-old arrived in Tokyo on Tuesday via Beijing", "Kyodo", "reported"),
    ]
    return text, index, attributions, coded(find_events(p, index, timexes, SEED_PUBLISHED, attributions))


def test_seed_secret_meeting_is_a_consultation_in_vietnam_last_month(
    seed_article: tuple[str, EntityIndex, list[Attribution], list[Event]],
) -> None:
    _, _, _, found = seed_article
    met = next(e for e in found if e.action == "meet")
    assert met.type == "CONSULT"
    assert {"North Korea", "Japan"} <= set(met.actors)
    assert met.location == "Vietnam"
    assert met.date is not None and met.date.source == "text"
    assert (met.date.value, met.date.start, met.date.end) == ("2018-07", date(2018, 7, 1), date(2018, 7, 31))
    assert met.attribution == 0


def test_seed_release_is_a_retreat_attributed_to_the_kcna_report(
    seed_article: tuple[str, EntityIndex, list[Attribution], list[Event]],
) -> None:
    _, _, _, found = seed_article
    released = next(e for e in found if e.action == "release" and e.trigger.text == "released")
    assert released.type == "RETREAT"
    assert released.attribution == 1
    assert released.date is None  # "had released": past perfect, no publication-week guess


def test_seed_arrival_in_tokyo_on_tuesday_attributed_to_kyodo(
    seed_article: tuple[str, EntityIndex, list[Attribution], list[Event]],
) -> None:
    _, _, _, found = seed_article
    arrived = next(e for e in found if e.action == "arrive")
    assert arrived.type == "OTHER"
    assert arrived.location == "Tokyo"
    assert arrived.date is not None and arrived.date.value == "2018-08-28" and arrived.date.source == "text"
    assert arrived.attribution == 2


def test_seed_abductions_by_the_north_in_the_1970s(
    seed_article: tuple[str, EntityIndex, list[Attribution], list[Event]],
) -> None:
    _, _, _, found = seed_article
    kidnapped = next(e for e in found if e.action == "kidnap")
    assert kidnapped.type == "ASSAULT"
    assert kidnapped.actors == ("North Korea",)
    assert kidnapped.date is not None and kidnapped.date.value == "197X"
    assert (kidnapped.date.start, kidnapped.date.end) == (date(1970, 1, 1), date(1979, 12, 31))


def test_seed_participants_and_places_come_from_the_events_own_sentence(
    seed_article: tuple[str, EntityIndex, list[Attribution], list[Event]],
) -> None:
    text, index, _, found = seed_article
    # a participant is named in the sentence, or is what a description or possessive there stands for
    index = with_nominals(parsed(text), index)
    assert found
    for e in found:
        assert e.sentence.start <= e.trigger.start < e.trigger.end <= e.sentence.end
        named = {m.canonical for m in index.overlapping(e.sentence.start, e.sentence.end)}
        for name in (*e.actors, *e.targets):
            assert name in named, (e.action, name, e.sentence.text)
        # a place is named there too, or is the place of an earlier event this one names again
        # ("the meeting was attended by ..." after "met in Vietnam")
        told = {f.location for f in found if f.trigger.start < e.trigger.start}
        assert e.location is None or e.location in named or e.location in told, (e.action, e.location)


def test_seed_reporting_verbs_are_not_events(
    seed_article: tuple[str, EntityIndex, list[Attribution], list[Event]],
) -> None:
    _, _, _, found = seed_article
    assert not {"report", "say", "tell"} & {e.action for e in found}


# ---- categories ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names", "category"),
    [
        ("Gunmen kidnapped two Italian engineers in Lagos.", [("Italian", NORP, "Italy")], "ASSAULT"),
        (
            "Iran released the British sailors.",
            [("Iran", GPE, "Iran"), ("British", NORP, "United Kingdom")],
            "RETREAT",
        ),
        (
            "Russia admitted its mistake to Finland.",
            [("Russia", GPE, "Russia"), ("Finland", GPE, "Finland")],
            "CONCEDE",
        ),
        (
            "Serbian police arrested the Albanian activists.",
            [("Serbian", NORP, "Serbia"), ("Albanian", NORP, "Albania")],
            "COERCE",
        ),
        (
            "The European Union imposed sanctions on Belarus.",
            [("The European Union", "ORG", "European Union"), ("Belarus", GPE, "Belarus")],
            "SANCTION",
        ),
        (
            "Egyptian police opened fire on the crowd in Cairo.",
            [("Egyptian", NORP, "Egypt"), ("Cairo", GPE, "Cairo")],
            "FIGHT",
        ),
        (
            "Amnesty International called for an inquiry.",
            [("Amnesty International", "ORG", "Amnesty International")],
            "DEMAND",
        ),
        (
            "Sweden condemned the executions in Iran.",
            [("Sweden", GPE, "Sweden"), ("Iran", GPE, "Iran")],
            "DISAPPROVE",
        ),
        ("Thousands of students demonstrated in Santiago.", [("Santiago", GPE, "Santiago")], "PROTEST"),
        (
            "Canada provided humanitarian aid to Haiti.",
            [("Canada", GPE, "Canada"), ("Haiti", GPE, "Haiti")],
            "AID",
        ),
        (
            "Spain praised Portugal for its reforms.",
            [("Spain", GPE, "Spain"), ("Portugal", GPE, "Portugal")],
            "SUPPORT",
        ),
        (
            "France and Germany signed a trade agreement in Berlin.",
            [("France", GPE, "France"), ("Germany", GPE, "Germany"), ("Berlin", GPE, "Berlin")],
            "SUPPORT",
        ),
        (
            "Chile rejected the Bolivian proposal.",
            [("Chile", GPE, "Chile"), ("Bolivian", NORP, "Bolivia")],
            "REJECT",
        ),
        (
            "Greek prosecutors investigated the Turkish shipping company.",
            [("Greek", NORP, "Greece"), ("Turkish", NORP, "Turkey")],
            "INVESTIGATE",
        ),
        (
            "India deployed troops along the Chinese border.",
            [("India", GPE, "India"), ("Chinese", NORP, "China")],
            "MOBILIZE",
        ),
        (
            "The Thai prime minister apologized to Cambodia.",
            [("Thai", NORP, "Thailand"), ("Cambodia", GPE, "Cambodia")],
            "SUPPORT",
        ),
        (
            "The Chilean ambassador died in Lima.",
            [("Chilean", NORP, "Chile"), ("Lima", GPE, "Lima")],
            "OTHER",
        ),
    ],
)
def test_verb_patterns_give_plover_categories(
    text: str, names: list[tuple[str, str, str]], category: str
) -> None:
    found = events(text, *names)
    assert category in {e.type for e in found}, [(e.type, e.action) for e in found]


def test_light_verb_takes_the_category_of_its_noun_and_the_noun_is_the_trigger() -> None:
    text = "Iran and the United States held talks in Oman."
    e = one(
        events(
            text, ("Iran", GPE, "Iran"), ("the United States", GPE, "United States"), ("Oman", GPE, "Oman")
        ),
        "CONSULT",
    )
    assert (e.trigger.text, e.action) == ("talks", "talk")
    assert set(e.actors) == {"Iran", "United States"}
    assert e.location == "Oman"


def test_eventive_subject_of_a_verb_of_occurring() -> None:
    text = "Fighting broke out in Tripoli."
    e = one(events(text, ("Tripoli", GPE, "Tripoli")), "FIGHT")
    assert e.location == "Tripoli"


def test_statement_use_of_an_event_verb_is_no_event() -> None:
    text = "The Japanese embassy released a statement in Seoul."
    found = events(text, ("Japanese", NORP, "Japan"), ("Seoul", GPE, "Seoul"))
    assert not any(e.type == "RETREAT" for e in found)


# ---- actors and targets -------------------------------------------------------------------------------------


def test_passive_by_agent_is_the_actor_and_subject_the_target() -> None:
    text = "Three Canadian tourists were detained by Iranian police on Monday."
    monday = timex(text, "Monday", "2021-03-08", date(2021, 3, 8), date(2021, 3, 8))
    e = one(
        events(text, ("Canadian", NORP, "Canada"), ("Iranian", NORP, "Iran"), timexes=(monday,)), "COERCE"
    )
    assert e.actors == ("Iran",)
    assert e.targets == ("Canada",)
    assert e.date is not None and (e.date.value, e.date.source) == ("2021-03-08", "text")


def test_coordinated_subjects_are_all_actors_and_met_with_gives_the_target() -> None:
    text = "The Chinese foreign minister and a Russian envoy met with Kenyan officials in Nairobi."
    e = one(
        events(
            text,
            ("Chinese", NORP, "China"),
            ("Russian", NORP, "Russia"),
            ("Kenyan", NORP, "Kenya"),
            ("Nairobi", GPE, "Nairobi"),
        ),
        "CONSULT",
    )
    assert set(e.actors) == {"China", "Russia"}
    assert e.targets == ("Kenya",)
    assert e.location == "Nairobi"


def test_coordinated_verbs_share_their_subject() -> None:
    text = "Egyptian police arrested the protesters and seized their phones."
    found = events(text, ("Egyptian", NORP, "Egypt"))
    assert [(e.action, e.actors) for e in found] == [("arrest", ("Egypt",)), ("seize", ("Egypt",))]


def test_relative_pronoun_stands_for_the_noun_it_modifies() -> None:
    text = "Vietnam condemned China, which deployed warships near the Paracel Islands on Friday."
    friday = timex(text, "Friday", "2021-03-05", date(2021, 3, 5), date(2021, 3, 5))
    found = events(
        text,
        ("Vietnam", GPE, "Vietnam"),
        ("China", GPE, "China"),
        ("the Paracel Islands", "LOC", "Paracel Islands"),
        timexes=(friday,),
    )
    condemned, deployed = one(found, "DISAPPROVE"), one(found, "MOBILIZE")
    assert (condemned.actors, condemned.targets) == (("Vietnam",), ("China",))
    assert deployed.actors == ("China",)
    assert deployed.location == "Paracel Islands"


def test_pronoun_subject_of_reported_speech_is_the_reporter() -> None:
    text = "Hungary said it will support the resolution."
    e = one(events(text, ("Hungary", GPE, "Hungary")), "AGREE")
    assert e.actors == ("Hungary",)


def test_an_actor_never_comes_from_another_sentence() -> None:
    text = "Japan protested on Monday. They later recalled the ambassador from Seoul to Osaka."
    found = events(text, ("Japan", GPE, "Japan"), ("Seoul", GPE, "Seoul"), ("Osaka", GPE, "Osaka"))
    recalled = next(e for e in found if e.action == "recall")
    assert recalled.actors == ()
    assert "Japan" not in recalled.targets


def test_subject_of_an_agreed_action_comes_from_the_governing_verb() -> None:
    text = "North Korea agreed to resume talks with South Korea."
    found = events(text, ("North Korea", GPE, "North Korea"), ("South Korea", GPE, "South Korea"))
    assert [(e.type, e.action) for e in found] == [("AGREE", "agree")]
    assert (found[0].actors, found[0].targets) == (("North Korea",), ("South Korea",))


def test_a_noun_naming_its_participants_is_an_event_dated_only_by_its_own_time() -> None:
    text = "Donald Trump's meeting with Kim Jong Un in Singapore on June 12 surprised Japan."
    june = timex(text, "June 12", "2018-06-12", date(2018, 6, 12), date(2018, 6, 12))
    found = events(
        text,
        ("Donald Trump", "PERSON", "Donald Trump"),
        ("Kim Jong Un", "PERSON", "Kim Jong Un"),
        ("Singapore", GPE, "Singapore"),
        ("Japan", GPE, "Japan"),
        timexes=(june,),
    )
    e = one(found, "CONSULT")
    assert (e.trigger.text, e.actors, e.targets, e.location) == (
        "meeting",
        ("Donald Trump",),
        ("Kim Jong Un",),
        "Singapore",
    )
    assert e.date is not None and e.date.value == "2018-06-12"


def test_a_noun_only_described_by_a_nationality_is_a_reference_not_an_event() -> None:
    text = "Serbia rejected an Australian ultimatum on Thursday."
    found = events(text, ("Serbia", GPE, "Serbia"), ("Australian", NORP, "Australia"))
    assert [e.type for e in found] == ["REJECT"]


def test_readiness_adjective_governs_an_intention() -> None:
    text = "Syria is willing to withdraw its troops from Lebanon."
    e = one(events(text, ("Syria", GPE, "Syria"), ("Lebanon", GPE, "Lebanon")), "AGREE")
    assert (e.action, e.actors) == ("willing", ("Syria",))


# ---- negation, intention, hypothesis ------------------------------------------------------------------------


def test_negated_clause_is_kept_and_marked() -> None:
    text = "Russian troops did not attack the convoy near Kharkiv."
    e = one(events(text, ("Russian", NORP, "Russia"), ("Kharkiv", GPE, "Kharkiv")), "ASSAULT")
    assert e.negated
    assert e.date is None


def test_not_agreeing_is_a_rejection() -> None:
    text = "Egypt did not agree to the Ethiopian proposal."
    e = one(events(text, ("Egypt", GPE, "Egypt"), ("Ethiopian", NORP, "Ethiopia")), "REJECT")
    assert not e.negated


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Japan will impose sanctions on North Korea.", "THREATEN"),
        ("Japan will send aid to North Korea.", "AGREE"),
        ("Japan will not accept refugees from North Korea.", "REJECT"),
        ("Japan threatened to close its embassy in North Korea.", "THREATEN"),
        ("Japan refused to return the North Korea fishermen.", "REJECT"),
        ("Japan promised to resume talks with North Korea.", "AGREE"),
    ],
)
def test_future_and_intended_actions_are_coded_as_intentions(text: str, category: str) -> None:
    found = events(text, ("Japan", GPE, "Japan"), ("North Korea", GPE, "North Korea"))
    assert [e.type for e in found] == [category]
    assert found[0].actors == ("Japan",)
    assert found[0].date is None or found[0].date.source == "published"


@pytest.mark.parametrize(
    "text",
    [
        "Brazil might expel the Venezuelan diplomats.",
        "Brazil could have expelled the Venezuelan diplomats.",
        "Brazil should expel the Venezuelan diplomats.",
        "If Brazil expels the Venezuelan diplomats, Caracas will respond.",
    ],
)
def test_hypothetical_and_obliged_actions_are_not_events(text: str) -> None:
    found = events(
        text, ("Brazil", GPE, "Brazil"), ("Venezuelan", NORP, "Venezuela"), ("Caracas", GPE, "Venezuela")
    )
    assert not any(e.action == "expel" for e in found)


def test_saying_another_must_act_is_a_demand_on_them() -> None:
    text = "Germany said Turkey must release the journalist."
    found = events(text, ("Germany", GPE, "Germany"), ("Turkey", GPE, "Turkey"))
    assert [(e.type, e.actors, e.targets) for e in found] == [("DEMAND", ("Germany",), ("Turkey",))]


def test_purpose_clause_is_not_an_event() -> None:
    text = "Kurdish students marched in Ankara to demand the release of their teachers."
    found = events(text, ("Kurdish", NORP, "Kurds"), ("Ankara", GPE, "Ankara"))
    assert [e.type for e in found] == ["PROTEST"]


# ---- dates --------------------------------------------------------------------------------------------------


def test_past_happening_without_a_date_is_placed_in_the_week_before_publication() -> None:
    text = "Chile arrested the Peruvian activists."
    e = one(events(text, ("Chile", GPE, "Chile"), ("Peruvian", NORP, "Peru")), "COERCE")
    assert e.date is not None
    assert (e.date.value, e.date.start, e.date.end, e.date.source) == (PUB.isoformat(), *WEEK, "published")


@pytest.mark.parametrize(
    "text",
    [
        "Chile had arrested the Peruvian activists.",  # past perfect: background
        "Chile used to arrest the Peruvian activists.",
        "Chilean police routinely arrested the Peruvian activists.",
        "Chile arrests Peruvian activists.",  # a kind of act, maybe a habit: no particular activists
        "The Peruvian activists, whom Chile arrested, appealed to the court.",
        "It is unclear why Chile arrested the Peruvian activists.",
    ],
)
def test_background_habit_and_present_get_no_publication_date(text: str) -> None:
    found = events(
        text,
        ("Chile", GPE, "Chile"),
        ("Chilean", NORP, "Chile"),
        ("Peruvian", NORP, "Peru"),
        ("Lima", GPE, "Peru"),
    )
    arrest = next(e for e in found if e.action == "arrest")
    assert arrest.date is None


def test_a_clause_of_the_same_time_as_the_reports_news_takes_its_week_as_context() -> None:
    text = "When Chile arrested the Peruvian activists, Lima protested."
    found = events(text, ("Chile", GPE, "Chile"), ("Peruvian", NORP, "Peru"), ("Lima", GPE, "Peru"))
    arrest = next(e for e in found if e.action == "arrest")
    protest = next(e for e in found if e.action == "protest")
    assert protest.date is not None and protest.date.source == "published"
    assert arrest.date is not None
    assert (arrest.date.start, arrest.date.end, arrest.date.source) == (*WEEK, "context")
    # with a time of its own, or told as before the news, it keeps its own
    text = "When Chile had arrested the Peruvian activists, Lima protested."
    found = events(text, ("Chile", GPE, "Chile"), ("Peruvian", NORP, "Peru"), ("Lima", GPE, "Peru"))
    assert next(e for e in found if e.action == "arrest").date is None


def test_undated_document_gets_no_date() -> None:
    text = "Chile arrested the Peruvian activists."
    e = one(events(text, ("Chile", GPE, "Chile"), ("Peruvian", NORP, "Peru"), published=None), "COERCE")
    assert e.date is None


def test_a_time_expression_of_another_clause_is_not_the_events_date() -> None:
    text = "Turkey said on Monday that Greek jets violated its airspace."
    monday = timex(text, "Monday", "2021-03-08", date(2021, 3, 8), date(2021, 3, 8))
    e = one(events(text, ("Turkey", GPE, "Turkey"), ("Greek", NORP, "Greece"), timexes=(monday,)), "REJECT")
    assert e.actors == ("Greece",)
    assert e.date is not None and e.date.source == "published"


def test_a_place_of_another_clause_is_not_the_events_place() -> None:
    text = "Japan protested after China held naval drills in the East China Sea."
    found = events(
        text,
        ("Japan", GPE, "Japan"),
        ("China", GPE, "China"),
        ("the East China Sea", "LOC", "East China Sea"),
    )
    protested, drills = one(found, "DISAPPROVE"), one(found, "MOBILIZE")
    assert protested.location is None
    assert drills.location == "East China Sea" and drills.actors == ("China",)


# ---- attribution --------------------------------------------------------------------------------------------


def test_event_inside_reported_content_points_to_its_attribution() -> None:
    text = "Reuters reported that Chad expelled the French ambassador. Mali welcomed the decision."
    content = "Chad expelled the French ambassador"
    at = text.index(content)
    cue = text.index("reported")
    att = Attribution(
        Span.of(text, at, at + len(content)),
        "report",
        Span.of(text, cue, cue + 8),
        Source(0, 7, "Reuters", "Reuters", "ORG"),
    )
    found = events(
        text,
        ("Reuters", "ORG", "Reuters"),
        ("Chad", GPE, "Chad"),
        ("French", NORP, "France"),
        ("Mali", GPE, "Mali"),
        attributions=(att,),
    )
    assert one(found, "SANCTION").attribution == 0
    assert one(found, "SUPPORT").attribution is None


# ---- invariants ---------------------------------------------------------------------------------------------


def test_every_class_the_verb_table_names_is_defined() -> None:
    lex = lexicon()
    for patterns in lex.patterns.values():
        for p in patterns:
            assert p.category in CATEGORIES | {OTHER, NONE}
            for spec in (p.obj, p.subj):
                if spec is not None and spec.startswith("@"):
                    assert spec in lex.classes, (p.verb, spec)
    assert all(cat in CATEGORIES | {OTHER} for cat, _ in lex.nouns.values())


WORDS = [
    "Japan",
    "North Korea",
    "met",
    "talks",
    "in",
    "Vietnam",
    "will",
    "not",
    "attack",
    "was",
    "released",
    "by",
    "police",
    "said",
    "must",
    "and",
    "the",
    "a",
    "threatened",
    "to",
    "arrested",
    "on",
    "Tuesday",
    ",",
    ".",
    "who",
    "had",
    "kidnapped",
    "could",
    "if",
    "é",
    "“",
    "”",
    "—",
    "\n\n",
    "  ",
    "imposed",
    "sanctions",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.text(max_size=30))
def test_spans_index_the_text_and_nothing_raises(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise
    p = parse(text)
    index = resolve_entities(p)
    for e in find_events(p, index, [], PUB):
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert text[e.sentence.start : e.sentence.end] == e.sentence.text
        assert e.type in CATEGORIES | {OTHER}


@pytest.mark.parametrize("verb", ["test-fired", "test-launched", "Test-fired"])
def test_a_test_compound_verb_is_parsed_as_the_verb_of_its_sentence(verb: str) -> None:
    # split as "test", "-", "fired", the parser read "test" as a noun and "missiles" as the root: no event
    text = f"North Korea {verb} two short-range ballistic missiles into the sea."
    if verb[0].isupper():
        text = f"{verb} missiles fell into the sea, and North Korea {verb.lower()} two more a day later."
    found = events(text, ("North Korea", GPE, "North Korea"))
    launch = [e for e in found if e.action in ("test-fire", "test-launch")]
    assert launch and launch[-1].type == "MOBILIZE" and launch[-1].actors == ("North Korea",), found
    assert text[launch[-1].trigger.start:launch[-1].trigger.end] == verb.lower().split("-")[1]


@pytest.mark.parametrize(
    "text",
    [
        "Chile arrests the Peruvian activists.",  # a headline's present: what happened
        "Chilean police arrest two Peruvian activists near the border.",
    ],
)
def test_a_present_act_of_particular_participants_is_the_reports_news(text: str) -> None:
    found = events(text, ("Chile", GPE, "Chile"), ("Chilean", NORP, "Chile"), ("Peruvian", NORP, "Peru"))
    arrest = next(e for e in found if e.action == "arrest")
    assert arrest.date is not None
    assert (arrest.date.start, arrest.date.end, arrest.date.source) == (*WEEK, "published")


def test_a_present_act_every_year_is_a_habit() -> None:
    text = "Chile arrests the Peruvian activists every year."
    at = text.index("every year")
    every = Timex(at, at + len("every year"), "every year", "SET", "P1Y", None, None)
    found = events(text, ("Chile", GPE, "Chile"), ("Peruvian", NORP, "Peru"), timexes=(every,))
    assert next(e for e in found if e.action == "arrest").date is None
