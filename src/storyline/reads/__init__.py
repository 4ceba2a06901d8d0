"""The read layer: what the CLI, the HTTP API and the web UI read, as the same objects (the interface's JSON).

It sits above `store/` (whose `dossier_reads` holds the SQL) and below the three faces, which only render:

    periods  dates as users write them, one parser and one message
    dossier  timeline, entities, profiles, claims, conflicts, documents, failures
    excerpt  the words around an event's trigger in its evidence sentence
    search   documents, claims and entities, each with its matched words as offsets
"""

from storyline.reads.dossier import (
    claims,
    conflicts,
    copies,
    document,
    document_labels,
    documents,
    entities,
    entity_profile,
    entity_types,
    failures,
    find_entity,
    summary,
    timeline,
    timeline_item,
)
from storyline.reads.excerpt import Excerpt, excerpt_of
from storyline.reads.periods import InvalidDate, date_range, day, period
from storyline.reads.search import search

__all__ = ["Excerpt", "InvalidDate", "claims", "conflicts", "copies", "date_range", "day", "document",
           "document_labels", "documents", "entities", "entity_profile", "entity_types", "excerpt_of", "failures",
           "find_entity", "period", "search", "summary", "timeline", "timeline_item"]
