"""Documents, the inputs seen, near-duplicate bands and copies, failures, and full-text search on documents.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("source", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("byline", sa.Text),
        sa.Column("authors", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("section", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("published_source", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("captions", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("signature", sa.LargeBinary),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "inputs",
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("document_id", sa.String(32), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("seen_at", TZ, nullable=False),
    )
    op.create_table(
        "doc_bands",
        sa.Column("band", sa.String(40), primary_key=True),
        sa.Column("document_id", sa.String(32), primary_key=True),
    )
    op.create_table(
        "copies",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("original_id", sa.String(32), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("similarity", sa.Float, nullable=False),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_index("ix_copies_original_id", "copies", ["original_id"])
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.UniqueConstraint("source", "line", name="uq_failures_source_line"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED"
        )
        op.execute("CREATE INDEX ix_documents_tsv ON documents USING gin (tsv)")
    else:
        # External-content FTS5 over documents(seq): triggers keep it in step inside each write's transaction.
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='seq', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.seq, old.title, old.text); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS documents_ad")
        op.execute("DROP TRIGGER IF EXISTS documents_ai")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in ("failures", "copies", "doc_bands", "inputs", "documents"):
        op.drop_table(table)
