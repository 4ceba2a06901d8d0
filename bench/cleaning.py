"""Main-text extraction quality on ../shared/eval/article-extraction, side by side with the baselines, one run.

    python bench/cleaning.py [--eval DIR] [--only html|text]

Scores each system's main text against the gold `articleBody` by bag-of-words F1: lower-cased `\\w+` tokens,
multiset overlap, precision and recall per page, F1 averaged over pages.

- HTML: storyline's HTML cleaner; trafilatura as installed, run now; the recorded outputs of trafilatura,
  readability, newspaper and go-trafilatura that ship with the benchmark.
- Text: the same pages rendered to their visible text (every line a reader sees, navigation and footers too,
  by `storyline.clean.visible`), then cleaned as text by storyline's plain-text cleaner; trafilatura on the same
  lines (each line given to it as a paragraph); and keeping every line.
"""

from __future__ import annotations

import argparse
import gzip
import html as htmllib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.clean.html import clean_html  # noqa: E402
from storyline.clean.plaintext import clean_text  # noqa: E402
from storyline.clean.visible import visible_text  # noqa: E402

TOKEN = re.compile(r"\w+")


def bow_prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = Counter(TOKEN.findall(pred.lower())), Counter(TOKEN.findall(gold.lower()))
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load(eval_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    gold_all = json.loads((eval_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages, gold = {}, {}
    for f in sorted((eval_dir / "html").glob("*.html.gz")):
        key = f.name.removesuffix(".html.gz")
        if key in gold_all:
            pages[key] = gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
            gold[key] = gold_all[key]["articleBody"]
    return pages, gold


def trafilatura_text(text: str) -> str:
    import trafilatura

    body = "".join(f"<p>{htmllib.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return trafilatura.extract(f"<html><body>{body}</body></html>") or ""


def trafilatura_html(page: str) -> str:
    import trafilatura

    return trafilatura.extract(page) or ""


def score(name: str, outputs: dict[str, str], gold: dict[str, str], seconds: float | None = None) -> dict[str, object]:
    rows = [bow_prf(outputs.get(k, ""), g) for k, g in gold.items()]
    n = len(rows)
    return {
        "system": name,
        "pages": n,
        "precision": sum(r[0] for r in rows) / n,
        "recall": sum(r[1] for r in rows) / n,
        "f1": sum(r[2] for r in rows) / n,
        "seconds": seconds,
    }


def run(name: str, fn: Callable[[str], str], inputs: dict[str, str], gold: dict[str, str]) -> dict[str, object]:
    t0 = time.perf_counter()
    out = {k: fn(v) for k, v in inputs.items()}
    return score(name, out, gold, time.perf_counter() - t0)


def table(title: str, rows: list[dict[str, object]]) -> None:
    print(f"\n{title}")
    print(f"{'system':<34} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    for r in rows:
        secs = f"{r['seconds']:.1f}" if r["seconds"] is not None else "recorded"
        print(f"{r['system']:<34} {r['pages']:>5} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f} {secs:>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval" / "article-extraction")
    ap.add_argument("--only", choices=["html", "text"])
    ap.add_argument("--json", action="store_true", help="print the scores as JSON after the tables")
    args = ap.parse_args()
    pages, gold = load(args.eval)
    results: dict[str, list[dict[str, object]]] = {}

    if args.only in (None, "html"):
        rows = [run("storyline (html)", lambda p: clean_html(p).text, pages, gold),
                run("trafilatura (run now)", trafilatura_html, pages, gold)]
        for system in ("trafilatura", "readability", "newspaper", "go_trafilatura"):
            recorded = args.eval / "output" / f"{system}.json"
            if recorded.exists():
                data = json.loads(recorded.read_text(encoding="utf-8"))
                out = {k: v.get("articleBody", "") for k, v in data.get("output", data).items()}
                rows.append(score(f"{system} (recorded)", out, gold))
        results["html"] = rows
        table("HTML pages", rows)

    if args.only in (None, "text"):
        texts = {k: visible_text(p) for k, p in pages.items()}
        rows = [run("storyline (text)", lambda t: clean_text(t).text, texts, gold),
                run("trafilatura on the same text", trafilatura_text, texts, gold),
                run("every line kept", lambda t: t, texts, gold)]
        results["text"] = rows
        table("The same pages as plain text (every visible line)", rows)

    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
