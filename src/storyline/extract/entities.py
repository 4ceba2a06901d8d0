"""Entities in context (placeholder: the model's entities, each its own canonical name)."""

from __future__ import annotations

from storyline.extract.mentions import EntityIndex
from storyline.extract.parsed import Parsed
from storyline.model import Mention

NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"})


def resolve_entities(parsed: Parsed) -> EntityIndex:
    mentions = []
    for e in parsed.ents:
        if e.label not in NAMED:
            continue
        start, end = parsed.tokens[e.start].start, parsed.tokens[e.end - 1].end
        text = parsed.text[start:end]
        mentions.append(Mention(start, end, text, e.label, text))
    return EntityIndex(mentions)
