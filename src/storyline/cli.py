"""The `storyline` command. Errors become one line on stderr here and nowhere else; no traceback reaches a user.

Exit codes: 0 when everything asked for was done; 1 when an input failed or the command could not be done
(the good inputs are still stored); 2 on a usage error (click's own, and ours).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline import __version__, reads
from storyline.config import default_db_url
from storyline.errors import StorylineError, UsageError
from storyline.model import Annotations, Document, Failure, IngestOutcome
from storyline.store import Store, open_store

if TYPE_CHECKING:
    from storyline.resolve.profile import Profile

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


db_option = click.option(
    "--db", "db_url", default=None, metavar="URL",
    help="sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB (default: $STORYLINE_DB, else sqlite:///storyline.db)",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (see the README) instead of tables.")
profile_option = click.option(
    "--profile", "profile_path", default=None, metavar="PATH",
    help="The story profile (JSON) conflicts are found with; the dossier records it and keeps using it "
         "(default: the one it recorded, else the general profile).",
)


def _load_profile(path: str | None) -> Profile | None:
    """The profile at `path` (a bad file is a usage error, before anything is read or stored), or None."""
    if path is None:
        return None
    from storyline.resolve.profile import load

    return load(path)


def _record_profile(store: Store, profile: Profile) -> bool:
    """Make `profile` the dossier's own; True when that changed it."""
    from storyline.resolve.profile import PROFILE_KEY, from_record

    recorded = store.meta(PROFILE_KEY)
    if recorded is not None and from_record(recorded).sha256 == profile.sha256:
        return False
    store.set_meta(PROFILE_KEY, profile.record())
    return True


def input_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """What the user may say for a whole batch; an input's own metadata wins over it."""
    for option in reversed([
        click.option("--published", metavar="DATE", help="Publication date for inputs that carry none (YYYY-MM-DD)."),
        click.option("--outlet", metavar="NAME", help="Outlet for inputs that carry none."),
        click.option("--url", metavar="URL", help="URL for inputs that carry none."),
        click.option("--raw", is_flag=True, help="Take each file's text as the article body, uncleaned."),
    ]):
        f = option(f)
    return f


def _defaults(published: str | None, outlet: str | None, url: str | None, raw: bool) -> Any:
    from storyline.pipeline import Defaults

    return Defaults(reads.day(published, "--published"), outlet, url, raw)


def _emit_lines(items: Iterable[Any], as_json: bool, show: Callable[[Any], None]) -> None:
    """JSON Lines (or `show` for people) in input order; a failed input is an error line there and on stderr."""
    failed = False
    for item in items:
        if isinstance(item, Failure):
            failed = True
            if as_json:
                _emit_json({"error": item.reason, "source": f"{item.source}:{item.line}" if item.line else item.source})
            err.print(escape(_failure_line(item)))
        elif as_json:
            _emit_json(item.to_json())
        else:
            show(item)
    if failed:
        sys.exit(1)


@contextmanager
def _store(db_url: str | None) -> Iterator[Store]:
    store = open_store(db_url or default_db_url())
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _reading(db_url: str | None) -> Iterator[Any]:
    with _store(db_url) as store, store.engine.connect() as conn:
        yield conn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """storyline: turn the news coverage of a story into a sourced dossier."""


# -- ingest ---------------------------------------------------------------------------------------------


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@input_options
@click.option("--workers", type=click.IntRange(min=1, max=64), default=None,
              help="Parser processes, or Ray actors with --engine ray (default: one, or one a core up to four for "
                   "folders, archives and long lists; with Ray, one per CPU of the cluster).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where articles are read: worker processes here, or a Ray Data actor pool.")
@click.option("--address", metavar="ADDRESS", default=None,
              help="The Ray cluster for --engine ray (default: $RAY_ADDRESS, else a new local one).")
@profile_option
@db_option
@json_option
def ingest(sources: tuple[str, ...], published: str | None, outlet: str | None, url: str | None, raw: bool,
           workers: int | None, engine: str, address: str | None, profile_path: str | None, db_url: str | None,
           as_json: bool) -> None:
    """Read, clean and store SOURCES: files, folders, .jsonl, .warc(.gz), RSS/Atom files, http(s) URLs."""
    from storyline.pipeline import ingest as run_ingest
    from storyline.pipeline import refresh_conflicts

    if address is not None and engine != "ray":
        raise click.UsageError("--address needs --engine ray")
    if engine == "ray":
        import storyline.engines.ray  # noqa: F401  (without the extra: one line and exit 2, before any input is read)
    else:
        workers = workers or _auto_workers(sources)
    defaults = _defaults(published, outlet, url, raw)
    profile = _load_profile(profile_path)
    with _store(db_url) as store, _progress(enabled=not as_json) as tick:
        changed = profile is not None and _record_profile(store, profile)
        summary = run_ingest(store, sources, defaults, on_outcome=tick, workers=workers, engine=engine,
                             address=address)
        if changed:  # a new profile: its conflicts, whether or not this run wrote claims
            refresh_conflicts(store)
    if as_json:
        _emit_json(summary.to_json())
    else:
        line = (f"stored {summary.stored}, copies of stored articles {summary.near_duplicates}, "
                f"duplicates {summary.duplicates}, failed {summary.failed}")
        if summary.shards is not None:
            line += f"; shards {summary.shards}, of which {summary.shards_skipped} were done before and skipped"
        out.print(line)
    for failure in summary.failures:
        err.print(escape(_failure_line(failure)))
    if summary.failed:
        sys.exit(1)


def _failure_line(f: Failure) -> str:
    where = f"{f.source}:{f.line}" if f.line else f.source
    return f"failed: {where}: {f.reason}"


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[IngestOutcome], None]]:
    """A live count on a terminal for long runs; silent when stderr is not a terminal."""
    if not (enabled and err.is_terminal):
        yield lambda _o: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} inputs"),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("ingesting", total=None)

        def tick(o: IngestOutcome) -> None:
            progress.update(task, advance=1, description=f"ingesting {o.source[-40:]}")

        yield tick


# -- clean ----------------------------------------------------------------------------------------------


@cli.command()
@click.argument("files", nargs=-1, required=True)
@input_options
@json_option
def clean(files: tuple[str, ...], published: str | None, outlet: str | None, url: str | None, raw: bool,
          as_json: bool) -> None:
    """Clean FILES to documents and print them; nothing is stored."""
    from storyline.pipeline import clean_sources

    _emit_lines(clean_sources(files, _defaults(published, outlet, url, raw)), as_json, _print_document)


def _auto_workers(sources: tuple[str, ...]) -> int:
    """Worker processes pay for themselves on many documents: folders, archives, feeds, long lists."""
    from pathlib import Path

    many = len(sources) > 20 or any(
        Path(s).is_dir() or s.endswith((".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".ndjson")) for s in sources
    )
    return max(1, min(os.cpu_count() or 1, 4)) if many else 1


@cli.command()
@click.argument("files", nargs=-1, required=True)
@input_options
@click.option("--workers", type=click.IntRange(min=1, max=64), default=None,
              help="Parser processes (default: one, or one a core up to four for folders, archives and long "
                   "lists).")
@json_option
def annotate(files: tuple[str, ...], published: str | None, outlet: str | None, url: str | None, raw: bool,
             workers: int | None, as_json: bool) -> None:
    """Clean and read FILES (entities, time, attributions, events, quantities); nothing is stored."""
    from storyline.pipeline import annotate_documents, clean_sources

    docs = clean_sources(files, _defaults(published, outlet, url, raw))
    _emit_lines(annotate_documents(docs, workers=workers or _auto_workers(files)), as_json, _print_annotations)


def _print_annotations(a: Annotations) -> None:
    _print_document(a.document)

    if a.entities:
        table = Table("entity", "type", "canonical", "mentions", title="entities")
        counts: dict[tuple[str, str], list[str]] = {}
        for m in a.entities:
            counts.setdefault((m.canonical, m.type), []).append(m.text)
        for (canonical, type_), texts in sorted(counts.items(), key=lambda kv: -len(kv[1])):
            table.add_row(escape(", ".join(sorted(set(texts)))), type_, escape(canonical), str(len(texts)))
        out.print(table)
    if a.timexes:
        table = Table("expression", "type", "value", "mod", title="time expressions")
        for t in a.timexes:
            table.add_row(escape(t.text), t.type, t.value, t.mod or "")
        out.print(table)
    if a.attributions:
        table = Table("source", "chain", "kind", "cue", "content", title="attributions")
        for at in a.attributions:
            chain = " → ".join(s.canonical for s in at.chain)
            table.add_row(escape(at.source.canonical if at.source else "—"), escape(chain), at.kind,
                          escape(at.cue.text), escape(_clip(at.content.text)))
        out.print(table)
    if a.events:
        table = Table("date", "type", "action", "actors", "targets", "where", title="events")
        for e in a.events:
            table.add_row(e.date.value if e.date else "—", e.type, escape(e.action), escape(", ".join(e.actors)),
                          escape(", ".join(e.targets)), escape(e.location or ""))
        out.print(table)
    if a.quantities:
        table = Table("number", "value", "counts", "claimed by", title="quantities")
        for q in a.quantities:
            by = a.attributions[q.attribution].source if q.attribution is not None else None
            table.add_row(escape(q.text), str(q.value), escape(q.counted or ""), escape(by.canonical if by else ""))
        out.print(table)



def _clip(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _print_document(doc: Document) -> None:
    out.rule(escape(doc.title or "(no title)"))
    meta = [("id", doc.id), ("byline", doc.byline), ("outlet", doc.outlet), ("section", doc.section),
            ("published", f"{doc.published} ({doc.published_source})" if doc.published else None), ("url", doc.url)]
    for key, value in meta:
        if value:
            out.print(f"[bold]{key}[/bold]: {escape(str(value))}")
    out.print()
    out.print(escape(doc.text))
    for caption in doc.captions:
        out.print(f"[dim]caption: {escape(caption)}[/dim]")
    if doc.removed:
        out.print(f"[dim]{len(doc.removed)} boilerplate lines removed[/dim]")


# -- reading the store: every command below prints what `storyline.reads` gives, as JSON or for people --------


def _excerpt(ev: dict[str, Any]) -> str:
    """An evidence sentence around its event's trigger, the trigger in bold (rich markup, the text escaped)."""
    x = reads.excerpt_of(ev)
    trigger = f"[bold underline]{escape(x.trigger)}[/bold underline]" if x.trigger else ""
    return ("…" if x.cut_start else "") + escape(x.before) + trigger + escape(x.after) + ("…" if x.cut_end else "")


def _marked(text: str, highlights: list[dict[str, int]]) -> str:
    """`text` with its highlighted words in bold (rich markup, the text escaped)."""
    out, at = [], 0
    for h in highlights:
        out.append(escape(text[at:h["start"]]) + f"[bold]{escape(text[h['start']:h['end']])}[/bold]")
        at = h["end"]
    return "".join(out) + escape(text[at:])


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@db_option
@json_option
def docs(limit: int | None, db_url: str | None, as_json: bool) -> None:
    """Stored documents (`storyline doc ID` prints one whole)."""
    with _reading(db_url) as conn:
        documents = reads.documents(conn, limit=limit)
    if as_json:
        _emit_json(documents)
        return
    table = Table("id", "published", "outlet", "title", "chars", "copies", title=f"{len(documents)} documents")
    for d in documents:
        table.add_row(d["id"], d["published"] or "—", escape(d["outlet"] or "—"), escape(d["title"] or "—"),
                      str(d["chars"]), str(len(d["copies"])))
    out.print(table)


@cli.command()
@click.argument("doc_id")
@db_option
@json_option
def doc(doc_id: str, db_url: str | None, as_json: bool) -> None:
    """One stored document, whole."""
    with _reading(db_url) as conn:
        document = reads.document(conn, doc_id)
    if document is None:
        raise StorylineError(f"no document with id {doc_id!r}")
    if as_json:
        _emit_json(document.to_json())
    else:
        _print_document(document)


@cli.command()
@db_option
@json_option
def failures(db_url: str | None, as_json: bool) -> None:
    """Inputs that failed, with reasons."""
    with _reading(db_url) as conn:
        rows = reads.failures(conn)
    if as_json:
        _emit_json(rows)
        return
    table = Table("source", "line", "reason", "when", title=f"{len(rows)} failures")
    for f in rows:
        table.add_row(escape(f["source"]), str(f["line"] or ""), escape(f["reason"]),
                      (f["at"] or "")[:16].replace("T", " "))
    out.print(table)


@cli.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1, max=1000), default=20)
@db_option
@json_option
def search(query: str, limit: int, db_url: str | None, as_json: bool) -> None:
    """Full-text search over documents and facts (claims, entities)."""
    with _reading(db_url) as conn:
        hits = reads.search(conn, query, limit=limit)
    if as_json:
        _emit_json(hits)
        return
    for h in hits:
        if h["kind"] == "document":
            out.print(f"[bold]{escape(h['title'] or h['document'])}[/bold] [dim]document {h['document']}[/dim]")
        elif h["kind"] == "claim":
            out.print(f"[bold]{escape(h['source'] or 'unattributed')}[/bold] [dim]claim in {h['document']}[/dim]")
        else:
            out.print(f"[bold]{escape(h['name'])}[/bold] [dim]{h['type']} entity[/dim]")
        if h["snippet"]:
            out.print("  " + _marked(h["snippet"], h["highlights"]))


# -- the dossier ------------------------------------------------------------------------------------------


@cli.command()
@click.option("--entity", metavar="NAME", help="Only events this entity (name or alias) takes part in.")
@click.option("--from", "date_from", metavar="DATE", help="Only events ending on or after DATE.")
@click.option("--to", "date_to", metavar="DATE", help="Only events starting on or before DATE.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip the first N events (with --limit: a page).")
@click.option("--undated", is_flag=True, help="List the undated events too (the table shows only their count).")
@click.option("--evidence", type=click.IntRange(min=1), default=None, metavar="N",
              help="Each event with the sentences of its first N reports only (default: all of them).")
@click.option("--key", is_flag=True,
              help="Only the key events: acts told as news, or events several reports tell (by salience).")
@click.option("--min-reports", type=click.IntRange(min=1), default=None, metavar="N",
              help="Only events told by at least N reports.")
@db_option
@json_option
def timeline(entity: str | None, date_from: str | None, date_to: str | None, limit: int | None, offset: int,
             undated: bool, evidence: int | None, key: bool, min_reports: int | None, db_url: str | None,
             as_json: bool) -> None:
    """The story's events in date order; undated events last, never given a guessed date."""
    start, end = reads.date_range(date_from, date_to, names=("--from", "--to"))  # --to 2018: to the end of 2018
    with _reading(db_url) as conn:
        items = reads.timeline(conn, entity=entity, date_from=start, date_to=end, limit=limit, offset=offset,
                               evidence=evidence, key=key, min_reports=min_reports)
    if as_json:
        _emit_json(items)
        return
    dated = [i for i in items if i["date"]]
    table = Table("when", "what", "who", "sources", "evidence", title=f"timeline: {len(dated)} dated events")
    for i in items if undated else dated:
        when = i["date"]["value"] if i["date"] else "undated"
        if i["date"] and i["date"]["source"] == "published":
            when += " (reported)"
        elif i["date"] and i["date"]["source"] == "context":
            when += " (context)"
        table.add_row(when, f"{i['type']} {escape(i['action'])}", escape(i["summary"]),
                      escape(", ".join(i["sources"][:3])), _excerpt(i["evidence"][0]) if i["evidence"] else "")
    out.print(table)
    if len(items) > len(dated) and not undated:
        out.print(f"[dim]{len(items) - len(dated)} undated events: --undated lists them[/dim]")


@cli.command()
@click.option("--type", "type_", metavar="TYPE", help="PERSON, ORG, GPE, NORP, LOC, ...")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@db_option
@json_option
def entities(type_: str | None, limit: int | None, db_url: str | None, as_json: bool) -> None:
    """Resolved entities, most mentioned first."""
    with _reading(db_url) as conn:
        rows = reads.entities(conn, type_=type_, limit=limit)
    if as_json:
        _emit_json(rows)
        return
    table = Table("name", "type", "mentions", "documents", "also written", title=f"{len(rows)} entities")
    for r in rows:
        table.add_row(escape(r["name"]), r["type"], str(r["mentions"]), str(r["documents"]),
                      escape(", ".join(a for a in r["aliases"] if a != r["name"])))
    out.print(table)


@cli.command()
@click.argument("name")
@db_option
@json_option
def entity(name: str, db_url: str | None, as_json: bool) -> None:
    """One entity's profile, by name or alias: events, claims by and about it, related entities."""
    with _reading(db_url) as conn:
        profile = reads.entity_profile(conn, name)
    if profile is None:
        raise StorylineError(f"no entity named {name!r} (try `storyline entities`)")
    if as_json:
        _emit_json(profile)
        return
    out.rule(f"{escape(profile['name'])} [dim]{profile['type']}[/dim]")
    out.print(f"{profile['mentions']} mentions in {profile['documents']} documents; also "
              f"{escape(', '.join(profile['aliases']))}")
    for ev in profile["events"]:
        when = ev["date"]["value"] if ev["date"] else "undated"
        out.print(f"  {when}  {ev['role']}: {escape(ev['summary'])}")
        if ev["evidence"]:
            out.print(f"    [dim]{_excerpt(ev['evidence'][0])}[/dim]")
    for c in profile["claims_by"]:
        out.print(f"  said ({c['published'] or 'undated'}): {escape(_clip(c['text'], 120))}")
    if profile["related"]:
        out.print("related: " + escape(", ".join(f"{r['name']} ({r['weight']})" for r in profile["related"])))


@cli.command()
@click.option("--about", metavar="NAME", help="Claims whose content names this entity.")
@click.option("--source", metavar="NAME", help="Claims made by this source.")
@db_option
@json_option
def claims(about: str | None, source: str | None, db_url: str | None, as_json: bool) -> None:
    """Attributed claims with their source chains."""
    with _reading(db_url) as conn:
        rows = reads.claims(conn, about=about, source=source)
    if as_json:
        _emit_json(rows)
        return
    table = Table("published", "source", "chain", "claim", title=f"{len(rows)} claims")
    for c in rows:
        chain = " → ".join(c["chain"][1:])
        table.add_row(c["published"] or "—", escape(c["source"] or "—"), escape(chain), escape(_clip(c["text"], 100)))
    out.print(table)


@cli.command()
@profile_option
@click.option("--refresh", is_flag=True, help="Find the conflicts again first, under the dossier's profile (after "
                                              "an upgrade); --profile implies it.")
@db_option
@json_option
def conflicts(profile_path: str | None, refresh: bool, db_url: str | None, as_json: bool) -> None:
    """Pairs of claims that disagree, and actors whose position changed. With --profile, found again under that
    story profile from the stored claims (nothing is read again), which the dossier then keeps."""
    profile = _load_profile(profile_path)
    if refresh or profile is not None:
        from storyline.pipeline import refresh_conflicts

        with _store(db_url) as store:
            refresh_conflicts(store, profile)
    with _reading(db_url) as conn:
        rows = reads.conflicts(conn)
    if as_json:
        _emit_json(rows)
        return
    out.print(f"[bold]{len(rows)} conflicts[/bold]")
    for c in rows:
        out.print(f"[bold]{c['kind']}[/bold] about {escape(c['about'])}: {escape(c['detail'])}")
        for side in c["claims"]:
            out.print(f"  {side['published'] or 'undated'}  {escape(side['source'] or '—')}: "
                      f"{escape(_clip(side['text'], 110))}")


@cli.command()
@profile_option
@click.option("--reread", is_flag=True,
              help="Parse and read every document again first (slower), for a dossier an older storyline read.")
@db_option
@json_option
def rebuild(profile_path: str | None, reread: bool, db_url: str | None, as_json: bool) -> None:
    """Make entities, timeline, claims and conflicts again from the stored documents' annotations, unparsed."""
    from storyline.rebuild import rebuild as run

    profile = _load_profile(profile_path)
    with _store(db_url) as store, _rebuild_progress(enabled=not as_json) as tick:
        summary = run(store, profile=profile, reread=reread, on_progress=tick)
    if as_json:
        _emit_json(summary.to_json())
        return
    out.print(f"replayed {summary.replayed} documents, of which {summary.parsed} were parsed again; "
              f"{summary.entities} entities, {summary.items} timeline items, {summary.claims} claims, "
              f"{summary.conflicts} conflicts; {summary.seconds:.1f} s")


@contextmanager
def _rebuild_progress(*, enabled: bool) -> Iterator[Callable[[str, int], None]]:
    """A live count on a terminal; silent when stderr is not a terminal."""
    if not (enabled and err.is_terminal):
        yield lambda _phase, _n: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=True) as progress:
        task = progress.add_task("rebuilding", total=None)

        def tick(phase: str, n: int) -> None:
            progress.update(task, description=f"{phase}: {n} documents")

        yield tick


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "graphml", "parquet"]), required=True)
@click.option("--out", "out_path", required=True, metavar="PATH",
              help="A file (jsonl, graphml) or a folder of tables (csv, parquet).")
@db_option
def export(fmt: str, out_path: str, db_url: str | None) -> None:
    """The whole dossier in a standard format."""
    from pathlib import Path

    from storyline.store.export import export as run

    with _store(db_url) as store:
        counts = run(store, fmt, Path(out_path))
    err.print(f"wrote {out_path}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local unless "
              "the dossier may be read by anyone who can reach the machine).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 picks a free port.")
@click.option("--token", envvar="STORYLINE_TOKEN", default=None, metavar="TOKEN",
              help="Allow POST /api/ingest with `Authorization: Bearer TOKEN` (default: $STORYLINE_TOKEN; "
                   "without one the server is read-only).")
@click.option("--files", "files", type=click.Path(exists=True, file_okay=False), default=None, metavar="DIR",
              help="Let POST /api/ingest read files by path, those inside DIR only (default: no files, URLs only).")
@click.option("--allow-private-urls", is_flag=True,
              help="Let POST /api/ingest fetch URLs on loopback and private addresses (default: public ones only).")
@click.option("--max-request-bytes", type=click.IntRange(1), default=8 * 1024 * 1024, show_default=True,
              help="The largest request body; a larger one is refused (413).")
@click.option("--rate-limit", "rate", type=click.FloatRange(0), default=20.0, show_default=True,
              help="Requests a second per client, twice that at once; over it, 429 with Retry-After (0: no limit).")
@db_option
def serve(host: str, port: int, token: str | None, files: str | None, allow_private_urls: bool,
          max_request_bytes: int, rate: float, db_url: str | None) -> None:
    """The HTTP JSON API (OpenAPI at /openapi.json) and the web UI."""
    import socket
    from pathlib import Path

    import uvicorn

    from storyline.api import create_app
    from storyline.api.guards import Policy

    policy = Policy(token=token or None, private_urls=allow_private_urls, files=Path(files) if files else None,
                    max_request_bytes=max_request_bytes, rate=rate, burst=max(1, round(2 * rate)))
    app = create_app(db_url or default_db_url(), policy=policy)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:  # bound here, not by uvicorn, so a busy port is one clear line and port 0 prints the port it got
        sock = _listen(host, port, family)
    except OSError as e:
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    out.print(f"storyline: serving on http://{shown}:{bound}/ (API under /api, OpenAPI at /openapi.json; "
              f"{'ingest needs the token' if token else 'read-only'}); Ctrl-C stops")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", server_header=False))
    with sock:
        server.run(sockets=[sock])


def _listen(host: str, port: int, family: int) -> Any:
    """A listening TCP socket made with proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say so,
    and without it every keep-alive response waited 40 ms for the client's delayed ACK (Nagle)."""
    import socket

    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


# -- the one place errors become a line -------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="storyline", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:  # usage errors: click's message, exit 2
        e.show()
        sys.exit(2 if isinstance(e, click.UsageError) else 1)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except UsageError as e:
        err.print(f"error: {escape(str(e))}")
        sys.exit(2)
    except StorylineError as e:
        err.print(f"error: {escape(str(e))}")
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as e:  # the last line of defence: a bug is still one line, the traceback only on request
        if os.environ.get("STORYLINE_DEBUG"):
            raise
        err.print(f"error: internal error ({type(e).__name__}): {escape(str(e).splitlines()[0] if str(e) else '')}"
                  " — set STORYLINE_DEBUG=1 for the traceback")
        sys.exit(1)


if __name__ == "__main__":
    main()
