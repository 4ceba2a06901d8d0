"""The store: one interface over SQLite (embedded) and PostgreSQL (shared), through SQLAlchemy Core."""

from storyline.store.repository import Store, open_store

__all__ = ["Store", "open_store"]
