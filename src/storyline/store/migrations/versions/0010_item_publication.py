"""When each timeline item was reported: the first and last publication dates of its reports. An undated report
joins an undated item only when every report of the item was published within days of it (`resolve.timeline`);
before, any two undated reports of one kind sharing a participant merged, decades apart.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("timeline_items", sa.Column("first_published", sa.Date))
    op.add_column("timeline_items", sa.Column("last_published", sa.Date))
    op.execute(
        "UPDATE timeline_items SET "
        "first_published = (SELECT min(d.published) FROM events e JOIN documents d ON d.id = e.document_id "
        "WHERE e.item_id = timeline_items.id), "
        "last_published = (SELECT max(d.published) FROM events e JOIN documents d ON d.id = e.document_id "
        "WHERE e.item_id = timeline_items.id)"
    )


def downgrade() -> None:
    op.drop_column("timeline_items", "last_published")
    op.drop_column("timeline_items", "first_published")
