"""The API under concurrent clients on loopback: requests a second, p50 / p99 latency and errors.

    python bench/load.py [--db URL] [--clients 1,4,16,32] [--requests 200] [--rate-limit 0]

`storyline serve` runs as a user starts it (its own process, uvicorn, one worker) over the dossier at --db (by
default a fresh SQLite file of the bundled sample corpus and the seeds); each client is a thread with its own
keep-alive connection, sending --requests requests drawn from a fixed mix of the API's reads (timeline pages,
entity lists and profiles, claims, conflicts, search, documents) and two UI pages. Every answer must be a 200: any
other status, a timeout or a refused connection counts as an error. The baseline row is the same server sending a
static file (no database), the floor of what a request costs here.

The server runs with --rate-limit 0: the clients all come from 127.0.0.1, so with the default limit (20 a second
per client address) they would mostly measure the limiter. `--rate-limit 20` shows that: the excess is 429s.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


@dataclass
class Run:
    clients: int
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    def quantile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def row(self, name: str) -> str:
        rps = self.requests / self.wall if self.wall else 0.0
        others = ", ".join(f"{n}×{s}" for s, n in sorted(self.statuses.items()) if s != 200) or "-"
        return (f"| {name} | {self.clients} | {self.requests} | {rps:.0f} | {self.quantile(0.5):.1f} | "
                f"{self.quantile(0.99):.1f} | {max(self.latencies, default=0) * 1000:.1f} | {len(self.errors)} | "
                f"{others} |")


HEADER = ("| requests | clients | sent | req/s | p50 ms | p99 ms | max ms | errors | other statuses |\n"
          "|---|---|---|---|---|---|---|---|---|")


def mix(base: str) -> list[str]:
    """The paths the clients draw from, built from what the dossier holds."""
    with httpx.Client(base_url=base, timeout=30) as c:
        names = [e["name"] for e in c.get("/api/entities", params={"limit": 20}).json()]
        docs = [d["id"] for d in c.get("/api/documents", params={"limit": 20}).json()]
    paths = ["/api/timeline?limit=50", "/api/timeline?limit=50&offset=50", "/api/entities?limit=50",
             "/api/claims", "/api/conflicts", "/api/search?q=abductees", "/api/search?q=Pyongyang%20talks",
             "/api/documents?limit=50", "/", "/entities"]
    paths += [f"/api/entities/{quote(n, safe='')}" for n in names[:8]]
    paths += [f"/api/timeline?entity={quote(n)}" for n in names[:4]]
    paths += [f"/api/documents/{d}" for d in docs[:8]]
    return paths


def drive(base: str, paths: list[str], clients: int, per_client: int, seed: int = 7) -> Run:
    """`clients` threads, each sending `per_client` requests over one keep-alive connection."""
    run = Run(clients)
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        mine: list[tuple[float, int | None, str | None]] = []
        with httpx.Client(base_url=base, timeout=30) as c:
            start_line.wait()
            for _ in range(per_client):
                path = rng.choice(paths)
                t0 = time.perf_counter()
                try:
                    status: int | None = c.get(path).status_code
                    error = None if status in (200, 429) else f"{path}: HTTP {status}"
                except httpx.HTTPError as e:
                    status, error = None, f"{path}: {type(e).__name__}: {e}"
                mine.append((time.perf_counter() - t0, status, error))
        with lock:
            for latency, status, error in mine:
                run.latencies.append(latency)
                if status is not None:
                    run.statuses[status] = run.statuses.get(status, 0) + 1
                if error:
                    run.errors.append(error)

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for th in threads:
        th.start()
    start_line.wait()
    t0 = time.perf_counter()
    for th in threads:
        th.join()
    run.wall = time.perf_counter() - t0
    return run


@contextmanager
def serving(db_url: str, *extra: str) -> Iterator[str]:
    """`storyline serve --port 0` in its own process; yields its base URL once it answers."""
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--db", db_url, "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ | {"STORYLINE_TOKEN": ""})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if "http://" not in line:
            proc.kill()
            raise RuntimeError(f"serve did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}")
        base = line.split("http://", 1)[1].split("/", 1)[0]
        yield f"http://{base}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def sample_dossier(folder: Path) -> str:
    from datetime import date

    from storyline.pipeline import Defaults, ingest
    from storyline.store import open_store

    url = f"sqlite:///{folder / 'load.db'}"
    with open_store(url) as store:
        ingest(store, [str(ROOT / "examples" / "abductee-issue")])
        seeds = ROOT.parent / "shared" / "seeds"
        for prefix, day in (("000", date(2014, 6, 2)), ("003", date(2018, 8, 30))):
            for path in sorted(seeds.glob(f"{prefix}_*.txt")):
                ingest(store, [str(path)], Defaults(published=day))
    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="the dossier to serve (default: the sample corpus in a fresh SQLite file)")
    ap.add_argument("--clients", default="1,4,16,32")
    ap.add_argument("--requests", type=int, default=200, help="per client")
    ap.add_argument("--rate-limit", default="0", help="serve's --rate-limit (0: none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="storyline-load-") as tmp:
        url = args.db or sample_dossier(Path(tmp))
        with serving(url, "--rate-limit", args.rate_limit) as base:
            paths = mix(base)
            drive(base, paths, 2, 20)  # warm: model-free, but the first queries load pages and templates
            print(f"storyline serve over {url.split(':', 1)[0]}, {os.cpu_count()} cores, --rate-limit {args.rate_limit}; "
                  f"{len(paths)} paths in the mix\n")
            print(HEADER)
            for n in (int(x) for x in args.clients.split(",")):
                print(drive(base, ["/static/style.css"], n, args.requests).row("static file (baseline)"))
                run = drive(base, paths, n, args.requests)
                print(run.row("API and UI mix"))
                for e in run.errors[:5]:
                    print(f"  error: {e}")


if __name__ == "__main__":
    main()
