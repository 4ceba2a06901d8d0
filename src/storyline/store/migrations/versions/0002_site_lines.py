"""Lines seen on the pages of each site, so boilerplate repeated across an outlet's pages is known as such.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_lines",
        sa.Column("site", sa.String(200), primary_key=True),
        sa.Column("line_hash", sa.String(32), primary_key=True),
        sa.Column("pages", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("site_lines")
