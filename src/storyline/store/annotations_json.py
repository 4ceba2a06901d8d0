"""Annotations as stored: a lossless JSON form of `model.Annotations`, so a dossier can be rebuilt from what was
read without parsing again (`storyline rebuild`).

`Annotations.to_json` is the interface's shape, meant for readers, and has no way back. This form is meant for
decoding: every field of every nested value, in the dataclasses' field order, dates as ISO strings, tuples as
lists, so that `decode(encode(a)) == a`.

The stored row leaves the document out (`with_document=False`): its body and metadata are the `documents`
row already, and `decode(data, document=...)` puts them back. What is stored is compressed (`pack`/`unpack`):
an article's facts as JSON are about four times its text (each span repeats its words), and zlib takes them
to a third of that (the sample corpus: 107 kB of JSON for 28 kB of text, 34 kB compressed).
"""

from __future__ import annotations

import json
import zlib
from datetime import date
from typing import Any, cast

from storyline.model import (
    Annotations,
    Attribution,
    AttributionKind,
    Document,
    Event,
    EventDate,
    Mention,
    PublishedSource,
    Quantity,
    Source,
    Span,
    Timex,
    TimexType,
)

VERSION = 1  # the form below; a later form gets a new number and a decoder for the old one (an event's
# TimeML fields were appended to its list, and `_event_of` reads lists without them: still form 1)


def encode(a: Annotations, *, with_document: bool = True) -> dict[str, Any]:
    """`a` as plain JSON values; without its document when that is stored beside it."""
    return {
        "document": _document(a.document) if with_document else None,
        "entities": [[m.start, m.end, m.text, m.type, m.canonical] for m in a.entities],
        "timexes": [[x.start, x.end, x.text, x.type, x.value, x.mod,
                     [x.interval[0].isoformat(), x.interval[1].isoformat()] if x.interval else None]
                    for x in a.timexes],
        "attributions": [[_span(at.content), at.kind, _span(at.cue), _source(at.source) if at.source else None,
                          [_source(s) for s in at.chain]] for at in a.attributions],
        "events": [[e.type, e.action, _span(e.trigger), _span(e.sentence), list(e.actors), list(e.targets),
                    e.location, _event_date(e.date) if e.date else None, e.attribution, e.negated,
                    e.mention_class, e.tense, e.aspect, e.polarity, e.modality, e.coded, e.mode,
                    list(e.participants), e.refers_to]
                   for e in a.events],
        "quantities": [[q.start, q.end, q.text, q.value, q.counted, q.attribution] for q in a.quantities],
    }


def decode(data: dict[str, Any], *, document: Document | None = None) -> Annotations:
    """The Annotations `encode` was given; `document` when the form was stored without it."""
    doc = document if document is not None else _document_of(data["document"])
    return Annotations(
        document=doc,
        entities=tuple(Mention(s, e, txt, typ, canon) for s, e, txt, typ, canon in data["entities"]),
        timexes=tuple(
            Timex(s, e, txt, cast(TimexType, typ), value, mod,
                  (date.fromisoformat(iv[0]), date.fromisoformat(iv[1])) if iv else None)
            for s, e, txt, typ, value, mod, iv in data["timexes"]
        ),
        attributions=tuple(
            Attribution(_span_of(content), cast(AttributionKind, kind), _span_of(cue),
                        _source_of(source) if source else None, tuple(_source_of(c) for c in chain))
            for content, kind, cue, source, chain in data["attributions"]
        ),
        events=tuple(_event_of(e) for e in data["events"]),
        quantities=tuple(Quantity(s, e, txt, value, counted, attribution)
                         for s, e, txt, value, counted, attribution in data["quantities"]),
    )


def dumps(a: Annotations, *, with_document: bool = True) -> str:
    """The compact JSON text: no spaces, non-ASCII as itself."""
    return json.dumps(encode(a, with_document=with_document), ensure_ascii=False, separators=(",", ":"))


def loads(text: str, *, document: Document | None = None) -> Annotations:
    return decode(json.loads(text), document=document)


def pack(a: Annotations) -> bytes:
    """What the `annotations` table stores: the JSON without the document, zlib-compressed."""
    return zlib.compress(dumps(a, with_document=False).encode("utf-8"), 6)


def unpack(data: bytes, document: Document) -> Annotations:
    return loads(zlib.decompress(data).decode("utf-8"), document=document)


# -- the nested values -------------------------------------------------------------------------------------


def _span(s: Span) -> list[Any]:
    return [s.start, s.end, s.text]


def _span_of(v: list[Any]) -> Span:
    return Span(v[0], v[1], v[2])


_MENTION_FIELDS = ("mention_class", "tense", "aspect", "polarity", "modality", "coded")


def _event_of(v: list[Any]) -> Event:
    """An event as stored; one stored before TimeML mentions has ten fields and was a coded occurrence, one
    stored before PLOVER modes has sixteen, one stored before other participants seventeen, one before links to
    the event a noun names again eighteen."""
    typ, action, trigger, sentence, actors, targets, location, when, attribution, negated = v[:10]
    return Event(typ, action, _span_of(trigger), _span_of(sentence), tuple(actors), tuple(targets), location,
                 _event_date_of(when) if when else None, attribution, negated,
                 **dict(zip(_MENTION_FIELDS, v[10:16], strict=False)), mode=v[16] if len(v) > 16 else None,
                 participants=tuple(v[17]) if len(v) > 17 else (), refers_to=v[18] if len(v) > 18 else None)


def _source(s: Source) -> list[Any]:
    return [s.start, s.end, s.text, s.canonical, s.type, s.anonymous]


def _source_of(v: list[Any]) -> Source:
    return Source(v[0], v[1], v[2], v[3], v[4], v[5])


def _event_date(d: EventDate) -> list[Any]:
    return [d.value, d.start.isoformat(), d.end.isoformat(), d.source]


def _event_date_of(v: list[Any]) -> EventDate:
    return EventDate(v[0], date.fromisoformat(v[1]), date.fromisoformat(v[2]), v[3])


def _document(d: Document) -> dict[str, Any]:
    return {
        "id": d.id, "text": d.text, "title": d.title, "byline": d.byline, "authors": list(d.authors),
        "outlet": d.outlet, "url": d.url, "section": d.section,
        "published": d.published.isoformat() if d.published else None, "published_source": d.published_source,
        "captions": list(d.captions), "removed": list(d.removed), "source": d.source,
    }


def _document_of(v: dict[str, Any]) -> Document:
    return Document(
        id=v["id"], text=v["text"], title=v["title"], byline=v["byline"], authors=tuple(v["authors"]),
        outlet=v["outlet"], url=v["url"], section=v["section"],
        published=date.fromisoformat(v["published"]) if v["published"] else None,
        published_source=cast("PublishedSource | None", v["published_source"]), captions=tuple(v["captions"]),
        removed=tuple(v["removed"]), source=v["source"],
    )
