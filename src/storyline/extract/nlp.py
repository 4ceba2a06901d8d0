"""The spaCy door: the one module that builds the pipeline, runs it, and turns spaCy's Doc into `Parsed`.

Nothing else in storyline imports spaCy. The model is the configured one (`config.spacy_model_name()`), loaded
once per process. `parse_many` runs `nlp.pipe` in batches, across worker processes when given many texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from storyline.config import spacy_model_name
from storyline.errors import ExtractError
from storyline.extract.parsed import EntitySpan, Parsed, Token

BATCH_SIZE = 32
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer texts are refused, not parsed for minutes


@lru_cache(maxsize=2)
def load(name: str | None = None) -> Any:
    """The spaCy pipeline, loaded once per process and name."""
    import importlib

    name = name or spacy_model_name()
    try:
        module = importlib.import_module(name)
        return module.load()
    except ImportError:
        import spacy

        try:
            return spacy.load(name)
        except OSError as err:
            raise ExtractError(f"cannot load the spaCy model {name!r}: is it installed?") from err


def to_parsed(doc: Any) -> Parsed:
    """Copy what the extractors need out of a spaCy Doc."""
    tokens = []
    for t in doc:
        tense = t.morph.get("Tense")
        tokens.append(
            Token(
                i=t.i, start=t.idx, end=t.idx + len(t.text), text=t.text, lemma=t.lemma_, pos=t.pos_, tag=t.tag_,
                dep=t.dep_, head=t.head.i, ent_type=t.ent_type_, ent_iob=t.ent_iob_, tense=tense[0] if tense else "",
                ws=bool(t.whitespace_),
            )
        )
    sents = [(s.start, s.end) for s in doc.sents]
    ents = [EntitySpan(e.start, e.end, e.label_) for e in doc.ents]
    return Parsed(doc.text, tokens, sents, ents)


def parse(text: str, *, model: str | None = None) -> Parsed:
    return next(parse_many([text], model=model))


def parse_many(
    texts: Iterable[str], *, model: str | None = None, n_process: int = 1, batch_size: int = BATCH_SIZE
) -> Iterator[Parsed]:
    """Parse texts in order with `nlp.pipe`; `n_process > 1` spreads the batches over worker processes."""
    nlp = load(model)

    def checked() -> Iterator[str]:
        for text in texts:
            if len(text) > MAX_CHARS:
                raise ExtractError(f"text of {len(text):,} characters is over the parser's limit of {MAX_CHARS:,}")
            yield text

    for doc in nlp.pipe(checked(), batch_size=batch_size, n_process=n_process):
        yield to_parsed(doc)
