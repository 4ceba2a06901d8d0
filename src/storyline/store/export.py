"""The whole dossier in standard formats: JSON Lines, CSV, GraphML (networkx and Gephi load it), Parquet.

- `jsonl`: one object a line, each with a `kind` (document, entity, event, claim, conflict), file at PATH.
- `csv` and `parquet`: a folder at PATH with one table per kind (documents, entities, timeline, claims,
  conflicts); nested fields (lists, evidence) are JSON strings in CSV, native lists/structs in Parquet.
- `graphml`: entities as nodes (name, type, mentions), and edges from actors to targets of timeline items
  (type, action, date), or between co-actors; file at PATH.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import Connection

from storyline.errors import UsageError
from storyline.store import dossier_reads as read
from storyline.store.repository import Store

FORMATS = ("jsonl", "csv", "graphml", "parquet")


def _tables(store: Store, conn: Connection) -> dict[str, list[dict[str, Any]]]:
    docs = [d.to_json() for d in store.iter_documents()]
    return {
        "documents": docs,
        "entities": read.entities(conn),
        "timeline": read.timeline(conn),
        "claims": read.claims(conn),
        "conflicts": read.conflicts(conn),
    }


def export(store: Store, fmt: str, out: Path) -> dict[str, int]:
    """Write the dossier; returns how many rows of each kind were written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    with store.engine.connect() as conn:
        tables = _tables(store, conn)
    if fmt == "jsonl":
        _jsonl(tables, out)
    elif fmt == "csv":
        _csv(tables, out)
    elif fmt == "parquet":
        _parquet(tables, out)
    else:
        _graphml(tables, out)
    return {k: len(v) for k, v in tables.items()}


_KIND = {"documents": "document", "entities": "entity", "timeline": "event", "claims": "claim",
         "conflicts": "conflict"}


def _jsonl(tables: dict[str, list[dict[str, Any]]], out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        for name, rows in tables.items():
            for row in rows:
                f.write(json.dumps({"kind": _KIND[name], **row}, ensure_ascii=False) + "\n")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}


def _csv(tables: dict[str, list[dict[str, Any]]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        fields = list(dict.fromkeys(k for row in rows for k in row)) or ["id"]
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(_flat(r) for r in rows)


def _parquet(tables: dict[str, list[dict[str, Any]]], out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        # nested values as JSON text: one schema however the rows vary, readable by every Parquet reader
        pq.write_table(pa.Table.from_pylist([_flat(r) for r in rows]) if rows else pa.table({"id": pa.array([], pa.string())}),
                       out / f"{name}.parquet")


def _graphml(tables: dict[str, list[dict[str, Any]]], out: Path) -> None:
    ids = {e["name"]: e["id"] for e in tables["entities"]}
    with out.open("w", encoding="utf-8") as f:
        for line in _graphml_lines(tables, ids):
            f.write(line + "\n")


def _graphml_lines(tables: dict[str, list[dict[str, Any]]], ids: dict[str, str]) -> Iterator[str]:
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
    for item in tables["timeline"]:
        pairs = [(a, t) for a in item["actors"] for t in item["targets"]] or [
            (a, b) for i, a in enumerate(item["actors"]) for b in item["actors"][i + 1:]]
        for a, b in pairs:
            if a in ids and b in ids:
                n += 1
                when = item["date"]["value"] if item["date"] else ""
                yield (f'    <edge id="e{n}" source={quoteattr(ids[a])} target={quoteattr(ids[b])}>'
                       f'<data key="event">{escape(item["type"])}</data><data key="action">{escape(item["action"])}</data>'
                       f'<data key="date">{escape(when)}</data><data key="item">{escape(item["id"])}</data></edge>')
    yield "  </graph>"
    yield "</graphml>"
