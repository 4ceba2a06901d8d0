"""The whole dossier in standard formats: JSON Lines, CSV, GraphML (networkx and Gephi load it), Parquet.

- `jsonl`: one object a line, each with a `kind` (document, entity, event, claim, conflict), file at PATH.
- `csv` and `parquet`: a folder at PATH with one table per kind (documents, entities, timeline, claims,
  conflicts); nested fields (lists, evidence) are JSON strings, so every Parquet reader reads the tables.
- `graphml`: entities as nodes (name, type, mentions), and edges from actors to targets of timeline items
  (type, action, date), or between co-actors; file at PATH.

Every format is written as it is read, a page of rows at a time (documents through `Store.iter_documents`, facts
through the read layer's pages, Parquet in row groups), so a dossier of any size exports in the same memory. The
facts' pages are read in one transaction (a snapshot), so an ingest running meanwhile moves no row between pages.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import Connection, and_, func, or_, select

from storyline.errors import StorylineError, UsageError
from storyline.store import dossier_reads as read
from storyline.store import schema as t
from storyline.store.repository import Store

FORMATS = ("jsonl", "csv", "graphml", "parquet")
TABLES = ("documents", "entities", "timeline", "claims", "conflicts")

Json = dict[str, Any]
Tables = dict[str, Iterator[Json]]
T = TypeVar("T")

# Rows are read this many at a time, and Parquet row groups hold this many: memory is a page, not a dossier.
PAGE = 1000


def export(store: Store, fmt: str, out: Path) -> dict[str, int]:
    """Write the dossier; returns how many rows of each kind were written. A path that cannot be written is a
    one-line `StorylineError` (the CLI's exit 1)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    counts = dict.fromkeys(TABLES, 0)
    with store.engine.connect() as conn:
        _snapshot(conn)
        tables = {name: _counting(rows, counts, name) for name, rows in _tables(store, conn).items()}
        try:
            if fmt == "jsonl":
                _jsonl(tables, out)
            elif fmt == "csv":
                _csv(tables, out)
            elif fmt == "parquet":
                _parquet(tables, out)
            else:
                _graphml(conn, tables, out)
                counts.update(_unwritten_counts(conn))
        except OSError as err:  # a missing or read-only folder, a folder where a file goes, a full disk
            raise StorylineError(f"cannot write {err.filename or out}: {err.strerror or type(err).__name__}") from err
    return counts


def _snapshot(conn: Connection) -> None:
    """One view of the dossier for every page read through `conn`: a transaction in SQLite's WAL mode, REPEATABLE
    READ on PostgreSQL (READ COMMITTED would show each page the dossier as it is when the page is read)."""
    if conn.dialect.name == "postgresql":
        conn.execution_options(isolation_level="REPEATABLE READ")
    else:
        conn.exec_driver_sql("BEGIN")


def _tables(store: Store, conn: Connection) -> Tables:
    """Each kind's rows as a lazy stream, in the order the read layer gives them."""
    return {
        "documents": (d.to_json() for d in store.iter_documents(batch=PAGE)),
        "entities": _pages(lambda n, at: read.entities(conn, limit=n, offset=at)),
        "timeline": _pages(lambda n, at: read.timeline(conn, limit=n, offset=at)),
        "claims": _pages(lambda n, at: read.claims(conn, limit=n, offset=at)),
        "conflicts": _conflicts(conn),
    }


def _pages(page: Callable[[int, int], list[Json]]) -> Iterator[Json]:
    offset = 0
    while True:
        rows = page(PAGE, offset)
        n = len(rows)
        yield from rows
        del rows  # one page held at a time, not this one while the next is read
        if n < PAGE:
            return
        offset += n


def _conflicts(conn: Connection) -> Iterator[Json]:
    """`read.conflicts(conn)`, a page at a time (keyed on its order, kind then id): the read layer has no pages
    of conflicts."""
    c = t.conflicts.c
    last: tuple[str, str] | None = None
    while True:
        q = select(t.conflicts).order_by(c.kind, c.id).limit(PAGE)
        if last is not None:
            q = q.where(or_(c.kind > last[0], and_(c.kind == last[0], c.id > last[1])))
        rows = conn.execute(q).all()
        if not rows:
            return
        last = (rows[-1].kind, rows[-1].id)
        sides = {x["id"]: x for x in read.claims(conn, ids=sorted({r.a for r in rows} | {r.b for r in rows}))}
        yield from ({"id": r.id, "kind": r.kind, "about": r.about, "detail": r.detail,
                     "claims": [sides[r.a], sides[r.b]]} for r in rows if r.a in sides and r.b in sides)
        del rows, sides


def _counting(rows: Iterable[Json], counts: dict[str, int], name: str) -> Iterator[Json]:
    for row in rows:
        counts[name] += 1
        yield row


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


_KIND = {"documents": "document", "entities": "entity", "timeline": "event", "claims": "claim",
         "conflicts": "conflict"}


def _jsonl(tables: Tables, out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        for name, rows in tables.items():
            for row in rows:
                f.write(json.dumps({"kind": _KIND[name], **row}, ensure_ascii=False) + "\n")


def _flat(row: Json) -> Json:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}


def _csv(tables: Tables, out: Path) -> None:
    """The columns are the first row's keys: every row of a kind has the same keys (a row with another key is
    an error, never a silently dropped field)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        first = next(rows, None)
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(first) if first is not None else ["id"])
            writer.writeheader()
            if first is not None:
                writer.writerows(_flat(r) for r in chain([first], rows))


def _parquet(tables: Tables, out: Path) -> None:
    """One row group a page. The schema is the first page's, with a column empty in all of it taken as text (every
    column that may be empty is): a later page cannot change a file's schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        path = out / f"{name}.parquet"
        writer: pq.ParquetWriter | None = None
        try:
            # nested values as JSON text: one schema however the rows vary, readable by every Parquet reader
            for chunk in _chunks(map(_flat, rows), PAGE):
                if writer is None:
                    first = pa.Table.from_pylist(chunk)
                    schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f
                                        for f in first.schema])
                    writer = pq.ParquetWriter(path, schema)
                writer.write_table(pa.Table.from_pylist(chunk, schema=writer.schema))
                del chunk  # not held while the next is read
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            pq.write_table(pa.table({"id": pa.array([], pa.string())}), path)


def _graphml(conn: Connection, tables: Tables, out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        for line in _graphml_lines(conn, tables):
            f.write(line + "\n")


def _graphml_lines(conn: Connection, tables: Tables) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    for key, target, kind in (("name", "node", "string"), ("type", "node", "string"), ("mentions", "node", "int"),
                              ("event", "edge", "string"), ("action", "edge", "string"), ("date", "edge", "string"),
                              ("item", "edge", "string")):
        yield f'  <key id="{key}" for="{target}" attr.name="{key}" attr.type="{kind}"/>'
    yield '  <graph id="dossier" edgedefault="directed">'
    for e in tables["entities"]:
        yield (f'    <node id={quoteattr(e["id"])}><data key="name">{escape(e["name"])}</data>'
               f'<data key="type">{escape(e["type"])}</data><data key="mentions">{e["mentions"]}</data></node>')
    n = 0
    for items in _chunks(tables["timeline"], PAGE):
        ids = _entity_ids(conn, {name for item in items for name in item["actors"] + item["targets"]})
        for item in items:
            pairs = [(a, t) for a in item["actors"] for t in item["targets"]] or [
                (a, b) for i, a in enumerate(item["actors"]) for b in item["actors"][i + 1:]]
            for a, b in pairs:
                if a in ids and b in ids:
                    n += 1
                    when = item["date"]["value"] if item["date"] else ""
                    yield (f'    <edge id="e{n}" source={quoteattr(ids[a])} target={quoteattr(ids[b])}>'
                           f'<data key="event">{escape(item["type"])}</data>'
                           f'<data key="action">{escape(item["action"])}</data>'
                           f'<data key="date">{escape(when)}</data><data key="item">{escape(item["id"])}</data></edge>')
        del items  # not held while the next page is read
    yield "  </graph>"
    yield "</graphml>"


def _entity_ids(conn: Connection, names: set[str]) -> dict[str, str]:
    """The node id of each name among the nodes (`read.entities`): of two nodes of one name, the one listed last,
    as a map built over that list would have it."""
    if not names:
        return {}
    e = t.entities.c
    rows = conn.execute(select(e.id, e.name).where(e.mentions > 0, e.name.in_(sorted(names)))
                        .order_by(e.mentions.desc(), e.documents.desc(), e.name))
    return {r.name: r.id for r in rows}


def _unwritten_counts(conn: Connection) -> dict[str, int]:
    """The rows of the kinds a graph leaves out, counted as their tables would list them."""
    shown = select(t.claims.c.id).join(t.documents, t.documents.c.id == t.claims.c.document_id)
    k = t.conflicts.c
    return {
        "documents": int(conn.scalar(select(func.count()).select_from(t.documents)) or 0),
        "claims": int(conn.scalar(select(func.count()).select_from(shown.subquery())) or 0),
        "conflicts": int(conn.scalar(select(func.count()).select_from(t.conflicts)
                                     .where(k.a.in_(shown), k.b.in_(shown))) or 0),
    }
