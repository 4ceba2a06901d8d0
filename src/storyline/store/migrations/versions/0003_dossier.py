"""What was read in each document (mentions, time expressions, attributions, events, quantities) and the
dossier built across documents (entities with their blocking keys, timeline items, conflicts).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DOC = sa.String(32)
I = sa.Integer  # noqa: E741


def upgrade() -> None:
    op.create_table(
        "mentions",
        sa.Column("id", I, primary_key=True, autoincrement=True),
        sa.Column("document_id", DOC, nullable=False, index=True),
        sa.Column("start", I, nullable=False),
        sa.Column("end", I, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
        sa.Column("entity_id", sa.String(32), index=True),
    )
    op.create_table(
        "timexes",
        sa.Column("document_id", DOC, primary_key=True),
        sa.Column("idx", I, primary_key=True),
        sa.Column("start", I, nullable=False),
        sa.Column("end", I, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("mod", sa.String(16)),
        sa.Column("day_start", sa.Date),
        sa.Column("day_end", sa.Date),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("document_id", DOC, nullable=False, index=True),
        sa.Column("idx", I, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("cue", sa.Text, nullable=False),
        sa.Column("cue_start", I, nullable=False),
        sa.Column("cue_end", I, nullable=False),
        sa.Column("start", I, nullable=False),
        sa.Column("end", I, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("source_type", sa.String(16)),
        sa.Column("source_entity_id", sa.String(32), index=True),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("chain", sa.Text, nullable=False),  # JSON list of canonical sources, outermost first
        sa.Column("published", sa.Date),
        sa.Column("facts", sa.Text, nullable=False),  # JSON: what conflict finding needs (resolve.claims)
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("document_id", DOC, nullable=False, index=True),
        sa.Column("idx", I, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("trigger_start", I, nullable=False),
        sa.Column("trigger_end", I, nullable=False),
        sa.Column("sentence_start", I, nullable=False),
        sa.Column("sentence_end", I, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),  # JSON: entity ids
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("location", sa.Text),
        sa.Column("date_value", sa.Text),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_source", sa.String(16)),
        sa.Column("claim_id", sa.String(32)),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("item_id", sa.String(32), index=True),
    )
    op.create_table(
        "quantities",
        sa.Column("document_id", DOC, primary_key=True),
        sa.Column("idx", I, primary_key=True),
        sa.Column("start", I, nullable=False),
        sa.Column("end", I, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("counted", sa.Text),
        sa.Column("claim_id", sa.String(32)),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),  # JSON list
        sa.Column("mentions", I, nullable=False),
        sa.Column("documents", I, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "entity_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("entity_id", sa.String(32), primary_key=True),
    )
    op.create_table(
        "timeline_items",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),  # JSON: entity ids
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("location", sa.Text),
        sa.Column("date_value", sa.Text),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_source", sa.String(16)),
        sa.Column("events", I, nullable=False),
    )
    op.create_index("ix_timeline_type_date", "timeline_items", ["type", "date_start"])
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("about", sa.Text, nullable=False),
        sa.Column("a", sa.String(32), nullable=False),
        sa.Column("b", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("conflicts", "timeline_items", "entity_keys", "entities", "quantities", "events", "claims",
                  "timexes", "mentions"):
        op.drop_table(table)
