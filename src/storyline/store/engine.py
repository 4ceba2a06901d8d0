"""Engines and migrations: the only place that knows SQLite from PostgreSQL at connection time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from storyline.errors import StoreError, UsageError

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 727_401  # any constant: serialises concurrent `upgrade`s on one server


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here; SQLAlchemy would otherwise look for psycopg2."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor it them
    cur.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint, safe under WAL
    cur.execute("PRAGMA busy_timeout=30000")  # wait for a concurrent writer instead of "database is locked"
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for a database URL. A SQLite URL must name a file: `sqlite://`, `sqlite:///` and `:memory:`
    are a `UsageError`."""
    try:
        sa_url = make_url(normalise_url(url))
    except ArgumentError as err:
        raise StoreError(f"not a database URL: {url!r} (use sqlite:///PATH or postgresql://…)") from err
    backend = sa_url.get_backend_name()
    if backend == "sqlite":
        path = sa_url.database
        if not path or path == ":memory:" or sa_url.query.get("mode") == "memory":
            # SQLite's in-memory database: everything stored would be lost when the command ends
            raise UsageError(f"{url!r} names no database file (use sqlite:///PATH): an in-memory one is lost at exit")
        folder = Path(path).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError(f"cannot open the database: folder {folder} does not exist")
        engine = create_engine(sa_url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        try:
            # PostgreSQL's default random_page_cost (4) prices a disk that seeks: it then reads every article's
            # tsvector in a sequential scan rather than the GIN index, and all of an entity's mentions rather
            # than those of its latest documents, 4-6x slower on a 50k-article dossier. 1.1 is the usual
            # setting for SSDs and cached data; a `?options=` in the URL overrides it.
            args = {} if "options" in sa_url.query else {"options": "-c random_page_cost=1.1"}
            return create_engine(sa_url, pool_size=5, max_overflow=5, pool_pre_ping=True, connect_args=args)
        except NoSuchModuleError as err:  # pragma: no cover - psycopg is a dependency
            raise StoreError(f"no driver for {url}") from err
    raise StoreError(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql://USER:PASS@HOST/DB")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. Safe to call from several processes at once."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                conn.commit()
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
            finally:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    conn.commit()
    except OperationalError as err:
        raise StoreError(f"cannot open the database: {_first_line(err)}") from err


def _first_line(err: BaseException) -> str:
    msg = str(getattr(err, "orig", None) or err).strip()
    return msg.splitlines()[0] if msg else type(err).__name__
