"""What a shared server refuses: oversized requests, clients over their rate, and sources it must not read.

The two middlewares are pure ASGI, so they stand in front of everything (the UI's pages and static files too)
and answer before a route runs:

    RequestSizeLimit(app, max_bytes=8 MiB)   413 for a declared or streamed body past the limit
    RateLimit(app, rate=20, burst=40)        429 with Retry-After once a client has spent its burst
    ReplaceNul(app)                          a NUL in the path or the query string read as U+FFFD

`Policy.sources` sorts the sources of POST /api/ingest into those the server reads and those it refuses, each
refusal with its one-line reason (it is recorded as a failure, like any input that could not be read).
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.ingest.urls import is_url

MiB = 1024 * 1024
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True, slots=True)
class Policy:
    """How a server started by `storyline serve` treats requests (the defaults are the command's).

    `token`: the bearer token writing needs (None: read-only). `private_urls`: URLs may reach loopback and
    private addresses. `files`: the folder whose files the API may ingest by path (None: no paths at all).
    `max_request_bytes`: the largest request body. `rate`, `burst`: requests per second per client, sustained
    and at once (rate 0: no limit).
    """

    token: str | None = None
    private_urls: bool = False
    files: Path | None = None
    max_request_bytes: int = 8 * MiB
    rate: float = 20.0
    burst: int = 40

    def sources(self, sources: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
        """(the sources to read, in order; the refused ones with why)."""
        read: list[str] = []
        refused: list[tuple[str, str]] = []
        for source in sources:
            reason = self.refusal(source)
            if reason is None:
                read.append(source if is_url(source) else str(self._path(source)))
            else:
                refused.append((source, reason))
        return read, refused

    def refusal(self, source: str) -> str | None:
        if is_url(source):
            return None  # where it leads is checked when it is fetched (ingest/addresses.py)
        if _SCHEME.match(source) and not re.match(r"[A-Za-z]:[\\/]", source):
            return "refused: only http(s) URLs are fetched"
        if self.files is None:
            return "refused: this server reads no files of its own (`storyline serve --files DIR` allows those in DIR)"
        if not source.strip() or "\x00" in source:
            return "refused: not a file name"
        root = self.files.resolve()
        if not self._path(source).is_relative_to(root):
            return f"refused: outside {root}, the folder this server reads"
        return None

    def _path(self, source: str) -> Path:
        assert self.files is not None
        return (self.files / source).resolve()  # an absolute `source` replaces the folder; `..` and links resolved


async def _refuse(send: Send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": message}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class RequestSizeLimit:
    """413 for a request whose body is (or, streamed without a length, turns out to be) over `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body too large (the limit is {self.max_bytes} bytes)"
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _refuse(send, 413, message)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:  # raised in the route's reading of the body: the app's handler answers
                    raise HTTPException(413, message)
            return msg

        await self.app(scope, counted, send)


class ReplaceNul:
    """A NUL character in the path or the query string becomes U+FFFD before any route reads it.

    No stored name, date or text holds a NUL (PostgreSQL cannot hold one in a text value, and a query with one
    would be a 500 there), so a lookup with U+FFFD in its place answers as the lookup itself would: no match.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"%00" in scope["query_string"].lower()):
            scope = dict(scope)
            scope["path"] = scope["path"].replace("\x00", "\ufffd")
            scope["raw_path"] = re.sub(rb"%00", b"%EF%BF%BD", scope.get("raw_path") or b"", flags=re.IGNORECASE)
            scope["query_string"] = re.sub(rb"%00", b"%EF%BF%BD", scope["query_string"], flags=re.IGNORECASE)
        await self.app(scope, receive, send)


class RateLimit:
    """A token bucket per client address: `burst` requests at once, refilled at `rate` a second."""

    def __init__(self, app: ASGIApp, rate: float, burst: int) -> None:
        self.app = app
        self.rate = rate
        self.burst = max(1, burst)
        self._buckets: dict[str, tuple[float, float]] = {}  # client: (tokens, when)
        self._lock = threading.Lock()

    def _take(self, client: str) -> float:
        """0 when the request may go on, else the seconds until it could."""
        now = time.monotonic()
        with self._lock:
            tokens, when = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - when) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1 - tokens) / self.rate
            if len(self._buckets) > 10_000:  # forget clients whose buckets are full again
                full = [c for c, (t, w) in self._buckets.items() if t + (now - w) * self.rate >= self.burst]
                for c in full:
                    del self._buckets[c]
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        wait = self._take(str(client))
        if wait > 0:
            await _refuse(send, 429, f"too many requests: at most {self.rate:g} a second (and {self.burst} at once)",
                          {"Retry-After": str(max(1, math.ceil(wait)))})
            return
        await self.app(scope, receive, send)
