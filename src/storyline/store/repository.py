"""The repository: everything storyline reads or writes goes through `Store`, the same on both databases.

Writes are transactional per document: a document, its input hash, its near-duplicate bands and its search
entry are committed together or not at all, so a crash mid-batch leaves no half-written document and loses
nothing committed before it. Inserts are idempotent (ON CONFLICT DO NOTHING), so two ingests racing on the
same input store it once.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Integer,
    Row,
    String,
    any_,
    bindparam,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from storyline.errors import StoreError
from storyline.model import Annotations, ClaimRecord, Conflict, Document, DocumentFacts, Failure
from storyline.store import annotations_json
from storyline.store import schema as t
from storyline.store.dossier_index import DossierIndex
from storyline.store.dossier_writes import claim_records, keep_conflicts, write_facts
from storyline.store.engine import _first_line, make_engine, migrate


@dataclass(frozen=True, slots=True)
class Copy:
    """A near-duplicate of a stored document: the same story under another outlet or headline."""

    id: str
    original_id: str
    source: str | None
    title: str | None
    outlet: str | None
    url: str | None
    published: date | None
    similarity: float


MARK_START, MARK_END = "\x02", "\x03"  # around matched words in snippets; shown as the front end sees fit


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: str
    title: str | None
    snippet: str
    rank: float


T = TypeVar("T")
SiteLines = tuple[str, Sequence[str]]  # a page's site and the hashes of its short lines
_RETRIES = 5
_DOSSIER_LOCK = 727_402  # pg_advisory_xact_lock key for dossier writes (migrations use 727_401)
CONFLICTS_STALE = "conflicts_stale"  # dossier_meta: claims were written since conflicts were last found
# Values an IN list binds in one statement on SQLite, which allows 999 before 3.32 and 32,766 since
# (PostgreSQL takes a list as one array parameter; it would allow 65,535).
CHUNK = 500


def _now() -> datetime:
    return datetime.now(UTC)


def _doc_from_row(row: Row[Any]) -> Document:
    return _doc_from_mapping(row._mapping)


def _doc_from_mapping(m: Any) -> Document:
    return Document(
        id=m["id"],
        text=m["text"],
        title=m["title"],
        byline=m["byline"],
        authors=tuple(json.loads(m["authors"] or "[]")),
        outlet=m["outlet"],
        url=m["url"],
        section=m["section"],
        published=m["published"],
        published_source=m["published_source"],
        captions=tuple(json.loads(m["captions"] or "[]")),
        removed=tuple(json.loads(m["removed"] or "[]")),
        source=m["source"],
    )


class Store:
    """One dossier database. Open it with `open_store(url)`; close it with `close()` or a `with` block."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # -- plumbing ---------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The database's URL, password included: for workers that open the same store."""
        return self.engine.url.render_as_string(hide_password=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: committed whole on success, rolled back whole on any error."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as err:
            raise StoreError(f"database error: {_first_line(err)}") from err

    def _insert(self, table: Any) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # -- writes -----------------------------------------------------------------------------------------

    def seen_input(self, content_hash: str) -> str | None:
        """The document an input with these bytes became, if it was read before."""
        with self.engine.connect() as conn:
            return conn.scalar(select(t.inputs.c.document_id).where(t.inputs.c.content_hash == content_hash))

    def document_meta(self, doc_id: str) -> Document | None:
        """A stored document without its body (text left empty): enough to tell a copy from a re-read."""
        cols = [c for c in t.documents.c if c.name not in ("text", "removed", "signature")]
        with self.engine.connect() as conn:
            row = conn.execute(select(*cols).where(t.documents.c.id == doc_id)).first()
        if row is None:
            return None
        m = dict(row._mapping) | {"text": "", "removed": "[]"}
        return _doc_from_mapping(m)

    def band_candidates(
        self, band_keys: Sequence[str], published: tuple[date, date] | None = None
    ) -> list[tuple[str, bytes]]:
        """The stored documents sharing a near-duplicate band with these keys, oldest first, with their
        signatures: the candidates `clean.dedup.nearest` decides among. With `published` (first, last), only
        those published between the two days or with no known date."""
        if not band_keys:
            return []
        docs = t.documents.c
        query = (
            select(docs.id, docs.signature)
            .where(docs.id.in_(
                select(t.doc_bands.c.document_id).where(t.doc_bands.c.band.in_(list(band_keys))).distinct()
            ))
            .where(docs.signature.is_not(None))
            .order_by(docs.seq)
        )
        if published is not None:
            query = query.where(or_(docs.published.is_(None), docs.published.between(*published)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [(doc_id, bytes(sig)) for doc_id, sig in rows]

    def add_document(
        self,
        doc: Document,
        *,
        content_hash: str | None = None,
        signature: bytes | None = None,
        band_keys: Sequence[str] = (),
        annotations: Annotations | None = None,
        facts: Callable[[DossierIndex], DocumentFacts] | None = None,
        site_lines: SiteLines | None = None,
    ) -> bool:
        """Store a document with everything that belongs to it, in one transaction.

        `annotations`: what was read in it, kept as read so that `rebuild` can resolve it again.
        `facts` resolves the document against the dossier: it is called inside the transaction (after the
        dossier lock on PostgreSQL) with the dossier's index on its connection, and what it returns is written
        with the document. On a retry it is called again, against the dossier as it is then.
        `site_lines`: the page's short lines, counted for its site in the same transaction (`count_site_lines`).
        Returns False when a document with this id was already there (nothing is written but the input hash).
        """
        return self._retrying(
            lambda: self._add_document(doc, content_hash, signature, band_keys, annotations, facts, site_lines))

    def _retrying(self, write: Callable[[], T]) -> T:
        """Run a write transaction again when a concurrent writer won a race on a unique key."""
        for attempt in range(_RETRIES):
            try:
                return write()
            except IntegrityError:
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _dossier_lock(self, conn: Connection) -> None:
        """On PostgreSQL, writers of the dossier's shared rows (entities, timeline, conflicts) take turns."""
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DOSSIER_LOCK})

    def _add_document(self, doc: Document, content_hash: str | None, signature: bytes | None,
                      band_keys: Sequence[str], annotations: Annotations | None,
                      facts: Callable[[DossierIndex], DocumentFacts] | None, site_lines: SiteLines | None) -> bool:
        now = _now()
        with self.transaction() as conn:
            self._count_site_lines(conn, site_lines)
            if facts is not None:
                self._dossier_lock(conn)
            result = conn.execute(
                self._insert(t.documents)
                .values(
                    id=doc.id, source=doc.source, title=doc.title, byline=doc.byline,
                    authors=json.dumps(list(doc.authors), ensure_ascii=False), outlet=doc.outlet, url=doc.url,
                    section=doc.section, published=doc.published, published_source=doc.published_source,
                    text=doc.text, captions=json.dumps(list(doc.captions), ensure_ascii=False),
                    removed=json.dumps(list(doc.removed), ensure_ascii=False), signature=signature,
                    ingested_at=now,
                )
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(t.documents.c.id)
            )
            # RETURNING, not rowcount: drivers disagree on rowcount for a skipped ON CONFLICT insert.
            created = result.first() is not None
            if created and band_keys:
                conn.execute(
                    self._insert(t.doc_bands).on_conflict_do_nothing(),
                    [{"band": b, "document_id": doc.id} for b in band_keys],
                )
            if created and facts is not None:
                self._write_facts(conn, facts)
            if created and annotations is not None:
                self._keep_annotations(conn, annotations)
            if content_hash:
                self._note_input(conn, content_hash, doc.id, doc.source, now)
            if doc.source:
                self._clear_failure(conn, doc.source)
        return created

    def _keep_annotations(self, conn: Connection, a: Annotations) -> None:
        """The document's annotations as read, for `rebuild`: written with the document, or again over them."""
        data = annotations_json.pack(a)
        stmt = self._insert(t.stored_annotations).values(document_id=a.document.id, version=annotations_json.VERSION,
                                                  data=data)
        conn.execute(stmt.on_conflict_do_update(index_elements=["document_id"],
                                                set_={"version": annotations_json.VERSION, "data": data}))

    # -- rebuilding the dossier from the stored annotations (storyline.rebuild) -------------------------------

    def keep_annotations(self, a: Annotations) -> None:
        """Store the annotations of a document stored before annotations were kept (it was parsed again)."""
        with self.transaction() as conn:
            self._keep_annotations(conn, a)

    def add_facts(self, facts: Callable[[DossierIndex], DocumentFacts]) -> None:
        """Resolve a stored document's facts against the dossier and write them, in a transaction of their own
        (after the dossier lock on PostgreSQL): what `add_document` does in the document's transaction, for a
        document already stored (a rebuild replays each document through here)."""

        def run() -> None:
            with self.transaction() as conn:
                self._dossier_lock(conn)
                self._write_facts(conn, facts)

        self._retrying(run)

    def _write_facts(self, conn: Connection, facts: Callable[[DossierIndex], DocumentFacts]) -> None:
        resolved = facts(DossierIndex.on(conn))
        write_facts(conn, resolved)
        if resolved.claims:
            self.set_meta(CONFLICTS_STALE, uuid.uuid4().hex, conn)

    def clear_dossier(self) -> int:
        """Empty every table of facts found in documents (entities, timeline, claims, conflicts) in one
        transaction; documents, inputs, copies, failures, site lines, shards, bands, search and annotations stay.

        Returns the `seq` of the last document stored then: a document stored after it (a concurrent ingest)
        wrote its facts into the emptied tables itself, so a replay stops there and none is written twice.
        """
        with self.transaction() as conn:
            self._dossier_lock(conn)
            tables = (t.conflicts, t.claim_about, t.quantities, t.events, t.timeline_roles, t.timeline_items,
                      t.claims, t.timexes, t.mentions, t.entity_keys, t.entities)
            if self.dialect == "postgresql":  # and mention ids start again at 1, as in a new dossier
                conn.execute(text(f"TRUNCATE {', '.join(x.name for x in tables)} RESTART IDENTITY"))
            else:  # an emptied SQLite table numbers its rows from 1 again by itself
                conn.execute(text("DELETE FROM claims_fts"))  # its trigger finds each claim by a scan: n²
                for table in tables:
                    conn.execute(table.delete())
            return int(conn.scalar(select(func.max(t.documents.c.seq))) or 0)

    def fact_counts(self) -> dict[str, int]:
        """How many entities, timeline items, claims and conflicts the dossier holds."""
        tables = {"entities": t.entities, "items": t.timeline_items, "claims": t.claims, "conflicts": t.conflicts}
        with self.engine.connect() as conn:
            return {k: int(conn.scalar(select(func.count()).select_from(v)) or 0) for k, v in tables.items()}

    def iter_annotations(self, *, upto: int | None = None, batch: int = 100) -> Iterator[Annotations]:
        """The stored annotations of every document that has them (up to `seq` `upto`), in the order the
        documents were stored (`seq`, given in the transaction that wrote their facts), `batch` documents at a
        time: flat memory."""
        last = 0
        while True:
            q = (select(t.documents, t.stored_annotations.c.version, t.stored_annotations.c.data)
                 .join(t.stored_annotations, t.stored_annotations.c.document_id == t.documents.c.id)
                 .where(t.documents.c.seq > last).order_by(t.documents.c.seq).limit(batch))
            if upto is not None:
                q = q.where(t.documents.c.seq <= upto)
            with self.engine.connect() as conn:
                rows = conn.execute(q).all()
            if not rows:
                return
            last = rows[-1]._mapping["seq"]
            for r in rows:
                if r.version != annotations_json.VERSION:
                    raise StoreError(f"the annotations of document {r.id} are of form {r.version}; this storyline "
                                     f"reads form {annotations_json.VERSION}")
                yield annotations_json.unpack(r.data, _doc_from_row(r))

    def iter_unkept(self, *, batch: int = 100) -> Iterator[Document]:
        """Documents that were read but whose annotations were not kept (stored before migration 0011), in
        storing order: those with facts in the dossier and no `annotations` row. A document stored unread has
        no facts; one read with nothing found has none either, and reading it again would add none."""
        has_facts = [select(table.c.document_id).where(table.c.document_id == t.documents.c.id).exists()
                     for table in (t.mentions, t.timexes, t.claims, t.events, t.quantities)]
        unkept = ~select(t.stored_annotations.c.document_id).where(t.stored_annotations.c.document_id == t.documents.c.id).exists()
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(t.documents).where(t.documents.c.seq > last, unkept, or_(*has_facts))
                    .order_by(t.documents.c.seq).limit(batch)
                ).all()
            if not rows:
                return
            last = rows[-1]._mapping["seq"]
            yield from (_doc_from_row(r) for r in rows)

    def add_copy(self, copy: Copy, *, content_hash: str | None = None, site_lines: SiteLines | None = None) -> bool:
        now = _now()
        with self.transaction() as conn:
            self._count_site_lines(conn, site_lines)
            result = conn.execute(
                self._insert(t.copies)
                .values(
                    id=copy.id, original_id=copy.original_id, source=copy.source, title=copy.title,
                    outlet=copy.outlet, url=copy.url, published=copy.published, similarity=copy.similarity,
                    ingested_at=now,
                )
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(t.copies.c.id)
            )
            created = result.first() is not None
            if content_hash:
                self._note_input(conn, content_hash, copy.original_id, copy.source, now)
            if copy.source:
                self._clear_failure(conn, copy.source)
        return created

    def note_input(self, content_hash: str, document_id: str, source: str | None,
                   site_lines: SiteLines | None = None) -> None:
        with self.transaction() as conn:
            self._count_site_lines(conn, site_lines)
            self._note_input(conn, content_hash, document_id, source, _now())

    def _note_input(self, conn: Connection, content_hash: str, doc_id: str, source: str | None, now: datetime) -> None:
        conn.execute(
            self._insert(t.inputs)
            .values(content_hash=content_hash, document_id=doc_id, source=source, seen_at=now)
            .on_conflict_do_nothing(index_elements=["content_hash"])
        )

    def _clear_failure(self, conn: Connection, source: str) -> None:
        conn.execute(t.failures.delete().where(t.failures.c.source == source))

    def site_line_counts(self, site: str, hashes: Sequence[str]) -> dict[str, int]:
        """On how many pages of `site` each of these line hashes was seen."""
        counts: dict[str, int] = {}
        if not hashes:
            return counts
        c = t.site_lines.c
        with self.engine.connect() as conn:
            for among in self._one_of(c.line_hash, sorted(set(hashes))):
                counts.update((h, int(n)) for h, n in conn.execute(
                    select(c.line_hash, c.pages).where(c.site == site, among)))
        return counts

    def count_site_lines(self, site: str, hashes: Sequence[str]) -> None:
        """Count one more page of `site` for each distinct line hash: all of the page's lines, or none."""
        with self.transaction() as conn:
            self._count_site_lines(conn, (site, hashes))

    def _count_site_lines(self, conn: Connection, site_lines: SiteLines | None) -> None:
        """Counted in the transaction that writes the page's outcome: a run killed between the two would
        otherwise count the page again when it is run again."""
        if site_lines is None:
            return
        site, hashes = site_lines
        unique = sorted(set(hashes))
        if not unique:
            return
        stmt = self._insert(t.site_lines)
        if self.dialect == "postgresql":  # one statement, the hashes one array parameter
            lines = func.unnest(bindparam("hashes", unique, type_=postgresql.ARRAY(String)))
            stmt = stmt.from_select(["site", "line_hash", "pages"],
                                    select(literal(site, String), lines, literal(1, Integer)))
        stmt = stmt.on_conflict_do_update(
            index_elements=["site", "line_hash"], set_={"pages": t.site_lines.c.pages + 1}
        )
        if self.dialect == "postgresql":
            conn.execute(stmt)
            return
        for part in chunks(unique):
            conn.execute(stmt, [{"site": site, "line_hash": h, "pages": 1} for h in part])

    def _one_of(self, column: Any, values: Sequence[str]) -> Iterator[ColumnElement[bool]]:
        """`column IN values` as the conditions of as many statements as the database needs: PostgreSQL takes
        the whole list as one array parameter (`= ANY`), SQLite binds each value, so takes them CHUNK at a time.
        A page of 100,000 lines would otherwise bind more than either allows."""
        if self.dialect == "postgresql":
            yield column == any_(bindparam("values", list(values), type_=postgresql.ARRAY(String)))
            return
        for part in chunks(values):
            yield column.in_(part)

    def done_shards(self, keys: Sequence[str]) -> dict[str, int]:
        """Which of these shards an earlier run read to their end, with the number of inputs each held."""
        done: dict[str, int] = {}
        if not keys:
            return done
        with self.engine.connect() as conn:
            for among in self._one_of(t.shards.c.key, sorted(set(keys))):
                done.update((key, inputs) for key, inputs in conn.execute(
                    select(t.shards.c.key, t.shards.c.inputs).where(among)))
        return done

    def mark_shard_done(self, key: str, label: str, inputs: int) -> None:
        stmt = self._insert(t.shards).values(key=key, label=label, inputs=inputs, done_at=_now())
        with self.transaction() as conn:
            conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))

    def meta(self, key: str) -> str | None:
        """A value of the dossier's own settings and state (`dossier_meta`), or None."""
        with self.engine.connect() as conn:
            return conn.scalar(select(t.dossier_meta.c.value).where(t.dossier_meta.c.key == key))

    def set_meta(self, key: str, value: str, conn: Connection | None = None) -> None:
        """Set a value of the dossier's settings and state, in `conn`'s transaction or a transaction of its own."""
        stmt = self._insert(t.dossier_meta).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        if conn is not None:
            conn.execute(stmt)
            return
        with self.transaction() as own:
            own.execute(stmt)

    def conflicts_stale(self) -> str | None:
        """A mark set by every write of claims since conflicts were last kept (None: they are up to date)."""
        return self.meta(CONFLICTS_STALE)

    def claim_records(self) -> list[ClaimRecord]:
        """Every stored claim as the record finding conflicts reads."""
        with self.engine.connect() as conn:
            return claim_records(conn)

    def keep_conflicts(self, found: Sequence[Conflict], *, stale: str | None,
                       meta: dict[str, str] | None = None) -> int:
        """Keep exactly these conflicts, found among every stored claim; returns how many. `stale` is the mark
        `conflicts_stale()` gave before the claims were read: it is cleared only if no claims were written since
        (a write in between leaves its own mark, and the next run finds conflicts again). `meta`: settings the
        dossier records in the same transaction (the story profile the conflicts were found under)."""

        def run() -> int:
            with self.transaction() as conn:
                self._dossier_lock(conn)
                for key, value in (meta or {}).items():
                    self.set_meta(key, value, conn)
                n = keep_conflicts(conn, found)
                if stale is not None:
                    conn.execute(t.dossier_meta.delete().where(
                        t.dossier_meta.c.key == CONFLICTS_STALE, t.dossier_meta.c.value == stale))
                return n

        return self._retrying(run)

    def record_failure(self, failure: Failure) -> None:
        """Record (or refresh) why an input failed; a later success of the same input clears it."""
        at = failure.at or _now()
        stmt = self._insert(t.failures).values(
            source=failure.source, line=failure.line or 0, reason=failure.reason, at=at
        )
        stmt = stmt.on_conflict_do_update(index_elements=["source", "line"], set_={"reason": failure.reason, "at": at})
        with self.transaction() as conn:
            conn.execute(stmt)

    # -- reads ------------------------------------------------------------------------------------------

    def document_text(self, doc_id: str) -> str | None:
        """A stored document's text alone."""
        with self.engine.connect() as conn:
            text: str | None = conn.scalar(select(t.documents.c.text).where(t.documents.c.id == doc_id))
            return text

    def document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).first()
        return _doc_from_row(row) if row else None

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[Document]:
        q = select(t.documents).order_by(t.documents.c.seq).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_doc_from_row(r) for r in conn.execute(q)]

    def iter_documents(self, *, batch: int = 500) -> Iterator[Document]:
        """Every document, in insertion order, a batch at a time: flat memory over any number of them."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(t.documents).where(t.documents.c.seq > last).order_by(t.documents.c.seq).limit(batch)
                ).all()
            if not rows:
                return
            last = rows[-1]._mapping["seq"]
            yield from (_doc_from_row(r) for r in rows)

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(t.documents)) or 0)

    def copies(self, original_id: str | None = None) -> list[Copy]:
        q = select(t.copies).order_by(t.copies.c.ingested_at, t.copies.c.id)
        if original_id is not None:
            q = q.where(t.copies.c.original_id == original_id)
        with self.engine.connect() as conn:
            return [
                Copy(r.id, r.original_id, r.source, r.title, r.outlet, r.url, r.published, r.similarity)
                for r in conn.execute(q)
            ]

    def failures(self) -> list[Failure]:
        q = select(t.failures).order_by(t.failures.c.id)
        with self.engine.connect() as conn:
            return [Failure(r.source, r.reason, r.line or None, r.at) for r in conn.execute(q)]

    def search_documents(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        with self.engine.connect() as conn:
            return search_documents(conn, query, limit=limit)


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`values` in consecutive parts of at most `size`: what one statement may bind (`CHUNK`)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def search_documents(conn: Connection, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Full-text search over titles and bodies: FTS5 on SQLite, tsvector on PostgreSQL.

    The query is taken as words (all must match), never as the engine's query syntax, so user input
    cannot break or widen the query.
    """
    words = re.findall(r"\w+", query)
    if not words:
        return []
    if conn.dialect.name == "postgresql":
        # PostgreSQL matches and ranks; the snippet is cut here, as ts_headline re-parses each whole
        # article and costs more than the search itself
        rows = conn.execute(
            text(
                "SELECT id, title, text, ts_rank(tsv, q) AS rank FROM documents, "
                "plainto_tsquery('english', :q) q WHERE tsv @@ q ORDER BY rank DESC, seq LIMIT :n"
            ),
            {"q": " ".join(words), "n": limit},
        ).all()
        return [SearchHit(r.id, r.title, snippet(r.text, words), float(r.rank)) for r in rows]
    fts_query = " ".join('"' + w.replace('"', "") + '"' for w in words)
    rows = conn.execute(
        text(
            "SELECT d.id, d.title, snippet(documents_fts, 1, char(2), char(3), '…', 24) AS snip, "
            "bm25(documents_fts) AS rank FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            "WHERE documents_fts MATCH :q ORDER BY rank, d.seq LIMIT :n"
        ),
        {"q": fts_query, "n": limit},
    ).all()
    return [SearchHit(r.id, r.title, r.snip, -float(r.rank)) for r in rows]


def word_key(word: str) -> str:
    """A word without its plural or tense ending ("elections", "election"; "parties", "party"), the way the
    search's English stemming groups words, for marking them in a snippet."""
    w = word.lower()
    for end, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")):
        if w.endswith(end) and len(w) - len(end) >= 3 and not w.endswith("ss"):
            return w[: len(w) - len(end)] + repl
    return w


def snippet(body: str, words: Sequence[str], *, size: int = 30) -> str:
    """About `size` words of `body` around the first of `words` it holds, each word found marked MARK_START /
    MARK_END (found by `word_key`)."""
    keys = {word_key(w) for w in words}
    tokens = list(re.finditer(r"\w+", body))
    hits = {i for i, m in enumerate(tokens) if word_key(m[0]) in keys}
    if not tokens:
        return ""
    first = max(0, min(hits, default=0) - size // 3)
    window = tokens[first: first + size]
    out, at = [], window[0].start()
    for i, m in enumerate(window, start=first):
        out.append(body[at:m.start()].replace(MARK_START, "").replace(MARK_END, ""))  # marks are ours only
        out.append(MARK_START + m[0] + MARK_END if i in hits else m[0])
        at = m.end()
    text_ = "".join(out)
    return ("…" if first else "") + text_ + ("…" if first + size < len(tokens) else "")


def open_store(url: str, *, migrate_schema: bool = True) -> Store:
    """Open (creating and migrating if needed) the dossier at `url`."""
    engine = make_engine(url)
    try:
        if migrate_schema:
            migrate(engine)
    except SQLAlchemyError as err:
        engine.dispose()
        raise StoreError(f"cannot open the database: {_first_line(err)}") from err
    except StoreError:
        engine.dispose()
        raise
    return Store(engine)
