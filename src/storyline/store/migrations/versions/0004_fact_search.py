"""Full-text search over facts: claims (with their sources) beside documents.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE claims ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('english', coalesce(source, '') || ' ' || text)) STORED"
        )
        op.execute("CREATE INDEX ix_claims_tsv ON claims USING gin (tsv)")
    else:
        op.execute("CREATE VIRTUAL TABLE claims_fts USING fts5(ref UNINDEXED, source, text, tokenize='porter unicode61')")
        op.execute(
            "CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN "
            "INSERT INTO claims_fts(ref, source, text) VALUES (new.id, coalesce(new.source, ''), new.text); END"
        )
        op.execute(
            "CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN "
            "DELETE FROM claims_fts WHERE ref = old.id; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claims_tsv")
        op.execute("ALTER TABLE claims DROP COLUMN IF EXISTS tsv")
    else:
        op.execute("DROP TRIGGER IF EXISTS claims_ad")
        op.execute("DROP TRIGGER IF EXISTS claims_ai")
        op.execute("DROP TABLE IF EXISTS claims_fts")
