"""Short single-event reports on the timeline at their true date: the CSIS list of dated North Korean provocations.

    python bench/timeline_dates.py [--data FILE] [--baseline REF] [--errors N] [--split dev|held-out|all]

Each record of `../shared/eval/timeline/csis/provocations-dev.json` is read as its SOURCE.md says: a report
`{"text": description, "title": event, "published": date + 1 day}` (plus a `url` naming the record, so that
each stored document can be traced back to it). The records are written as one JSON Lines file and stored
as a user would: `storyline ingest FILE --db sqlite:///...` in a fresh temporary dossier (a subprocess running
the sources of this checkout). Then the dossier is read through the public read layer
(`storyline.reads.dossier.timeline`, every item with all its reports) and the store (each document's kept
annotations, the failures).

A record is *at its date* when an item with a report from that record's document has an interval holding the
record's `date` and spanning at most 31 days. Otherwise its failure is counted by cause, the first that applies:
- not stored: the report failed (its reason is printed with `--errors`);
- no event: no timeline item has a report from it;
- too wide: an item's interval holds the date but spans more than 31 days;
- wrong date: some item from it is dated, none at the true date;
- undated: its items have no date.

The 246 records are split into two fixed halves by a stable hash of date and title (sha1, sorted, first half
`dev`); errors are for looking at on `dev` only; `held-out` is the headline. `--baseline REF` runs the same
measure on the sources of git commit REF of this repository (exported with `git archive` into a temporary
directory) in the same run, and prints its column beside this checkout's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "timeline" / "csis" / "provocations-dev.json"
MAX_DAYS = 31
CAUSES = ("no event", "undated", "wrong date", "too wide", "not stored")
URL = "https://records.invalid/csis/{}"
T = TypeVar("T")

# Reads the dossier a run made, in the subprocess of the sources measured (their own read layer); prints JSON.
READER = r"""
import json, sys
from storyline.store import open_store
from storyline.reads import dossier
store = open_store(sys.argv[1])
out = {"docs": {}, "items": [], "failures": []}
with store.engine.connect() as conn:
    for d in store.iter_documents():
        out["docs"][d.id] = {"url": d.url, "events": 0, "dated_events": []}
    for c in store.copies():
        out["docs"][c.id] = {"url": c.url, "copy_of": c.original_id, "events": 0, "dated_events": []}
    for a in store.iter_annotations():
        row = out["docs"][a.document.id]
        row["events"] = len(a.events)
        row["dated_events"] = [[e.action, e.date.start.isoformat(), e.date.end.isoformat(), e.date.source]
                               for e in a.events if e.date is not None]
    for item in dossier.timeline(conn):
        out["items"].append({"date": item["date"], "action": item["action"],
                             "documents": sorted({e["document"] for e in item["evidence"]})})
    out["failures"] = dossier.failures(conn)
store.close()
print(json.dumps(out))
"""


@dataclass(frozen=True, slots=True)
class Record:
    key: str
    date: date
    title: str
    text: str
    half: str


@dataclass(frozen=True, slots=True)
class Outcome:
    record: Record
    cause: str | None  # None: at its date
    detail: str


def load(path: Path) -> list[Record]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    keyed = []
    for r in rows:
        key = hashlib.sha1(f"{r['date']}|{r['event']}".encode()).hexdigest()
        keyed.append((key, r))
    keyed.sort(key=lambda kr: kr[0])
    half = len(keyed) // 2
    return [
        Record(key, date.fromisoformat(r["date"]), r["event"], r["description"], "dev" if i < half else "held-out")
        for i, (key, r) in enumerate(keyed)
    ]


def write_jsonl(records: list[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({"text": r.text, "title": r.title, "url": URL.format(r.key),
                                "published": (r.date + timedelta(days=1)).isoformat()}) + "\n")


def run(src: Path, records: list[Record], workdir: Path) -> tuple[dict[str, Any], float]:
    """Ingest the records with the sources at `src`; the dossier as READER reads it, and the seconds taken."""
    feed = workdir / "reports.jsonl"
    write_jsonl(records, feed)
    return ingest_and_read(src, feed, workdir / "dossier.db", READER)


def ingest_and_read(src: Path, feed: Path, db_file: Path, reader: str, *args: str) -> tuple[dict[str, Any], float]:
    """`storyline ingest FEED` with the sources at `src` into a fresh SQLite dossier at `db_file`, as a user runs
    it; then what the `reader` script (run with the same sources, given the dossier's URL and `args`) prints of
    it, as JSON; and the seconds the ingest took."""
    import time

    db = f"sqlite:///{db_file}"
    env = os.environ | {"PYTHONPATH": str(src)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "storyline.cli", "ingest", str(feed), "--db", db, "--workers", "1"],
                          env=env, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"ingest failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    read = subprocess.run([sys.executable, "-c", reader, db, *args], env=env, capture_output=True, text=True,
                          timeout=600)
    if read.returncode != 0:
        sys.exit(f"reading the dossier failed: {read.stderr.strip().splitlines()[-1:]}")
    return json.loads(read.stdout), seconds


def per_system(baseline: str | None, names: list[str], run: Callable[[Path, str, Path], T]) -> dict[str, dict[str, T]]:
    """`run(sources, name, workdir)` for each name, with this checkout's sources and, first, with those of git
    commit `baseline` when given: {system label: {name: result}}."""
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        systems = [("this checkout", ROOT / "src")]
        if baseline:
            systems.insert(0, (f"baseline {baseline}", export(baseline, Path(tmp) / "baseline")))
        results: dict[str, dict[str, T]] = {}
        for label, src in systems:
            work = Path(tmp) / label.replace(" ", "_")
            work.mkdir()
            results[label] = {n: run(src, n, work) for n in names}
    return results


def judge(records: list[Record], dossier: dict[str, Any]) -> list[Outcome]:
    by_url = {}
    for doc_id, d in dossier["docs"].items():
        by_url[d["url"]] = d.get("copy_of", doc_id)
    items_of: dict[str, list[dict[str, Any]]] = {}
    for item in dossier["items"]:
        for doc in item["documents"]:
            items_of.setdefault(doc, []).append(item)
    failed = {f.get("line"): f.get("reason") or f.get("error") for f in dossier["failures"]}
    out = []
    for line, r in enumerate(records, start=1):
        doc = by_url.get(URL.format(r.key))
        if doc is None:
            out.append(Outcome(r, "not stored", str(failed.get(line, "?"))))
            continue
        items = items_of.get(doc, [])
        if not items:
            out.append(Outcome(r, "no event", ""))
            continue
        dated = [(i, date.fromisoformat(i["date"]["start"]), date.fromisoformat(i["date"]["end"]))
                 for i in items if i["date"] is not None]
        holding = [(i, s, e) for i, s, e in dated if s <= r.date <= e]
        shown = "; ".join(f"{i['action']} {i['date']['value']} [{i['date']['source']}]" if i["date"]
                          else f"{i['action']} undated" for i in items)
        if any((e - s).days + 1 <= MAX_DAYS for _, s, e in holding):
            out.append(Outcome(r, None, shown))
        elif holding:
            out.append(Outcome(r, "too wide", shown))
        elif dated:
            out.append(Outcome(r, "wrong date", shown))
        else:
            out.append(Outcome(r, "undated", shown))
    return out


def figures(outcomes: list[Outcome], half: str) -> tuple[str, Counter[str]]:
    chosen = [o for o in outcomes if half == "all" or o.record.half == half]
    causes = Counter(o.cause for o in chosen if o.cause is not None)
    right = sum(1 for o in chosen if o.cause is None)
    return f"{right}/{len(chosen)} = {right / max(1, len(chosen)):.1%}", causes


def export(ref: str, into: Path) -> Path:
    """The `src` tree of git commit `ref`, unpacked into `into`."""
    blob = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src"], capture_output=True,
                          check=True).stdout
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--baseline", metavar="REF", help="also measure the sources of this git commit")
    ap.add_argument("--errors", type=int, default=0, help="list up to N failures of the dev half")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"no data at {args.data} (pass --data)")
    records = load(args.data)
    results = per_system(args.baseline, ["csis"], lambda src, _name, work: run(src, records, work))
    columns = [(name, judge(records, per["csis"][0]), per["csis"][1]) for name, per in results.items()]
    print(f"CSIS short reports, {len(records)} records (dev {sum(r.half == 'dev' for r in records)}, held-out "
          f"{sum(r.half == 'held-out' for r in records)}); at the true date, interval of at most {MAX_DAYS} days\n")
    header = f"{'':<22}" + "".join(f"{name:>30}" for name, _, _ in columns)
    print(header)
    for half in ("held-out", "dev", "all"):
        print(f"{'at date, ' + half:<22}" + "".join(f"{figures(o, half)[0]:>30}" for _, o, _ in columns))
        for cause in CAUSES:
            print(f"{'  ' + cause:<22}" + "".join(f"{figures(o, half)[1][cause]:>30}" for _, o, _ in columns))
    print(f"{'ingest seconds':<22}" + "".join(f"{s:>30.1f}" for _, _, s in columns))
    if args.errors:
        _, outcomes, _ = columns[-1]
        print(f"\nfailures on dev ({columns[-1][0]}), up to {args.errors}:")
        shown = [o for o in outcomes if o.record.half == "dev" and o.cause is not None][: args.errors]
        for o in shown:
            print(f"- [{o.cause}] {o.record.date} {o.record.title!r}: {o.detail}\n    {o.record.text[:400]}")


if __name__ == "__main__":
    main()
