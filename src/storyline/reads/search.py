"""Search, one object for every face: documents with the words they matched, then claims and entities.

Every hit has `snippet` (a document's passage, a claim's text, "" for an entity) and `highlights`, the matched
words as offsets into `snippet`; the store's in-band marks never leave this module.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection

from storyline.store.dossier_reads import search_facts
from storyline.store.repository import MARK_END, MARK_START, search_documents, word_key

Json = dict[str, Any]
# Every hit has every key, null where its kind has no such thing: one object, whichever face prints it.
_HIT: Json = {"kind": None, "document": None, "title": None, "snippet": "", "highlights": [], "rank": None,
              "evidence": None, "source": None, "name": None}


def highlighted(snippet: str) -> tuple[str, list[dict[str, int]]]:
    """A snippet without the store's marks, and where the marked words are in it."""
    plain: list[str] = []
    marks: list[dict[str, int]] = []
    at, start = 0, None
    for ch in snippet:
        if ch == MARK_START:
            start = at
        elif ch == MARK_END:
            if start is not None and at > start:
                marks.append({"start": start, "end": at})
            start = None
        else:
            plain.append(ch)
            at += 1
    return "".join(plain), marks


def matched_words(text: str, words: list[str]) -> list[dict[str, int]]:
    """Where the words of the query are in `text`, found as the search's stemming finds them (`word_key`)."""
    keys = {word_key(w) for w in words}
    return [{"start": m.start(), "end": m.end()} for m in re.finditer(r"\w+", text) if word_key(m[0]) in keys]


def search(conn: Connection, query: str, *, limit: int = 20) -> list[Json]:
    """Documents matching every word of `query` (taken as words, never as syntax), then claims and entities."""
    words = re.findall(r"\w+", query)
    if not words:
        return []
    out: list[Json] = []
    for hit in search_documents(conn, query, limit=limit):
        snippet, marks = highlighted(hit.snippet)
        out.append(_HIT | {"kind": "document", "document": hit.document_id, "title": hit.title,
                           "snippet": snippet, "highlights": marks, "rank": hit.rank})
    for h in search_facts(conn, query, limit=limit):
        snippet = h.get("snippet", "")
        out.append(_HIT | h | {"snippet": snippet, "highlights": matched_words(snippet, words)})
    return out
