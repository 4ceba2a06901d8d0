"""URLs fetched from a real HTTP server on 127.0.0.1: redirects, statuses, types, sizes, timeouts, charsets."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from storyline.config import Limits
from storyline.ingest import fetch_url, read_sources
from storyline.model import Failure, RawInput

PAGE = "<html><body><p>The dam held, officials said.</p></body></html>"
LATIN = '<html><head><meta charset="utf-8"></head><body><p>Le café “noir”</p></body></html>'
FAST = Limits(fetch_timeout=0.5, max_input_bytes=10_000)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def reply(self, status: int, body: bytes, content_type: str | None = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        if path == "/article":
            self.reply(200, PAGE.encode())
        elif path == "/latin":
            self.reply(200, LATIN.encode("cp1252"), "text/html; charset=windows-1252")
        elif path == "/plain":
            self.reply(200, b"Plain words.", "text/plain")
        elif path == "/untyped":
            self.reply(200, PAGE.encode(), None)
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{left - 1}" if left > 0 else "/article")
        elif path == "/missing":
            self.reply(404, b"<p>No such page</p>")
        elif path == "/pdf":
            self.reply(200, b"%PDF-1.4", "application/pdf")
        elif path == "/big":
            self.reply(200, b"<p>" + b"x" * 20_000 + b"</p>")
        elif path == "/big-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # HTTP/1.0 without a length: the body ends when the connection closes
            for _ in range(40):
                self.wfile.write(b"x" * 1000)
        elif path == "/bomb":
            body = gzip.compress(bytes(5_000_000))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/slow":
            time.sleep(1.5)
            self.reply(200, PAGE.encode())
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"<p>drop</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/empty":
            self.reply(200, b"")
        elif path == "/binary":
            self.reply(200, bytes(range(256)) * 4, "text/html")
        else:
            self.reply(404, b"")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up on a slow or oversized reply is what those tests do


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host!s}:{port}"
    httpd.shutdown()
    httpd.server_close()


def fetch_one(url: str, limits: Limits = FAST) -> RawInput | Failure:
    [item] = read_sources([url], limits=limits)
    return item


def test_page_is_fetched_with_final_url_and_time(server: str) -> None:
    before = datetime.now(UTC)
    item = fetch_one(f"{server}/chain/2")
    assert isinstance(item, RawInput)
    assert (item.source, item.url, item.data, item.kind) == (
        f"{server}/chain/2",
        f"{server}/article",
        PAGE,
        "html",
    )
    assert item.fetched is not None and before <= item.fetched <= before + timedelta(seconds=5)


def test_charset_comes_from_the_header(server: str) -> None:
    item = fetch_one(f"{server}/latin")
    assert isinstance(item, RawInput) and item.data == LATIN


def test_plain_text_and_untyped_pages(server: str) -> None:
    plain, untyped = read_sources([f"{server}/plain", f"{server}/untyped"], limits=FAST)
    assert isinstance(plain, RawInput) and (plain.data, plain.kind) == ("Plain words.", "text")
    assert isinstance(untyped, RawInput) and untyped.kind == "html"


def test_redirects_are_bounded(server: str) -> None:
    limits = Limits(fetch_timeout=2, max_redirects=3)
    assert isinstance(fetch_one(f"{server}/chain/2", limits), RawInput)  # three hops
    assert fetch_one(f"{server}/chain/3", limits) == Failure(
        f"{server}/chain/3", "too many redirects (more than 3)"
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/pdf", "unsupported content type application/pdf"),
        ("/big", "too large: 20007 bytes (the limit is 10000)"),
        ("/big-unsized", "too large: more than 10000 bytes (the limit)"),
        ("/bomb", "too large: more than 10000 bytes (the limit)"),
        ("/slow", "timed out after 0.5 s"),
        ("/drip", "timed out after 0.5 s"),
        ("/empty", "empty response body"),
        ("/binary", "binary or undecodable content"),
    ],
)
def test_fetch_problems_are_one_line_failures(server: str, path: str, reason: str) -> None:
    assert fetch_one(f"{server}{path}") == Failure(f"{server}{path}", reason)


def test_unreachable_and_malformed_urls_fail_and_the_batch_goes_on(server: str) -> None:
    items = list(read_sources(["http://127.0.0.1:9/", "http://[::1", f"{server}/article"], limits=FAST))
    assert [type(i) for i in items] == [Failure, Failure, RawInput]
    assert isinstance(items[0], Failure) and items[0].reason.startswith("network error")
    assert isinstance(items[1], Failure) and items[1].reason.startswith("invalid URL: ")


def test_callers_client_is_used_and_left_open(server: str) -> None:
    with httpx.Client(headers={"User-Agent": "test-agent"}) as client:
        item = fetch_url(f"{server}/article", client=client, limits=FAST)
        assert isinstance(item, RawInput)
        assert not client.is_closed


def test_feed_links_are_fetched_when_allowed(server: str, tmp_path: Path) -> None:
    feed = tmp_path / "links.rss"
    feed.write_text(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
        <item><title>Dam</title><link>{server}/chain/1</link><pubDate>Wed, 28 May 2014 10:00:00 GMT</pubDate></item>
        <item><title>Gone</title><link>{server}/missing</link></item>
        </channel></rss>"""
    )
    without = list(read_sources([str(feed)], limits=FAST))
    assert [i.reason for i in without if isinstance(i, Failure)] == [
        f"feed item has no article content: {server}/chain/1",
        f"feed item has no article content: {server}/missing",
    ]
    fetched, gone = read_sources([str(feed)], fetch_links=True, limits=FAST)
    assert isinstance(fetched, RawInput)
    assert (fetched.source, fetched.line, fetched.url, fetched.title, fetched.published, fetched.data) == (
        str(feed),
        1,
        f"{server}/article",
        "Dam",
        date(2014, 5, 28),
        PAGE,
    )
    assert gone == Failure(str(feed), f"{server}/missing: HTTP 404 Not Found", 2)
