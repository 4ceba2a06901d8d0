"""Who else takes part in a timeline item, how often it was told as news, and how much it matters.

An item keeps the entities named in its reports' phrases beside its actors and targets (`participants`; their
rows of who takes part have the role "other"), so an entity's timeline holds every event it takes part in. Each
item has a salience (`resolve.timeline.salience`) from its reports, its sources, its kind and whether it was
told as news (`news`, the reports that did), which `timeline --key` reads, and the report whose date it keeps
(`dated_by`). Existing items are scored here from
what they hold, their news counted from their reports' dates and publication dates. An index of each participant's rows by action finds the items an undated report
may retell, and one by date reads an entity's timeline in order from its own rows.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from storyline.model import EventDate, TimelineItem
    from storyline.resolve.timeline import Report, is_news, salience

    op.add_column("timeline_items", sa.Column("participants", sa.Text, nullable=False, server_default="[]"))
    op.add_column("timeline_items", sa.Column("news", sa.Integer, nullable=False, server_default="0"))
    op.add_column("timeline_items", sa.Column("salience", sa.Float, nullable=False, server_default="0"))
    op.add_column("timeline_items", sa.Column("dated_by", sa.String(32)))
    # the report whose date an item keeps: the first stored with exactly that date
    op.execute(
        "UPDATE timeline_items SET dated_by = (SELECT e.id FROM events e JOIN documents d ON d.id = e.document_id "
        "WHERE e.item_id = timeline_items.id AND e.date_start = timeline_items.date_start "
        "AND e.date_end = timeline_items.date_end ORDER BY d.seq, e.idx LIMIT 1) WHERE date_start IS NOT NULL"
    )
    conn = op.get_bind()
    news: dict[str, int] = {}
    for r in conn.execute(sa.text(
            "SELECT e.item_id, e.date_start, e.date_end, d.published FROM events e "
            "JOIN documents d ON d.id = e.document_id WHERE e.item_id IS NOT NULL")):
        start, end = _day(r.date_start), _day(r.date_end)
        told = EventDate("", start, end, "text") if start and end else None
        if is_news(Report("", "", "", (), (), None, told, _day(r.published), ())):
            news[r.item_id] = news.get(r.item_id, 0) + 1
    items = sa.table("timeline_items", sa.column("id"), sa.column("type"), sa.column("events"),
                     sa.column("sources"), sa.column("news"), sa.column("salience"))
    rows = conn.execute(sa.select(items.c.id, items.c.type, items.c.events, items.c.sources)).all()
    scores = [{"key": r.id, "told": news.get(r.id, 0), "score": salience(TimelineItem(
        id=r.id, type=r.type, action="", actors=(), targets=(), location=None, date=None, events=int(r.events),
        sources=tuple(json.loads(r.sources or "[]")), news=news.get(r.id, 0)))} for r in rows]
    if scores:
        conn.execute(items.update().where(items.c.id == sa.bindparam("key"))
                     .values(news=sa.bindparam("told"), salience=sa.bindparam("score")), scores)
    op.create_index("ix_timeline_roles_action", "timeline_roles", ["entity_id", "action", "date_start"])
    op.create_index("ix_timeline_salience", "timeline_items", ["salience"])
    op.create_index("ix_timeline_roles_order", "timeline_roles",
                    ["entity_id", "date_start", sa.text("date_end DESC"), "item_id"])


def _day(v: object) -> date | None:
    """A date as the driver gives it back: a date, or SQLite's ISO text."""
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def downgrade() -> None:
    op.drop_index("ix_timeline_roles_order", "timeline_roles")
    op.drop_index("ix_timeline_salience", "timeline_items")
    op.drop_index("ix_timeline_roles_action", "timeline_roles")
    op.execute("DELETE FROM timeline_roles WHERE role = 'other'")
    op.drop_column("timeline_items", "dated_by")
    op.drop_column("timeline_items", "salience")
    op.drop_column("timeline_items", "news")
    op.drop_column("timeline_items", "participants")
