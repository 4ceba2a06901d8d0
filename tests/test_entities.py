"""Entities resolved inside one article: short names to full ones, titles off, capitals to governments or
places, countries and peoples to one name, acronyms and short outlet names to the full one."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean.plaintext import clean_text
from storyline.extract import places
from storyline.extract.entities import resolve_entities
from storyline.extract.mentions import EntityIndex
from storyline.extract.nlp import parse
from storyline.extract.parsed import EntitySpan, Parsed
from storyline.model import Mention
from tests.conftest import seed


@cache
def _parse(text: str) -> Parsed:
    return parse(text)


@cache
def _seed_text(prefix: str) -> str:
    return clean_text(seed(prefix).read_text(encoding="utf-8")).text


def _resolve(text: str) -> EntityIndex:
    return resolve_entities(_parse(text))


def _at(index: EntityIndex, text: str, needle: str, nth: int = 0, *, after: str = "") -> Mention:
    """The mention covering the nth occurrence of `needle` (after the first occurrence of `after`)."""
    pos = text.index(after) if after else 0
    for _ in range(nth + 1):
        pos = text.index(needle, pos)
        found = pos
        pos += 1
    m = index.at(found, found + len(needle))
    assert m is not None, f"no mention at {needle!r}"
    return m


def _canonical(text: str, needle: str, nth: int = 0, *, after: str = "") -> str:
    return _at(_resolve(text), text, needle, nth, after=after).canonical


# -- the seed article --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed003() -> tuple[str, EntityIndex]:
    text = _seed_text("003")
    return text, resolve_entities(_parse(text))


def test_seed_surname_is_the_person_introduced_in_full(seed003: tuple[str, EntityIndex]) -> None:
    text, index = seed003
    m = _at(index, text, "Kitamura", after="NHK said")
    assert (m.canonical, m.type) == ("Shigeru Kitamura", "PERSON")
    assert _at(index, text, "Abe", after="Prime Minister Abe").canonical == "Shinzo Abe"
    assert _at(index, text, "Trump", after="Abe asked").canonical == "Donald Trump"
    assert _at(index, text, "Sugimoto", after="reported that Sugimoto").canonical == "Tomoyuki Sugimoto"


def test_seed_kims_stay_apart_and_the_short_kim_is_the_last_one_named(seed003: tuple[str, EntityIndex]) -> None:
    text, index = seed003
    assert _at(index, text, "Kim", after="Kim was part").canonical == "Kim Song-hye"
    full = {_at(index, text, n).canonical for n in ("Kim Song-hye", "Kim Yong-chol", "Kim Jong-un")}
    assert full == {"Kim Song-hye", "Kim Yong-chol", "Kim Jong-un"}
    assert _at(index, text, "Kim", after="to convince").canonical == "Kim Jong-un"


def test_seed_outlet_short_name_and_governments(seed003: tuple[str, EntityIndex]) -> None:
    text, index = seed003
    assert _at(index, text, "Post", after="The Post report").canonical == "The Washington Post"
    assert _at(index, text, "The Washington Post").canonical == "The Washington Post"
    pyongyang = _at(index, text, "Pyongyang")
    assert (pyongyang.canonical, pyongyang.type) == ("North Korea", "GPE")
    assert _at(index, text, "Tokyo", after="irritated that").canonical == "Japan"
    assert _at(index, text, "Washington", after="given").canonical == "United States"
    assert _at(index, text, "Tokyo", after="arrived in").canonical == "Tokyo"
    assert _at(index, text, "North", after="abductees in the").canonical == "North Korea"
    japanese = _at(index, text, "Japanese")
    assert (japanese.canonical, japanese.type) == ("Japan", "NORP")


def test_seed_spans_are_clean_and_exact(seed003: tuple[str, EntityIndex]) -> None:
    text, index = seed003
    for m in index.mentions:
        assert text[m.start:m.end] == m.text
        assert not m.text.endswith(("’s", "'s")) and not m.text.startswith("the ")
        assert m.type in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
    assert "North Korea’s" not in [m.text for m in index.mentions]


# -- people ------------------------------------------------------------------------------------------------


def test_titles_and_honorifics_are_not_part_of_the_name() -> None:
    text = ("Prime Minister Shinzo Abe met U.S. Secretary of State Mike Pompeo in Tokyo. "
            "Mr. Abe later told reporters that Pompeo had been helpful.")
    index = _resolve(text)
    assert _at(index, text, "Abe", 1).canonical == "Shinzo Abe"
    assert _at(index, text, "Pompeo", 1).canonical == "Mike Pompeo"
    assert "Prime Minister Shinzo Abe" not in index.canonical_names()
    assert "State" not in index.canonical_names()


def test_short_name_is_a_person_even_where_the_model_said_otherwise() -> None:
    text = "Officials said Hiroshi Tanabe would travel. Later, Tanabe refused to comment."
    parsed = _parse(text)
    start = text.rindex("Tanabe")
    k = next(t.i for t in parsed.tokens if t.start == start)
    ents = [e for e in parsed.ents if not (e.start <= k < e.end)] + [EntitySpan(k, k + 1, "ORG")]
    wrong = dataclasses.replace(parsed, ents=sorted(ents, key=lambda e: e.start), _children=None)
    m = resolve_entities(wrong).at(start, start + len("Tanabe"))
    assert m is not None and (m.canonical, m.type) == ("Hiroshi Tanabe", "PERSON")


def test_shared_surname_goes_to_the_nearest_earlier_full_mention() -> None:
    text = ("Park Ji-won met Park Sang-min in Busan on Monday. Park Ji-won left early. "
            "Park Sang-min stayed for dinner, and Park said the talks had gone well.")
    assert _canonical(text, "Park", after="dinner, and") == "Park Sang-min"


def test_role_word_picks_the_person_with_that_role() -> None:
    text = ("North Korean leader Kim Jong-un received envoy Kim Yong-chol on Monday. "
            "Kim Yong-chol briefed the press afterwards. Critics say leader Kim decides everything.")
    assert _canonical(text, "Kim", after="say leader") == "Kim Jong-un"


def test_person_for_pronoun_prefers_the_subject_and_respects_gender() -> None:
    text = "Donald Trump met Shinzo Abe at the summit. He said the talks were useful."
    index = _resolve(text)
    person = index.person_for_pronoun(text.index("He said"), "He")
    assert person is not None and person.canonical == "Donald Trump"

    text = "Ms. Lee thanked Mr. Cho for the invitation. She said the visit was a success."
    index = _resolve(text)
    person = index.person_for_pronoun(text.index("She said"), "she")
    assert person is not None and person.canonical == "Lee"
    assert index.person_for_pronoun(text.index("She said"), "it") is None


def test_they_stands_for_a_group() -> None:
    text = "The Foreign Ministry issued a statement. They said the report was false."
    index = _resolve(text)
    group = index.person_for_pronoun(text.index("They"), "they")
    assert group is not None and group.type in {"ORG", "GPE", "NORP"}


# -- countries, capitals, peoples ------------------------------------------------------------------------


def test_country_variants_share_one_name() -> None:
    text = ("The U.S. and America's allies met. The DPRK rejected the plan, and the Republic of Korea "
            "welcomed it, as did the United States.")
    index = _resolve(text)
    assert _at(index, text, "U.S.").canonical == "United States"
    assert _at(index, text, "America").canonical == "United States"
    assert _at(index, text, "America").text == "America"  # the possessive is left out of the span
    assert _at(index, text, "DPRK").canonical == "North Korea"
    assert _at(index, text, "Republic of Korea").canonical == "South Korea"


def test_capital_is_the_government_unless_it_is_a_place() -> None:
    text = ("Seoul said on Monday it would protest. The minister flew to Beijing and met officials in Beijing, "
            "while Tokyo's envoys waited.")
    index = _resolve(text)
    assert _at(index, text, "Seoul").canonical == "South Korea"
    assert _at(index, text, "Beijing").canonical == "Beijing"
    assert _at(index, text, "Beijing", 1).canonical == "Beijing"
    assert _at(index, text, "Tokyo").canonical == "Japan"


def test_the_north_is_the_one_north_country_named() -> None:
    text = ("North Korea fired a missile on Sunday. The North said it was a test. "
            "South Korea called an emergency meeting, and the South asked for talks.")
    index = _resolve(text)
    assert _at(index, text, "North", 1).canonical == "North Korea"
    assert _at(index, text, "South", after="and the").canonical == "South Korea"


def test_the_north_stays_unresolved_without_a_north_country() -> None:
    text = "Heavy rain fell across the North on Sunday, the weather service said."
    assert "North Korea" not in _resolve(text).canonical_names()


def test_demonyms_point_to_their_country_and_stay_norp() -> None:
    text = "North Korean soldiers and American diplomats met Japanese officials. The Canadians stayed away."
    index = _resolve(text)
    for needle, country in [("North Korean", "North Korea"), ("American", "United States"),
                            ("Japanese", "Japan"), ("Canadians", "Canada")]:
        m = _at(index, text, needle)
        assert (m.canonical, m.type) == (country, "NORP")


def test_places_tables_come_from_the_libraries() -> None:
    assert places.country("Democratic People's Republic of Korea") == "North Korea"
    assert places.country("Viet Nam") == "Vietnam"
    assert places.country("UAE") == "United Arab Emirates"
    assert places.capital_of("Pyongyang") == "North Korea"
    assert places.capital_of("Canberra") == "Australia"
    assert places.demonym_countries("Peruvian") == ("Peru",)
    assert places.demonym_countries("Lebanese") == ("Lebanon",)
    assert set(places.demonym_countries("Korean")) == {"North Korea", "South Korea"}
    assert places.demonym_countries("Republican") == ()


# -- organisations ---------------------------------------------------------------------------------------


def test_outlet_keeps_its_the_and_the_short_form_resolves() -> None:
    text = ("The deal was first reported by The Guardian on Friday. The Guardian said ministers knew. "
            "Officials told the Guardian nothing.")
    index = _resolve(text)
    assert _at(index, text, "The Guardian").canonical == "The Guardian"
    assert _at(index, text, "Guardian", after="told the").canonical == "The Guardian"


def test_acronym_in_parentheses_and_later_is_the_full_name() -> None:
    text = ("The International Atomic Energy Agency (IAEA) sent inspectors. "
            "On Friday the IAEA said the inspectors had been refused entry.")
    index = _resolve(text)
    assert _at(index, text, "IAEA").canonical == "International Atomic Energy Agency"
    assert _at(index, text, "IAEA", 1).canonical == "International Atomic Energy Agency"


def test_lowercase_the_is_not_part_of_a_name() -> None:
    text = "A spokesman for the Ministry of Defence said the Ministry of Defence had no comment."
    m = _at(_resolve(text), text, "Ministry of Defence")
    assert (m.text, m.canonical) == ("Ministry of Defence", "Ministry of Defence")


def test_only_named_types_are_kept() -> None:
    text = "The 39-year-old arrived in Oslo on Tuesday after a two-day trip, his 3rd in 2019, with 40 others."
    types = {m.type for m in _resolve(text).mentions}
    assert types <= {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}


# -- invariants ------------------------------------------------------------------------------------------

_WORDS = ["Kim", "Kim Jong-un", "Mr.", "Abe", "Pyongyang", "Tokyo", "in", "the", "The", "North", "South", "Korea",
          "North Korea’s", "Japan's", "said", "(KCNA)", "Korean Central News Agency", "U.S.", "Post", "\n",
          "Prime Minister", "13", "people", ",", ".", "“", "”", "-", "of", "and", "Washington", "DPRK"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join), st.text(max_size=200)))
def test_every_mention_text_is_its_span(text: str) -> None:
    parsed = parse(text)
    for m in resolve_entities(parsed).mentions:
        assert text[m.start:m.end] == m.text
        assert m.start < m.end
        assert m.canonical
