"""The cost of ingesting articles into the dossier: time and peak memory per article at 1k / 5k / 20k articles.

    python bench/dossier_cost.py [--sizes 1000,5000,20000] [--bbc 2225] [--workers 2]

The BBC corpus (../shared/eval/corpus) is read once (cleaned and annotated on `--workers` processes, cached in
bench/out/); then, for each size, a fresh SQLite dossier receives that many articles: the BBC articles repeated
with a distinct closing line, so each is a new document, each written with all its facts through the store's
real write path (document, mentions, time expressions, claims, events, quantities, cross-document entity
resolution, timeline merging) in its own transaction. Each size runs in a fresh process, so its peak memory
(ru_maxrss) is its own. Parsing is left out of the per-article figures: `bench/throughput.py` measures it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.model import Annotations, Document, RawInput  # noqa: E402

CACHE = ROOT / "bench" / "out" / "bbc-annotations.pickle"


def annotated(n: int, workers: int) -> list[Annotations]:
    if CACHE.exists():
        cached: list[Annotations] = pickle.loads(CACHE.read_bytes())
        if len(cached) >= n:
            return cached[:n]
    from storyline.pipeline import annotate_documents, clean_input

    files = sorted((ROOT.parent / "shared" / "eval" / "corpus" / "bbc-fulltext").rglob("*.txt"))
    files = [f for f in files if f.name != "README.TXT"][:n]
    docs = (clean_input(RawInput(source=str(f), data=f.read_bytes(), kind="text")) for f in files)
    out = [a for a in annotate_documents(docs, workers=workers) if isinstance(a, Annotations)]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(out))
    return out


def _copy(a: Annotations, k: int) -> Annotations:
    text = a.document.text + f"\n\nRepeat {k}."  # a suffix: every span of the original stays where it was
    doc = replace(a.document, id=Document.id_for(text), text=text, source=f"{a.document.source}#{k}")
    return replace(a, document=doc)


def ingest_size(size: int) -> dict[str, float]:
    from storyline.store import open_store

    base: list[Annotations] = pickle.loads(CACHE.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/cost.db")
        times: list[float] = []
        for i in range(size):
            a = _copy(base[i % len(base)], i // len(base))
            t0 = time.perf_counter()
            store.add_document(a.document, annotations=a)
            times.append(time.perf_counter() - t0)
        counts = {name: store.engine.connect().exec_driver_sql(f"SELECT count(*) FROM {name}").scalar() or 0
                  for name in ("entities", "timeline_items", "claims", "events")}
        store.close()
    tenth = max(1, size // 10)
    return {
        "size": size,
        "first_ms": 1000 * sum(times[:tenth]) / tenth,
        "last_ms": 1000 * sum(times[-tenth:]) / tenth,
        "mean_ms": 1000 * sum(times) / size,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **{k: float(v) for k, v in counts.items()},
    }


def table(sizes: list[int], distinct: int, workers: int) -> None:
    base = annotated(distinct, workers)
    print(f"\nIngest into the dossier (SQLite, one transaction per article), {len(base)} distinct BBC articles "
          "repeated; parse time excluded")
    print(f"{'articles':>8} {'ms/article first 10%':>21} {'last 10%':>9} {'mean':>6} {'peak MiB':>9} "
          f"{'entities':>9} {'timeline':>9} {'claims':>8}")
    ctx = multiprocessing.get_context("spawn")
    for size in sizes:
        with ctx.Pool(1) as pool:
            r = pool.apply(ingest_size, (size,))
        print(f"{int(r['size']):>8} {r['first_ms']:>21.1f} {r['last_ms']:>9.1f} {r['mean_ms']:>6.1f} "
              f"{r['peak_mib']:>9.0f} {int(r['entities']):>9} {int(r['timeline_items']):>9} {int(r['claims']):>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--bbc", type=int, default=2225)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    table([int(s) for s in args.sizes.split(",")], args.bbc, args.workers)


if __name__ == "__main__":
    main()
