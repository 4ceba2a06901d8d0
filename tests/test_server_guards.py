"""What `storyline serve` refuses: sources it must not read, URLs to private addresses, big bodies, fast clients.

A real SQLite file, real HTTP servers on 127.0.0.1 (the "private" addresses the API must not fetch), and the app
as `serve` builds it.
"""

from __future__ import annotations

import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.api.guards import Policy
from storyline.errors import FetchError
from storyline.ingest.addresses import guarded_client, why_not_public
from storyline.store import open_store

TOKEN = "guard-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAGE = (b"<html><head><title>Envoys meet in Ulaanbaatar</title></head><body><article>"
        b"<p>Envoys from Tokyo and Pyongyang met in Ulaanbaatar on Friday, diplomats said, in the first talks "
        b"between the two governments for more than a year.</p>"
        b"<p>The meeting lasted three hours and no agreement was announced, officials said afterwards.</p>"
        b"</article></body></html>")


class _Site(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()


def app_client(tmp_path: Path, **policy: Any) -> TestClient:
    url = f"sqlite:///{tmp_path / 'guards.db'}"
    return TestClient(create_app(url, policy=Policy(token=TOKEN, **({"rate": 0} | policy))))


def documents(tmp_path: Path) -> int:
    with open_store(f"sqlite:///{tmp_path / 'guards.db'}") as store:
        return len(store.documents())


def ingest(client: TestClient, sources: list[str]) -> dict[str, Any]:
    r = client.post("/api/ingest", json={"sources": sources}, headers=AUTH)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def reasons(summary: dict[str, Any]) -> dict[str, str]:
    return {f["source"]: f["reason"] for f in summary["failures"]}


def test_the_api_fetches_only_http_urls_and_reads_no_files_of_its_own(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Officials said the secret talks in Tokyo would resume, diplomats said.\n" * 3)
    sources = ["file:///etc/passwd", f"file://{secret}", "ftp://example.org/a.txt", "gopher://example.org/",
               "javascript:alert(1)", "data:text/html,<p>hi</p>", "/etc/passwd", str(secret), "../../etc/passwd"]
    with app_client(tmp_path) as client:
        summary = ingest(client, sources)
        assert summary["stored"] == 0 and summary["failed"] == len(sources)
        why = reasons(summary)
        for s in sources[:6]:
            assert why[s] == "refused: only http(s) URLs are fetched", s
        for s in sources[6:]:
            assert why[s].startswith("refused: this server reads no files of its own"), s
    assert documents(tmp_path) == 0
    with open_store(f"sqlite:///{tmp_path / 'guards.db'}") as store:
        recorded = {f.source: f.reason for f in store.failures()}
    assert set(recorded) == set(sources)  # refused inputs are recorded, like any failure


def test_with_a_files_folder_only_files_inside_it_are_read(tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    (served / "page.txt").write_text("Envoys from Tokyo and Pyongyang met in Ulaanbaatar on Friday, diplomats "
                                     "said.\n\nNo agreement was announced after three hours, officials said.\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("A page the server must not read, about talks in Tokyo that resumed on Monday.\n")
    os.symlink(outside, served / "link.txt")
    with app_client(tmp_path, files=served) as client:
        summary = ingest(client, ["page.txt", str(served / "page.txt"), "../outside.txt", str(outside),
                                  "link.txt", "sub/../../outside.txt"])
    assert summary["stored"] == 1 and summary["duplicates"] == 1
    why = reasons(summary)
    assert set(why) == {"../outside.txt", str(outside), "link.txt", "sub/../../outside.txt"}
    assert all(r.startswith("refused: outside ") for r in why.values())


def test_urls_to_loopback_and_private_addresses_are_refused_unless_allowed(tmp_path: Path, site: int) -> None:
    urls = [f"http://127.0.0.1:{site}/a", f"http://localhost:{site}/b", f"http://[::1]:{site}/c",
            f"http://2130706433:{site}/d", "http://10.0.0.7/admin", "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0/", f"http://[::ffff:127.0.0.1]:{site}/e"]
    with app_client(tmp_path) as client:
        started = time.monotonic()
        summary = ingest(client, urls)
        assert time.monotonic() - started < 10  # refused before connecting: nothing waits on 10.0.0.7
    assert summary["stored"] == 0 and summary["failed"] == len(urls)
    for url, reason in reasons(summary).items():
        assert reason.startswith("refused: ") and "address" in reason and "--allow-private-urls" in reason, url
    assert documents(tmp_path) == 0

    with app_client(tmp_path, private_urls=True) as client:
        summary = ingest(client, [f"http://127.0.0.1:{site}/a", f"http://127.0.0.1:{site}/to-file"])
    assert summary["stored"] == 1
    assert reasons(summary) == {f"http://127.0.0.1:{site}/to-file": "refused: redirected to a file: URL"}


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2606:4700:4700::1111", True), ("127.0.0.2", False), ("192.168.1.1", False),
    ("172.16.0.1", False), ("fc00::1", False), ("fe80::1", False), ("100.64.1.1", False), ("::", False),
    ("::ffff:10.0.0.1", False), ("239.1.1.1", False), ("240.0.0.1", False),
])
def test_what_counts_as_a_public_address(address: str, public: bool) -> None:
    import ipaddress

    assert (why_not_public(ipaddress.ip_address(address)) is None) == public


def test_the_guarded_client_checks_the_address_it_connects_to(site: int) -> None:
    with guarded_client(timeout=5) as client, pytest.raises(FetchError, match="loopback"):
        client.get(f"http://localhost:{site}/")


def test_a_request_body_over_the_limit_is_refused(tmp_path: Path) -> None:
    article = {"text": "Officials in Tokyo said on Monday the talks would resume. " * 40}
    with app_client(tmp_path, max_request_bytes=1000) as client:
        r = client.post("/api/ingest", json=article, headers=AUTH)
        assert r.status_code == 413 and "too large" in r.json()["error"]
        assert "script-src 'self'" in r.headers["content-security-policy"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it streams in
            import json

            data = json.dumps(article).encode()
            for i in range(0, len(data), 256):
                yield data[i:i + 256]

        r = client.post("/api/ingest", content=chunks(), headers=AUTH | {"Content-Type": "application/json"})
        assert r.status_code == 413 and "too large" in r.json()["error"]
        small = client.post("/api/ingest", json={"text": article["text"][:400]}, headers=AUTH)
        assert small.status_code == 200 and small.json()["stored"] == 1
    assert documents(tmp_path) == 1


def test_a_client_over_its_rate_gets_429_and_may_come_back(tmp_path: Path) -> None:
    with app_client(tmp_path, rate=5, burst=5) as client:
        codes = [client.get("/api/documents").status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3
        r = client.get("/api/timeline")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and "too many requests" in r.json()["error"]
        time.sleep(0.25)  # 5 a second: one more request a fifth of a second later
        assert client.get("/api/documents").status_code == 200


def test_writes_need_the_token_on_every_method(tmp_path: Path) -> None:
    with app_client(tmp_path) as client:
        assert client.post("/api/ingest", json={"text": "x y z"}).status_code == 401
        for method in ("PUT", "PATCH", "DELETE"):
            assert client.request(method, "/api/ingest", json={"text": "x y z"}).status_code == 405
            assert client.request(method, "/api/documents").status_code == 405
        assert client.post("/api/documents", json={}).status_code == 405
    assert documents(tmp_path) == 0
