"""A corpus of XSS payloads in titles, bodies, outlets, bylines, URLs, entity names and query strings: in a real
Chromium, no page of the UI runs any of them, and none of them becomes an element.

Each payload, if it ran, would set `window.__xss` (or open a dialog). Escaping is checked apart from the CSP:
a payload that became markup shows up as an element carrying an `on…` attribute or an inline script, whether or
not the CSP then stopped it, so the test fails on an escaping slip even though the CSP would have saved the page.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn

from storyline.api import create_app
from storyline.api.guards import Policy
from storyline.pipeline import ingest
from storyline.store import open_store
from tests.test_web import CHROMIUM_ARGS, Tab, api, browser, needs_chromium  # noqa: F401 - fixtures

MARK = "window.__xss"
# Written for this test: the classic shapes (tag injection, attribute break-out, URL schemes, mutation XSS
# through foreign content, template syntax, script-context breakers, meta refresh, base hijack).
PAYLOADS = [
    f"<script>{MARK}=1</script>",
    f'"><img src=x onerror="{MARK}=2">',
    f"'><svg onload={MARK}=3>",
    f"</title><script>{MARK}=4</script>",
    f'<a href="javascript:{MARK}=5">read more</a>',
    f'<iframe srcdoc="<script>parent.{MARK}=6</script>"></iframe>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARK}=7>",
    f"<details open ontoggle={MARK}=8>",
    f'" autofocus onfocus="{MARK}=9',
    f"</textarea></script><script>{MARK}=10</script>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{MARK}=11">',
    '<base href="https://attacker.example/">',
    f"<svg><animate onbegin={MARK}=12 attributeName=x dur=1s>",
    f"{{{{7*7}}}} {{% print({MARK}) %}} ${{{MARK}=13}}",
    f"\u2028\u2029</script><script>{MARK}=14</script>",
    f"<object data=\"javascript:{MARK}=15\"></object><embed src=\"javascript:{MARK}=16\">",
]
URLS = [f"javascript:{MARK}=20", f"data:text/html,<script>{MARK}=21</script>", f"JaVaScRiPt:{MARK}=22",
        f" javascript:{MARK}=23", f"vbscript:{MARK}=24"]
# Names spaCy reads as people or organisations with the markup inside them
NAMED = [f"Prime Minister Taro_<script>{MARK}=30</script> Aso said the talks would go on.",
         f"Mr. O'Brien\"><svg onload={MARK}=31> met Mr. Tanaka in Tokyo on Monday.",
         f"Officials said Yoshihide&lt;img src=x onerror={MARK}=32&gt;Suga agreed."]
INJECTED = ("script:not([src^='/static/']), [onerror], [onload], [ontoggle], [onfocus], [onbegin], iframe, object, "
            "embed, base, meta[http-equiv], a[href^='javascript:' i], a[href^='data:' i], a[href^='vbscript:' i], "
            "details[open] [ontoggle], svg animate")


def articles() -> list[dict[str, str]]:
    out = []
    for i, payload in enumerate(PAYLOADS):
        out.append({
            "title": f"Talks resume {payload}",
            "text": f"Officials in Tokyo said on Monday that talks with North Korea would resume next month.\n\n"
                    f"The statement read: {payload} and nothing more, the ministry said.\n\n"
                    f"{NAMED[i % len(NAMED)]}\n\n"
                    f"\"We will not give up {payload},\" the minister said on Tuesday, according to the ministry.",
            "published": f"2019-05-{i + 1:02d}",
            "outlet": f"Gazette {payload}",
            "url": URLS[i % len(URLS)],
        })
    return out


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("xss")
    url = f"sqlite:///{folder / 'dossier.db'}"
    corpus = folder / "hostile.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in articles()), encoding="utf-8")
    byline = folder / "byline.txt"
    byline.write_text(f"Envoys meet again\n\nBy Jane <img src=x onerror={MARK}=40> Doe\n\n"
                      "Envoys from Tokyo and Pyongyang met in Ulaanbaatar on Friday, diplomats said.\n\n"
                      "The meeting lasted three hours and no agreement was announced, officials said.\n",
                      encoding="utf-8")
    with open_store(url) as store:
        summary = ingest(store, [str(corpus), str(byline)], workers=1)
        assert summary.stored == len(PAYLOADS) + 1, summary.to_json()
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url, policy=Policy(rate=0)), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture
def xss_tab(browser: Any, xss_server: str) -> Iterator[Tab]:  # noqa: F811 - the fixture imported above
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    t = Tab(page, xss_server)
    page.on("dialog", lambda d: (t.errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: t.errors.append(f"pageerror: {e}"))
    try:
        yield t
    finally:
        context.close()


def pages(base: str) -> list[str]:
    docs = api(base, "/api/documents")
    names = [e["name"] for e in api(base, "/api/entities", limit=500)]
    marked = [n for n in names if "<" in n or '"' in n or "&" in n]
    assert marked, f"no entity name carries markup, so entity names would go untested: {names[:40]}"
    paths = ["/", "/entities", "/claims", "/conflicts", "/documents"]
    paths += [f"/documents/{d['id']}" for d in docs]
    paths += [f"/entities/{quote(n, safe='')}" for n in marked]
    paths += [f"/search?q={quote(p)}" for p in PAYLOADS[:6]] + ["/search?q=talks+resume"]
    paths += [f"/?entity={quote(p)}" for p in PAYLOADS[:3]] + [f"/claims?about={quote(PAYLOADS[1])}"]
    return paths


def test_no_payload_runs_or_becomes_markup_on_any_page(xss_tab: Tab) -> None:
    paths = pages(xss_tab.base)
    checked = 0
    for path in paths:
        page = xss_tab.page
        response = page.goto(xss_tab.base + path)
        assert response is not None and response.status in (200, 404), (path, response and response.status)
        page.wait_for_load_state("networkidle")
        for element in page.locator("[tabindex], a, summary").all()[:5]:  # give focus/hover payloads a chance
            element.hover(timeout=2000)
        assert page.evaluate(f"typeof {MARK}") == "undefined", path
        injected = page.locator(INJECTED).evaluate_all("els => els.map(e => e.outerHTML.slice(0, 120))")
        assert injected == [], (path, injected)
        assert page.evaluate("document.baseURI").startswith(xss_tab.base), path
        assert "49" not in (page.locator("body").text_content() or "").split(), path  # {{7*7}} stays as written
        checked += 1
    assert xss_tab.errors == []
    assert checked == len(paths) >= len(PAYLOADS) + 20
    print(f"\nXSS: {len(PAYLOADS)} payloads and {len(URLS)} URLs, {checked} pages, none ran")


def test_the_payloads_are_shown_as_text(xss_tab: Tab) -> None:
    """Not silently dropped either: the reader sees what the page said, as text."""
    docs = api(xss_tab.base, "/api/documents")
    doc = next(d for d in docs if PAYLOADS[1] in (d.get("title") or ""))
    page = xss_tab.open(f"/documents/{doc['id']}")
    assert PAYLOADS[1] in (page.locator("h1").first.text_content() or "")
    assert PAYLOADS[1] in (page.locator(".body").text_content() or "")
