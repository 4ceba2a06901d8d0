"""The read layer: one set of objects for the CLI, the API and the web UI, and the words around an event's trigger.

The faces are driven as users drive them: the CLI as a process, the API and the UI in process over HTTP, all over
one real SQLite dossier of the sample corpus.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from markupsafe import escape

from storyline import reads
from storyline.api import create_app
from storyline.api.guards import Policy
from storyline.pipeline import ingest
from storyline.reads.excerpt import WINDOW, excerpt_of, window, with_excerpt
from storyline.store import open_store
from tests.conftest import EXAMPLES

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

OLD_CUT = 160  # the list pages showed an evidence sentence's first 160 characters; the CLI none of it


# -- the excerpt, without a database -------------------------------------------------------------------------


def _sentence(before: int, after: int, trigger: str = "abducted") -> tuple[str, int, int]:
    words = [f"w{i}" for i in range(before)] + [trigger] + [f"v{i}" for i in range(after)]
    text = " ".join(words) + "."
    start = text.index(trigger)
    return text, start, start + len(trigger)


def test_a_trigger_deep_in_a_long_sentence_is_shown_with_words_on_each_side() -> None:
    text, ts, te = _sentence(40, 30)
    start, end = window(text, ts, te)
    shown = text[start:end]
    assert "abducted" in shown and shown.startswith(f"w{40 - WINDOW} ") and shown.endswith(f" v{WINDOW - 1}")
    x = excerpt_of(with_excerpt({"document": "d", "start": 100, "end": 100 + len(text), "text": text,
                                 "trigger": {"start": 100 + ts, "end": 100 + te, "text": "abducted"}}))
    assert (x.trigger, x.cut_start, x.cut_end) == ("abducted", True, True)
    assert x.plain() == "…" + shown + "…"


def test_a_short_sentence_is_shown_whole() -> None:
    text, ts, te = _sentence(3, 4)
    assert window(text, ts, te) == (0, len(text))
    ev = with_excerpt({"document": "d", "start": 0, "end": len(text), "text": text,
                       "trigger": {"start": ts, "end": te, "text": "abducted"}})
    assert ev["excerpt"] == {"start": 0, "end": len(text), "text": text}
    x = excerpt_of(ev)
    assert not x.cut_start and not x.cut_end and x.before + x.trigger + x.after == text


def test_evidence_without_a_trigger_shows_its_first_words() -> None:
    text = " ".join(f"w{i}" for i in range(100))
    ev = {"document": "d", "start": 5, "end": 5 + len(text), "text": text}
    assert with_excerpt(ev) is ev  # a claim's evidence gains nothing
    x = excerpt_of(ev)
    assert x.trigger == "" and x.plain().startswith("w0 w1 ") and x.plain().endswith(" w23…")
    assert x.cut_end and not x.cut_start


# -- dates: one parser, one message ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2018-13", "18", "2018-02-30", "2018-06-01T00:00", "yesterday"])
def test_a_bad_date_is_one_error_whatever_the_face(value: str) -> None:
    with pytest.raises(reads.InvalidDate, match=f"^--from: {value!r} is not a date"):
        reads.period(value, "--from")
    assert reads.date_range("2018", "2016-02") == (date(2018, 1, 1), date(2016, 2, 29))  # a period's first, last day
    assert reads.day("2018-08-30", "--published") is not None
    with pytest.raises(reads.InvalidDate, match="YYYY-MM-DD"):
        reads.day("2018-08", "--published")


# -- the three faces over one dossier ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('reads') / 'sample.db'}"
    with open_store(url) as store:
        ingest(store, [str(EXAMPLES)], workers=1)
    return url


@pytest.fixture(scope="module")
def client(sample: str) -> Iterator[TestClient]:
    with TestClient(create_app(sample, policy=Policy(rate=0))) as c:
        yield c


def cli(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    p = subprocess.run([sys.executable, "-m", "storyline.cli", *map(str, args)], capture_output=True, text=True,
                       timeout=300, env={**os.environ, **(env or {})})
    assert p.returncode == 0, p.stderr
    return p


def cli_json(sample: str, *args: object) -> Any:
    return json.loads(cli(*args, "--db", sample, "--json").stdout)


def api(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_cli_and_the_api_give_the_same_objects(sample: str, client: TestClient) -> None:
    assert cli_json(sample, "timeline", "--evidence", 10) == api(client, "/api/timeline")
    key = cli_json(sample, "timeline", "--evidence", 10, "--key")
    assert key == api(client, "/api/timeline", key=True) and key and all(i["key"] for i in key)
    assert cli_json(sample, "timeline", "--evidence", 10, "--min-reports", 2) == api(client, "/api/timeline",
                                                                                      min_reports=2)
    assert cli_json(sample, "entities") == api(client, "/api/entities")
    assert cli_json(sample, "claims") == api(client, "/api/claims")
    assert cli_json(sample, "docs") == api(client, "/api/documents")
    assert cli_json(sample, "entity", "Megumi Yokota") == api(client, "/api/entities/Megumi Yokota", evidence=10_000)
    for q in ("Megumi Yokota", "abductees Pyongyang", "settled"):
        hits = cli_json(sample, "search", q)
        assert hits == api(client, "/api/search", q=q)
        assert {h["kind"] for h in hits} >= {"document"} and all("highlights" in h for h in hits)
        assert any(h["highlights"] for h in hits if h["kind"] == "document")


def test_search_highlights_are_offsets_of_matched_words_in_every_hit(client: TestClient) -> None:
    hits = api(client, "/api/search", q="abductees settled")
    assert any(h["kind"] == "claim" and h["highlights"] for h in hits)
    for h in hits:
        for mark in h["highlights"]:
            assert h["snippet"][mark["start"]:mark["end"]].lower().startswith(("abductee", "settle"))


def _hidden_before(client: TestClient) -> list[dict[str, Any]]:
    """Items whose first evidence sentence has its trigger past the old cut: the lists hid their event."""
    items = [i for i in api(client, "/api/timeline") if i["evidence"]]
    return [i for i in items if i["evidence"][0]["trigger"]["end"] - i["evidence"][0]["start"] > OLD_CUT]


def test_every_event_evidence_carries_its_trigger_and_an_excerpt_around_it(client: TestClient) -> None:
    texts: dict[str, str] = {}
    items = api(client, "/api/timeline")
    for ev in (ev for i in items for ev in i["evidence"]):
        if ev["document"] not in texts:
            texts[ev["document"]] = api(client, f"/api/documents/{ev['document']}")["text"]
        text = texts[ev["document"]]
        trigger, excerpt = ev["trigger"], ev["excerpt"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"] and trigger["text"].strip()
        assert text[excerpt["start"]:excerpt["end"]] == excerpt["text"]
        assert ev["start"] <= excerpt["start"] <= trigger["start"] < trigger["end"] <= excerpt["end"] <= ev["end"]
    item = api(client, f"/api/timeline/{items[0]['id']}")
    assert all("excerpt" in ev for ev in item["evidence"])


def test_a_long_sentence_shows_its_trigger_in_the_api_the_cli_and_the_web_ui(sample: str, client: TestClient) -> None:
    hidden = _hidden_before(client)
    assert hidden, "the sample has the 1977 abduction told at the end of a long sentence"
    assert any("who was abducted from Niigata in 1977" in i["evidence"][0]["excerpt"]["text"] for i in hidden)
    # the API: the trigger's offsets, inside the excerpt's
    for i in hidden:
        ev = i["evidence"][0]
        assert ev["trigger"]["text"] in ev["excerpt"]["text"]
    # the CLI's table: the excerpt, the trigger in bold and underlined
    wide = {"COLUMNS": "1000", "NO_COLOR": ""}
    table = cli("timeline", "--undated", "--db", sample, env=wide).stdout
    coloured = cli("timeline", "--undated", "--db", sample, env=wide | {"FORCE_COLOR": "1", "TERM": "xterm"}).stdout
    for i in hidden:
        x = excerpt_of(i["evidence"][0])
        assert x.plain() in table
        assert f"\x1b[1;4m{x.trigger}\x1b[0m" in coloured
    # the web UI's lists: the excerpt, escaped, with the trigger in a <mark>
    timeline = client.get("/", params={"show": "all"}).text
    for i in hidden:
        x = excerpt_of(i["evidence"][0])
        row = timeline[timeline.index(f'id="item-{i["id"]}"'):]
        row = row[:row.index("</ul>")]  # the item and its evidence list
        assert f"{escape(x.before)}<mark>{escape(x.trigger)}</mark>{escape(x.after)}" in row
        name = (i["targets"] or i["actors"] or i["participants"])[0]
        profile = client.get(f"/entities/{quote(name, safe='')}").text
        assert f"<mark>{escape(x.trigger)}</mark>{escape(x.after)}" in profile


def test_the_web_ui_does_not_import_the_apis_routes() -> None:
    web = Path(reads.__file__).resolve().parent.parent / "web"
    for source in web.rglob("*.py"):
        assert "storyline.api.routes" not in source.read_text(), source
