"""The HTTP API, in process, over a real dossier (the sample corpus and both seeds) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from storyline import reads as read
from storyline.api import create_app
from storyline.api.guards import Policy
from storyline.pipeline import Defaults, ingest
from storyline.store import open_store
from tests.conftest import EXAMPLES, _fresh_pg_database, dossier_fingerprint, seed, use_sample_profile

with warnings.catch_warnings():  # starlette deprecates httpx for its TestClient, and httpx is what is pinned
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "s3cret-token-for-tests"
ARTICLE = {
    "title": "Tokyo names an envoy for the abductee talks",
    "text": "Japan on Tuesday named a senior diplomat as its envoy for talks with North Korea on the abductees, "
            "officials in Tokyo said.\n\nThe envoy will travel to Beijing next month, the foreign ministry said.",
    "published": "2019-03-12",
    "outlet": "Test Wire",
    "url": "https://news.example/envoy",
}


def build(url: str) -> None:
    with open_store(url) as store:
        use_sample_profile(store)
        ingest(store, [str(EXAMPLES)], workers=1)
        ingest(store, [str(seed("000"))], Defaults(published=date(2014, 6, 2)))
        ingest(store, [str(seed("003"))], Defaults(published=date(2018, 8, 30)))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def dossier_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'dossier.db'}"
        build(url)
        yield url
        return
    databases = _fresh_pg_database()
    url = next(databases)
    try:
        build(url)
        yield url
    finally:
        databases.close()


@pytest.fixture(scope="module")
def served_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the test server may ingest files from (`serve --files`)."""
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="module")
def client(dossier_url: str, served_files: Path) -> Iterator[TestClient]:
    # no rate limit: these tests send hundreds of requests from one client (test_server_guards.py tests it)
    with TestClient(create_app(dossier_url, policy=Policy(token=TOKEN, files=served_files, rate=0))) as c:
        yield c


@pytest.fixture(scope="module")
def read_only(dossier_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(dossier_url, policy=Policy(rate=0))) as c:
        yield c


def get(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, (path, params, r.text)
    return r.json()


def counts(client: TestClient) -> tuple[int, int, int, int]:
    return (len(get(client, "/api/documents")), len(get(client, "/api/entities")), len(get(client, "/api/claims")),
            len(get(client, "/api/timeline")))


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = get(client, "/openapi.json")["paths"]
    for path in ("/api/timeline", "/api/entities", "/api/entities/{name}", "/api/claims", "/api/conflicts",
                 "/api/search", "/api/documents", "/api/documents/{doc_id}", "/api/ingest"):
        assert path in paths, path
    assert "post" in paths["/api/ingest"] and "get" in paths["/api/timeline"]
    assert not any(p == "/" or p.startswith(("/entities", "/documents")) for p in paths)  # pages are not API


def test_the_api_serves_the_read_layers_objects(client: TestClient, dossier_url: str) -> None:
    with open_store(dossier_url) as store, store.engine.connect() as conn:
        assert get(client, "/api/timeline") == read.timeline(conn, evidence=10)
        assert get(client, "/api/timeline", evidence=3) == read.timeline(conn, evidence=3)
        assert get(client, "/api/entities", type="person") == read.entities(conn, type_="PERSON")
        assert get(client, "/api/claims", source="The Washington Post") == read.claims(conn, source="The Washington Post")
        assert get(client, "/api/conflicts") == read.conflicts(conn)
        assert get(client, "/api/entities/Kim Jong Un") == read.entity_profile(conn, "Kim Jong Un", evidence=10)


def test_a_listed_item_shows_its_first_reports_and_its_own_path_all_of_them(client: TestClient) -> None:
    items = get(client, "/api/timeline", evidence=2)
    assert any(i["reports"] > 2 for i in items)  # the seed dossier has stories many outlets reported
    for i in items:
        assert len(i["evidence"]) == min(i["reports"], 2)
        full = get(client, f"/api/timeline/{i['id']}")
        assert len(full["evidence"]) == full["reports"] == i["reports"]
        assert full["evidence"][:2] == i["evidence"] and full["sources"] == i["sources"]
    assert client.get("/api/timeline/no-such-item").status_code == 404


def test_timeline_filters_by_entity_and_period(client: TestClient) -> None:
    items = get(client, "/api/timeline", entity="North Korea", **{"from": "2002", "to": "2018"})
    assert items
    for i in items:
        assert "North Korea" in i["actors"] + i["targets"] + i["participants"]
        if i["date"]:
            assert i["date"]["end"] >= "2002-01-01" and i["date"]["start"] <= "2018-12-31"  # to=2018: all of 2018
    assert len(get(client, "/api/timeline", limit=3)) == 3
    assert get(client, "/api/timeline", entity="Nobody Anywhere") == []


@pytest.mark.parametrize("value", ["2018-13", "18", "2018-1-1", "yesterday", "2018-02-30", "2018-06-01T00:00"])
def test_a_date_that_is_not_yyyy_mm_dd_is_a_422(client: TestClient, value: str) -> None:
    for key in ("from", "to"):
        r = client.get("/api/timeline", params={key: value})
        assert r.status_code == 422 and key in r.json()["error"], r.text


def test_unknown_things_are_404_json(client: TestClient) -> None:
    for path in ("/api/entities/Nobody Anywhere", "/api/documents/0000000000000000", "/api/no-such-thing"):
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
        assert set(r.json()) == {"error"}
    assert "Nobody Anywhere" in client.get("/api/entities/Nobody Anywhere").json()["error"]
    r = client.get("/api/timeline", params={"limit": 0})
    assert r.status_code == 422 and "limit" in r.json()["error"]


def test_an_entity_is_found_by_alias_and_a_slash_in_its_name_is_one_segment(client: TestClient) -> None:
    assert get(client, "/api/entities/Kim Jong Un")["name"] == "Kim Jong-un"
    assert client.get("/api/entities/AC%2FDC").status_code == 404  # routed to the profile, not a 405 or a crash


def _all_evidence(client: TestClient) -> Iterator[dict[str, Any]]:
    for item in get(client, "/api/timeline"):
        yield from item["evidence"]
    for claim in get(client, "/api/claims"):
        yield claim["evidence"]
    for conflict in get(client, "/api/conflicts"):
        for side in conflict["claims"]:
            yield side["evidence"]
    for entity in get(client, "/api/entities", limit=8):
        profile = get(client, f"/api/entities/{entity['name']}")
        for item in profile["events"]:
            yield from item["evidence"]
        for claim in profile["claims_by"] + profile["claims_about"]:
            yield claim["evidence"]


def test_every_evidence_is_exactly_its_documents_text(client: TestClient) -> None:
    texts: dict[str, str] = {}
    seen = 0
    for ev in _all_evidence(client):
        if ev["document"] not in texts:
            texts[ev["document"]] = get(client, f"/api/documents/{ev['document']}")["text"]
        assert texts[ev["document"]][ev["start"]:ev["end"]] == ev["text"]
        seen += 1
    assert seen > 100 and len(texts) > 10


def test_search_returns_documents_with_highlights_and_no_marks(client: TestClient) -> None:
    hits = [h for h in get(client, "/api/search", q="abductees Pyongyang") if h["kind"] == "document"]
    assert hits
    assert sum(1 for h in hits if h["highlights"]) >= len(hits) / 2  # a title-only match has none in its snippet
    for h in hits:
        assert "\x02" not in h["snippet"] and "\x03" not in h["snippet"]
        for mark in h["highlights"]:
            assert h["snippet"][mark["start"]:mark["end"]].lower().startswith(("abductee", "pyongyang"))
    assert get(client, "/api/search", q="   ") == []


def test_search_finds_claims_and_entities_too(client: TestClient) -> None:
    kinds = {h["kind"] for h in get(client, "/api/search", q="settled")}
    assert {"document", "claim"} <= kinds
    claim = next(h for h in get(client, "/api/search", q="settled") if h["kind"] == "claim")
    assert claim["evidence"]["text"] == claim["snippet"]
    assert any(h["kind"] == "entity" and h["name"] == "Kim Jong Il" for h in get(client, "/api/search", q="Kim Jong Il"))
    assert client.get("/api/search").status_code == 422  # q is required


@pytest.mark.parametrize("evil", [
    "'; DROP TABLE documents; --", "\" OR 1=1 --", "abductees' OR '1'='1", "%", "_", "*", "NEAR(a b)",
    "x\"; DELETE FROM claims WHERE \"1\"=\"1", "documents_fts MATCH '*'", "Japan) OR (1=1",
    "1' UNION SELECT id, text, 1, 1 FROM documents --", "'||(SELECT version())||'", "'; SELECT pg_sleep(3); --",
    "1; UPDATE documents SET title='x'", "$$; DROP TABLE claims; $$", "\\'; --", "a & !b | c:*", "Kim <-> Jong",
    "'\x00; DROP TABLE documents", "' AND randomblob(1000000000) --", "\u02bc OR 1=1", "%' --", "[a-z]*",
])
def test_injection_looking_input_changes_nothing(client: TestClient, dossier_url: str, evil: str) -> None:
    before = dossier_fingerprint(dossier_url)
    started = time.monotonic()

    def answer(path: str, status: int = 200, **params: str) -> Any:
        r = client.get(path, params=params)
        assert r.status_code == status, (path, params, r.text[:200])  # a NUL too: read as U+FFFD, no 500
        return r.json() if status == 200 and path.startswith("/api/") else None

    hits = answer("/api/search", q=evil)
    assert isinstance(hits, list)
    for path, param in (("/api/timeline", "entity"), ("/api/claims", "about"), ("/api/claims", "source")):
        assert answer(path, **{param: evil}) == []
    assert answer("/api/entities", type=evil[:32]) == []
    quoted = quote(evil, safe="")
    for path in (f"/api/entities/{quoted}", f"/api/documents/{quoted}", f"/api/timeline/{quoted}",
                 f"/entities/{quoted}"):
        answer(path, 404)
    answer("/api/timeline", 422, **{"from": evil})
    answer("/api/timeline", 422, to=evil)
    answer("/search", q=evil)
    answer("/", entity=evil)
    answer("/claims", about=evil, source=evil)
    assert time.monotonic() - started < 3  # pg_sleep did not run either
    assert dossier_fingerprint(dossier_url) == before


def test_without_a_token_the_api_is_read_only(read_only: TestClient) -> None:
    before = counts(read_only)
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
        r = read_only.post("/api/ingest", json=ARTICLE, headers=headers)
        assert r.status_code == 403 and "read-only" in r.json()["error"]
    assert counts(read_only) == before


def test_ingest_needs_the_right_token(client: TestClient) -> None:
    before = counts(client)
    r = client.post("/api/ingest", json=ARTICLE)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and "error" in r.json()
    r = client.post("/api/ingest", json=ARTICLE, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403 and r.json() == {"error": "wrong token"}
    r = client.post("/api/ingest", json=ARTICLE, headers={"Authorization": f"Basic {TOKEN}"})
    assert r.status_code == 401
    assert counts(client) == before

    r = client.post("/api/ingest", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    assert r.json() == {"stored": 1, "duplicates": 0, "near_duplicates": 0, "failed": 0, "failures": []}
    hit = get(client, "/api/search", q="senior diplomat envoy")[0]
    doc = get(client, f"/api/documents/{hit['document']}")
    assert doc["title"] == ARTICLE["title"] and doc["published"] == "2019-03-12" and doc["outlet"] == "Test Wire"
    assert doc["text"] == ARTICLE["text"]
    again = client.post("/api/ingest", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["stored"] == 0 and again["duplicates"] == 1


def test_ingest_reads_sources_on_the_server(client: TestClient, served_files: Path) -> None:
    tmp_path = served_files
    page = tmp_path / "page.txt"
    page.write_text("Envoys from Tokyo and Pyongyang met in Ulaanbaatar on Friday, diplomats said.\n\n"
                    "The meeting lasted three hours and no agreement was announced, officials said.\n",
                    encoding="utf-8")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/ingest", json={"sources": [str(page), str(tmp_path / "missing.txt")],
                                         "published": "2019-06-01"}, headers=auth)
    assert r.status_code == 200, r.text
    summary = r.json()
    assert summary["stored"] == 1 and summary["failed"] == 1 and summary["failures"][0]["source"].endswith("missing.txt")


@pytest.mark.parametrize("body", [
    {}, {"sources": []}, {"sources": ["a"], "text": "b"}, {"text": ""}, {"text": "x", "published": "2018-02-30"},
    {"text": "x", "published": "March 2018"}, {"sources": ["a"], "title": "t"}, {"text": "x", "unknown": 1},
])
def test_a_bad_ingest_body_is_a_422(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and set(r.json()) == {"error"}, r.text


def test_documents_are_listed_without_bodies_and_served_whole(client: TestClient) -> None:
    docs = get(client, "/api/documents")
    assert len(docs) >= 17
    first = docs[0]
    assert "text" not in first and first["chars"] > 0
    whole = get(client, f"/api/documents/{first['id']}")
    assert len(whole["text"]) == first["chars"] and set(whole) >= {"title", "outlet", "published", "captions"}
    assert len(get(client, "/api/documents", limit=2)) == 2


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/api/timeline", "/api/nope", "/", "/static/style.css", "/entities/Nobody%20Anywhere"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/docs").status_code == 404  # Swagger UI would need a CDN; /openapi.json is the doc


def test_html_pages_escape_what_articles_say(client: TestClient) -> None:
    body = {"title": "<script>alert(1)</script> & co", "url": "javascript:alert(3)", "published": "2019-04-02",
            "text": "The ministry in Tokyo released a statement on Monday about the stalled talks.\n\n"
                    "The statement read: <img src=x onerror=alert(2)> and nothing more, officials said."}
    r = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["stored"] == 1, r.text
    doc_id = get(client, "/api/search", q="onerror alert")[0]["document"]
    for page in (f"/documents/{doc_id}", "/search?q=onerror+alert", "/documents"):
        html = client.get(page).text
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html, page
    assert "&lt;img src=x onerror=alert(2)&gt;" in client.get(f"/documents/{doc_id}").text


def test_serve_prints_its_url_and_answers(dossier_url: str) -> None:
    """`storyline serve` as a user starts it, on SQLite and on a shared PostgreSQL dossier."""
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--db", dossier_url, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ | {"STORYLINE_TOKEN": ""})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line and "read-only" in line, line + (proc.stderr.read() if proc.poll() else "")
        url = line.split("serving on ")[1].split()[0]
        docs = httpx.get(url + "api/documents", timeout=10).json()
        assert len(docs) >= 17 and json.dumps(docs)
        page = httpx.get(url, timeout=10)  # the web UI, its timeline first
        assert page.status_code == 200 and "timeline" in page.text.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ui_lists_come_in_pages_whatever_the_dossier_size(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page shows at most PAGE_SIZE rows, with links to the pages on either side; past the end is a 404."""
    import re

    from storyline.web import pages

    monkeypatch.setitem(pages.PAGE_SIZE, "timeline", 7)
    monkeypatch.setitem(pages.PAGE_SIZE, "documents", 4)
    monkeypatch.setitem(pages.PAGE_SIZE, "entities", 6)
    for show, everything in (("key", get(client, "/api/timeline", key=True)), ("all", get(client, "/api/timeline"))):
        assert len(everything) > 14
        seen: list[str] = []
        for n in (1, 2):
            params = {"page": str(n)} if n > 1 else {}
            if show == "all":
                params = {"show": "all", **params}
            html = client.get("/", params=params).text
            seen += re.findall(r'<li id="item-([^"]+)"', html)
            assert f'page={n + 1}"' in html
            assert ('rel="prev"' in html) == (n > 1)
        assert seen == [i["id"] for i in everything[:14]]  # the API's order, page after page
    docs = client.get("/documents", params={"page": 2}).text
    assert docs.count('href="/documents/') == 4 and "5–8 of the stored articles" in docs
    assert client.get("/entities", params={"type": "PERSON", "page": 2}).text.count('href="/entities/') == 6
    assert client.get("/documents", params={"page": 10_000}).status_code == 404
    assert client.get("/documents", params={"page": 0}).status_code == 422


def test_each_item_says_which_report_its_date_comes_from_in_the_api_and_the_web_ui(client: TestClient) -> None:
    import re

    items = [i for i in get(client, "/api/timeline", key=True) if i["date"]]
    assert items and all(i["date"]["report"] for i in items)
    for i in items[:20]:
        gave = i["date"]["report"]
        text = get(client, f"/api/documents/{gave['document']}")["text"]
        assert text[gave["trigger"]["start"]:gave["trigger"]["end"]].strip()
    html = client.get("/").text
    links = re.findall(r'<a class="muted dated-by" href="/documents/([^?"]+)\?start=(\d+)&amp;end=(\d+)"', html)
    assert [(i["date"]["report"]["document"], str(i["date"]["report"]["trigger"]["start"]),
             str(i["date"]["report"]["trigger"]["end"])) for i in items][:len(links)] == links and links
