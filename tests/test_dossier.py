"""The dossier built from both seeds and the sample corpus, on SQLite and on PostgreSQL, with the same results."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Connection

from storyline import reads as read
from storyline.pipeline import Defaults, ingest
from storyline.store import open_store
from tests.conftest import EXAMPLES, _fresh_pg_database, seed, use_sample_profile


def build(db_url: str) -> None:
    with open_store(db_url) as store:
        use_sample_profile(store)
        ingest(store, [str(EXAMPLES)], workers=1)
        ingest(store, [str(seed("000"))], Defaults(published=date(2014, 6, 2)))
        ingest(store, [str(seed("003"))], Defaults(published=date(2018, 8, 30)))


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    url = f"sqlite:///{tmp_path_factory.mktemp('dossier') / 'd.db'}"
    build(url)
    with open_store(url) as store, store.engine.connect() as conn:
        yield conn


def _first(items: list[dict[str, Any]], type_: str, actor: str | None = None, **match: str) -> dict[str, Any]:
    for i in items:
        if i["type"] == type_ and (actor is None or actor in i["actors"]) and all(
                i.get(k) == v for k, v in match.items()):
            return i
    raise AssertionError(f"no {type_} item with {actor} {match}")


def test_the_main_events_across_the_decades_come_in_order_with_their_dates(dossier: Connection) -> None:
    items = read.timeline(dossier)
    dated = [i for i in items if i["date"]]
    assert [i["date"]["start"] for i in dated] == sorted(i["date"]["start"] for i in dated)
    assert all(i["date"] is None for i in items[len(dated):])  # undated ones come last, never guessed
    abduction = _first(dated, "ASSAULT", "North Korea")
    admission = next(i for i in dated if i["type"] == "CONCEDE" and i["date"]["start"].startswith("2002-09"))
    meeting = _first(dated, "CONSULT", "North Korea", location="Vietnam")
    assert abduction["date"]["start"] < "1980" < admission["date"]["start"] < meeting["date"]["start"]
    assert meeting["date"]["value"] == "2018-07" and meeting["date"]["source"] == "text"
    assert len(admission["evidence"]) >= 3  # one timeline item, however many articles report it


def test_the_2002_admission_is_one_item_dated_2002_09_17_holding_every_report_of_it(dossier: Connection) -> None:
    from sqlalchemy import select

    from storyline.store import schema as t

    admitted_by = {read.find_entity(dossier, n).id for n in ("Kim Jong Il", "North Korea")}  # type: ignore[union-attr]
    items = [i for i in read.timeline(dossier) if i["type"] == "CONCEDE" and i["action"] == "admit"
             and {"Kim Jong Il", "North Korea"} & set(i["actors"])
             and (i["date"] is None or i["date"]["start"].startswith("2002"))]
    assert len(items) == 1
    admission = items[0]
    assert admission["date"]["value"] == "2002-09-17" and admission["date"]["source"] == "text"
    gave = admission["date"]["report"]  # the report the date comes from: the summit's own ("on Tuesday")
    text = read.document(dossier, gave["document"]).text  # type: ignore[union-attr]
    assert text[gave["trigger"]["start"]:gave["trigger"]["end"]] == "admitted"
    assert any(e["document"] == gave["document"] for e in admission["evidence"])
    # every report of an admission by Kim Jong Il or North Korea: the day itself, "in 2002", "in September
    # 2002", and the undated retelling of 2004 ("a month after Kim Jong Il admitted ...")
    reports = [r for r in dossier.execute(select(t.events.c.item_id, t.events.c.actors, t.events.c.document_id)
                                          .where(t.events.c.action == "admit", t.events.c.item_id.is_not(None)))
               if admitted_by & set(json.loads(r.actors))]
    assert {r.item_id for r in reports} == {admission["id"]}
    assert len({r.document_id for r in reports}) >= 10 and admission["key"]


def test_the_story_s_main_events_come_in_the_order_they_happened(dossier: Connection) -> None:
    items = read.timeline(dossier, key=True)
    def first(pred: Any) -> int:
        return next(n for n, i in enumerate(items) if pred(i))
    abductions = first(lambda i: i["type"] == "ASSAULT" and i["date"] and i["date"]["start"] < "1980")
    admission = first(lambda i: i["type"] == "CONCEDE" and i["date"] and i["date"]["value"] == "2002-09-17")
    stockholm = first(lambda i: i["type"] == "AGREE" and i["date"] and i["date"]["start"].startswith("2014")
                      and any("Stockholm" in e["text"] for e in i["evidence"]))
    vietnam = first(lambda i: i["type"] == "CONSULT" and i["location"] == "Vietnam")
    assert abductions < admission < stockholm < vietnam
    assert items[vietnam]["date"]["value"] == "2018-07"


def test_key_events_and_reports_filter_the_timeline(dossier: Connection) -> None:
    whole = read.timeline(dossier)
    key = read.timeline(dossier, key=True)
    assert key == [i for i in whole if i["key"]] and 0 < len(key) < len(whole) / 2
    assert all(i["salience"] >= 4 for i in key) and all(i["salience"] < 4 for i in whole if not i["key"])
    assert read.timeline(dossier, min_reports=3) == [i for i in whole if i["reports"] >= 3]


def test_every_timeline_fact_has_exact_evidence(dossier: Connection) -> None:
    from storyline.store.repository import Store

    texts: dict[str, str] = {}
    store = Store(dossier.engine)
    for item in read.timeline(dossier):
        assert item["evidence"]
        for ev in item["evidence"]:
            text = texts.setdefault(ev["document"], store.document(ev["document"]).text)  # type: ignore[union-attr]
            assert text[ev["start"]:ev["end"]] == ev["text"]


def test_the_distinct_kims_are_distinct_entities(dossier: Connection) -> None:
    people = {e["name"]: e for e in read.entities(dossier, type_="PERSON")}
    kims = {n for n in people if n.startswith("Kim ")}
    for name in ("Kim Jong Il", "Kim Jong-un", "Kim Yong-chol", "Kim Song-hye"):
        assert name in kims
    assert "Kim Jong-il" in people["Kim Jong Il"]["aliases"]  # one actor, two spellings
    assert "Kim Jong Un" in people["Kim Jong-un"]["aliases"]


def test_the_2018_reports_named_and_anonymous_sources(dossier: Connection) -> None:
    post = read.claims(dossier, source="The Washington Post")
    assert any(len(c["chain"]) == 2 and "familiar with the matter" in c["chain"][1] for c in post)
    kyodo = [c for c in read.claims(dossier) if (c["source"] or "").startswith("Kyodo")]
    assert any(c["anonymous"] is False and any("government source" in s for s in c["chain"]) for c in kyodo)


def test_entity_profile_has_events_claims_and_relations(dossier: Connection) -> None:
    profile = read.entity_profile(dossier, "Pyongyang")  # an alias of the government is not needed: a place
    north = read.entity_profile(dossier, "North Korea")
    assert north is not None and north["events"] and north["claims_by"] and north["related"]
    assert any(c["text"] for c in north["claims_about"])
    # a place has a profile of its own (or is read as the state it stands for), with the entities named beside it
    assert profile is not None and profile["name"] in ("Pyongyang", "North Korea") and profile["related"]


def test_timeline_pages_and_profile_limits_cut_the_same_order(dossier: Connection) -> None:
    whole = read.timeline(dossier)
    pages = [read.timeline(dossier, limit=7, offset=k) for k in range(0, len(whole) + 7, 7)]
    assert [i["id"] for page in pages for i in page] == [i["id"] for i in whole]
    assert [i["date"] is None for i in whole] == sorted(i["date"] is None for i in whole)  # undated last
    dated = [(i["date"]["start"], i["date"]["end"]) for i in whole if i["date"]]
    assert all(a[0] < b[0] or (a[0] == b[0] and a[1] >= b[1]) for a, b in itertools.pairwise(dated))
    full, cut = read.entity_profile(dossier, "North Korea"), read.entity_profile(dossier, "north korea", limit=2)
    assert full is not None and cut is not None and cut["id"] == full["id"]
    for part in ("events", "claims_by", "claims_about"):
        assert cut[part] == full[part][:2]


def test_an_entitys_timeline_and_claims_are_the_dossiers_own_cut(dossier: Connection) -> None:
    from sqlalchemy import select

    from storyline.store import schema as t

    whole, every_claim = read.timeline(dossier), read.claims(dossier)
    for name in ("North Korea", "Japan", "Shinzo Abe"):
        assert read.timeline(dossier, entity=name) == [i for i in whole
                                                         if name in i["actors"] + i["targets"] + i["participants"]]
        row = read.find_entity(dossier, name)
        assert row is not None
        named = {(m.document_id, m.start) for m in dossier.execute(
            select(t.mentions).where(t.mentions.c.entity_id == row.id))}
        about = [c for c in every_claim if any(d == c["document"] and c["evidence"]["start"] <= at
                                               < c["evidence"]["end"] for d, at in named)]
        assert about and read.claims(dossier, about=name) == about
        assert read.claims(dossier, about=name, limit=3) == about[:3]
    for i in read.timeline(dossier, evidence=1):
        assert len(i["evidence"]) == min(1, i["reports"]) and i["reports"] >= 1


def test_a_dossier_from_before_the_reading_indexes_migrates_to_the_same_reads(tmp_path: Any) -> None:
    from alembic import command
    from alembic.config import Config

    from storyline.store.engine import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    build(url)
    def without_participants(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The items as a dossier keeps them that knew only actors and targets (before migration 0013: who else
        takes part comes back with `storyline rebuild`)."""
        return [dict(i, participants=[]) for i in items if i.get("role") != "other"]

    with open_store(url) as store, store.engine.connect() as conn:
        profile = read.entity_profile(conn, "North Korea")
        assert profile is not None and any(e["role"] == "other" for e in profile["events"])
        before = (without_participants(read.timeline(conn)),
                  dict(profile, events=without_participants(profile["events"])))
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")  # the items lose their sources and roles
        conn.commit()
    with open_store(url) as store, store.engine.connect() as conn:  # opening migrates: rebuilt from the reports
        assert (read.timeline(conn), read.entity_profile(conn, "North Korea")) == before


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_dossier(tmp_path: Any) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'same.db'}"
    build(sqlite_url)
    for pg_url in _fresh_pg_database():
        build(pg_url)
        views = []
        for url in (sqlite_url, pg_url):
            with open_store(url) as store, store.engine.connect() as conn:
                views.append((read.timeline(conn), read.entities(conn), read.claims(conn)))
        assert views[0] == views[1]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "graphml", "parquet"])
def test_export_writes_the_whole_dossier_in_a_standard_format(dossier: Connection, tmp_path: Any, fmt: str) -> None:
    import json

    from storyline.store.export import export
    from storyline.store.repository import Store

    out = tmp_path / f"dossier.{fmt}"
    counts = export(Store(dossier.engine), fmt, out)
    assert counts["entities"] > 50 and counts["timeline"] > 20 and counts["claims"] > 50
    if fmt == "jsonl":
        kinds = [json.loads(line)["kind"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert kinds.count("entity") == counts["entities"] and kinds.count("event") == counts["timeline"]
    elif fmt == "csv":
        import csv

        with (out / "entities.csv").open(encoding="utf-8") as f:
            assert len(list(csv.DictReader(f))) == counts["entities"]
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out / "timeline.parquet").num_rows == counts["timeline"]
    else:
        import networkx as nx

        graph = nx.read_graphml(out)
        assert graph.number_of_nodes() == counts["entities"] and graph.number_of_edges() > 10
        names = nx.get_node_attributes(graph, "name")
        assert "Kim Jong Il" in names.values()


def test_search_finds_facts_as_well_as_documents(dossier: Connection) -> None:
    hits = read.search(dossier, "matter settled")
    kinds = {h["kind"] for h in hits}
    assert {"document", "claim"} <= kinds
    claim = next(h for h in hits if h["kind"] == "claim")
    assert claim["evidence"]["text"] == claim["snippet"]
    assert any(h["kind"] == "entity" and h["name"] == "Kim Jong Il" for h in read.search(dossier, "kim jong il"))


@pytest.mark.parametrize("query", ['"', "settled OR 1=1", "'; DROP TABLE claims; --", "NEAR(", "*", ""])
def test_fact_search_takes_any_query_as_plain_words(dossier: Connection, query: str) -> None:
    before = len(read.claims(dossier))
    read.search(dossier, query)
    assert len(read.claims(dossier)) == before


def test_two_cues_sharing_one_content_store_as_one_claim(tmp_path: Any) -> None:
    from storyline.model import Annotations, Attribution, Document, Source, Span
    from storyline.resolve.facts import resolve_document

    text = "The plan will fail, officials said, adding more. Analysts agreed."
    doc = Document(id=Document.id_for(text), text=text)
    content = Span.of(text, 0, 18)
    src = Source(20, 29, text[20:29], "officials", "ANONYMOUS", True)
    a = Annotations(doc, attributions=(
        Attribution(content, "indirect", Span.of(text, 30, 34), src, (src,)),
        Attribution(content, "indirect", Span.of(text, 36, 42), src, (src,)),
    ))
    with open_store(f"sqlite:///{tmp_path / 'd.db'}") as store:
        assert store.add_document(doc, facts=lambda index: resolve_document(a, index.entities, index.timeline))
        with store.engine.connect() as conn:
            assert [c["text"] for c in read.claims(conn)] == ["The plan will fail"]


def test_the_count_conflict_and_the_governments_opposed_positions(dossier: Connection) -> None:
    found = read.conflicts(dossier)
    count = next(c for c in found if c["kind"] == "count")
    values = {q for side in count["claims"] for q in ("13", "17") if q in side["text"]}
    assert values == {"13", "17"}
    opposed = [c for c in found if c["kind"] == "opposed" and "settled" in c["about"]]
    assert any({s["source"] for s in c["claims"]} == {"North Korea", "Japan"} for c in opposed)
    for c in found:  # both sides, each with its evidence and date
        assert len(c["claims"]) == 2
        for side in c["claims"]:
            assert side["evidence"]["text"] == side["text"] and side["published"]
            assert c["claims"][1 - c["claims"].index(side)]["id"] in side["conflicts_with"]
