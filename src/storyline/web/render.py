"""Jinja's environment and the helpers templates use. Article data is untrusted: autoescape is on everywhere,
nothing from a document is marked safe, and highlights are built as separately escaped slices."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from starlette.templating import Jinja2Templates

from storyline.reads import excerpt_of

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

# PLOVER categories by their tone, for the colours of the timeline's marks (data, not code).
TONE = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"), "coop"),
    **dict.fromkeys(("DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
                     "ASSAULT", "FIGHT"), "conf"),
}


def tone(event_type: str) -> str:
    return TONE.get(event_type, "other")


def path_part(value: str) -> str:
    """A value as one path segment: `/` and every other reserved character percent-encoded."""
    return quote(value, safe="")


def http_url(value: str | None) -> str:
    """The URL when it is http(s) (safe in an href), else the empty string (shown as text, never linked)."""
    if not value:
        return ""
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return ""
    return value.strip() if scheme in ("http", "https") else ""


def evidence_url(ev: dict[str, Any]) -> str:
    return f"/documents/{path_part(ev['document'])}?start={int(ev['start'])}&end={int(ev['end'])}#evidence"


def entity_url(name: str) -> str:
    return f"/entities/{path_part(name)}"


def clip(value: str | None, n: int = 180) -> str:
    s = " ".join((value or "").split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def segments(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """`text` cut at the marks: (slice, marked) pairs the template escapes one by one."""
    out: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(marks):
        if start < at or end <= start:
            continue
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(path=path_part, http_url=http_url, clip=clip, tone=tone)
    env.globals.update(evidence_url=evidence_url, entity_url=entity_url, excerpt=excerpt_of)
    return env


templates = Jinja2Templates(env=_environment())
