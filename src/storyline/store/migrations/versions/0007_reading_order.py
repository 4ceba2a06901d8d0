"""Reading a large dossier in its own order: indexes on the very expressions the timeline (undated last, by start,
wider first) and claims (undated last, oldest first) are sorted by, so a page anywhere costs one page; and each
timeline item keeps its sources (the outlets that reported it, who it is attributed to), so a page of items does not
read every report of every item to name them; and who takes part in which item (timeline_roles), so an entity's
timeline is found by an index instead of by reading every item.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import json
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("timeline_items", sa.Column("sources", sa.Text, nullable=False, server_default="[]"))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT e.item_id, coalesce(d.outlet, d.title, d.id) AS outlet, c.source AS said_by "
        "FROM events e JOIN documents d ON d.id = e.document_id LEFT JOIN claims c ON c.id = e.claim_id "
        "WHERE e.item_id IS NOT NULL ORDER BY e.item_id, d.seq, e.idx")).all()
    update = sa.text("UPDATE timeline_items SET sources = :sources WHERE id = :id")
    batch = []
    for item_id, reports in groupby(rows, key=lambda r: r.item_id):
        names = dict.fromkeys(s for r in reports for s in (r.outlet, r.said_by) if s)
        batch.append({"id": item_id, "sources": json.dumps(list(names), ensure_ascii=False)})
        if len(batch) >= 5000:
            conn.execute(update, batch)
            batch = []
    if batch:
        conn.execute(update, batch)
    op.create_table(
        "timeline_roles",
        sa.Column("entity_id", sa.String(32), primary_key=True),
        sa.Column("item_id", sa.String(32), primary_key=True),
        sa.Column("role", sa.String(8), primary_key=True),
    )
    roles = sa.table("timeline_roles", sa.column("entity_id"), sa.column("item_id"), sa.column("role"))
    taking_part: list[tuple[str, str, str]] = []
    for item_id, actors, targets in conn.execute(sa.text("SELECT id, actors, targets FROM timeline_items")).all():
        taking_part += dict.fromkeys([*((a, item_id, "actor") for a in json.loads(actors)),
                                      *((x, item_id, "target") for x in json.loads(targets))])
        if len(taking_part) >= 5000:
            conn.execute(roles.insert(), [{"entity_id": e, "item_id": i, "role": r} for e, i, r in taking_part])
            taking_part = []
    if taking_part:
        conn.execute(roles.insert(), [{"entity_id": e, "item_id": i, "role": r} for e, i, r in taking_part])
    op.create_index("ix_timeline_order", "timeline_items",
                    [sa.text("(date_start IS NULL)"), "date_start", sa.text("date_end DESC"), "id"])
    op.create_index("ix_claims_order", "claims", [sa.text("(published IS NULL)"), "published", "document_id", "idx"])


def downgrade() -> None:
    op.drop_index("ix_claims_order", "claims")
    op.drop_index("ix_timeline_order", "timeline_items")
    op.drop_table("timeline_roles")
    op.drop_column("timeline_items", "sources")
