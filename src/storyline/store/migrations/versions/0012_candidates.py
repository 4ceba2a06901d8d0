"""What resolution's candidate queries read, so their cost and their order hold at any size.

Each row of who takes part in a timeline item carries a copy of what finding the item's candidates filters on:
its kind, its dates and the class of how long they last (`span`), and when it was reported. The candidates of a
report are then a few bounded index ranges of its participants' rows; before, the query read every item of each
participant, 0.25-0.6 s a report when one (a country, a leader) takes part in 49,000 items.

Entities are numbered in the order they were made (`seq`, numbered here by their creation time), and the
registry's candidates come oldest first by that number: the wall clock could tie or step back, and order a
rebuild unlike the ingest it repeats.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storyline.store.dossier_index import LONGER, SPAN_DAYS, UNDATED

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_COPIED = ("type", "action", "date_start", "date_end", "first_published", "last_published")


def upgrade() -> None:
    for name, kind in (("type", sa.String(32)), ("action", sa.Text), ("span", sa.Integer), ("date_start", sa.Date),
                       ("date_end", sa.Date), ("first_published", sa.Date), ("last_published", sa.Date)):
        op.add_column("timeline_roles", sa.Column(name, kind))
    days = ("(i.date_end - i.date_start)" if op.get_bind().dialect.name == "postgresql"
            else "(julianday(i.date_end) - julianday(i.date_start))")
    classes = " ".join(f"WHEN {days} <= {most} THEN {k}" for k, most in enumerate(SPAN_DAYS, 1))
    span = f"CASE WHEN i.date_start IS NULL OR i.date_end IS NULL THEN {UNDATED} {classes} ELSE {LONGER} END"
    op.execute(
        f"UPDATE timeline_roles SET {', '.join(f'{c} = i.{c}' for c in _COPIED)}, span = {span} "
        "FROM timeline_items i WHERE i.id = timeline_roles.item_id"
    )
    op.create_index("ix_timeline_roles_reach", "timeline_roles",
                    ["entity_id", "type", "span", "date_start", "first_published"])

    op.add_column("entities", sa.Column("seq", sa.Integer))
    op.execute("UPDATE entities SET seq = n.seq FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS seq "
               "FROM entities) AS n WHERE n.id = entities.id")
    op.create_index("ix_entities_seq", "entities", ["seq"])


def downgrade() -> None:
    op.drop_index("ix_entities_seq", "entities")
    op.drop_column("entities", "seq")
    op.drop_index("ix_timeline_roles_reach", "timeline_roles")
    for name in ("last_published", "first_published", "date_end", "date_start", "span", "action", "type"):
        op.drop_column("timeline_roles", name)
