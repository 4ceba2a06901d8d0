"""Entity timelines on SemEval-2015 Task 4 (TimeLine, track A: raw text), pairwise temporal awareness.

    python bench/timeline_semeval.py [--baseline REF] [--corpus airbus|apple|all] [--show N]

The corpora are those of `../shared/eval/timeline/semeval2015` (its SOURCE.md gives the format): the Apple
trial timelines (documents: MEANTIME's apple, `../shared/eval/meantime/intra-doc_annotation/corpus_apple`) and
evaluation corpus 1, Airbus (`corpus_trackA_CAT`). The Apple trial timelines cite documents (by id) none of which
is among MEANTIME's apple documents, so Apple is reported as not scored: only Airbus is measured. Each document's CAT tokens are written out as text (sentence
0, the headline, as its first paragraph, the other sentences as the next), with its creation time as the
publication date, into one JSON Lines file per corpus, and ingested as a user would (`storyline ingest FILE
--db sqlite:///...`, a subprocess running the sources measured) into a fresh dossier per corpus. Then, for each
gold entity, `timeline --entity NAME` is read through the read layer (`storyline.reads.dossier.timeline`).

A system timeline: its items in the order the timeline gives, each item's mentions the CAT tokens its reports'
triggers fall on (`DOCID-SENTENCE-WORD`, as the gold writes them); dated items are placed by their date value
(equal values share a place), undated items are not placed (position 0, as the gold's). A date is compared as
the gold writes it: `YYYY-MM-DD` with `XX` for what the value does not say ("2008-03" → 2008-03-XX).

Figures, pooled over the entities of a corpus (micro):
- mention recall: the gold's event mentions that are mentions of some item of the entity's system timeline;
- pairwise temporal awareness: each timeline as relations (every mention to its event's date where known; every
  pair of mentions of two placed events, before or simultaneous by their places; every pair of mentions of one
  event, simultaneous), precision and recall of the system's relations against the gold's, F1 in percent as the
  task reports it (the best published track A system: 7.85 on the official, closure-based metric, which this
  pairwise version approximates).
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from timeline_dates import ingest_and_read, per_system  # noqa: E402  (shared with the CSIS bench)

EVAL = ROOT.parent / "shared" / "eval"
SEMEVAL = EVAL / "timeline" / "semeval2015"
CORPORA = {
    "apple": (EVAL / "meantime" / "intra-doc_annotation" / "corpus_apple", SEMEVAL / "trial_apple_timelines"),
    "airbus": (SEMEVAL / "corpus_1_airbus" / "corpus_trackA_CAT",
               SEMEVAL / "corpus_1_airbus" / "TimeLines_Gold_Standard"),
}
URL = "https://semeval.invalid/{}/{}"
TOKEN = re.compile(r'<token number="(\d+)" sentence="(\d+)" t_id="(\d+)">(.*?)</token>')
DCT = re.compile(r'functionInDocument="CREATION_TIME"[^>]*value="(\d{4}-\d{2}-\d{2})')
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'", "''"}
NO_SPACE_AFTER = {"(", "[", "$", "``"}

# Reads the dossier in the subprocess of the sources measured: each entity's timeline and the documents' texts.
READER = r"""
import json, sys
from storyline.store import open_store
from storyline.reads import dossier
store = open_store(sys.argv[1])
names = json.loads(sys.argv[2])
out = {"docs": {}, "timelines": {}}
with store.engine.connect() as conn:
    for d in store.iter_documents():
        out["docs"][d.id] = {"url": d.url, "text": d.text}
    for name in names:
        out["timelines"][name] = [
            {"date": item["date"], "triggers": [[e["document"], e["trigger"]["start"], e["trigger"]["end"]]
                                                for e in item["evidence"] if e.get("trigger")]}
            for item in dossier.timeline(conn, entity=name)
        ]
store.close()
print(json.dumps(out))
"""


@dataclass(slots=True)
class Doc:
    id: str
    tokens: list[tuple[int, str]]  # (sentence, token text), in order
    published: str | None
    ids: list[str] = field(default_factory=list)  # each token's t_id

    def text(self) -> str:
        sentences: defaultdict[int, list[str]] = defaultdict(list)
        for s, w in self.tokens:
            sentences[s].append(w)
        parts = [_detokenized(sentences[s]) for s in sorted(sentences)]
        return parts[0] + "\n\n" + " ".join(parts[1:]) if len(parts) > 1 else parts[0]


@dataclass(slots=True)
class Timeline:
    entity: str
    events: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)  # (position, date, mentions)


def _detokenized(words: list[str]) -> str:
    out = ""
    for w in words:
        if out and w not in NO_SPACE_BEFORE and out.split(" ")[-1] not in NO_SPACE_AFTER:
            out += " "
        out += w
    return out


def read_doc(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    doc_id = re.search(r'doc_id="(\d+)"', raw)
    found = TOKEN.findall(raw)
    tokens = [(int(s), html.unescape(w)) for _, s, _, w in found]
    dct = DCT.search(raw)
    return Doc(doc_id.group(1) if doc_id else path.stem, tokens, dct.group(1) if dct else None,
               [t for _, _, t, _ in found])


def read_gold(path: Path) -> Timeline:
    lines = path.read_text(encoding="utf-8").splitlines()
    tl = Timeline(lines[0].strip())
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) >= 3:
            tl.events.append((int(fields[0]), fields[1], tuple(fields[2:])))
    return tl


def locate(doc: Doc, stored: str) -> list[tuple[int, int, int, str, str]]:
    """Each CAT token's span in the stored text, found in order: (start, end, sentence, word, t_id). The
    headline (sentence 0) is the document's title, not in its text, when the text does not open with it: its
    words would otherwise be found further on, and every token after them missed."""
    out, at = [], 0
    headline = [w for s, w in doc.tokens if s == 0]
    skip_headline = bool(headline) and not stored.lstrip().startswith(_detokenized(headline)[:30])
    for (s, w), tid in zip(doc.tokens, doc.ids, strict=True):
        if s == 0 and skip_headline:
            continue
        i = stored.find(w, at)
        if i < 0 or i - at > 200:  # a token the cleaner dropped, or rewrote: skip it
            continue
        out.append((i, i + len(w), s, w, tid))
        at = i + len(w)
    return out


def token_at(spans: list[tuple[int, int, int, str, str]], offset: int) -> tuple[int, int, int, str, str] | None:
    """The located token (`locate`) a character offset of the stored text falls on."""
    return next((t for t in spans if t[0] <= offset < t[1]), None)


def gold_date(value: str | None) -> str:
    """A date value as the gold writes it: YYYY-MM-DD with XX for the parts the value does not say (a time
    of day is dropped: the gold dates days)."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:$|T)", value or "")
    if not m:
        return "XXXX-XX-XX"
    return f"{m.group(1)}-{m.group(2) or 'XX'}-{m.group(3) or 'XX'}"


def system_timeline(name: str, items: list[dict[str, Any]],
                    spans: dict[str, list[tuple[int, int, int, str, str]]], doc_of: dict[str, str]) -> Timeline:
    tl = Timeline(name)
    places: dict[str, int] = {}
    for item in items:
        value = (item["date"] or {}).get("value")
        mentions = []
        for doc, start, _end in item["triggers"]:
            token = token_at(spans.get(doc, ()), start)
            if token is not None:
                mentions.append(f"{doc_of.get(doc)}-{token[2]}-{token[3]}")
        if not mentions:
            continue
        position = 0 if value is None else places.setdefault(value, len(places) + 1)  # undated: not placed
        tl.events.append((position, gold_date(value) if value else "XXXX-XX-XX", tuple(dict.fromkeys(mentions))))
    return tl


def relations(tl: Timeline) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for _pos, when, mentions in tl.events:
        if when != "XXXX-XX-XX":
            out.update(("date", m, when) for m in mentions)
        out.update(("=", *sorted(pair)) for pair in combinations(mentions, 2))
    placed = [(p, ms) for p, _, ms in tl.events if p > 0]
    for (pa, ma), (pb, mb) in combinations(placed, 2):
        for a in ma:
            for b in mb:
                if a == b:
                    continue
                if pa == pb:
                    out.add(("=", *sorted((a, b))))
                else:
                    out.add(("<", a, b) if pa < pb else ("<", b, a))
    return out


def mentions_of(tl: Timeline) -> set[str]:
    return {m for _, _, ms in tl.events for m in ms}


def ingested(src: Path, corpus: str, docs: list[Doc], workdir: Path, reader: str, *args: str
             ) -> tuple[dict[str, Any], float]:
    """The documents ingested with the sources at `src` into a fresh SQLite dossier (one JSON Lines file, as a
    user would), and what the `reader` script prints of it (JSON), with the seconds the ingest took."""
    feed = workdir / f"{corpus}.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for d in docs:
            row = {"text": d.text(), "url": URL.format(corpus, d.id)}
            if d.published:
                row["published"] = d.published
            f.write(json.dumps(row) + "\n")
    return ingest_and_read(src, feed, workdir / f"{corpus}.db", reader, *args)


def run_corpus(src: Path, corpus: str, workdir: Path) -> dict[str, Any]:
    docs_dir, gold_dir = CORPORA[corpus]
    docs = [read_doc(p) for p in sorted(docs_dir.glob("*.xml"))]
    gold = [read_gold(p) for p in sorted(gold_dir.glob("*.txt"))]
    targets = [line.strip() for f in gold_dir.parent.glob("list_target_entities*.txt")
               for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    for g in gold:  # a gold file's name line with a typo ("Air Froce"): the corpus's list of targets spells it
        close = difflib.get_close_matches(g.entity, targets, n=1, cutoff=0.85)
        g.entity = close[0] if close else g.entity
    have = {d.id for d in docs}
    if not any(m.split("-")[0] in have for g in gold for _, _, ms in g.events for m in ms):
        return {"rows": [], "seconds": 0.0, "docs": len(docs), "stored": 0, "absent": True}
    dossier, seconds = ingested(src, corpus, docs, workdir, READER, json.dumps([g.entity for g in gold]))
    by_url = {URL.format(corpus, d.id): d for d in docs}
    doc_of = {doc_id: by_url[d["url"]].id for doc_id, d in dossier["docs"].items() if d["url"] in by_url}
    spans = {doc_id: locate(by_url[d["url"]], d["text"]) for doc_id, d in dossier["docs"].items()
             if d["url"] in by_url}
    rows = []
    for g in gold:
        s = system_timeline(g.entity, dossier["timelines"].get(g.entity, []), spans, doc_of)
        gr, sr = relations(g), relations(s)
        gm, sm = mentions_of(g), mentions_of(s)
        rows.append({"entity": g.entity, "gold_rel": len(gr), "sys_rel": len(sr), "hit_rel": len(gr & sr),
                     "gold_m": len(gm), "hit_m": len(gm & sm), "sys_items": len(s.events),
                     "found": bool(dossier["timelines"].get(g.entity))})
    return {"rows": rows, "seconds": seconds, "docs": len(docs), "stored": len(dossier["docs"])}


def totals(rows: list[dict[str, Any]]) -> dict[str, float]:
    g = sum(r["gold_rel"] for r in rows)
    s = sum(r["sys_rel"] for r in rows)
    h = sum(r["hit_rel"] for r in rows)
    p = h / s if s else 0.0
    r = h / g if g else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    gm = sum(r_["gold_m"] for r_ in rows)
    hm = sum(r_["hit_m"] for r_ in rows)
    return {"P": 100 * p, "R": 100 * r, "F1": 100 * f1, "mention_recall": hm / gm if gm else 0.0,
            "entities_found": sum(r_["found"] for r_ in rows), "entities": len(rows)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", metavar="REF", help="also measure the sources of this git commit")
    ap.add_argument("--corpus", choices=("airbus", "apple", "all"), default="all")
    ap.add_argument("--show", type=int, default=0, help="per-entity rows for up to N entities of each corpus")
    args = ap.parse_args()
    corpora = list(CORPORA) if args.corpus == "all" else [args.corpus]
    results = per_system(args.baseline, corpora, run_corpus)
    print("\nSemEval-2015 Task 4, track A (raw text): entity timelines from `timeline --entity`")
    print(f"{'system':<28} {'corpus':<8} {'entities':>9} {'mention R':>10} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'ingest s':>9}")
    for label, per in results.items():
        for corpus, res in per.items():
            if res.get("absent"):
                print(f"{label:<28} {corpus:<8} not scored: none of the documents its gold timelines cite is here")
                continue
            t = totals(res["rows"])
            print(f"{label:<28} {corpus:<8} {t['entities_found']:>4}/{t['entities']:<4} "
                  f"{t['mention_recall']:>10.3f} {t['P']:>6.1f} {t['R']:>6.1f} {t['F1']:>6.1f} "
                  f"{res['seconds']:>9.1f}")
    print(f"{'best published (track A)':<28} {'3 corpora':<8} {'':>9} {'':>10} {'':>6} {'':>6} {7.85:>6.2f}")
    if args.show:
        for label, per in results.items():
            for corpus, res in per.items():
                print(f"\n{label}, {corpus}: entity, gold relations, system relations, right, gold mentions found")
                for r in res["rows"][: args.show]:
                    print(f"  {r['entity']:<28} {r['gold_rel']:>6} {r['sys_rel']:>6} {r['hit_rel']:>5} "
                          f"{r['hit_m']:>4}/{r['gold_m']}")


if __name__ == "__main__":
    main()
