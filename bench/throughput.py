"""Articles per second for `annotate` against bare spaCy `nlp.pipe` of the same model on the same texts.

    python bench/throughput.py [--n 500] [--workers 2]

The texts are the first N articles of ../shared/eval/corpus/bbc-fulltext (sorted by path). Every row runs in
this one process tree, one after another, on the same texts; model loading is outside the timings (each
system's pipeline is warmed on one text first, and worker start-up is inside them, as a user pays it).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.extract.nlp import load  # noqa: E402
from storyline.model import Document, Failure, RawInput  # noqa: E402
from storyline.pipeline import annotate_documents, clean_input  # noqa: E402


def corpus(n: int) -> list[str]:
    files = sorted((ROOT.parent / "shared" / "eval" / "corpus" / "bbc-fulltext").rglob("*.txt"))
    files = [f for f in files if f.name != "README.TXT"][:n]
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def bare(texts: list[str], workers: int) -> float:
    nlp = load()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=workers):
        pass
    return time.perf_counter() - t0


def storyline(texts: list[str], workers: int) -> tuple[float, int]:
    """Clean (as plain-text pages) and annotate: what `storyline annotate` does with each file."""
    t0 = time.perf_counter()
    docs = (clean_input(RawInput(source=f"bbc/{i}.txt", data=t, kind="text")) for i, t in enumerate(texts))
    n = 0
    for item in annotate_documents(docs, workers=workers):
        if isinstance(item, Failure):
            raise SystemExit(f"annotate failed: {item.reason}")
        n += len(item.events) + len(item.entities)
    return time.perf_counter() - t0, n


def run(n: int, workers: int) -> dict[str, object]:
    """Every row on the same texts, one after another: (system, workers, seconds)."""
    texts = corpus(n)
    load()  # model load outside the timings
    list(annotate_documents(iter([Document(id="warm", text=texts[0])])))
    rows = []
    for w in sorted({1, workers}):
        rows.append(("bare spaCy nlp.pipe", w, bare(texts, w)))
        rows.append(("storyline clean + annotate", w, storyline(texts, w)[0]))
    return {"n": len(texts), "words": sum(len(t.split()) for t in texts), "rows": rows,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def table(r: dict[str, object]) -> None:
    rows: list[tuple[str, int, float]] = r["rows"]  # type: ignore[assignment]
    n = int(r["n"])  # type: ignore[call-overload]
    bare_s = {w: s for name, w, s in rows if name.startswith("bare")}
    print(f"\n{n} BBC articles, {r['words']:,} words, model {load().meta['name']} {load().meta['version']}, "
          f"{os.cpu_count()} cores")
    print(f"{'system':<46} {'seconds':>8} {'articles/s':>11} {'vs bare spaCy, same processes':>30}")
    for name, w, secs in rows:
        label = f"{name}, {w} {'process(es)' if name.startswith('bare') else 'worker(s)'}"
        print(f"{label:<46} {secs:>8.1f} {n / secs:>11.1f} {bare_s[w] / secs:>29.2f}×")
    print(f"peak memory of the main process: {r['peak_mib']:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    table(run(args.n, args.workers))


if __name__ == "__main__":
    main()
