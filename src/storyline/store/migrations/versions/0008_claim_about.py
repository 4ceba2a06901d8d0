"""What each claim is about: the entities with a mention inside its content, kept with the claim's reading order,
so the first claims about an entity are read from one index range, however often it is named.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_about",
        sa.Column("entity_id", sa.String(32), primary_key=True),
        sa.Column("claim_id", sa.String(32), primary_key=True),
        sa.Column("published", sa.Date),
        sa.Column("document_id", sa.String(32), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO claim_about (entity_id, claim_id, published, document_id, idx) "
        "SELECT DISTINCT m.entity_id, c.id, c.published, c.document_id, c.idx FROM mentions m "
        "JOIN claims c ON c.document_id = m.document_id AND m.start >= c.start AND m.start < c.\"end\" "
        "WHERE m.entity_id IS NOT NULL"
    )
    op.create_index("ix_claim_about_order", "claim_about",
                    ["entity_id", sa.text("(published IS NULL)"), "published", "document_id", "idx"])


def downgrade() -> None:
    op.drop_index("ix_claim_about_order", "claim_about")
    op.drop_table("claim_about")
