"""Alembic environment: storyline runs migrations itself, on the connection it hands over."""

from __future__ import annotations

from alembic import context

from storyline.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run from a shell: build an engine from the ini's URL
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///storyline.db"
    with create_engine(url).connect() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
