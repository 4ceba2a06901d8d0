"""The shared types. Every stage speaks these and nothing else.

Values are frozen dataclasses. Spans are character offsets into `Document.text`, never token indices, and ids
are hashes of content, so running the same input twice gives the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

_Day = date  # `Cleaned.date` shadows the name inside that class

InputKind = Literal["html", "text", "auto"]
PublishedSource = Literal["given", "metadata", "text", "inferred"]


def stable_id(*parts: object, size: int = 16) -> str:
    """A short hex id that depends only on `parts`."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:size]


@dataclass(frozen=True, slots=True)
class RawInput:
    """One article as read from a source, before cleaning.

    `data` is bytes when the encoding is still to be found, str when the source already decoded it (JSONL).
    The metadata fields are what the source itself says (a JSONL field, a feed item, a CLI option); they win
    over anything the cleaner finds.
    """

    source: str
    data: bytes | str
    kind: InputKind = "auto"
    line: int | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    outlet: str | None = None
    fetched: datetime | None = None
    raw: bool = False

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What a cleaner finds in one page: the body and the page's own metadata, not yet decided on."""

    text: str
    title: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    section: str | None = None
    date: date | None = None  # from the page's metadata (meta tags, JSON-LD, feed date)
    dateline: _Day | None = None  # an explicit date line printed with the article ("Published May 28, 2014")
    captions: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned article. `text` is the body; every offset anywhere in storyline indexes into it."""

    id: str
    text: str
    title: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    section: str | None = None
    published: date | None = None
    published_source: PublishedSource | None = None
    captions: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "byline": self.byline,
            "authors": list(self.authors),
            "outlet": self.outlet,
            "url": self.url,
            "section": self.section,
            "published": self.published.isoformat() if self.published else None,
            "published_source": self.published_source,
            "text": self.text,
            "captions": list(self.captions),
            "removed": list(self.removed),
            "source": self.source,
        }

    @staticmethod
    def id_for(text: str) -> str:
        """Documents are identified by their body, so the same article read twice is the same document."""
        return stable_id(" ".join(text.split()))


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not become a document, and why, in one line."""

    source: str
    reason: str
    line: int | None = None
    at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "line": self.line,
            "reason": self.reason,
            "at": self.at.isoformat() if self.at else None,
        }


Outcome = Literal["stored", "duplicate", "near_duplicate", "failed"]


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one input."""

    source: str
    outcome: Outcome
    document_id: str | None = None
    duplicate_of: str | None = None
    reason: str | None = None


@dataclass(slots=True)
class IngestSummary:
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    shards: int | None = None  # a sharded run (--engine ray): its shards, and those done by an earlier run
    shards_skipped: int = 0

    def add(self, outcome: IngestOutcome) -> None:
        if outcome.outcome == "stored":
            self.stored += 1
        elif outcome.outcome == "duplicate":
            self.duplicates += 1
        elif outcome.outcome == "near_duplicate":
            self.near_duplicates += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "failed": self.failed,
            "failures": [f.to_json() for f in self.failures],
            **({"shards": self.shards, "shards_skipped": self.shards_skipped} if self.shards is not None else {}),
        }


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's text: `text == document.text[start:end]`, always."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression, normalized as TimeML TIMEX3 (TempEval-3 conventions) against the anchor date.

    `interval` is the stretch of days a DATE (or TIME) value covers, first and last day included: "the 1970s"
    is 1970-01-01..1979-12-31. None when the value has no place on the calendar (a duration, `PAST_REF`, a
    value with unknown parts).
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = None
    interval: tuple[date, date] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "type": self.type,
                               "value": self.value, "mod": self.mod}
        if self.interval is not None:
            out["interval"] = {"start": self.interval[0].isoformat(), "end": self.interval[1].isoformat()}
        return out


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity in one document, with the name the dossier knows it by (`canonical`)."""

    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, ...
    canonical: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "type": self.type,
                "canonical": self.canonical}


@dataclass(frozen=True, slots=True)
class Source:
    """Who a claim is attributed to: the mention in the text and the entity it stands for."""

    start: int
    end: int
    text: str
    canonical: str
    type: str
    anonymous: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "canonical": self.canonical,
                "type": self.type, "anonymous": self.anonymous}


AttributionKind = Literal["direct", "indirect", "according_to", "report"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said what: the content, the cue ("said", "according to"), the source and its chain.

    `chain` runs outermost first: "The Post reported, citing people familiar with the matter, that …" gives
    [The Washington Post, people familiar with the matter]; `source` is the first link, the reporting source
    the sentence attributes the claim to (the one a reader sees), and `chain[0] == source`.
    """

    content: Span
    kind: AttributionKind
    cue: Span
    source: Source | None
    chain: tuple[Source, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"content": self.content.to_json(), "kind": self.kind, "cue": self.cue.text,
                "cue_span": self.cue.to_json(), "source": self.source.to_json() if self.source else None,
                "chain": [s.to_json() for s in self.chain]}


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, as an interval of days; `source` says what gave it: the event's own time
    expression (`text`), the date the narrative around it is at (`context`), or the publication week
    (`published`)."""

    value: str
    start: date
    end: date
    source: Literal["text", "context", "published"]

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "source": self.source}


MentionClass = Literal["OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "ASPECTUAL", "PERCEPTION", "I_STATE"]


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event mention as TimeML's EVENT defines it: a verb, an event nominal or a predicative state, one token
    (`i`, characters `start`..`end`), with TimeML's class and its MAKEINSTANCE attributes (`tense`: PAST,
    PRESENT, FUTURE, INFINITIVE, PRESPART, PASTPART or NONE; `aspect`: PROGRESSIVE, PERFECTIVE,
    PERFECTIVE_PROGRESSIVE or NONE; `polarity`: POS or NEG; `modality`: the modal word, "" for none)."""

    i: int
    start: int
    end: int
    lemma: str
    cls: MentionClass
    tense: str = "NONE"
    aspect: str = "NONE"
    polarity: str = "POS"
    modality: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, where and when, from one clause (or one event mention: `mention_class` and the
    TimeML attributes say which kind of mention it was read from)."""

    type: str  # a PLOVER category, or OTHER
    action: str  # the trigger's lemma
    trigger: Span
    sentence: Span
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    location: str | None = None
    date: EventDate | None = None
    attribution: int | None = None  # index into Annotations.attributions when the clause is reported speech
    negated: bool = False
    mention_class: str = "OCCURRENCE"  # TimeML's EVENT class
    tense: str = "NONE"
    aspect: str = "NONE"
    polarity: str = "POS"
    modality: str = ""
    # the PLOVER reading coded the clause as a happening with someone or somewhere in it (before issue 19 the
    # only events kept; what becomes a timeline item); False for the article's other event mentions
    coded: bool = True
    mode: str | None = None  # PLOVER's mode of the category ("arrest", "weapons", "visit"), where one is clear
    # the other entities named in the event's own phrase, neither actor nor target (`events_participants`)
    participants: tuple[str, ...] = ()
    # the index (in the article's events) of the event this one names again ("the delivery" after "delivered")
    refers_to: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "action": self.action, "trigger": self.trigger.to_json(),
                "actors": list(self.actors), "targets": list(self.targets), "location": self.location,
                "date": self.date.to_json() if self.date else None, "sentence": self.sentence.to_json(),
                "attribution": self.attribution, "negated": self.negated, "class": self.mention_class,
                "tense": self.tense, "aspect": self.aspect, "polarity": self.polarity, "modality": self.modality,
                "coded": self.coded, "mode": self.mode, "participants": list(self.participants),
                "refers_to": self.refers_to}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in the text and what it counts ("13 young Japanese people")."""

    start: int
    end: int
    text: str
    value: int | float
    counted: str | None = None
    attribution: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "counted": self.counted, "attribution": self.attribution}


@dataclass(frozen=True, slots=True)
class ClaimNumber:
    """A number inside a claim and the words of its own clause around it, as read from the text alone.

    What it counts ("arrested", "dead") is a story profile's reading of these words, made when conflicts are
    found, so a dossier read once can be compared under any profile. `counted` is the extractor's noun ("people",
    "dollars"); on claims stored before profiles it is the measure read then. `before` holds the last two words
    of the clause before the number, `after` the clause's words after it (both empty when the number is hedged,
    "more than 17", or someone else's figure, "the 10 people Japan recognises"); `whole` marks the whole of a
    part ("five of the 13"), `who` the people counted when a name follows ("13 Japanese" → "Japan")."""

    value: float
    text: str
    counted: str | None = None
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    whole: bool = False
    who: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "text": self.text, "counted": self.counted}
        if self.before:
            out["before"] = list(self.before)
        if self.after:
            out["after"] = list(self.after)
        if self.whole:
            out["whole"] = True
        if self.who:
            out["who"] = self.who
        return out

    @classmethod
    def from_json(cls, raw: Any) -> ClaimNumber:
        """From `to_json`, or from the `[value, counted, text]` of claims stored before profiles."""
        if isinstance(raw, list):
            value, counted, text = raw
            return cls(float(value), str(text), counted)
        return cls(float(raw["value"]), raw["text"], raw.get("counted"), tuple(raw.get("before", ())),
                   tuple(raw.get("after", ())), bool(raw.get("whole", False)), raw.get("who"))


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything read from one document; every span indexes `document.text`."""

    document: Document
    entities: tuple[Mention, ...] = ()
    timexes: tuple[Timex, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    events: tuple[Event, ...] = ()
    quantities: tuple[Quantity, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document.to_json(),
            "entities": [m.to_json() for m in self.entities],
            "timexes": [t.to_json() for t in self.timexes],
            "attributions": [a.to_json() for a in self.attributions],
            "events": [e.to_json() for e in self.events],
            "quantities": [q.to_json() for q in self.quantities],
        }


# -- what resolution (`resolve/`) gives the store, which writes it as it is -------------------------------------


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One entity across the dossier: `name` is its best-written alias, `aliases` every form seen, first first."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One claim: `text == document.text[start:end]`; `source` is the outermost canonical source."""

    id: str
    document_id: str
    published: date | None
    text: str
    start: int
    end: int
    source: str | None
    chain: tuple[str, ...]
    anonymous: bool
    source_type: str | None
    entities: tuple[str, ...]  # canonical names mentioned inside the text, first first
    quantities: tuple[ClaimNumber, ...]  # its numbers, each with the words of its own clause
    event_types: tuple[str, ...]  # "CONCEDE", "not:AGREE", "OTHER:return" for events triggered inside the text
    cue: str = ""  # the reporting word, lower case, with its negation: "admitted", "not admit"
    dated: tuple[date, date] | None = None  # the days the claim's own clause puts it in; date.min opens "until"


ConflictKind = Literal["count", "opposed", "position_change"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two claims that disagree. For `position_change`, `a` is the earlier; otherwise `a` is the earlier too."""

    kind: ConflictKind
    about: str  # "how many were arrested", "whether the tariff matter is settled"
    a: str
    b: str
    detail: str  # "12 arrested (Interior Ministry, 2019) vs 30 (Police, 2019)"


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One real event as the dossier knows it, its reports merged. `actors` and `targets` are entity ids;
    `first_published` and `last_published` bound the publication dates of its reports (None: not known)."""

    id: str
    type: str
    action: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    location: str | None
    date: EventDate | None
    events: int
    sources: tuple[str, ...]  # outlets and attributed sources, in order
    first_published: _Day | None = None
    last_published: _Day | None = None
    participants: tuple[str, ...] = ()  # entity ids taking part otherwise: named in the event's phrase
    news: int = 0  # reports that told it as their own news, in their publication week (not as background)
    salience: float = 0.0  # how much it matters to the story (`resolve.timeline.salience`)
    dated_by: str | None = None  # the event id of the report whose date the item keeps


KEY_SALIENCE = 4.0  # the salience of a key event (`resolve.timeline.salience`), which `timeline --key` lists


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """The timeline items that could be the event one report tells of (`resolve.timeline.matches`): of `type`
    (and `action` unless None), sharing one of `people` (entity ids), not placed elsewhere than `place`, with
    an actor among the report's people or the report's actor among theirs; dated within `during`; or, for an
    undated report, of its action (`lemma`), undated with every report published within `reported`, or dated
    and begun by `before`. Best first (`rank`)."""

    type: str
    action: str | None
    people: tuple[str, ...]
    during: tuple[_Day, _Day] | None
    reported: tuple[_Day, _Day] | None
    place: str | None
    actors: tuple[str, ...] = ()  # the report's actors: an item whose actors none of its people are is another act
    lemma: str | None = None  # an undated report's action: it joins only an item of the same action
    before: _Day | None = None  # an undated report also joins a dated item begun by then: the event it retells


@dataclass(frozen=True, slots=True)
class ItemChange:
    """What one document did to a timeline item: made it (`new`) or joined it; `item` is its state afterwards and
    `roles` the (entity id, role) pairs it gained."""

    item: TimelineItem
    new: bool
    roles: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    mention: Mention
    entity_id: str | None


@dataclass(frozen=True, slots=True)
class ResolvedClaim:
    """A claim with the attribution it is a piece of (its kind and cue, where the text has it), and its source's
    entity. A piece that opens with its own speaker has no attribution of its own: "indirect", its cue word."""

    record: ClaimRecord
    kind: str
    cue: str
    cue_start: int
    cue_end: int
    source_entity_id: str | None


@dataclass(frozen=True, slots=True)
class ClaimAbout:
    """An entity named inside a claim's content; `idx` is the claim's place in its document."""

    entity_id: str
    claim_id: str
    idx: int


@dataclass(frozen=True, slots=True)
class ResolvedQuantity:
    quantity: Quantity
    claim_id: str | None


@dataclass(frozen=True, slots=True)
class ResolvedEvent:
    """An event with its participants as entity ids, the claim reporting it, and the timeline item it tells of
    (None when negated or without a known participant)."""

    id: str
    event: Event
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    claim_id: str | None
    item_id: str | None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """One document's facts, resolved against the dossier: what the store writes beside the document."""

    document: Document
    mentions: tuple[ResolvedMention, ...] = ()
    entity_mentions: tuple[tuple[str, int], ...] = ()  # (entity id, its mentions in this document)
    timexes: tuple[Timex, ...] = ()
    claims: tuple[ResolvedClaim, ...] = ()
    about: tuple[ClaimAbout, ...] = ()
    quantities: tuple[ResolvedQuantity, ...] = ()
    events: tuple[ResolvedEvent, ...] = ()
    items: tuple[ItemChange, ...] = ()
