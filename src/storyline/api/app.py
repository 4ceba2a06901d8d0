"""The app: the JSON API under /api, the web UI beside it, one store (one engine pool) for both.

Errors become `{"error": "..."}` (or an HTML error page for the UI) in one handler; every response carries a
Content-Security-Policy that lets only the app's own static files run, so article text that slipped past
escaping still could not execute.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import __version__
from storyline.api.errors import status_of
from storyline.api.guards import Policy, RateLimit, ReplaceNul, RequestSizeLimit
from storyline.api.routes import router as api_router
from storyline.errors import StorylineError
from storyline.store import open_store

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Pure ASGI middleware: the headers above on every HTTP response, error pages and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _message(exc: Exception) -> tuple[int, str, dict[str, str] | None]:
    if isinstance(exc, StorylineError):
        return status_of(exc), str(exc), None
    if isinstance(exc, HTTPException):
        return exc.status_code, str(exc.detail), dict(exc.headers) if exc.headers else None
    if isinstance(exc, RequestValidationError):
        parts = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ())[1:])
            parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
        return 422, "; ".join(parts) or "invalid request", None
    return 500, "internal error", None


async def handle_error(request: Request, exc: Exception) -> Response:
    """The one place errors become responses: JSON for the API, a page for the UI."""
    status, message, extra = _message(exc)
    headers = SECURITY_HEADERS | (extra or {})  # a 500 is answered outside the middleware that adds them
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path.startswith("/static/") or path == "/openapi.json":
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    from storyline.web import templates

    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status, headers=headers)


def create_app(db_url: str, *, token: str | None = None, policy: Policy | None = None) -> FastAPI:
    """The API and the UI over the dossier at `db_url`. Writing (POST /api/ingest) needs the token (`token`, or
    `policy.token`); without one the app is read-only. `policy` says what else the server refuses (guards.py):
    by default URLs to private addresses, files of its own, bodies over 8 MiB, and over 20 requests a second
    from one client."""
    policy = policy or Policy()
    if token:
        policy = replace(policy, token=token)
    from storyline.web import router as web_router
    from storyline.web.render import STATIC

    store = open_store(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="storyline", version=__version__, lifespan=lifespan,
        description="The dossier of a news story: timeline, entities, claims and conflicts, every fact with its "
                    "evidence (`document`, `start`, `end`, `text`, where `text == document.text[start:end]`).",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN, which the CSP (rightly) refuses
    )
    app.state.store = store
    app.state.token = policy.token or None
    app.state.policy = policy
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    handlers: dict[Any, Any] = {StorylineError: handle_error, HTTPException: handle_error,
                                RequestValidationError: handle_error, Exception: handle_error}
    for cls, handler in handlers.items():
        app.add_exception_handler(cls, handler)
    app.add_middleware(ReplaceNul)
    app.add_middleware(RequestSizeLimit, max_bytes=policy.max_request_bytes)
    app.add_middleware(RateLimit, rate=policy.rate, burst=policy.burst)
    app.add_middleware(SecurityHeaders)  # the last added runs first: its headers are on the refusals too
    return app
