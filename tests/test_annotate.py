"""`storyline annotate` on the 2018 seed (published 2018-08-30): what a careful reader finds in it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Document
from storyline.pipeline import annotate_documents
from tests.conftest import seed
from tests.test_cli import storyline


@pytest.fixture(scope="module")
def seed_2018() -> dict[str, Any]:
    p = storyline("annotate", seed("003"), "--published", "2018-08-30", "--json")
    assert p.returncode == 0, p.stderr
    result: dict[str, Any] = json.loads(p.stdout)
    return result


def _chains(a: dict[str, Any]) -> list[list[tuple[str, bool]]]:
    return [[(s["canonical"], s["anonymous"]) for s in at["chain"]] for at in a["attributions"]]


def test_every_outlet_and_agency_that_reports_is_a_source(seed_2018: dict[str, Any]) -> None:
    sources = {at["source"]["canonical"] for at in seed_2018["attributions"] if at["source"]}
    for outlet in ("The Washington Post", "NHK", "Korean Central News Agency"):
        assert outlet in sources
    assert any(s.startswith("Kyodo") for s in sources)


def test_source_chains_keep_the_anonymous_sources_behind_the_reports(seed_2018: dict[str, Any]) -> None:
    chains = _chains(seed_2018)
    post = [c for c in chains if len(c) == 2 and c[0][0] == "The Washington Post"]
    assert post and post[0][1][1] is True and "familiar with the matter" in post[0][1][0]
    kyodo = [c for c in chains if len(c) == 2 and c[0][0].startswith("Kyodo")]
    assert kyodo and kyodo[0][1][1] is True and "government source" in kyodo[0][1][0]


def test_people_named_by_surname_resolve_to_their_full_names(seed_2018: dict[str, Any]) -> None:
    by_text: dict[str, set[str]] = {}
    for m in seed_2018["entities"]:
        by_text.setdefault(m["text"], set()).add(m["canonical"])
    assert by_text["Kitamura"] == {"Shigeru Kitamura"}
    assert by_text["Sugimoto"] == {"Tomoyuki Sugimoto"}
    assert by_text["Trump"] == {"Donald Trump"}
    assert "Shinzo Abe" in by_text["Abe"]
    kims = {m["canonical"] for m in seed_2018["entities"] if m["canonical"].startswith("Kim ")}
    assert {"Kim Song-hye", "Kim Yong-chol", "Kim Jong-un"} <= kims
    assert "Kim Song-hye" in by_text["Kim"]  # "Kim was part of a high-level North Korean delegation"


def test_the_two_governments_positions_are_attributed_claims(seed_2018: dict[str, Any]) -> None:
    claims = {(at["source"]["canonical"], at["content"]["text"]) for at in seed_2018["attributions"] if at["source"]}
    assert any(src == "North Korea" and "settled" in text for src, text in claims)
    assert any(src == "Shinzo Abe" and "repatriate" in text for src, text in claims)


def test_the_articles_events_carry_their_own_dates(seed_2018: dict[str, Any]) -> None:
    events = seed_2018["events"]
    meeting = next(e for e in events if e["type"] == "CONSULT" and set(e["actors"]) == {"North Korea", "Japan"})
    assert meeting["location"] == "Vietnam" and meeting["date"]["value"] == "2018-07"
    kidnap = next(e for e in events if e["action"] in ("kidnap", "abduct"))
    assert kidnap["actors"] == ["North Korea"] and kidnap["date"]["start"] == "1970-01-01"
    arrival = next(e for e in events if e["action"] == "arrive")
    assert arrival["location"] == "Tokyo" and arrival["date"]["value"] == "2018-08-28"
    assert seed_2018["attributions"][arrival["attribution"]]["source"]["canonical"].startswith("Kyodo")


def test_relative_dates_resolve_against_the_publication_date(seed_2018: dict[str, Any]) -> None:
    values = {(t["text"], t["value"]) for t in seed_2018["timexes"]}
    assert {("last month", "2018-07"), ("Tuesday", "2018-08-28"), ("Wednesday", "2018-08-29"),
            ("Sunday", "2018-08-26"), ("June 12", "2018-06-12"), ("late May", "2018-05")} <= values


def test_every_span_gives_back_its_text(seed_2018: dict[str, Any]) -> None:
    text = seed_2018["document"]["text"]
    count = 0

    def walk(x: Any) -> None:
        nonlocal count
        if isinstance(x, dict):
            if {"start", "end", "text"} <= x.keys() and isinstance(x["start"], int):
                assert text[x["start"]:x["end"]] == x["text"]
                count += 1
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk({k: v for k, v in seed_2018.items() if k != "document"})
    assert count > 100


_words = st.sampled_from(["Kim", "said", "that", "Tokyo", "“", "”", '"', "on", "Tuesday", "the", "North", "13",
                          "abducted", ",", ".", "\n\n", "according", "to", "Pyongyang", "reported", "citing",
                          "officials", "last", "month", "Abe", "met", "in", "1970s", "five", "were", "returned"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_words, max_size=60).map(" ".join))
def test_annotations_are_exact_for_arbitrary_articles(text: str) -> None:
    """Evidence invariant: every span of every kind is a slice of the document's text."""
    doc = Document(id="x", text=text)
    [result] = list(annotate_documents([doc]))
    assert not hasattr(result, "reason")
    data = result.to_json()  # type: ignore[union-attr]
    for key in ("entities", "timexes", "quantities"):
        for span in data[key]:
            assert text[span["start"]:span["end"]] == span["text"]
    for at in data["attributions"]:
        for part in [at["content"], at["cue_span"], *([at["source"]] if at["source"] else []), *at["chain"]]:
            assert text[part["start"]:part["end"]] == part["text"]
    for ev in data["events"]:
        for part in (ev["trigger"], ev["sentence"]):
            assert text[part["start"]:part["end"]] == part["text"]
