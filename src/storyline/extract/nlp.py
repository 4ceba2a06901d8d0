"""The spaCy door: the one module that builds the pipeline, runs it, and turns spaCy's Doc into `Parsed`.

Nothing else in storyline imports spaCy. The model is the configured one (`config.spacy_model_name()`), loaded
once per process. `parse_many` runs `nlp.pipe` in batches, across worker processes when given many texts.

A long text is parsed in pieces of about PIECE_CHARS characters, cut at paragraph breaks (else at line breaks,
else at spaces), and the pieces' parses are joined into one `Parsed`: spaCy holds about 17 KB per token of a
Doc while it runs, so one Doc of a 700 KB text took gigabytes; pieces keep that bounded by the piece, and the
cost of a text grows linearly with its length. Texts up to PIECE_CHARS (every ordinary article) are parsed
whole, exactly as before.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from storyline.config import LIMITS, spacy_model_name
from storyline.errors import ExtractError
from storyline.extract.parsed import EntitySpan, Parsed, Token

BATCH_SIZE = 32
MAX_CHARS = LIMITS.max_text_chars  # longer texts are refused (STORYLINE_MAX_CHARS, default spaCy's own 1,000,000)
PIECE_CHARS = 50_000  # a longer text is parsed in pieces of about this size (a piece costs ~150 MB in spaCy)
_BREAKS = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"\s+"))
# News's compound verbs of tests ("North Korea test-fired two missiles"): spaCy's tokenizer splits them in three
# ("test", "-", "fired"), and the parser then takes "test" for a noun and "missiles" for the sentence's root, with
# no verb at all. Split as "test-" and "fired", the verb is parsed as the verb it is, "test-" as its modifier.
_TEST_VERBS = ("fire", "fires", "fired", "firing", "launch", "launches", "launched", "launching",
               "fly", "flies", "flew", "flown", "flying")


@lru_cache(maxsize=2)
def load(name: str | None = None) -> Any:
    """The spaCy pipeline, loaded once per process and name."""
    import importlib

    name = name or spacy_model_name()
    try:
        module = importlib.import_module(name)
        nlp = module.load()
    except ImportError:
        import spacy

        try:
            nlp = spacy.load(name)
        except OSError as err:
            raise ExtractError(f"cannot load the spaCy model {name!r}: is it installed?") from err
    for prefix in ("test", "Test", "TEST"):
        for verb in _TEST_VERBS:
            verb = verb.upper() if prefix.isupper() else verb
            nlp.tokenizer.add_special_case(f"{prefix}-{verb}", [{"ORTH": f"{prefix}-"}, {"ORTH": verb}])
    return nlp


def to_parsed(doc: Any) -> Parsed:
    """Copy what the extractors need out of a spaCy Doc."""
    return _joined(doc.text, [(0, doc)])


def _joined(text: str, pieces: Iterable[tuple[int, Any]]) -> Parsed:
    """One `Parsed` of `text` from the Docs of its pieces, each given with its character offset in `text`, taken
    one at a time (only one piece's Doc is alive at once). The small label strings are interned: a long text has
    hundreds of thousands of tokens."""
    tokens: list[Token] = []
    sents: list[tuple[int, int]] = []
    ents: list[EntitySpan] = []
    cache = sys.intern
    for offset, doc in pieces:
        base = len(tokens)
        for t in doc:
            tense = t.morph.get("Tense")
            tokens.append(
                Token(
                    i=base + t.i, start=offset + t.idx, end=offset + t.idx + len(t.text), text=t.text,
                    lemma=t.lemma_, pos=cache(t.pos_), tag=cache(t.tag_), dep=cache(t.dep_), head=base + t.head.i,
                    ent_type=cache(t.ent_type_), ent_iob=cache(t.ent_iob_), tense=cache(tense[0]) if tense else "",
                    ws=bool(t.whitespace_),
                )
            )
        sents.extend((base + s.start, base + s.end) for s in doc.sents)
        ents.extend(EntitySpan(base + e.start, base + e.end, cache(e.label_)) for e in doc.ents)
    return Parsed(text, tokens, sents, ents)


def pieces(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """`text` cut into pieces of about `size` characters (offset, piece), each cut after a paragraph break,
    else a line break, else a space, found in the last half of the piece; a piece with none is cut at `size`."""
    size = size or PIECE_CHARS
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        window = text[start + size // 2 : start + size]
        cut = start + size
        for brk in _BREAKS:
            ends = [m.end() for m in brk.finditer(window)]
            if ends:
                cut = start + size // 2 + ends[-1]
                break
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


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

    if n_process > 1:
        yield from _streamed(nlp, checked(), batch_size, n_process)
        return
    batch: list[str] = []
    for text in checked():  # in batches of whole texts; a long one alone, piece by piece
        if len(text) > PIECE_CHARS:
            if batch:
                yield from _pipe(nlp, batch, batch_size)
                batch = []
            cut = pieces(text)
            docs = nlp.pipe([p for _, p in cut], batch_size=1)
            yield _joined(text, ((offset, doc) for (offset, _), doc in zip(cut, docs, strict=True)))
            continue
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _pipe(nlp, batch, batch_size)
            batch = []
    if batch:
        yield from _pipe(nlp, batch, batch_size)


def _pipe(nlp: Any, texts: list[str], batch_size: int) -> Iterator[Parsed]:
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield to_parsed(doc)


def _streamed(nlp: Any, texts: Iterable[str], batch_size: int, n_process: int) -> Iterator[Parsed]:
    """Every text's pieces in one stream over `n_process` processes (for benchmarks over many articles), the
    pieces of a long text joined again as they come back in order."""
    def cut() -> Iterator[tuple[str, tuple[int, int, str, int]]]:
        for k, text in enumerate(texts):
            parts = pieces(text) if len(text) > PIECE_CHARS else [(0, text)]
            for offset, piece in parts:
                yield piece, (k, offset, text, len(parts))

    done: list[tuple[int, Any]] = []
    for doc, (_, offset, text, count) in nlp.pipe(cut(), batch_size=batch_size, n_process=n_process,
                                                  as_tuples=True):
        done.append((offset, doc))
        if len(done) == count:
            yield _joined(text, done)
            done = []
