"""What was read in each document, as read (`store/annotations_json.py`, zlib-compressed), so the dossier's
entities, timeline, claims and conflicts can be rebuilt without parsing again (`storyline rebuild`).

Documents stored before this revision have no row; a rebuild parses those again and stores their row.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("document_id", sa.String(32), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("annotations")
