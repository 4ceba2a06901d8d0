"""Entities across articles: one actor under its spellings is one entity, different actors stay apart however
alike their names, and the work per name stays bounded as the registry grows."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from storyline.extract.entities import resolve_entities
from storyline.extract.nlp import parse_many
from storyline.resolve.entities import EntityRecord, MemoryRegistry, blocking_keys, resolve
from storyline.resolve.names import MAX_KEYS

Names = list[tuple[str, str]]


def _ids(*articles: Names, registry: MemoryRegistry | None = None) -> dict[tuple[str, str], str]:
    """Resolve the articles in order into one registry; every name's entity id."""
    registry = registry if registry is not None else MemoryRegistry()
    out: dict[tuple[str, str], str] = {}
    for names in articles:
        out.update(resolve(registry, names))
    return out


def _entity(registry: MemoryRegistry, id_: str) -> EntityRecord:
    record = registry.get(id_)
    assert record is not None
    return record


class CountingRegistry(MemoryRegistry):
    """A memory registry that remembers how many keys each look-up asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.key_counts: list[int] = []

    def candidates(self, keys: Sequence[str]) -> list[EntityRecord]:
        self.key_counts.append(len(keys))
        return super().candidates(keys)


# -- people ------------------------------------------------------------------------------------------------


def test_five_kims_stay_five_people() -> None:
    kims = ["Kim Jong Il", "Kim Jong-un", "Kim Yong-chol", "Kim Song-hye", "Kim Yo Jong"]
    ids = _ids([(k, "PERSON") for k in kims[:2]], [(k, "PERSON") for k in kims[2:]],
               [(k, "PERSON") for k in reversed(kims)])
    assert len({ids[(k, "PERSON")] for k in kims}) == 5


def test_hyphen_space_and_case_variants_of_a_korean_name_are_one_person() -> None:
    il = ["Kim Jong Il", "Kim Jong-il", "Kim Jongil", "KIM JONG-IL", "Kim Jong-Il's"]
    un = ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un"]
    ids = _ids(*[[(name, "PERSON")] for name in il + un])
    assert len({ids[(n, "PERSON")] for n in il}) == 1
    assert len({ids[(n, "PERSON")] for n in un}) == 1
    assert ids[("Kim Jong Il", "PERSON")] != ids[("Kim Jong Un", "PERSON")]


def test_shinzo_abe_and_akie_abe_are_two_people() -> None:
    ids = _ids([("Shinzo Abe", "PERSON")], [("Akie Abe", "PERSON")], [("Shinzo Abe", "PERSON")])
    assert ids[("Shinzo Abe", "PERSON")] != ids[("Akie Abe", "PERSON")]


def test_a_lone_surname_never_joins_a_full_name_even_the_only_one() -> None:
    registry = MemoryRegistry()
    ids = _ids([("Kim Jong Il", "PERSON")], [("Kim", "PERSON")], [("Kim", "PERSON"), ("Abe", "PERSON")],
               registry=registry)
    assert ids[("Kim", "PERSON")] != ids[("Kim Jong Il", "PERSON")]
    assert _entity(registry, ids[("Kim", "PERSON")]).aliases == ("Kim",)  # one ambiguous "Kim" for both articles
    assert len(registry) == 3


def test_a_title_left_on_a_name_does_not_make_another_person() -> None:
    registry = MemoryRegistry()
    ids = _ids([("President Kim Jong Un", "PERSON")], [("Kim Jong-un", "PERSON")], registry=registry)
    assert ids[("President Kim Jong Un", "PERSON")] == ids[("Kim Jong-un", "PERSON")]
    assert _entity(registry, ids[("Kim Jong-un", "PERSON")]).name == "Kim Jong-un"


def test_a_middle_initial_is_the_same_person_but_two_different_initials_are_not() -> None:
    ids = _ids([("George W. Bush", "PERSON")], [("George Bush", "PERSON")], [("George H. W. Bush", "PERSON")])
    assert ids[("George W. Bush", "PERSON")] == ids[("George Bush", "PERSON")]
    assert ids[("George H. W. Bush", "PERSON")] != ids[("George W. Bush", "PERSON")]


def test_diacritics_do_not_split_a_person() -> None:
    ids = _ids([("Hélène Marchetti", "PERSON")], [("Helene Marchetti", "PERSON")])
    assert ids[("Hélène Marchetti", "PERSON")] == ids[("Helene Marchetti", "PERSON")]


# -- organisations and outlets ---------------------------------------------------------------------------


def test_the_washington_post_and_washington_post_are_one_paper_and_the_post_joins_it() -> None:
    registry = MemoryRegistry()
    ids = _ids([("The Washington Post", "ORG")], [("Washington Post", "ORG")], [("Post", "ORG")],
               [("the Post", "ORG")], registry=registry)
    assert len(set(ids.values())) == 1
    record = _entity(registry, ids[("Post", "ORG")])
    assert record.name == "The Washington Post"
    assert set(record.aliases) == {"The Washington Post", "Washington Post", "Post", "the Post"}


def test_another_post_never_joins_the_washington_post() -> None:
    ids = _ids([("The Washington Post", "ORG")], [("Post", "ORG")], [("New York Post", "ORG")])
    assert ids[("New York Post", "ORG")] != ids[("The Washington Post", "ORG")]


def test_a_short_name_that_could_be_two_papers_joins_neither() -> None:
    ids = _ids([("Washington Post", "ORG"), ("Jerusalem Post", "ORG")], [("Post", "ORG")])
    assert ids[("Post", "ORG")] not in (ids[("Washington Post", "ORG")], ids[("Jerusalem Post", "ORG")])


@pytest.mark.parametrize("order", [("Kyodo", "Kyodo News"), ("Kyodo News", "Kyodo")])
def test_kyodo_and_kyodo_news_are_one_agency_in_either_order(order: tuple[str, str]) -> None:
    ids = _ids(*[[(name, "ORG")] for name in order])
    assert ids[("Kyodo", "ORG")] == ids[("Kyodo News", "ORG")]


@pytest.mark.parametrize("order", [("KCNA", "Korean Central News Agency"), ("Korean Central News Agency", "KCNA")])
def test_kcna_is_the_korean_central_news_agency_by_its_initials(order: tuple[str, str]) -> None:
    registry = MemoryRegistry()
    ids = _ids(*[[(name, "ORG")] for name in order], registry=registry)
    assert ids[("KCNA", "ORG")] == ids[("Korean Central News Agency", "ORG")]
    assert _entity(registry, ids[("KCNA", "ORG")]).name == "Korean Central News Agency"


def test_company_tails_do_not_split_a_company_but_other_words_do() -> None:
    ids = _ids([("Apple Computer", "ORG")], [("Apple Inc.", "ORG")], [("Apple", "ORG")], [("Apple Corps", "ORG")])
    assert ids[("Apple", "ORG")] == ids[("Apple Inc.", "ORG")] == ids[("Apple Computer", "ORG")]
    assert ids[("Apple Corps", "ORG")] != ids[("Apple", "ORG")]


def test_a_spelling_one_letter_apart_is_one_organisation_but_a_contrast_is_not() -> None:
    ids = _ids([("Al-Qaeda", "ORG"), ("Bank of Zambia", "ORG"), ("Northern Rail Company", "ORG")],
               [("Al Qaida", "ORG"), ("Bank of Gambia", "ORG"), ("Southern Rail Company", "ORG")],
               [("Westbrook Centre for Korean Studies", "ORG")], [("Westbrook Center for Korean Studies", "FAC")])
    assert ids[("Al-Qaeda", "ORG")] == ids[("Al Qaida", "ORG")]
    assert ids[("Bank of Zambia", "ORG")] != ids[("Bank of Gambia", "ORG")]
    assert ids[("Northern Rail Company", "ORG")] != ids[("Southern Rail Company", "ORG")]
    assert ids[("Westbrook Centre for Korean Studies", "ORG")] == ids[("Westbrook Center for Korean Studies", "FAC")]


# -- types ----------------------------------------------------------------------------------------------


def test_a_person_never_merges_with_an_organisation_or_a_place() -> None:
    ids = _ids([("Kim Jong Il", "PERSON"), ("Washington", "GPE")], [("Kim Jong Il", "ORG"), ("Washington", "PERSON")])
    assert ids[("Kim Jong Il", "PERSON")] != ids[("Kim Jong Il", "ORG")]
    assert ids[("Washington", "GPE")] != ids[("Washington", "PERSON")]


def test_a_people_counts_for_its_country_which_stays_a_gpe() -> None:
    registry = MemoryRegistry()
    ids = _ids([("North Korea", "NORP")], [("North Korea", "GPE"), ("Japan", "GPE")], [("Japan", "NORP")],
               registry=registry)
    assert ids[("North Korea", "NORP")] == ids[("North Korea", "GPE")]
    assert ids[("Japan", "NORP")] == ids[("Japan", "GPE")]
    assert {r.type for r in registry} == {"GPE"}


def test_places_meet_only_under_one_name() -> None:
    ids = _ids([("Niger", "GPE"), ("TOKYO", "GPE")], [("Nigeria", "GPE"), ("Tokyo", "GPE")])
    assert ids[("Niger", "GPE")] != ids[("Nigeria", "GPE")]
    assert ids[("TOKYO", "GPE")] == ids[("Tokyo", "GPE")]


# -- incremental ------------------------------------------------------------------------------------------


def test_a_second_article_extends_the_entity_without_a_duplicate() -> None:
    registry = MemoryRegistry()
    first = resolve(registry, [("Kim Jong Il", "PERSON"), ("Korean Central News Agency", "ORG")])
    assert len(registry) == 2
    second = resolve(registry, [("Kim Jong-il", "PERSON"), ("KCNA", "ORG")])
    assert len(registry) == 2
    assert second[("Kim Jong-il", "PERSON")] == first[("Kim Jong Il", "PERSON")]
    assert _entity(registry, first[("Kim Jong Il", "PERSON")]).aliases == ("Kim Jong Il", "Kim Jong-il")
    assert _entity(registry, first[("Korean Central News Agency", "ORG")]).aliases == (
        "Korean Central News Agency", "KCNA")


def test_resolving_an_article_again_changes_nothing_and_ids_do_not_depend_on_the_run() -> None:
    article = [("Kim Jong Un", "PERSON"), ("Kyodo News", "ORG"), ("North Korea", "NORP")]
    registry = MemoryRegistry()
    once = resolve(registry, article)
    before = sorted(registry, key=lambda r: r.id)
    assert resolve(registry, article) == once
    assert sorted(registry, key=lambda r: r.id) == before
    assert resolve(MemoryRegistry(), article) == once


def test_a_name_with_nothing_of_a_name_is_left_out() -> None:
    assert resolve(MemoryRegistry(), [("—", "ORG"), ("Japan", "GPE")]).keys() == {("Japan", "GPE")}
    assert blocking_keys("—", "ORG") == []


# -- blocking ---------------------------------------------------------------------------------------------


def test_each_name_asks_the_registry_at_most_twice_with_few_keys() -> None:
    registry = CountingRegistry()
    names = [("Kim Jong Il", "PERSON"), ("George H. W. Bush", "PERSON"), ("KCNA", "ORG"), ("Post", "ORG"),
             ("European Aeronautic Defence and Space Company N.V.", "ORG"), ("The Washington Post", "ORG"),
             ("North Korea", "GPE"), ("Kyodo News Agency", "ORG"), ("Kim", "PERSON")]
    resolve(registry, names)
    resolve(registry, names)
    assert registry.lookups <= 2 * 2 * len(names)
    assert max(registry.key_counts) <= MAX_KEYS
    assert all(len(blocking_keys(n, t)) <= MAX_KEYS for n, t in names)


_GIVEN = ["Akira", "Brenda", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Keiko", "Lars",
          "Mina", "Noor", "Oscar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko"]
_FAMILY = ["Kim", "Lee", "Park", "Sato", "Suzuki", "Tanaka", "Smith", "Jones", "Garcia", "Nguyen", "Chen", "Wang",
           "Ali", "Khan", "Silva", "Kowalski", "Novak", "Ivanov", "Haddad", "Okafor"]
_TAILS = ["Post", "Group", "Institute", "Bank", "Herald", "Agency", "Foundation", "News", "Party", "Council"]


def _synthetic(n: int) -> list[Names]:
    """n distinct names, crowded on purpose: people share given names, surnames and initials, organisations
    their last word ("… Post", "… Group"), so a blocking on one word would compare each name with a growing
    crowd."""
    articles: list[Names] = []
    for i in range(n):
        g, f, t = _GIVEN[i % 20], _FAMILY[(i // 20) % 20], _TAILS[i % 10]
        serial = "".join("bcdfghjklm"[int(d)] for d in f"{i:04d}").title()  # a distinct word, not a respelling
        kind = i % 4
        if kind == 0:
            articles.append([(f"{serial}ville {t}", "ORG")])
        elif kind == 1:
            articles.append([(f"{g} {serial}son", "PERSON")])
        elif kind == 2:
            articles.append([(f"{serial}a {f}", "PERSON")])
        else:
            initial = chr(ord("A") + (i // 400) % 26)  # a new initial for the same given name and surname
            articles.append([(f"{g} {initial}. {f}", "PERSON")])
    return articles


def test_the_work_of_resolving_distinct_names_grows_linearly() -> None:
    work = {}
    for n in (400, 1600):
        registry = CountingRegistry()
        for article in _synthetic(n):
            resolve(registry, article)
        assert len(registry) == n  # all distinct: nothing merged by the crowding
        assert registry.lookups <= 2 * n
        work[n] = registry.returned
    assert work[1600] <= 2 * 1600  # a couple of candidates per name at most, not a crowd
    assert work[1600] <= 4 * work[400] + 50  # four times the names, about four times the work


# -- with the real in-article pass ---------------------------------------------------------------------------


def test_two_real_articles_resolve_their_spellings_to_one_entity() -> None:
    texts = [
        "North Korean leader Kim Jong Il admitted on Tuesday that agents had abducted 13 Japanese citizens, "
        "The Washington Post reported. The Korean Central News Agency (KCNA) did not comment.",
        "Kim Jong-il apologised again, the Post said. KCNA said Pyongyang would not discuss the matter, "
        "and Kyodo News quoted a Japanese official.",
    ]
    registry = MemoryRegistry()
    ids: dict[tuple[str, str], str] = {}
    names_of: list[Names] = []
    for parsed in parse_many(texts):
        names = [(m.canonical, m.type) for m in resolve_entities(parsed).mentions]
        names_of.append(names)
        ids.update(resolve(registry, names))

    def entity(article: int, word: str) -> str:
        name = next(nt for nt in names_of[article] if word in nt[0])
        return ids[name]

    assert entity(0, "Kim") == entity(1, "Kim")
    assert entity(0, "Korean Central") == entity(1, "KCNA")
    assert entity(0, "Post") == entity(1, "Post")
    assert entity(0, "Korea") == entity(1, "Korea")  # "North Korean" and "Pyongyang said" are North Korea
    assert entity(0, "Kim") != entity(0, "Korea")
