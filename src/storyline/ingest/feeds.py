"""RSS and Atom feed files, read with feedparser: each item is one input.

An item that carries its article (`content:encoded`, Atom `<content>`, or a description long enough to be the
article rather than a teaser) becomes an HTML input with the item's link, title and date. An item with only a
link is fetched when the caller allows it, and otherwise is a `Failure`, so nothing is silently dropped.
`RawInput.line` is the item's number in the feed, from 1.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from storyline.config import LIMITS, Limits
from storyline.errors import FetchError, IngestError
from storyline.ingest.files import failure, load, one_line
from storyline.ingest.jsonl import parse_published
from storyline.ingest.urls import Session, is_url
from storyline.model import Failure, InputKind, RawInput

MIN_DESCRIPTION_CHARS = 500  # a description shorter than this is a teaser, not the article
DATE_FIELDS = ("published", "updated", "created")  # `updated` stands in when an Atom entry has no `published`

_TAG = re.compile(r"<[^>]*>")


def read_feed(
    path: Path, *, limits: Limits = LIMITS, session: Session | None = None
) -> Iterator[RawInput | Failure]:
    """The feed's items in feed order. Link-only items are fetched through `session` when one is given."""
    source = str(path)
    try:
        data = load(path, limits=limits)
    except IngestError as err:
        yield failure(err, source)
        return
    parsed, problem = _parse(data)
    entries = parsed.get("entries", []) if parsed is not None else []
    if not entries:
        yield Failure(
            source, one_line(f"not a readable feed ({problem})" if problem else "the feed has no items")
        )
        return
    # The channel's title names the outlet for the articles the feed carries itself.
    channel = (parsed.get("feed") or {}) if parsed is not None else {}
    outlet = _outlet(_string(channel.get("title")), _string(channel.get("link")))
    for index, entry in enumerate(entries, 1):
        yield _item(entry, source, index, session, outlet)


def _parse(data: bytes) -> tuple[Any, str | None]:
    # feedparser is lenient and reports damage in `bozo`; a failure inside it on hostile input is caught too,
    # with only feedparser's call in the `try`.
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:
        return None, f"{type(exc).__name__}: {one_line(str(exc), 160)}"
    problem = parsed.get("bozo_exception")
    return parsed, (one_line(str(problem), 160) or type(problem).__name__) if problem else None


def _item(
    entry: Any, source: str, index: int, session: Session | None, outlet: str | None = None
) -> RawInput | Failure:
    link = _string(entry.get("link"))
    title = _title(entry)
    published = _published(entry)
    article = _article(entry)
    if article is not None:
        data, kind = article
        return RawInput(
            source=source, data=data, kind=kind, line=index, title=title, url=link, published=published,
            outlet=outlet,
        )
    if link is None:
        return Failure(source, "feed item has no article content and no link", index)
    if session is None or not is_url(link):
        return Failure(source, one_line(f"feed item has no article content: {link}"), index)
    try:
        fetched = session.fetch(link)
    except FetchError as err:
        return Failure(source, one_line(f"{link}: {err.message}"), index)
    # What the feed says about its own item wins over what the page is found to say.
    return replace(
        fetched,
        source=source,
        line=index,
        title=title or fetched.title,
        published=published or fetched.published,
    )


_TITLE_PARTS = re.compile(r"\s+[-|–—]\s+|:\s+")


def _outlet(title: str | None, link: str | None) -> str | None:
    """The outlet in a channel title such as "Dispatch - Korean Peninsula": the part its site's host names."""
    if title is None:
        return None
    parts = [p for p in _TITLE_PARTS.split(title) if p]
    host = re.sub(r"[^a-z0-9]", "", urlsplit(link).hostname or "") if link else ""
    for part in parts:
        squashed = re.sub(r"[^a-z0-9]", "", part.lower().removeprefix("the "))
        if squashed and host and squashed in host:
            return part
    return parts[0] if parts else None


def _article(entry: Any) -> tuple[str, InputKind] | None:
    """The item's own copy of the article, if it has one: the fullest content, else a long description."""
    best: tuple[int, str, InputKind] | None = None
    for content in entry.get("content") or []:
        value = _string(content.get("value"))
        if value is None:
            continue
        size = len(_text_of(value))
        if size and (best is None or size > best[0]):
            best = (size, value, _kind(content.get("type")))
    if best is not None:
        return best[1], best[2]
    summary = _string(entry.get("summary"))
    if summary is not None and len(_text_of(summary)) > MIN_DESCRIPTION_CHARS:
        detail = entry.get("summary_detail") or {}
        return summary, _kind(detail.get("type"))
    return None


def _title(entry: Any) -> str | None:
    title = _string(entry.get("title"))
    if title is None:
        return None
    detail = entry.get("title_detail") or {}
    if _kind(detail.get("type")) == "html":
        title = " ".join(_text_of(title).split())
    return title or None


def _published(entry: Any) -> date | None:
    """The item's date as the feed wrote it, in the feed's own time zone (feedparser's parsed dates are UTC)."""
    for name in DATE_FIELDS:
        raw = _string(entry.get(name))
        if raw is None:
            continue
        found = parse_published(raw) or _rfc822(raw)
        if found is not None:
            return found
        parsed = entry.get(f"{name}_parsed")
        if parsed is not None:
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None


def _rfc822(value: str) -> date | None:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _kind(content_type: object) -> InputKind:
    return "text" if content_type == "text/plain" else "html"


def _text_of(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup)).strip()


def _string(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
