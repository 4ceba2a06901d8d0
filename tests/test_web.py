"""The web UI in a real headless Chromium (Playwright) against a real uvicorn server on 127.0.0.1.

Needs Debian's Chromium at /usr/bin/chromium (`.ci/chromium-up` installs it): without it these tests skip,
except in CI, where they fail. Screenshots of every page go to tests/artifacts/.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from storyline.api import create_app
from storyline.api.guards import Policy
from storyline.pipeline import Defaults, ingest
from storyline.store import open_store
from tests.conftest import EXAMPLES, seed, use_sample_profile

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

PWNED_TITLE = "<script>window.__pwned=1</script>"
PWNED_BODY = '<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3">'
HOSTILE = {
    "title": PWNED_TITLE,
    "text": "Officials in Tokyo said on Monday that the talks with North Korea would resume next month.\n\n"
            f"The statement read: {PWNED_BODY} and nothing else, according to the ministry.\n\n"
            "North Korea did not comment on the abductees.",
    "published": "2019-05-01",
    "outlet": "<b>Evil</b> Gazette",
    "url": "javascript:window.__pwned=4",
}


@pytest.fixture(scope="module", autouse=True)
def needs_chromium() -> None:
    """Skip (fail in CI) before anything is built when there is no browser to drive."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (run .ci/chromium-up to install Debian's chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -e '.[dev]')"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a real dossier (sample corpus, both seeds, one hostile article), served by uvicorn."""
    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'dossier.db'}"
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    with open_store(url) as store:
        use_sample_profile(store)
        ingest(store, [str(EXAMPLES)], workers=1)
        ingest(store, [str(seed("000"))], Defaults(published=date(2014, 6, 2)))
        ingest(store, [str(seed("003"))], Defaults(published=date(2018, 8, 30)))
        assert ingest(store, [str(hostile)]).stored == 1

    sock = socket.create_server(("127.0.0.1", 0))  # bound before the server starts: no race for the port
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(url, policy=Policy(rate=0)), log_level="warning"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Tab:
    page: Any
    base: str
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, (path, response and response.status)
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def tab(browser: Any, server: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    t = Tab(page, server)
    page.on("console", lambda m: t.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: t.errors.append(f"pageerror: {e}"))
    try:
        yield t
    finally:
        context.close()


def api(server: str, path: str, **params: Any) -> Any:
    r = httpx.get(server + path, params=params, timeout=30)
    r.raise_for_status()
    return r.json()


@pytest.mark.parametrize(("name", "path"), [
    ("timeline", "/"), ("entities", "/entities"), ("entity", "/entities/Megumi%20Yokota"), ("claims", "/claims"),
    ("conflicts", "/conflicts"), ("search", "/search?q=abductees"), ("documents", "/documents"),
])
def test_pages_load_without_console_errors(tab: Tab, name: str, path: str) -> None:
    page = tab.open(path)
    assert page.locator("h1").first.is_visible()
    page.wait_for_load_state("networkidle")
    tab.shot(name)
    assert tab.errors == []


def test_the_timeline_draws_every_dated_item_on_its_axis(tab: Tab) -> None:
    page = tab.open("/")  # the key events first
    dated = page.locator(".items li[data-start]").count()
    assert dated > 20
    assert page.locator("#axis-canvas svg .mark").count() == dated
    key = api(tab.base, "/api/timeline", key="true")
    assert dated == len([i for i in key if i["date"]])
    assert page.locator("#undated > ol > li").count() == len([i for i in key if not i["date"]])
    # the control to show every event: all of them, on the axis too
    page.locator('select[name="show"]').select_option("all")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    everything = api(tab.base, "/api/timeline")
    assert page.locator(".items li[data-start]").count() == len([i for i in everything if i["date"]]) > dated
    assert page.locator("#axis-canvas svg .mark").count() == len([i for i in everything if i["date"]])
    # A decade is a wide bar and a day a dot, at the full view.
    assert page.locator("#axis-canvas .mark rect").count() > 0 and page.locator("#axis-canvas .mark circle").count() > 0
    assert tab.errors == []


def test_clicking_a_timeline_item_shows_its_evidence_highlighted_in_its_article(tab: Tab) -> None:
    page = tab.open("/")
    items = {i["id"]: i for i in api(tab.base, "/api/timeline", key="true") if i["date"]}
    item_id = page.locator(".items li[data-start]").nth(3).get_attribute("data-id")
    evidence = items[item_id]["evidence"][0]

    page.locator(f'#axis-canvas .mark[data-id="{item_id}"]').click()
    panel = page.locator("#selected")
    assert panel.is_visible() and page.locator(f"#item-{item_id}.selected").count() == 1
    tab.shot("timeline-selected")
    with page.expect_navigation():
        panel.locator("a.evidence").first.click()
    assert f"/documents/{evidence['document']}?start={evidence['start']}&end={evidence['end']}" in page.url
    mark = page.locator("mark#evidence")
    assert mark.text_content() == evidence["text"]
    assert mark.is_visible()
    page.wait_for_function("() => { const r = document.getElementById('evidence').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= window.innerHeight; }")
    tab.shot("article-evidence")
    assert tab.errors == []


def test_zoom_goes_from_the_whole_story_to_a_month_and_back(tab: Tab) -> None:
    page = tab.open("/")
    whole = page.locator("#axis-range").text_content()
    assert page.locator("[data-zoom=year]").is_disabled()
    first = page.locator(".items li[data-start]").first
    year = first.get_attribute("data-start")[:4]
    page.locator(f'#axis-canvas .mark[data-id="{first.get_attribute("data-id")}"]').click()
    page.locator("[data-zoom=month]").click()
    month = page.locator("#axis-range").text_content()
    assert month != whole and year in month
    page.locator("[data-zoom=decade]").click()
    tab.shot("timeline-zoomed-decade")
    box = page.locator("#axis-canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    before = page.locator("#axis-range").text_content()
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => document.getElementById('axis-range').textContent !== {json.dumps(before)}")
    page.locator("[data-zoom=all]").click()
    assert page.locator("#axis-range").text_content() == whole
    assert tab.errors == []


def test_filters_narrow_the_timeline(tab: Tab) -> None:
    page = tab.open("/")
    page.fill("input[name=entity]", "Megumi Yokota")
    page.fill("input[name=from]", "1970")
    page.fill("input[name=to]", "1979")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    shown = page.locator(".items li[data-start]")
    assert shown.count() >= 1
    for start in shown.evaluate_all("els => els.map(e => e.dataset.start)"):
        assert start < "1980"
    assert tab.errors == []


def test_an_article_with_a_script_in_its_title_and_body_runs_no_script(tab: Tab) -> None:
    hit = api(tab.base, "/api/search", q="pwned statement ministry")[0]
    for name, path in (("hostile-article", f"/documents/{hit['document']}"), ("hostile-search", "/search?q=pwned"),
                       ("hostile-documents", "/documents"), ("hostile-timeline", "/")):
        page = tab.open(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("a[href^='javascript:']").count() == 0, path
        if name != "hostile-timeline":
            assert page.get_by_text(PWNED_TITLE, exact=False).first.is_visible(), path
        tab.shot(name)
    page = tab.open(f"/documents/{hit['document']}")
    assert PWNED_BODY in page.locator(".body").text_content()
    assert page.get_by_text("javascript:window.__pwned=4").is_visible()  # shown as text, not linked
    assert page.locator(".body img, .body script").count() == 0
    assert tab.errors == []
