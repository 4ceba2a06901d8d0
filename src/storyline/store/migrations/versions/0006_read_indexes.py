"""Indexes for reading a large dossier: an entity's mentions by document, documents' mentions by entity, and
claims by their source's name, so an entity's profile costs what the entity has, not what the dossier has.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mentions_entity_document", "mentions", ["entity_id", "document_id", "start"])
    op.create_index("ix_mentions_document_entity", "mentions", ["document_id", "entity_id"])
    op.create_index("ix_claims_source_lower", "claims", [sa.text("lower(source)")])


def downgrade() -> None:
    op.drop_index("ix_claims_source_lower", "claims")
    op.drop_index("ix_mentions_document_entity", "mentions")
    op.drop_index("ix_mentions_entity_document", "mentions")
