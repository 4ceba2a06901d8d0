"""Imported once by the local engine's fork server: what reading needs, loaded before the server forks the
workers, so that each worker starts with it in memory (shared, copy-on-write) instead of loading it itself:
the spaCy model, the extractors' tables, and the tables they load on first use (places, demonyms), by reading
one short made-up article."""

from storyline.extract import annotate
from storyline.extract.nlp import load, parse_many
from storyline.model import Document

_WARM = ('Officials in Tokyo said on Monday that 13 people were taken to North Korea in the late 1970s. '
         '"We will not give up," the Japanese minister told reporters in Paris.')

load()
for _parsed in parse_many([_WARM]):
    annotate(Document(id="warm", text=_WARM), _parsed)
