"""The timeline index in SQL: the same decisions as the in-memory one, the same ids on every run, and the right
merges in a dossier of 50,000 items that all share one participant; and conflicts found again whenever stale."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, inspect, select

from storyline.model import Annotations, Conflict, ItemQuery
from storyline.resolve.facts import resolve_document
from storyline.resolve.timeline import CANDIDATES, UNDATED_WINDOW, people
from storyline.resolve.timeline import roles as item_roles
from storyline.store import Store, open_store
from storyline.store import schema as t
from storyline.store.dossier_index import LONGER, UNDATED, SqlTimeline, item_of, span_class
from tests.conftest import EXAMPLES, use_sample_profile
from tests.test_resolve_timeline import JAPAN, MEGUMI, NK, SCENARIO, TAGUCHI, Dossier, Ev, article, day


def put(store: Store, a: Annotations) -> list[str | None]:
    """Store an article with its facts resolved against the dossier; its events' item ids."""
    assert store.add_document(a.document, facts=lambda index: resolve_document(a, index.entities, index.timeline))
    with store.engine.connect() as conn:
        return list(conn.scalars(select(t.events.c.item_id).where(t.events.c.document_id == a.document.id)
                                 .order_by(t.events.c.idx)))


BEST_MATCH = [
    article("Niigata", date(2002, 9, 17), Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15"), "Niigata")),
    article("Abductions", date(2002, 9, 1),
            Ev("ASSAULT", "abduct", (NK,), (JAPAN,), ("1977", date(1977, 1, 1), date(1977, 12, 31)), "Tokyo")),
    article("Remains again", date(2004, 12, 10), Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15"))),
]


def _datelined(a: Annotations) -> Annotations:
    """The article with its events' dates taken from its dateline, as extraction dates an event the text does not."""
    return replace(a, events=tuple(replace(e, date=replace(e.date, source="published")) if e.date else e
                                   for e in a.events))


# an item's dates widen (a dateline's week gives way to the decade the text names) and narrow again, and a century
DECADE, CENTURY = ("200X", date(2000, 1, 1), date(2009, 12, 31)), ("19", date(1900, 1, 1), date(1999, 12, 31))
SPANS = [
    _datelined(article("Dateline", date(2002, 9, 17), Ev("ASSAULT", "abduct", (NK,), (MEGUMI,),
                                                           ("2002-09-17", date(2002, 9, 10), date(2002, 9, 17))))),
    article("Decade", date(2002, 9, 18), Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), DECADE)),
    article("Year", date(2003, 1, 5), Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), ("2005", date(2005, 1, 1),
                                                                                  date(2005, 12, 31)))),
    article("Century", date(2003, 2, 1), Ev("ASSAULT", "abduct", (NK,), (TAGUCHI,), CENTURY)),
    article("Day", date(2003, 3, 1), Ev("ASSAULT", "abduct", (NK,), (TAGUCHI,), day("1978-06-29")),
            Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("2005-06-01"))),
]


def _role_rows(conn: Connection) -> set[tuple[Any, ...]]:
    r = t.timeline_roles.c
    return {tuple(row) for row in conn.execute(select(r.entity_id, r.item_id, r.role, r.type, r.action, r.span,
                                                      r.date_start, r.date_end, r.first_published, r.last_published))}


@pytest.mark.parametrize("articles", [SCENARIO, BEST_MATCH, SPANS], ids=["scenario", "best-match", "spans"])
def test_the_sql_timeline_decides_as_the_memory_timeline(db_url: str, articles: list[Annotations]) -> None:
    memory = Dossier()
    expected = [[e.item_id for e in memory.add(a).events] for a in articles]
    with open_store(db_url) as store:
        assert [put(store, a) for a in articles] == expected
        with store.engine.connect() as conn:
            stored = {r.id: item_of(r) for r in conn.execute(select(t.timeline_items))}
            roles = _role_rows(conn)
    assert stored == memory.timeline.items
    # each row of who takes part carries its item's kind and dates as the item is now
    assert roles == {(e, i.id, r, i.type, i.action, span_class(i.date.start, i.date.end) if i.date else UNDATED,
                      i.date.start if i.date else None, i.date.end if i.date else None, i.first_published,
                      i.last_published) for i in memory.timeline.items.values() for e, r in item_roles(i)}


def test_the_spans_scenario_widens_and_narrows_an_item_and_spans_every_class() -> None:
    memory = Dossier()
    for a in SPANS:
        memory.add(a)
    assert len(memory.timeline.items) == 2  # the dateline's item took the decade, then the year 2005, then a day
    spans = {span_class(i.date.start, i.date.end) for i in memory.timeline.items.values() if i.date}
    assert spans == {1}
    assert {span_class(*w[1:]) for w in (DECADE, CENTURY)} == {3, LONGER}


def _every_query(conn: Connection) -> list[ItemQuery]:
    """For each stored item, the query of a report retelling it: in its dates, or reported within days of it."""
    out = []
    for i in (item_of(r) for r in conn.execute(select(t.timeline_items).order_by(t.timeline_items.c.id))):
        reported = None
        if i.date is None and i.first_published and i.last_published:
            reported = (i.first_published - UNDATED_WINDOW, i.last_published + UNDATED_WINDOW)
        out.append(ItemQuery(i.type, i.action if i.type == "OTHER" else None, tuple(sorted(people(i))),
                             (i.date.start, i.date.end) if i.date else None, reported, i.location, i.actors,
                             None if i.date else i.action, None if i.date else i.last_published))
    return out


def _made(conn: Connection) -> list[int]:
    """The entities' numbers in the order they were made, by the registry's order."""
    return list(conn.scalars(select(t.entities.c.seq).order_by(t.entities.c.created_at, t.entities.c.id)))


def test_a_dossier_stored_at_0011_migrates_to_the_same_candidates(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from storyline.store.engine import MIGRATIONS

    with open_store(db_url) as store:
        for a in [*SCENARIO, *BEST_MATCH, *SPANS]:
            put(store, a)
        with store.engine.connect() as conn:
            queries = _every_query(conn)
            before = [SqlTimeline(conn).candidates(q, CANDIDATES) for q in queries], _role_rows(conn), _made(conn)
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")  # who takes part without the copies of the items; entities unnumbered
            conn.commit()
            assert {c["name"] for c in inspect(conn).get_columns("timeline_roles")} == {"entity_id", "item_id", "role"}
    with open_store(db_url) as store, store.engine.connect() as conn:  # opening migrates
        after = [SqlTimeline(conn).candidates(q, CANDIDATES) for q in queries], _role_rows(conn), _made(conn)
    assert after == before and all(before[0]) and before[2] == list(range(1, len(before[2]) + 1))


def test_two_runs_over_the_same_input_give_the_same_item_ids(tmp_path: Path) -> None:
    # the same kind, date and people in two places: two items whose content hashes alike
    talks = [article(f"Talks {place}", date(2014, 5, 30), Ev("CONSULT", "meet", (JAPAN, NK), (),
                                                             ("2014-05", date(2014, 5, 1), date(2014, 5, 31)), place))
             for place in ("Stockholm", "Beijing")]
    runs = []
    for run in range(2):
        with open_store(f"sqlite:///{tmp_path / f'run{run}.db'}") as store:
            runs.append([put(store, a) for a in talks])
            time.sleep(0.01)
    assert runs[0] == runs[1] and runs[0][0] != runs[0][1]


def _fillers(store: Store, participant: str, n: int) -> None:
    """`n` items of the planted event's category, each with `participant` and a target of its own, all dated in
    1977 up to the planted day, all reported on one day: the worst case for finding the right one (rows written
    straight into SQLite, as resolving 49,000 articles would take minutes)."""
    items, roles = [], []
    for i in range(n):
        item = f"filler{i:010d}"
        start = date(1977, 1, 1) + timedelta(days=i % 300)
        items.append((item, "ASSAULT", "abduct", json.dumps([participant]), json.dumps([f"person{i}"]), "1977",
                      start.isoformat(), "1977-12-31", "text", 1, "[]", "2003-01-01", "2003-01-01"))
        copy = ("ASSAULT", "abduct", span_class(start, date(1977, 12, 31)), start.isoformat(), "1977-12-31",
                "2003-01-01", "2003-01-01")  # what the store writes with each row of who takes part
        roles += [(participant, item, "actor", *copy), (f"person{i}", item, "target", *copy)]
    with store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO timeline_items (id, type, action, actors, targets, date_value, date_start, date_end, "
            "date_source, events, sources, first_published, last_published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
        conn.exec_driver_sql("INSERT INTO timeline_roles (entity_id, item_id, role, type, action, span, date_start, "
                             "date_end, first_published, last_published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", roles)


def test_a_planted_pair_merges_across_49000_items_sharing_its_participant(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        before = put(store, article("Before", date(2002, 9, 17),
                                    Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15")),
                                    Ev("ASSAULT", "abduct", (NK,), (TAGUCHI,), day("1978-06-29"))))
        with store.engine.connect() as conn:
            north_korea = conn.scalar(select(t.entities.c.id).where(t.entities.c.name == "North Korea"))
        assert north_korea is not None
        _fillers(store, north_korea, 49_000)
        after = put(store, article("After", date(2004, 12, 9),
                                   Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15")),
                                   Ev("ASSAULT", "abduct", (NK,), (TAGUCHI,), day("1980-05-01"))))
        with store.engine.connect() as conn:
            items = conn.scalar(select(t.timeline_items.c.events).where(t.timeline_items.c.id == after[0]))
    assert after[0] == before[0] and items == 2  # the retelling found its event among 49,000 sharing North Korea
    assert after[1] not in (before[1], before[0]) and not str(after[1]).startswith("filler")  # 1978 is not 1980


def test_keeping_conflicts_clears_the_stale_mark_only_if_no_claims_were_written_since(db_url: str) -> None:
    found = [Conflict("count", "how many", "a", "b", "13 vs 17")]
    with open_store(db_url) as store:
        store.set_meta("conflicts_stale", "first")
        mark = store.conflicts_stale()
        store.set_meta("conflicts_stale", "second")  # a document's claims written meanwhile
        assert store.keep_conflicts(found, stale=mark) == 1
        assert store.conflicts_stale() == "second"
        assert store.keep_conflicts(found, stale=store.conflicts_stale()) == 1
        assert store.conflicts_stale() is None


def test_a_run_interrupted_before_finding_conflicts_is_completed_by_the_next(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline import pipeline

    def interrupted(store: Store) -> int:
        raise KeyboardInterrupt

    with open_store(sqlite_url) as store:
        use_sample_profile(store)  # the default profile finds no conflicts in the sample story
        with monkeypatch.context() as m:
            m.setattr(pipeline, "refresh_conflicts", interrupted)
            with pytest.raises(KeyboardInterrupt):
                pipeline.ingest(store, [str(EXAMPLES)])
        assert store.conflicts_stale() is not None
        with store.engine.connect() as conn:
            assert conn.scalar(select(t.conflicts.c.id).limit(1)) is None
        again = pipeline.ingest(store, [str(EXAMPLES)])
        assert again.stored == 0  # nothing new: every input was read before
        with store.engine.connect() as conn:
            assert conn.scalar(select(t.conflicts.c.id).limit(1)) is not None
        assert store.conflicts_stale() is None
