"""The JSON API: the same objects as the CLI's `--json`, read through `storyline.reads`."""

from __future__ import annotations

import hmac
import json
import tempfile
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from storyline import reads as read
from storyline.api import schemas
from storyline.api.deps import Conn, Dates, StoreDep
from storyline.api.errors import NotFound
from storyline.api.guards import Policy
from storyline.config import LIMITS

router = APIRouter(prefix="/api", responses={
    400: {"model": schemas.Error}, 404: {"model": schemas.Error}, 422: {"model": schemas.Error}})

Limit = Annotated[int | None, Query(ge=1, le=10_000)]
# a story item many outlets reported carries the sentences of its first reports in a list; its own path has all
Evidence = Annotated[int, Query(ge=1, le=10_000, description="sentences shown per item (its first reports)")]


@router.get("/timeline", response_model=list[schemas.TimelineItem], tags=["dossier"])
def timeline(conn: Conn, dates: Dates, entity: Annotated[str | None, Query(max_length=300)] = None,
             limit: Limit = None, offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
             evidence: Evidence = 10, key: bool = False,
             min_reports: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> list[dict[str, Any]]:
    """The story's events in date order; undated events last, never given a guessed date.
    `limit` and `offset` page through that order. Each item counts its `reports` and shows the sentences of
    the first `evidence` of them, each with its event's `trigger` and the `excerpt` around it (both spans of the
    document); `/api/timeline/{id}` gives an item with all of them. `entity`: the events it takes part in, as
    actor, target or other participant; `key`: the key events only (`salience`); `min_reports`: the events
    told by at least that many reports."""
    return read.timeline(conn, entity=entity or None, date_from=dates[0], date_to=dates[1], limit=limit,
                         offset=offset, evidence=evidence, key=key, min_reports=min_reports)


@router.get("/timeline/{item_id}", response_model=schemas.TimelineItem, tags=["dossier"])
def timeline_item(conn: Conn, item_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    """One timeline item with the sentences of every report of it."""
    item = read.timeline_item(conn, item_id)
    if item is None:
        raise NotFound(f"no timeline item {item_id!r}")
    return item


@router.get("/entities", response_model=list[schemas.Entity], tags=["dossier"])
def entities(conn: Conn, type: Annotated[str | None, Query(max_length=32)] = None,
             limit: Limit = None) -> list[dict[str, Any]]:
    """Resolved entities, most mentioned first."""
    return read.entities(conn, type_=type or None, limit=limit)


@router.get("/entities/{name:path}", response_model=schemas.EntityProfile, tags=["dossier"])
def entity(conn: Conn, name: Annotated[str, PathParam(max_length=300)], limit: Limit = None,
           evidence: Evidence = 10) -> dict[str, Any]:
    """One entity's profile, by name or alias: events (each with the sentences of its first `evidence`
    reports), claims by and about it (the first `limit` of each, if given), related entities."""
    profile = read.entity_profile(conn, name, limit=limit, evidence=evidence)
    if profile is None:
        raise NotFound(f"no entity named {name!r}")
    return profile


@router.get("/claims", response_model=list[schemas.Claim], tags=["dossier"])
def claims(conn: Conn, about: Annotated[str | None, Query(max_length=300)] = None,
           source: Annotated[str | None, Query(max_length=300)] = None) -> list[dict[str, Any]]:
    """Attributed claims with their source chains."""
    return read.claims(conn, about=about or None, source=source or None)


@router.get("/conflicts", response_model=list[schemas.Conflict], tags=["dossier"])
def conflicts(conn: Conn) -> list[dict[str, Any]]:
    """Pairs of claims that disagree, and actors whose position changed."""
    return read.conflicts(conn)


@router.get("/search", response_model=list[schemas.SearchHit], tags=["documents"])
def search(conn: Conn, q: Annotated[str, Query(max_length=500)],
           limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> list[dict[str, Any]]:
    """Full-text search over the stored documents; every word must match (taken as words, never as syntax)."""
    return read.search(conn, q, limit=limit)


@router.get("/documents", response_model=list[schemas.DocumentSummary], tags=["documents"])
def documents(conn: Conn, limit: Limit = None) -> list[dict[str, Any]]:
    """Stored documents in the order they were stored, without their bodies."""
    return read.documents(conn, limit=limit)


@router.get("/documents/{doc_id}", response_model=schemas.Document, tags=["documents"])
def document(conn: Conn, doc_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    """One stored document, whole: every Evidence's offsets index its `text`."""
    doc = read.document(conn, doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return doc.to_json()


# -- writing: only with the app's token ---------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="The token `storyline serve --token` was started with")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """401 without credentials, 403 with the wrong ones; and 403 always when the app has no token (read-only)."""
    token: str | None = request.app.state.token
    if token is None:
        raise HTTPException(403, "this server is read-only: start it with --token to allow ingesting")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "ingesting needs an Authorization: Bearer <token> header",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise HTTPException(403, "wrong token")


# One ingest at a time in this process: resolving entities across documents is a read-then-write over the dossier.
_ingesting = threading.Lock()


@router.post("/ingest", response_model=schemas.IngestSummary, tags=["writing"],
             dependencies=[Depends(require_token)],
             responses={401: {"model": schemas.Error}, 403: {"model": schemas.Error}})
def ingest(request: Request, store: StoreDep, body: schemas.IngestRequest) -> dict[str, Any]:
    """Ingest `sources` (http(s) URLs, and files in the folder the server was given with `--files`) or one
    article given inline. A source the server will not read is recorded as failed, with why."""
    from storyline.pipeline import Defaults, record_refusal
    from storyline.pipeline import ingest as run

    policy: Policy = request.app.state.policy
    limits = replace(LIMITS, private_addresses=policy.private_urls)
    published = date.fromisoformat(body.published) if body.published else None
    with _ingesting:
        if body.sources is not None:
            allowed, refused = policy.sources(body.sources)
            summary = run(store, allowed, Defaults(published=published), limits=limits)
            for source, reason in refused:
                record_refusal(store, summary, source, reason)
            return summary.to_json()
        article = {k: v for k, v in body.model_dump().items() if k != "sources" and v is not None}
        with tempfile.TemporaryDirectory(prefix="storyline-api-") as tmp:
            path = Path(tmp) / "article.jsonl"
            path.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
            summary = run(store, [str(path)])
        return summary.to_json()
