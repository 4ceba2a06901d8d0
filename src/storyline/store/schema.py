"""The tables, as SQLAlchemy Core objects the repository queries through.

The migrations in `migrations/versions/` create exactly these; `tests/test_store.py` checks that the two agree.
Full-text search lives beside them: an FTS5 table on SQLite, a generated tsvector column on PostgreSQL, both
made by the migrations (they are dialect-specific, so they are not Core objects here).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("source", Text),
    Column("title", Text),
    Column("byline", Text),
    Column("authors", Text, nullable=False, default="[]"),  # JSON list
    Column("outlet", Text),
    Column("url", Text),
    Column("section", Text),
    Column("published", Date),
    Column("published_source", String(16)),
    Column("text", Text, nullable=False),
    Column("captions", Text, nullable=False, default="[]"),  # JSON list
    Column("removed", Text, nullable=False, default="[]"),  # JSON list
    Column("signature", LargeBinary),  # MinHash values, for near-duplicate checks
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

# Every raw input ever read, by the hash of its bytes: re-reading one is a no-op without cleaning it again.
inputs = Table(
    "inputs",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("document_id", String(32), nullable=False),
    Column("source", Text),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

# MinHash LSH bands: two documents sharing a band are near-duplicate candidates.
doc_bands = Table(
    "doc_bands",
    metadata,
    Column("band", String(40), primary_key=True),
    Column("document_id", String(32), primary_key=True),
)

# A near-duplicate (a syndicated copy of a wire story) is kept as a copy of the document it repeats.
copies = Table(
    "copies",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("original_id", String(32), nullable=False, index=True),
    Column("source", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("published", Date),
    Column("similarity", Float, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("line", Integer, nullable=False, default=0),  # 0: the input as a whole
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", "line", name="uq_failures_source_line"),
)

# How many pages of a site (a host, an outlet, a folder) each short line was seen on: a line on many pages
# of one site is that site's chrome, whatever it says.
site_lines = Table(
    "site_lines",
    metadata,
    Column("site", String(200), primary_key=True),
    Column("line_hash", String(32), primary_key=True),
    Column("pages", Integer, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("canonical", Text, nullable=False),
    Column("entity_id", String(32), index=True),
)

timexes = Table(
    "timexes", metadata,
    Column("document_id", String(32), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("value", Text, nullable=False),
    Column("mod", String(16)),
    Column("day_start", Date),
    Column("day_end", Date),
)

# A claim is what one source said (an attribution's content, or the piece of it one speaker said), with its
# chain and evidence; `facts` keeps what finding conflicts needs, so they can be found again from the store.
claims = Table(
    "claims", metadata,
    Column("id", String(32), primary_key=True),
    Column("document_id", String(32), nullable=False, index=True),
    Column("idx", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("cue", Text, nullable=False),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
    Column("source_type", String(16)),
    Column("source_entity_id", String(32), index=True),
    Column("anonymous", Boolean, nullable=False),
    Column("chain", Text, nullable=False),
    Column("published", Date),
    Column("facts", Text, nullable=False),
)

events = Table(
    "events", metadata,
    Column("id", String(32), primary_key=True),
    Column("document_id", String(32), nullable=False, index=True),
    Column("idx", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("action", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("actors", Text, nullable=False),
    Column("targets", Text, nullable=False),
    Column("location", Text),
    Column("date_value", Text),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_source", String(16)),
    Column("claim_id", String(32)),
    Column("negated", Boolean, nullable=False),
    Column("item_id", String(32), index=True),
)

quantities = Table(
    "quantities", metadata,
    Column("document_id", String(32), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("counted", Text),
    Column("claim_id", String(32)),
)

entities = Table(
    "entities", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("aliases", Text, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # the order entities were made in, 1, 2, 3...: a registry's candidates come oldest first by it, not by the
    # wall clock, which ties or steps back and would order a rebuild unlike the ingest it repeats (migration 0012)
    Column("seq", Integer),
)

# The blocking keys of cross-document resolution: a new name meets only the entities sharing a key.
entity_keys = Table(
    "entity_keys", metadata,
    Column("key", String(200), primary_key=True),
    Column("entity_id", String(32), primary_key=True),
)

timeline_items = Table(
    "timeline_items", metadata,
    Column("id", String(32), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("action", Text, nullable=False),
    Column("actors", Text, nullable=False),
    Column("targets", Text, nullable=False),
    Column("location", Text),
    Column("date_value", Text),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_source", String(16)),
    Column("events", Integer, nullable=False),
    Column("sources", Text, nullable=False, default="[]"),  # JSON list: outlets and attributed sources, in order
    # the first and last publication dates of its reports: an undated report joins an undated item only when all
    # of the item's reports were published within days of it (migration 0010)
    Column("first_published", Date),
    Column("last_published", Date),
    # who else takes part (JSON list of entity ids), the reports telling it as their own news, and its salience
    # (`resolve.timeline.salience`): migration 0013
    Column("participants", Text, nullable=False, default="[]", server_default="[]"),
    Column("news", Integer, nullable=False, default=0, server_default="0"),
    Column("salience", Float, nullable=False, default=0.0, server_default="0"),
    Column("dated_by", String(32)),  # the event (report) whose date the item keeps
)

# Who takes part in each timeline item, as actor, target or other participant: an entity's timeline by its index, not by reading
# every item's actors and targets (kept with them by the writes; migration 0007). Each row carries a copy of what
# finding an item's candidates filters on (kind, dates, when reported, and `span`, the class of how long its dates
# last: `dossier_index.span_class`), kept in step with the item by the writes (migration 0012), so the candidates
# of a report are an index range of each participant's rows, however many items a participant takes part in.
timeline_roles = Table(
    "timeline_roles", metadata,
    Column("entity_id", String(32), primary_key=True),
    Column("item_id", String(32), primary_key=True),
    Column("role", String(8), primary_key=True),  # "actor" | "target" | "other"
    Column("type", String(32)),
    Column("action", Text),
    Column("span", Integer),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("first_published", Date),
    Column("last_published", Date),
)

# Which entities each claim is about (a mention of it inside the claim's content), with the claim's reading order,
# so the first claims about an entity are one index range however often it is named (migration 0008).
claim_about = Table(
    "claim_about", metadata,
    Column("entity_id", String(32), primary_key=True),
    Column("claim_id", String(32), primary_key=True),
    Column("published", Date),
    Column("document_id", String(32), nullable=False),
    Column("idx", Integer, nullable=False),
)

conflicts = Table(
    "conflicts", metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("about", Text, nullable=False),
    Column("a", String(32), nullable=False),
    Column("b", String(32), nullable=False),
    Column("detail", Text, nullable=False),
)

Index("ix_documents_published", documents.c.published)
Index("ix_timeline_type_date", timeline_items.c.type, timeline_items.c.date_start)
Index("ix_entities_seq", entities.c.seq)
Index("ix_timeline_roles_reach", timeline_roles.c.entity_id, timeline_roles.c.type, timeline_roles.c.span,
      timeline_roles.c.date_start, timeline_roles.c.first_published)
# an undated report's candidates: the items of its action that a participant takes part in (migration 0013)
Index("ix_timeline_roles_action", timeline_roles.c.entity_id, timeline_roles.c.action, timeline_roles.c.date_start)
Index("ix_timeline_salience", timeline_items.c.salience)
# an entity's timeline in reading order, from its own rows (migration 0013)
Index("ix_timeline_roles_order", timeline_roles.c.entity_id, timeline_roles.c.date_start,
      timeline_roles.c.date_end.desc(), timeline_roles.c.item_id)
Index("ix_mentions_entity_document", mentions.c.entity_id, mentions.c.document_id, mentions.c.start)
Index("ix_mentions_document_entity", mentions.c.document_id, mentions.c.entity_id)
Index("ix_claims_source_lower", func.lower(claims.c.source))
# the reading order of the timeline and of claims, as the reads write their ORDER BY (migration 0007)
Index("ix_timeline_order", timeline_items.c.date_start.is_(None), timeline_items.c.date_start,
      timeline_items.c.date_end.desc(), timeline_items.c.id)
Index("ix_claims_order", claims.c.published.is_(None), claims.c.published, claims.c.document_id, claims.c.idx)
Index("ix_claim_about_order", claim_about.c.entity_id, claim_about.c.published.is_(None), claim_about.c.published,
      claim_about.c.document_id, claim_about.c.idx)

# Shards of a sharded run (`ingest --engine ray`) whose every input was stored or settled: a rerun skips them.
shards = Table(
    "shards",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("label", Text, nullable=False),
    Column("inputs", Integer, nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=False),
)

# The dossier's settings and state as keys and values ("profile": the story profile it is resolved with).
dossier_meta = Table(
    "dossier_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# What was read in each document, as read (`annotations_json.pack`: compact JSON without the document, zlib), written
# with the document: `storyline rebuild` replays it into the dossier tables without parsing (migration 0011).
stored_annotations = Table(  # not `annotations`: the name of the __future__ import
    "annotations",
    metadata,
    Column("document_id", String(32), primary_key=True),
    Column("version", Integer, nullable=False),  # annotations_json.VERSION
    Column("data", LargeBinary, nullable=False),
)
