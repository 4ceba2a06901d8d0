"""The tables, as SQLAlchemy Core objects the repository queries through.

The migrations in `migrations/versions/` create exactly these; `tests/test_store.py` checks that the two agree.
Full-text search lives beside them: an FTS5 table on SQLite, a generated tsvector column on PostgreSQL, both
made by the migrations (they are dialect-specific, so they are not Core objects here).
"""

from __future__ import annotations

from sqlalchemy import (
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

Index("ix_documents_published", documents.c.published)
