"""Hostile inputs by size: time and peak memory of clean + annotate for texts and pages of 10k, 100k and 1M
characters, and how each grows per 10x of input (linear is ~10x).

    .venv/bin/python bench/hostile.py                          # every case, 10k 100k 1M, clean and annotate
    .venv/bin/python bench/hostile.py --sizes 10000 100000     # fewer sizes
    .venv/bin/python bench/hostile.py --case svg-page --clean-only

Each case and size is generated here (never copied from anywhere) and run in a fresh interpreter, so that its
peak resident memory is its own: `clean` (inputs.clean_input: decode, clean) then, unless --clean-only,
`annotate` (nlp.parse_many + extract.annotate: what a worker process does with a document). Peak RSS is the
subprocess's growth over its own state after imports and the model's loading. The limits are lifted for the
run (STORYLINE_MAX_CHARS and friends), so that the cost is measured, not the refusal.

Cases: `text-short-lines` (a scrape of short lines, as in issue 18's 30,000-line file), `text-long-lines`
(paragraphs of ~1,500 characters, one a line), `html-flat` (many sibling paragraphs and list items),
`html-deep` (article paragraphs inside nested divs, one level more every paragraph), `svg-page` (an article
around one inline SVG that is most of the page).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

SENTENCE = ("The council voted on Tuesday to approve the new budget after a long debate about the schools, "
            "the harbour and the roads, officials said in a statement released late in the evening.")


def _fill(size: int, unit: Callable[[int], str], head: str = "", tail: str = "") -> str:
    parts = [head]
    total = len(head) + len(tail)
    i = 0
    while total < size:
        piece = unit(i)
        parts.append(piece)
        total += len(piece)
        i += 1
    parts.append(tail)
    return "".join(parts)


def text_short_lines(size: int) -> tuple[str, str]:
    return "lines.txt", _fill(size, lambda i: f"This is line {i} here.\n")


def text_long_lines(size: int) -> tuple[str, str]:
    return "paragraphs.txt", _fill(size, lambda i: f"{SENTENCE} ({i}) " * 8 + "\n\n", head="Council passes the budget\n\n")


HEAD = "<!DOCTYPE html><html><head><title>Council passes the budget</title></head><body><h1>Council passes the budget</h1>"


def html_flat(size: int) -> tuple[str, str]:
    return "flat.html", _fill(size, lambda i: f"<p>{SENTENCE} ({i})</p><ul><li>item {i}</li><li>more</li></ul>",
                              head=HEAD, tail="</body></html>")


def html_deep(size: int) -> tuple[str, str]:
    body = _fill(size, lambda i: f"<div class='d{i % 7}'><p>{SENTENCE} ({i})</p>", head=HEAD)
    return "deep.html", body + "</div>" * body.count("<div") + "</body></html>"


def svg_page(size: int) -> tuple[str, str]:
    article = "".join(f"<p>{SENTENCE} ({i})</p>" for i in range(12))
    shape = _fill(size - len(article) - len(HEAD),
                  lambda i: f'<path d="M{i} {i} L{i + 5} {i + 7} C 1 2 3 4 5 6" fill="#a{i % 10}c"/>')
    return "svg.html", f"{HEAD}{article[:1200]}<svg viewBox='0 0 9 9'><g>{shape}</g></svg>{article[1200:]}</body></html>"


CASES: dict[str, Callable[[int], tuple[str, str]]] = {
    "text-short-lines": text_short_lines,
    "text-long-lines": text_long_lines,
    "html-flat": html_flat,
    "html-deep": html_deep,
    "svg-page": svg_page,
}

_RUN = """
import json, resource, sys, time
from pathlib import Path
from storyline.ingest import read_file
from storyline.inputs import clean_input
annotate_too = sys.argv[2] == "1"
if annotate_too:
    from storyline.engines.local import warm
    from storyline.extract import annotate
    from storyline.extract.nlp import parse_many
    from storyline.model import Document
    warm()
    warm_text = "John Smith of Acme Corp said in Paris on Tuesday that 3 people were hurt."
    annotate(Document(id="w", text=warm_text), next(parse_many([warm_text])))  # the extractors' lazy tables
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
item = next(iter(read_file(Path(sys.argv[1]))))
start = time.perf_counter()
out = {}
try:
    doc = clean_input(item)
    out["clean_s"] = time.perf_counter() - start
    out["body"] = len(doc.text)
    if annotate_too:
        start = time.perf_counter()
        read = annotate(doc, next(parse_many([doc.text])))
        out["annotate_s"] = time.perf_counter() - start
        out["entities"] = len(read.entities)
except Exception as err:
    out["error"] = f"{type(err).__name__}: {err}"
out["peak_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
print(json.dumps(out))
"""

UNLIMITED = {"STORYLINE_MAX_CHARS": "100000000", "STORYLINE_MAX_LINES": "100000000",
             "STORYLINE_MAX_ELEMENTS": "100000000", "STORYLINE_MAX_SECONDS": "100000"}


def measure(path: Path, annotate: bool, timeout: float) -> dict[str, object]:
    """One input cleaned (and read) in a fresh interpreter: its JSON report, or what went wrong."""
    try:
        done = subprocess.run([sys.executable, "-c", _RUN, str(path), "1" if annotate else "0"],
                              capture_output=True, text=True, timeout=timeout, check=False,
                              env={**os.environ, **UNLIMITED})
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:g} s"}
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"}
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def _growth(values: list[float | None]) -> str:
    """Each value over the one before it (the sizes are 10x apart)."""
    out = []
    for a, b in pairwise(values):
        out.append(f"{b / a:.1f}x" if a and b else "-")
    return " ".join(out) or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=list(CASES))
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--clean-only", action="store_true", help="Clean, do not annotate.")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args(argv)
    failed = False
    print("| case | chars | body chars | clean s | annotate s | peak MB | outcome |\n|---|---|---|---|---|---|---|")
    growth: list[str] = []
    with tempfile.TemporaryDirectory(prefix="storyline-hostile-") as tmp:
        for name in args.case or list(CASES):
            times: list[float | None] = []
            peaks: list[float | None] = []
            for size in args.sizes:
                filename, content = CASES[name](size)
                path = Path(tmp) / filename
                path.write_text(content)
                r = measure(path, not args.clean_only, args.timeout)
                failed |= "error" in r
                total = float(r.get("clean_s", 0) or 0) + float(r.get("annotate_s", 0) or 0)  # type: ignore[arg-type]
                times.append(total if "error" not in r else None)
                peaks.append(max(float(r.get("peak_mb", 0) or 0), 1.0))  # type: ignore[arg-type]
                print(f"| {name} | {len(content):,} | {r.get('body', '-')} | {r.get('clean_s', 0):.2f} | "
                      f"{r.get('annotate_s', 0):.2f} | {r.get('peak_mb', 0):.0f} | {r.get('error', 'ok')} |",
                      flush=True)
                path.unlink()
            growth.append(f"| {name} | {_growth(times)} | {_growth(peaks)} |")
    print("\nGrowth per 10x of input (linear is ~10x time; memory includes a fixed part, so less):\n")
    print("| case | time | peak memory |\n|---|---|---|")
    print("\n".join(growth))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
