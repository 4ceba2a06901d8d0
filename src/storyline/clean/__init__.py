"""Cleaning: one page's text in, one `Document` out.

`clean()` picks the cleaner (HTML through trafilatura, or storyline's own plain-text cleaner), lets what the
source itself said (a JSONL field, a feed item, a CLI option) win over what the page says, decides the
publication date, and gives the document its id.

It holds one input to `Limits` (config.py): a plain-text input of more lines than `max_lines`, a page of more
elements than `max_elements` (counted after `markup.strip_payloads`), a body of more characters than
`max_text_chars` (what the parser would read) and cleaning that takes longer than `max_seconds` each fail with
a CleanError naming the limit, before the costly step where the limit can be known up front.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from storyline.budget import time_reason, within
from storyline.clean.html import clean_html
from storyline.clean.markup import elements, strip_payloads
from storyline.clean.plaintext import clean_text
from storyline.clean.published import decide_published
from storyline.config import LIMITS, Limits
from storyline.errors import CleanError
from storyline.model import Cleaned, Document, InputKind, RawInput

__all__ = ["clean", "looks_like_html"]

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_TAG = re.compile(r"</?(?:p|div|span|a|br|article|section|h[1-6]|li|ul|table|meta|script|img)\b[^>]*>", re.I)
# C0 controls are no text: a store may refuse them (PostgreSQL refuses NUL) and a reader cannot see them. The
# ones that split lines (vertical tab, form feed, file/group/record separators) become line ends; the rest go.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
_CONTROL_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e]")


def without_controls(text: str) -> str:
    """`text` without C0 control characters but tab, line feed and carriage return; line-splitting ones
    become line feeds, so that lines stay apart."""
    return _CONTROLS.sub("", _CONTROL_BREAKS.sub("\n", text))


def _cleaned(raw: RawInput, text: str, today: date | None, repeated: Collection[str], limits: Limits) -> Cleaned:
    kind: InputKind = raw.kind
    if raw.raw:
        return Cleaned(text=text)
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    fetched = raw.fetched.date() if raw.fetched else today
    if kind == "html":
        html = strip_payloads(text)
        if (n := elements(html)) > limits.max_elements:
            raise CleanError(f"page of {n:,} elements: {limits.over('max_elements', 'elements')}",
                             source=raw.source, line=raw.line)
        return clean_html(html, url=raw.url, fetched=fetched)
    if (n := text.count("\n") + (not text.endswith("\n"))) > limits.max_lines:
        raise CleanError(f"text of {n:,} lines: {limits.over('max_lines', 'lines')}", source=raw.source, line=raw.line)
    return clean_text(text, repeated=repeated)


def looks_like_html(text: str) -> bool:
    """HTML by its start, or by markup dense enough that no plain-text scrape would have it."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 5


def clean(
    raw: RawInput, text: str, *, today: date | None = None, repeated: Collection[str] = (), limits: Limits = LIMITS
) -> Document:
    """Clean the decoded `text` of `raw` into a Document. Raises CleanError when no article is left, or when the
    input is over one of `limits`.

    `repeated`: lines known to repeat across the pages of this page's site (chrome, whatever they say).
    """
    text = without_controls(text)
    with within(limits.max_seconds, time_reason(limits)):
        cleaned = _cleaned(raw, text, today, repeated, limits)
    if not cleaned.text.strip():
        raise CleanError("no article text found", source=raw.source, line=raw.line)
    if len(cleaned.text) > limits.max_text_chars:
        raise CleanError(
            f"article body of {len(cleaned.text):,} characters: {limits.over('max_text_chars', 'characters')}",
            source=raw.source,
            line=raw.line,
        )
    published, published_source = decide_published(
        raw.published, cleaned, fetched=raw.fetched.date() if raw.fetched else today
    )
    return Document(
        id=Document.id_for(cleaned.text),
        text=cleaned.text,
        title=_field(raw.title) or cleaned.title,
        byline=cleaned.byline,
        authors=cleaned.authors,
        outlet=_field(raw.outlet) or cleaned.outlet,
        url=_field(raw.url) or cleaned.url,
        section=cleaned.section,
        published=published,
        published_source=published_source,
        captions=cleaned.captions,
        removed=cleaned.removed,
        source=raw.where,
    )


def _field(value: str | None) -> str | None:
    return without_controls(value) if value else value
