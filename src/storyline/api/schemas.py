"""The API's JSON objects as pydantic models: they document the OpenAPI schema and check every response.

They mirror the interface's objects (`../shared/docs/interface.md`); `extra="allow"` lets the read layer add a
field without the API dropping it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Evidence(_Open):
    """A fact's sentence or passage. An event's also carries `trigger` (its trigger word) and `excerpt` (the words
    around it within the sentence): both `{"start", "end", "text"}`, spans of the document like the evidence."""

    document: str
    start: int
    end: int
    text: str = Field(description="Exactly document.text[start:end]")


class DatedBy(_Open):
    document: str
    trigger: dict[str, int]


class EventDate(_Open):
    value: str
    start: str
    end: str
    source: str
    report: DatedBy | None = None  # a timeline item's: the report whose date it keeps


class TimelineItem(_Open):
    id: str
    date: EventDate | None
    type: str
    action: str
    summary: str
    actors: list[str]
    targets: list[str]
    location: str | None
    sources: list[str]
    evidence: list[Evidence]
    reports: int  # how many reports (events in articles) the item joins; `evidence` may show only the first
    participants: list[str] = []  # who else takes part: named in a report's phrase, neither actor nor target
    news: int = 0  # reports telling it as their own news
    salience: float = 0.0  # how much it matters to the story: reports, sources, kind, news
    key: bool = False  # a key event: salience at least the dossier's threshold


class ProfileEvent(TimelineItem):
    role: Literal["actor", "target", "other"]


class Entity(_Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: int
    documents: int


class Claim(_Open):
    id: str
    text: str
    source: str | None
    chain: list[str]
    anonymous: bool
    document: str
    published: str | None
    evidence: Evidence
    conflicts_with: list[str]


class Related(_Open):
    name: str
    weight: int


class EntityProfile(Entity):
    events: list[ProfileEvent]
    claims_by: list[Claim]
    claims_about: list[Claim]
    related: list[Related]


class Conflict(_Open):
    id: str
    kind: str
    about: str
    detail: str
    claims: list[Claim]


class Highlight(BaseModel):
    start: int
    end: int


class SearchHit(_Open):
    kind: Literal["document", "claim", "entity"]
    document: str | None = Field(default=None, description="The document (documents and claims)")
    title: str | None = None
    snippet: str = Field(default="", description="Where the words matched (documents) or the claim's text")
    highlights: list[Highlight] = Field(default=[], description="Matched words as offsets into `snippet`")
    rank: float | None = None
    evidence: Evidence | None = Field(default=None, description="A claim's evidence")
    source: str | None = Field(default=None, description="A claim's source")
    name: str | None = Field(default=None, description="An entity's name")


class _DocumentMeta(_Open):
    id: str
    title: str | None
    byline: str | None
    authors: list[str]
    outlet: str | None
    url: str | None
    section: str | None
    published: str | None
    published_source: str | None


class DocumentSummary(_DocumentMeta):
    source: str | None
    chars: int
    copies: list[str]


class Document(_DocumentMeta):
    text: str
    captions: list[str]
    removed: list[str]
    source: str | None


class Failure(_Open):
    source: str
    line: int | None
    reason: str
    at: str | None


class IngestSummary(_Open):
    stored: int
    duplicates: int
    near_duplicates: int
    failed: int
    failures: list[Failure]


_DAY = r"^\d{4}-\d{2}-\d{2}$"


class IngestRequest(BaseModel):
    """Either `sources` (paths on the server or http(s) URLs, as `storyline ingest` takes them) or one article."""

    model_config = ConfigDict(extra="forbid")

    sources: list[str] | None = Field(default=None, min_length=1, max_length=1000)
    text: str | None = Field(default=None, min_length=1)
    html: str | None = Field(default=None, min_length=1)
    title: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, pattern=_DAY, description="YYYY-MM-DD")
    outlet: str | None = None

    @field_validator("published")
    @classmethod
    def _a_real_day(cls, value: str | None) -> str | None:
        if value is not None:
            date.fromisoformat(value)  # 2018-02-30 is refused here, as a 422
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> IngestRequest:
        article = self.text is not None or self.html is not None
        if (self.sources is None) == (not article):
            raise ValueError('give either "sources" or one article ("text" or "html")')
        if self.sources is not None and any(v is not None for v in (self.title, self.url, self.outlet)):
            raise ValueError('"title", "url" and "outlet" describe one article, not "sources"')
        return self


class Error(BaseModel):
    error: str
