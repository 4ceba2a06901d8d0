"""Reading one article: entities, time expressions, attributions, events and quantities from one parse.

`annotate(document, parsed)` is a pure function of its inputs; `nlp.parse_many` makes the parses. The order
matters: attributions need the resolved entities, events need entities, time and attributions, and quantities
are linked to the attributions that claim them.
"""

from __future__ import annotations

from storyline.extract.attribution import find_attributions
from storyline.extract.clause_tense import tense_lookup
from storyline.extract.entities import resolve_entities
from storyline.extract.events import find_events
from storyline.extract.parsed import Parsed
from storyline.extract.quantities import find_quantities
from storyline.model import Annotations, Attribution, Document, Quantity
from storyline.time import find_timexes

__all__ = ["annotate"]


def annotate(document: Document, parsed: Parsed) -> Annotations:
    """Everything storyline reads in one document; `parsed` is the parse of `document.text`."""
    entities = resolve_entities(parsed)
    timexes = find_timexes(document.text, document.published, tense_at=tense_lookup(parsed))
    attributions = find_attributions(parsed, entities)
    events = find_events(parsed, entities, timexes, document.published, attributions)
    quantities = _claimed(find_quantities(parsed, entities), attributions)
    return Annotations(
        document=document,
        entities=tuple(entities.mentions),
        timexes=tuple(timexes),
        attributions=tuple(attributions),
        events=tuple(events),
        quantities=tuple(quantities),
    )


def _claimed(quantities: list[Quantity], attributions: list[Attribution]) -> list[Quantity]:
    """A number inside an attribution's content is that source's claim."""
    from dataclasses import replace

    out = []
    for q in quantities:
        owner = next(
            (i for i, a in enumerate(attributions) if a.content.start <= q.start and q.end <= a.content.end), None
        )
        out.append(replace(q, attribution=owner) if owner is not None else q)
    return out
