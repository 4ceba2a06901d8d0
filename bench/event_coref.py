"""Cross-document event coreference on MEANTIME: do the timeline's items hold the mentions of one real event?

    python bench/event_coref.py [--baseline REF] [--corpus airbus|apple|all]

The documents of `../shared/eval/meantime/intra_cross-doc_annotation/corpus_{airbus,apple}` (30 each, CAT XML)
are written out as text and ingested as `bench/timeline_semeval.py` does (one fresh SQLite dossier per corpus,
the sources measured in a subprocess). The gold: each `EVENT_MENTION` in the cluster of the `EVENT` node it
`REFERS_TO`, nodes with one cross-document `instance_id` being one (a mention that refers to none is its own
cluster). The response: each gold
mention in the cluster of the timeline item one of whose reports' triggers falls on one of its tokens; a gold
mention no item covers is its own cluster (the gold-mention setting: the measure is of the joining, on every gold
mention, with what the reading misses counting against it). Beside it, in the same run:
- same lemma: the gold mentions clustered by their predicate (`pred`, else the token, lower-cased) across the
  corpus, the baseline the issue names;
- singletons: every mention alone.
Scores: MUC, B³ and CEAF-e F1, and CoNLL F1 (their mean), in percent; and the share of gold mentions some item
covers.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from timeline_semeval import Doc, ingested, locate, per_system, read_doc, token_at  # noqa: E402

MEANTIME = ROOT.parent / "shared" / "eval" / "meantime" / "intra_cross-doc_annotation"
CORPORA = ("airbus", "apple")
MENTION = re.compile(r'<EVENT_MENTION\b([^>]*)>(.*?)</EVENT_MENTION>', re.S)
ANCHOR = re.compile(r'<token_anchor t_id="(\d+)"/>')
INSTANCE = re.compile(r'<EVENT\b([^>]*)/?>')
REFERS = re.compile(r'<REFERS_TO\b[^>]*>(.*?)</REFERS_TO>', re.S)
SOURCE = re.compile(r'<source m_id="(\d+)"/>')
TARGET = re.compile(r'<target m_id="(\d+)"/>')

READER = r"""
import json, sys
from storyline.store import open_store
from storyline.reads import dossier
store = open_store(sys.argv[1])
out = {"docs": {}, "items": []}
with store.engine.connect() as conn:
    for d in store.iter_documents():
        out["docs"][d.id] = {"url": d.url, "text": d.text}
    for item in dossier.timeline(conn):
        out["items"].append([[e["document"], e["trigger"]["start"]] for e in item["evidence"] if e.get("trigger")])
store.close()
print(json.dumps(out))
"""

Mention = tuple[str, str]  # (document id, m_id)


def gold_mentions(path: Path, doc: Doc) -> tuple[dict[Mention, tuple[str, ...]], dict[Mention, str], dict[Mention, str]]:
    """A document's event mentions: their tokens (t_ids), their gold cluster, their predicate."""
    raw = path.read_text(encoding="utf-8")
    words = dict(zip(doc.ids, (w for _, w in doc.tokens), strict=True))
    tokens: dict[Mention, tuple[str, ...]] = {}
    pred: dict[Mention, str] = {}
    for attrs, body in MENTION.findall(raw):
        m_id = re.search(r'm_id="(\d+)"', attrs)
        ids = tuple(ANCHOR.findall(body))
        if m_id is None or not ids:
            continue
        key = (doc.id, m_id.group(1))
        tokens[key] = ids
        p = re.search(r'pred="([^"]*)"', attrs)
        pred[key] = (p.group(1) if p and p.group(1) else " ".join(words.get(t, "") for t in ids)).lower()
    instance = {}  # an EVENT node: its cross-document instance id, else one of this document alone
    for attrs in INSTANCE.findall(raw):
        m_id, inst = re.search(r'm_id="(\d+)"', attrs), re.search(r'instance_id="([^"]+)"', attrs)
        if m_id is not None:
            instance[m_id.group(1)] = inst.group(1) if inst else f"{doc.id}:{m_id.group(1)}"
    cluster: dict[Mention, str] = {}
    for body in REFERS.findall(raw):
        targets = [instance[t] for t in TARGET.findall(body) if t in instance]
        if targets:
            for s in SOURCE.findall(body):
                if (doc.id, s) in tokens:
                    cluster[(doc.id, s)] = targets[0]
    for key in tokens:
        cluster.setdefault(key, f"single:{key[0]}:{key[1]}")
    return tokens, cluster, pred


def clusters(assign: dict[Mention, Hashable]) -> list[set[Mention]]:
    by: defaultdict[Hashable, set[Mention]] = defaultdict(set)
    for m, c in assign.items():
        by[c].add(m)
    return list(by.values())


def muc(key: list[set[Mention]], response: list[set[Mention]]) -> tuple[float, float]:
    def score(a: list[set[Mention]], b: list[set[Mention]]) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den
    rn, rd = score(key, response)
    pn, pd = score(response, key)
    return (pn / pd if pd else 0.0), (rn / rd if rd else 0.0)


def b_cubed(key: list[set[Mention]], response: list[set[Mention]]) -> tuple[float, float]:
    k = {m: c for c in key for m in c}
    r = {m: c for c in response for m in c}
    mentions = list(k)
    recall = sum(len(k[m] & r.get(m, {m})) / len(k[m]) for m in mentions) / len(mentions)
    precision = sum(len(r[m] & k.get(m, {m})) / len(r[m]) for m in r) / len(r)
    return precision, recall


def ceaf_e(key: list[set[Mention]], response: list[set[Mention]]) -> tuple[float, float]:
    sim = np.array([[2 * len(a & b) / (len(a) + len(b)) for b in response] for a in key])
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return total / len(response), total / len(key)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(key: list[set[Mention]], response: list[set[Mention]]) -> dict[str, float]:
    m, b, c = (f1(*fn(key, response)) for fn in (muc, b_cubed, ceaf_e))
    return {"MUC": 100 * m, "B3": 100 * b, "CEAF-e": 100 * c, "CoNLL": 100 * (m + b + c) / 3}


def run_corpus(src: Path, corpus: str, workdir: Path) -> dict[str, Any]:
    paths = sorted((MEANTIME / f"corpus_{corpus}").glob("*.xml"))
    docs = [read_doc(p) for p in paths]
    tokens: dict[Mention, tuple[str, ...]] = {}
    gold: dict[Mention, str] = {}
    pred: dict[Mention, str] = {}
    for path, doc in zip(paths, docs, strict=True):
        t, g, p = gold_mentions(path, doc)
        tokens |= t
        gold |= g
        pred |= p
    dossier, seconds = ingested(src, corpus, docs, workdir, READER)
    by_url = {f"https://semeval.invalid/{corpus}/{d.id}": d for d in docs}
    cat_of = {doc_id: by_url[d["url"]] for doc_id, d in dossier["docs"].items() if d["url"] in by_url}
    spans = {doc_id: locate(cat, dossier["docs"][doc_id]["text"]) for doc_id, cat in cat_of.items()}
    mention_of = {(m[0], t): m for m, ids in tokens.items() for t in ids}
    response: dict[Mention, Hashable] = {}
    for k, triggers in enumerate(dossier["items"]):
        for doc_id, start in triggers:
            token = token_at(spans.get(doc_id, []), start)
            m = mention_of.get((cat_of[doc_id].id, token[4])) if token is not None else None
            if m is not None and m not in response:
                response[m] = f"item:{k}"
    covered = len(response) / len(tokens)
    for m in tokens:
        response.setdefault(m, f"alone:{m}")
    key = clusters(gold)
    return {
        "storyline": scores(key, clusters(response)),
        "same lemma": scores(key, clusters({m: pred[m] for m in tokens})),
        "singletons": scores(key, clusters({m: m for m in tokens})),
        "covered": covered, "mentions": len(tokens), "gold clusters": len(key), "seconds": seconds,
    }


def table(rows: Iterable[tuple[str, str, dict[str, float], str]]) -> None:
    print(f"{'system':<30} {'corpus':<7} {'MUC':>6} {'B3':>6} {'CEAF-e':>7} {'CoNLL':>6}  mentions covered")
    for label, corpus, s, extra in rows:
        print(f"{label:<30} {corpus:<7} {s['MUC']:>6.1f} {s['B3']:>6.1f} {s['CEAF-e']:>7.1f} {s['CoNLL']:>6.1f}  "
              f"{extra}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", metavar="REF", help="also measure the sources of this git commit")
    ap.add_argument("--corpus", choices=(*CORPORA, "all"), default="all")
    args = ap.parse_args()
    corpora = list(CORPORA) if args.corpus == "all" else [args.corpus]
    results = per_system(args.baseline, corpora, run_corpus)
    print("\nCross-document event coreference, MEANTIME (gold mentions; a mention no item covers stands alone)")
    rows = []
    first = next(iter(results.values()))
    for corpus, res in first.items():
        rows.append(("singletons", corpus, res["singletons"], f"{res['mentions']} gold mentions, "
                                                              f"{res['gold clusters']} gold clusters"))
        rows.append(("same lemma (baseline)", corpus, res["same lemma"], ""))
    for label, per in results.items():
        for corpus, res in per.items():
            rows.append((f"storyline, {label}", corpus, res["storyline"], f"{res['covered']:.3f}"))
    table(rows)


if __name__ == "__main__":
    main()
