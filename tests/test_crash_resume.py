"""Crash campaign: an ingest killed with SIGKILL at random points and started again ends as if it had never been
interrupted (every input stored once or recorded as failed, an intact database, the same dossier row for row),
and a killed ingest leaves no process behind (issue 18, finding 6: its pool workers, the forkserver and the
resource tracker used to live on as orphans).

The corpus is generated here (news-like pages on a few sites whose pages share short chrome lines, so the
site memory matters), plus the bundled examples, an empty file, undecodable bytes, an exact duplicate and a
near-duplicate. Only the ingest process is killed, as `kill -9 PID` does, so that its workers must end on
their own. Each run carries a marker in its environment; after a kill, /proc is scanned for it.

CI runs KILLS kills per store; `make soak` sets STORYLINE_CRASH_KILLS (and STORYLINE_CRASH_SEED) for many
more, in rounds of KILLS kills, each round on a fresh database, and prints how many kills were survived.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from storyline.store.engine import normalise_url
from tests.conftest import EXAMPLES, _fresh_pg_database, dossier_rows

pytestmark = pytest.mark.slow

KILLS = 5  # per round: kills, then a run to completion
TOTAL_KILLS = int(os.environ.get("STORYLINE_CRASH_KILLS", KILLS))
SEED = int(os.environ.get("STORYLINE_CRASH_SEED", 18))
GONE_WITHIN = 5.0  # seconds a killed ingest's processes get to end
CLI = [sys.executable, "-m", "storyline.cli"]
MARK = "STORYLINE_TEST_MARK"
# surrogate counters: a killed transaction uses up PostgreSQL sequence values, so they differ by design
COUNTERS = ("documents.seq", "mentions.id", "failures.id")

PEOPLE = ["Mara Okonkwo", "Tobias Lindqvist", "Hana Sato", "Rafael Quintero", "Aiko Morimoto", "Leon Brandt",
          "Yusuf Demir", "Clara Vasquez", "Kenji Arakawa", "Ingrid Solberg"]
ORGS = ["the Harbour Authority", "the Ministry of Transport", "Northwind Shipping", "the Port Workers Union",
        "the Coastal Safety Board", "Meridian Rail"]
PLACES = ["Osaka", "Rotterdam", "Lisbon", "Busan", "Gdansk", "Valparaiso"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
SITES = {  # folder: lines its pages repeat (short: the cleaner may take them as the site's chrome)
    "harbour-courier": ["Harbour Courier, independent news since 1887", "Tips: newsroom@courier.example",
                        "Read more from our shipping desk"],
    "rail-gazette": ["The Rail Gazette | Weekend edition", "Follow the Gazette on the wire",
                     "Corrections policy at the foot of the page"],
    "coast-observer": ["Coast Observer morning briefing", "Letters to the editor are welcome",
                       "Photo desk: all rights reserved"],
    "port-ledger": ["Port Ledger daily", "Listen to the Ledger podcast", "Subscriber edition, page two"],
}
PAGES_PER_SITE = 5


def _article(rng: random.Random, n: int) -> str:
    """A generated news story: a dateline, attributed claims, dated events, numbers."""
    who, other = rng.sample(PEOPLE, 2)
    org, org2 = rng.sample(ORGS, 2)
    place = rng.choice(PLACES)
    month, day, year = rng.choice(MONTHS), rng.randint(1, 28), rng.choice([2019, 2020, 2021])
    count = rng.randint(3, 90)
    sentences = [
        f"{place.upper()}, {month} {day}, {year} — {org.capitalize()} said on Tuesday that {count} cargo ships "
        f"had been delayed at the port of {place} after a strike by dock workers.",
        f"{who}, a spokesperson for {org}, said the delays would last at least {rng.randint(2, 9)} days.",
        f"“We will not let the port close again,” {who} told reporters in {place}.",
        f"{other} of {org2} disputed the figure and said only {count + rng.randint(5, 40)} ships were affected.",
        f"According to {org2}, talks between the union and the employers broke down on {month} "
        f"{max(1, day - 3)}, {year}.",
        f"Police arrested {rng.randint(2, 12)} protesters outside the offices of {org} in {place} on Monday.",
        f"{who} met {other} in {rng.choice(PLACES)} to discuss a settlement, officials said.",
        f"The union demanded a pay rise of {rng.randint(3, 15)} percent, {other} said.",
        f"{org2.capitalize()} rejected the proposal and warned that it would sue {org}.",
        f"Story number {n} was filed by our {place} correspondent, who has covered the port for "
        f"{rng.randint(4, 30)} years.",
    ]
    rng.shuffle(sentences[3:9])
    paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    return f"Port strike in {place} enters day {rng.randint(2, 20)} (story {n})\n\n" + "\n\n".join(paragraphs)


def build_corpus(root: Path, seed: int = 7) -> tuple[list[str], set[str]]:
    """The sources to ingest and the inputs among them that must fail."""
    rng = random.Random(seed)
    n = 0
    for site, chrome in SITES.items():
        folder = root / site
        folder.mkdir(parents=True)
        for p in range(PAGES_PER_SITE):
            n += 1
            lines = [line for line in chrome if rng.random() < 0.75]  # which lines, and how often, varies
            top, bottom = lines[: len(lines) // 2], lines[len(lines) // 2:]
            body = "\n\n".join([*top, _article(rng, n), *bottom])
            (folder / f"p{p:02d}.txt").write_text(body + "\n", encoding="utf-8")
        (folder / "p99-chrome-only.txt").write_text("\n\n".join(chrome) + "\n", encoding="utf-8")
    odd = root / "odd"
    odd.mkdir()
    (odd / "empty.txt").write_bytes(b"")
    (odd / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(3000)) + b"\x00\x00\xff\xfe")
    first = root / "harbour-courier" / "p00.txt"
    shutil.copy(first, odd / "exact-copy.txt")
    near = root / "wire"
    near.mkdir()
    (near / "near-copy.txt").write_text(
        first.read_text(encoding="utf-8") + "\nThis story was distributed by the Northgate wire service.\n",
        encoding="utf-8")
    examples = root / "examples"
    examples.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.html"))[:2]:  # a few: CI time
        shutil.copy(path, examples / path.name)
    # a page of nothing but its site's chrome has no body left once the site's earlier pages have taught it
    must_fail = {str(odd / "empty.txt"), str(odd / "binary.txt"), *(str(root / s / "p99-chrome-only.txt") for s in SITES)}
    return [str(root / s) for s in [*SITES, "odd", "wire", "examples"]], must_fail



# -- running the CLI, and what it leaves running ------------------------------------------------------------


def ingest_command(url: str, sources: list[str]) -> list[str]:
    return [*CLI, "ingest", "--db", url, "--json", "--workers", "2", *sources]


def start(cmd: list[str], mark: str) -> subprocess.Popen[bytes]:
    # output to nowhere, not to a pipe: a process the ingest left behind would hold the pipe open, and waiting
    # for its end would wait for that process
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, MARK: mark})


def marked(mark: str) -> dict[int, str]:
    """The running processes (zombies aside) whose environment holds the marker: a run and all it started."""
    needle = f"{MARK}={mark}".encode()
    out: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue  # gone meanwhile, or not ours to read
        if state != "Z":
            out[int(entry.name)] = cmd.strip()
    return out


def left_behind(mark: str, within: float = GONE_WITHIN) -> dict[int, str]:
    """The marked processes still running after up to `within` seconds; they are killed (one leak, one failure)."""
    deadline = time.monotonic() + within
    while (left := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


def run_to_end(url: str, sources: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    mark = uuid.uuid4().hex
    began = time.monotonic()
    proc = subprocess.run(ingest_command(url, sources), capture_output=True, text=True, timeout=600,
                          env={**os.environ, MARK: mark})
    assert not left_behind(mark)
    return proc, time.monotonic() - began


def stored(url: str) -> int:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM copies)"))
                       or 0)
    except (OperationalError, ProgrammingError):  # not migrated yet, or locked for a moment
        return 0
    finally:
        engine.dispose()


def kill_when_stored(url: str, sources: list[str], target: int, then: float) -> bool:
    """Start an ingest, SIGKILL it (the one process, as `kill -9 PID`) `then` seconds after `target` documents
    are stored, so that the kill lands at any point of the work whatever the machine's speed; then check that
    nothing it started still runs. False if it had finished before the kill."""
    mark = uuid.uuid4().hex
    proc = start(ingest_command(url, sources), mark)
    deadline = time.monotonic() + 300
    while proc.poll() is None and target and stored(url) < target and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        proc.wait(timeout=then)
        killed = False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed = True
    left = left_behind(mark)
    assert not left, f"processes of a killed ingest still run {GONE_WITHIN:.0f} s after the kill: {left}"
    return killed


# -- what must hold after the last run ----------------------------------------------------------------------

# (table, column) pairs that must name an existing document, or an existing row of another table
REFERENCES = [
    *((table, "document_id", "documents", "id") for table in
      ("mentions", "timexes", "claims", "events", "quantities", "doc_bands", "claim_about", "annotations")),
    ("copies", "original_id", "documents", "id"),
    ("timeline_roles", "item_id", "timeline_items", "id"),
    ("timeline_roles", "entity_id", "entities", "id"),
    ("events", "item_id", "timeline_items", "id"),
    ("claim_about", "claim_id", "claims", "id"),
    ("mentions", "entity_id", "entities", "id"),
    ("entity_keys", "entity_id", "entities", "id"),
]


def check_integrity(url: str) -> None:
    """The database's own check (SQLite), then every reference between the dossier's tables resolves."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                assert conn.scalar(text("PRAGMA integrity_check")) == "ok"
                assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            else:
                assert conn.scalar(text("SELECT count(*) FROM pg_index WHERE NOT indisvalid")) == 0
            for table, column, target, key in REFERENCES:
                dangling = conn.scalar(text(
                    f'SELECT count(*) FROM "{table}" r WHERE r."{column}" IS NOT NULL AND NOT EXISTS '
                    f'(SELECT 1 FROM "{target}" t WHERE t."{key}" = r."{column}")'))
                assert dangling == 0, f"{dangling} rows of {table}.{column} name no {target} row"
            lost = conn.scalar(text(
                "SELECT count(*) FROM inputs i WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = i.document_id)"
                " AND NOT EXISTS (SELECT 1 FROM copies c WHERE c.id = i.document_id)"))
            assert lost == 0, f"{lost} inputs name no document or copy"
    finally:
        engine.dispose()


def check_each_input_once(url: str, failed: set[str]) -> None:
    """No input stored twice, as a document or a copy; no body stored twice; the failures exactly those."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            docs = Counter(r[0] for r in conn.execute(text("SELECT source FROM documents")))
            copies = Counter(r[0] for r in conn.execute(text("SELECT source FROM copies")))
            bodies = conn.scalar(text("SELECT count(*) - count(DISTINCT text) FROM documents"))
            failures = Counter(r[0] for r in conn.execute(text("SELECT source FROM failures")))
    finally:
        engine.dispose()
    assert bodies == 0, "one body stored twice"
    twice = {s: n for s, n in (docs + copies).items() if n > 1}
    assert not twice, f"stored more than once: {twice}"
    assert set(failures) == failed and all(n == 1 for n in failures.values()), failures
    assert not (set(docs) | set(copies)) & failed


# -- the campaign -------------------------------------------------------------------------------------------


def campaign(fresh_url: Iterator[str], reference_url: str, tmp: Path, kills: int, seed: int) -> str:
    """Rounds of KILLS kills, each on a fresh database, each then run to its end and checked against the
    uninterrupted run's dossier; the figures, as a line."""
    sources, must_fail = build_corpus(tmp / "corpus")
    reference, took = run_to_end(reference_url, sources)
    assert reference.returncode == 1, reference.stderr  # some inputs must fail
    expected = json.loads(reference.stdout)
    failed = {f["source"] for f in expected["failures"]}
    assert {s for s in must_fail if "odd" in s} <= failed, failed
    n = expected["stored"] + expected["near_duplicates"]
    assert n > 20, expected
    want = dossier_rows(reference_url, skip=COUNTERS)
    rng = random.Random(seed)
    survived = 0
    began = time.monotonic()
    for _ in range(max(1, -(-kills // KILLS))):
        url = next(fresh_url)
        # the first kill in start-up (the store opening, migrating, the workers loading their model); the
        # others a drawn fraction of a second after a drawn number of documents is stored: between two
        # documents' transactions or inside one, while a shard is read or just as it is marked done
        plan = [(0, rng.uniform(0.05, 3.0))] + [(t, rng.uniform(0.0, 0.5))
                                                 for t in sorted(rng.sample(range(1, n - 1), KILLS - 1))]
        killed = [kill_when_stored(url, sources, target, then) for target, then in plan]
        assert sum(killed[1:]) >= KILLS - 2, f"runs finished before their kill: {killed}"
        survived += sum(killed)
        final, _ = run_to_end(url, sources)
        assert final.returncode == 1, final.stderr
        summary = json.loads(final.stdout)
        assert {f["source"] for f in summary["failures"]} == failed
        check_each_input_once(url, failed)
        check_integrity(url)
        got = dossier_rows(url, skip=COUNTERS)
        differ = [table for table in want if got[table] != want[table]]
        assert not differ, (f"tables differ from the uninterrupted ingest's: {differ}; in the first, only after "
                            f"kills: {sorted(set(got[differ[0]]) - set(want[differ[0]]), key=repr)[:3]}, only "
                            f"uninterrupted: {sorted(set(want[differ[0]]) - set(got[differ[0]]), key=repr)[:3]}")
    store = reference_url.split(":")[0]
    return (f"{store}: {int(survived)} kills survived (seed {seed}), {n} documents; uninterrupted run {took:.1f} s, "
            f"campaign {time.monotonic() - began:.0f} s")


def fresh_sqlite(tmp: Path) -> Iterator[str]:
    for i in range(10_000):
        yield f"sqlite:///{tmp / f'crashed-{i}.db'}"
    raise AssertionError("out of databases")


def fresh_pg() -> Iterator[str]:
    while True:
        databases = _fresh_pg_database()
        url = next(databases)
        try:
            yield url
        finally:
            databases.close()


def test_a_killed_ingest_leaves_no_process_behind(sqlite_url: str, tmp_path: Path) -> None:
    """Finding 6: `kill -9` of an ingest mid-run; within a few seconds nothing it started still runs."""
    sources, _ = build_corpus(tmp_path / "corpus")
    assert kill_when_stored(sqlite_url, sources, 3, 0.2)


def test_a_killed_ingest_resumed_ends_as_an_uninterrupted_one(db_url: str, tmp_path: Path) -> None:
    if db_url.startswith("sqlite"):
        report = campaign(fresh_sqlite(tmp_path), db_url, tmp_path, TOTAL_KILLS, SEED)
    else:
        report = campaign(fresh_pg(), db_url, tmp_path, TOTAL_KILLS, SEED)
    print(f"\ncrash campaign: {report}")
