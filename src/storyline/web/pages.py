"""The pages: timeline, entities, claims and conflicts, documents with their evidence marked, search.

Each page reads the same objects the API returns (`storyline.reads`; no SQL here) and renders them with Jinja;
the timeline's axis is drawn by static/timeline.js from the list's data attributes.
"""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from storyline import reads as read
from storyline.api.deps import Conn
from storyline.api.errors import NotFound
from storyline.web.render import segments, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Text = Annotated[str | None, Query(max_length=300)]
PageNo = Annotated[int, Query(alias="page", ge=1, le=1_000_000)]
# A page of a list shows at most this many rows, whatever the dossier's size: a 50k-article dossier's whole
# timeline would be a page of many megabytes, and a cheap way to load the server.
PAGE_SIZE = {"timeline": 500, "entities": 500, "claims": 200, "documents": 500}


def paged(request: Request, rows: list[Any], number: int, size: int) -> tuple[list[Any], dict[str, Any]]:
    """The rows of page `number` (fetched as size + 1, the one extra saying a next page exists) and the pager."""

    def link(n: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"] + ([("page", str(n))] if n > 1 else [])
        return request.url.path + (f"?{urlencode(params)}" if params else "")

    if not rows and number > 1:
        raise NotFound(f"page {number} is past the end of this list")
    more = len(rows) > size
    first = (number - 1) * size
    pager = {"number": number, "first": first + 1, "last": first + min(len(rows), size),
             "prev": link(number - 1) if number > 1 else None, "next": link(number + 1) if more else None}
    return rows[:size], pager


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _evidence_docs(*groups: list[dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    for group in groups:
        for fact in group:
            evidence = fact["evidence"]
            ids.update(ev["document"] for ev in (evidence if isinstance(evidence, list) else [evidence]))
    return ids


@router.get("/")
def timeline(request: Request, conn: Conn, entity: Text = None,
             date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
             date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
             show: Annotated[str | None, Query(max_length=8)] = None, number: PageNo = 1) -> HTMLResponse:
    """The story's events: by default its key events (salience), `show=all` every event read."""
    error = None
    key = show != "all"
    try:
        start, end = read.date_range(date_from, date_to)
    except read.InvalidDate as e:
        error, start, end = str(e), None, None
    size = PAGE_SIZE["timeline"]
    items, pager = paged(request, read.timeline(conn, entity=entity or None, date_from=start, date_to=end,
                                                evidence=3, limit=size + 1, offset=(number - 1) * size, key=key),
                         number, size)
    dated = [i for i in items if i["date"]]
    years = [(year, list(group)) for year, group in groupby(dated, key=lambda i: i["date"]["start"][:4])]
    unknown_entity = bool(entity) and read.find_entity(conn, entity or "") is None
    return page(request, "timeline.html", status=422 if error else 200, error=error, years=years,
                undated=[i for i in items if not i["date"]], count=len(items), unknown_entity=unknown_entity, pager=pager,
                entity=entity or "", date_from=date_from or "", date_to=date_to or "", key=key,
                all_query=urlencode([*((k, v) for k, v in request.query_params.multi_items()
                                       if k not in ("show", "page")), ("show", "all")]),
                names=[e["name"] for e in read.entities(conn, limit=300)],
                labels=read.document_labels(conn, _evidence_docs(items)))


@router.get("/entities")
def entities(request: Request, conn: Conn, type: Annotated[str | None, Query(max_length=32)] = None,
             number: PageNo = 1) -> HTMLResponse:
    size = PAGE_SIZE["entities"]
    types = read.entity_types(conn)
    rows, pager = paged(request, read.entities(conn, type_=type or None, limit=size + 1, offset=(number - 1) * size),
                        number, size)
    return page(request, "entities.html", entities=rows, types=types, type=(type or "").upper(), pager=pager)


@router.get("/entities/{name:path}")
def entity(request: Request, conn: Conn, name: str) -> HTMLResponse:
    profile = read.entity_profile(conn, name, evidence=3)
    if profile is None:
        raise NotFound(f"no entity named {name!r}")
    events = profile["events"]
    return page(request, "entity.html", e=profile,
                as_actor=[i for i in events if i["role"] == "actor"],
                as_target=[i for i in events if i["role"] == "target"],
                as_other=[i for i in events if i["role"] == "other"],
                labels=read.document_labels(conn, _evidence_docs(events, profile["claims_by"], profile["claims_about"])))


@router.get("/claims")
def claims(request: Request, conn: Conn, about: Text = None, source: Text = None, number: PageNo = 1) -> HTMLResponse:
    size = PAGE_SIZE["claims"]
    rows, pager = paged(request, read.claims(conn, about=about or None, source=source or None, limit=size + 1,
                                             offset=(number - 1) * size), number, size)
    return page(request, "claims.html", claims=rows, about=about or "", source=source or "", pager=pager,
                labels=read.document_labels(conn, _evidence_docs(rows)))


@router.get("/conflicts")
def conflicts(request: Request, conn: Conn) -> HTMLResponse:
    rows = read.conflicts(conn)
    return page(request, "conflicts.html", conflicts=rows,
                labels=read.document_labels(conn, _evidence_docs([c for r in rows for c in r["claims"]])))


@router.get("/documents")
def documents(request: Request, conn: Conn, number: PageNo = 1) -> HTMLResponse:
    size = PAGE_SIZE["documents"]
    rows, pager = paged(request, read.documents(conn, limit=size + 1, offset=(number - 1) * size), number, size)
    return page(request, "documents.html", documents=rows, pager=pager)


@router.get("/documents/{doc_id}")
def document(request: Request, conn: Conn, doc_id: Annotated[str, PathParam(max_length=64)],
             start: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
             end: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None) -> HTMLResponse:
    doc = read.document(conn, doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    marks, bad_offsets = [], False
    if start is not None and end is not None:
        if start <= end <= len(doc.text):
            marks = [(start, end)]
        else:
            bad_offsets = True
    return page(request, "document.html", doc=doc, body=segments(doc.text, marks), bad_offsets=bad_offsets,
                marked=bool(marks), copies=read.copies(conn, doc.id))


@router.get("/search")
def search(request: Request, conn: Conn, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    hits = read.search(conn, q, limit=50) if q.strip() else []
    for hit in hits:
        hit["segments"] = segments(hit["snippet"] or "", [(h["start"], h["end"]) for h in hit["highlights"]])
    return page(request, "search.html", q=q, hits=hits)
