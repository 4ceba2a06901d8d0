"""Event coding (PLOVER categories and source actors) on the PLOVER gold-standard sentences, one table.

    python bench/events.py [--gold FILE] [--errors N] [--category CAT] [--folds K] [--before DIR]

Each record's `text` goes through `parse_many`, `resolve_entities`, `find_timexes` and `find_events`, with the
record's `date` (2000-01-01 for all of them) as the publication date. The gold is one PLOVER category per sentence
(`event`) with its source actors (`source`: `actorText` and a country-like `code`).

Figures:
- category found: share of sentences whose gold category is the type of at least one coded event;
- precision: over the sentences with at least one coded non-OTHER event, the coded non-OTHER events whose type is
  the sentence's gold category, divided by all coded non-OTHER events (negated ones included), pooled;
- source right: over the sentences whose category was found, the share where an event of that category has an
  actor matching a gold source actor: the actor's canonical name and the `actorText` contain one another
  (case-insensitive), or the actor is a country whose ISO 3166 alpha-3 code is the gold `code` (the gold's older
  codes JAP, ITL, VTN ... are read as JPN, ITA, VNM ...);
- ms/sentence: `find_events` alone (the parse, entities and time expressions are not counted).
Per category, the same figures over the sentences of that gold category; and the mode: over the sentences with a
gold `mode` whose category was found, the share where an event of that category has the gold mode (a gold
"demo-org" or "riot-spon" agrees with "demo", "riot": the gold refines modes the codebook leaves open).

Held-out figures. Nothing in the category rules is learned from this file by a program: the verb and noun tables
are written by hand from the PLOVER codebook's definitions and general English (word classes, synonyms,
suffix-derived nouns). But a table written by someone who has read these sentences fits them, so the figure on
them overstates what unseen sentences get. The held-out protocol takes that out:
- the sentences split into K folds by a stable hash of their `id` (sha1 mod K);
- for each fold, the words only it uses: the lemmas of its gold event words (the `EVT` spans of
  `textInfo.markup`) that no other fold's gold event words have. The tables lose every entry on those lemmas
  (verb patterns, intent rows, eventive nouns with the lemma in their key): the fold is scored as if the tables
  had been written without ever seeing its vocabulary. What finds its category then is the general part:
  synonyms of other folds' words, light verbs, suffix-derived nouns, governors of intended actions, grammar;
- held-out found and precision are pooled over the K folds so scored (and given per fold);
- generalization gap: the share of sentences that use such a fold-only word, and the share of gold event
  lemmas (verbs, nouns, adjectives) on which the full tables have no entry at all.
With `--before`, one more held-out line takes out only the fold-only words that the before tables had entries
on, keeping the entries new since: what the new entries add on words the before tables never knew.
`--before DIR` runs the same sentences with the tables of DIR (e.g. main's `src/storyline/extract/lexicons`)
first, for a before/after in one run (the code is this checkout's either way).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.extract import events as events_module  # noqa: E402
from storyline.extract import events_lexicon  # noqa: E402
from storyline.extract.entities import resolve_entities  # noqa: E402
from storyline.extract.events import find_events  # noqa: E402
from storyline.extract.nlp import parse_many  # noqa: E402
from storyline.extract.parsed import Parsed  # noqa: E402
from storyline.model import Event, Timex  # noqa: E402
from storyline.time import find_timexes  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "events" / "plover_gold.json"
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UGA ": "UGA"}
COUNTRY_ALIASES = {
    "russia": "RUS",
    "britain": "GBR",
    "great britain": "GBR",
    "united kingdom": "GBR",
    "uk": "GBR",
    "ivory coast": "CIV",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "palestine": "PSE",
    "palestinian territories": "PSE",
    "gaza": "PSE",
    "west bank": "PSE",
    "gaza strip": "PSE",
    "iran": "IRN",
    "syria": "SYR",
    "south korea": "KOR",
    "north korea": "PRK",
    "vietnam": "VNM",
    "taiwan": "TWN",
    "bolivia": "BOL",
    "laos": "LAO",
    "tanzania": "TZA",
    "moldova": "MDA",
    "venezuela": "VEN",
    "czech republic": "CZE",
    "congo": "COD",
    "democratic republic of the congo": "COD",
    "kosovo": "XKX",
    "east timor": "TLS",
    "burma": "MMR",
    "yugoslavia": "SRB",
    "turkey": "TUR",
}


@dataclass(slots=True)
class Row:
    sentences: int = 0
    found: int = 0
    coded_sentences: int = 0
    coded: int = 0
    right: int = 0
    source_right: int = 0
    moded: int = 0
    mode_right: int = 0
    by_type: Counter[str] = field(default_factory=Counter)

    def add(self, gold: str, events: list[Event], source_ok: bool, gold_mode: str = "") -> None:
        types = {e.type for e in events}
        self.sentences += 1
        if gold in types:
            self.found += 1
            self.source_right += source_ok
            if gold_mode:
                self.moded += 1
                self.mode_right += any(e.type == gold and mode_agrees(e.mode, gold_mode) for e in events)
        coded = [e.type for e in events if e.type != "OTHER"]
        if coded:
            self.coded_sentences += 1
            self.coded += len(coded)
            self.right += sum(t == gold for t in coded)
        self.by_type.update(coded)


def mode_agrees(mode: str | None, gold: str) -> bool:
    return mode is not None and (mode == gold or mode.split("-")[0] == gold.split("-")[0])


def fold_of(record_id: str, k: int) -> int:
    """A stable fold: the same sentence lands in the same fold in every run and on every machine."""
    return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % k


EVT = re.compile(r"\(EVT:\s*([^)]*)\)")


def event_lemmas(record: dict[str, Any], parsed: Parsed) -> set[str]:
    """The lemmas of the sentence's tokens that the gold marks as event words."""
    info = record.get("textInfo") or {}
    markup = str(info.get("markup", "") if isinstance(info, dict) else info)  # one record has the markup bare
    words = {w.lower() for span in EVT.findall(markup) for w in span.split()}
    return {
        t.lemma.lower()
        for t in parsed.tokens
        if t.text.lower() in words and t.pos in ("VERB", "NOUN", "ADJ") and t.lemma.lower() not in GRAMMAR
    }


GRAMMAR = frozenset({"be", "have", "do", "will", "would", "say"})


def known(lex: events_lexicon.Lexicon, lemma: str) -> bool:
    """Whether the tables have an entry on this lemma (a verb pattern, an intent row, a light verb, an eventive
    noun, the verb of a suffix-derived noun)."""
    words = {w for k in lex.nouns for w in k.split()} | set(lex.class_nouns)
    light = {w.split()[0] for w in lex.word_set("light")}
    return (
        lemma in lex.patterns
        or lemma in lex.intent
        or lemma in light
        or lemma in words
        or lex.deverbal(lemma) is not None
    )


def without(lex: events_lexicon.Lexicon, lemmas: set[str]) -> events_lexicon.Lexicon:
    """The tables with every entry on these lemmas taken out."""
    nouns = {k: v for k, v in lex.nouns.items() if not lemmas & set(k.split())}
    patterns = {v: ps for v, ps in lex.patterns.items() if v not in lemmas}
    intent = {w: i for w, i in lex.intent.items() if w not in lemmas}
    grammar = lex.verbs - set(lex.patterns) - set(lex.intent)
    return dataclasses.replace(
        lex,
        patterns=patterns,
        nouns=nouns,
        class_nouns=events_lexicon.class_noun_index(nouns),
        intent=intent,
        verbs=frozenset(grammar | set(patterns) | set(intent)),
        memo={},
    )


@dataclass(slots=True)
class Case:
    record: dict[str, Any]
    text: str
    parsed: Parsed
    entities: Any
    timexes: list[Timex]
    published: date
    lemmas: set[str] = field(default_factory=set)  # of the gold event words (verbs, nouns, adjectives)
    fold: int = 0


def iso3(name: str) -> str | None:
    key = name.casefold().removeprefix("the ")
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    try:
        import pycountry

        return str(pycountry.countries.lookup(name).alpha_3)
    except (LookupError, ImportError):
        return None


def actors_of(record: dict[str, Any]) -> list[dict[str, str]]:
    src = record.get("source") or []
    if isinstance(src, dict):
        src = [src]
    return [s for s in src if isinstance(s, dict)]


def source_matches(actor: str, gold: list[dict[str, str]]) -> bool:
    a = actor.casefold()
    code = iso3(actor)
    for g in gold:
        text = str(g.get("actorText", "")).casefold()
        if text and (a in text or text in a):
            return True
        gcode = str(g.get("code", "")).strip()
        if code is not None and OLD_CODES.get(gcode, gcode) == code:
            return True
    return False


def entry_lemmas(lex: events_lexicon.Lexicon) -> set[str]:
    """Every lemma the tables have an entry on."""
    return set(lex.patterns) | set(lex.intent) | {w for k in lex.nouns for w in k.split()}


def held_out(cases: list[Case], k: int, fitted: set[str] | None = None) -> dict[str, Any]:
    """Each fold scored with the tables less the words only that fold uses (see the module's docstring); with
    `fitted`, less only those of them that are in `fitted` (the entries of tables written from these sentences)."""
    full = events_lexicon.lexicon()
    pooled = Row()
    folds: dict[int, Row] = {}
    per: defaultdict[str, Row] = defaultdict(Row)
    touched = 0
    for i in range(k):
        inside = [c for c in cases if c.fold == i]
        elsewhere = set().union(*(c.lemmas for c in cases if c.fold != i))
        only = set().union(*(c.lemmas for c in inside)) - elsewhere
        if fitted is not None:
            only &= fitted
        touched += sum(bool(c.lemmas & only) for c in inside)
        reduced = without(full, only)
        events_module.lexicon = lambda reduced=reduced: reduced  # type: ignore[misc]  # bench-only swap
        try:
            res = evaluate(inside, k)
        finally:
            events_module.lexicon = events_lexicon.lexicon
        folds[i] = res["overall"]
        for name, row in res["per"].items():
            merge(per[name], row)
        merge(pooled, res["overall"])
    return {"overall": pooled, "folds": folds, "per": per, "touched": touched}


def merge(into: Row, row: Row) -> None:
    for name in ("sentences", "found", "coded_sentences", "coded", "right", "source_right", "moded", "mode_right"):
        setattr(into, name, getattr(into, name) + getattr(row, name))
    into.by_type.update(row.by_type)


def evaluate(cases: list[Case], k: int) -> dict[str, Any]:
    """Every figure of one run over the cases, with the tables `events.lexicon()` gives now."""
    overall = Row()
    per: defaultdict[str, Row] = defaultdict(Row)
    folds: defaultdict[int, Row] = defaultdict(Row)
    spent = 0.0
    misses: list[tuple[dict[str, Any], list[Event]]] = []
    wrong: list[tuple[dict[str, Any], list[Event]]] = []
    for c in cases:
        t0 = time.perf_counter()
        events = [e for e in find_events(c.parsed, c.entities, c.timexes, c.published) if e.coded]  # not the other mentions
        spent += time.perf_counter() - t0
        record = c.record
        gold = str(record["event"])
        gold_mode = str(record.get("mode") or "").strip()
        source_ok = any(
            source_matches(a, actors_of(record)) for e in events if e.type == gold for a in e.actors
        )
        for row in (overall, per[gold], folds[c.fold]):
            row.add(gold, events, source_ok, gold_mode)
        if gold not in {e.type for e in events}:
            misses.append((record, events))
        if any(e.type not in (gold, "OTHER") for e in events):
            wrong.append((record, events))
    return {"overall": overall, "per": per, "folds": folds, "spent": spent,
            "misses": misses, "wrong": wrong}


def rates(r: Row) -> tuple[float, float]:
    return (r.found / r.sentences if r.sentences else 0.0, r.right / r.coded if r.coded else 0.0)


def line(name: str, r: Row) -> str:
    found, prec = rates(r)
    src = r.source_right / r.found if r.found else 0.0
    mode = f"{r.mode_right / r.moded:>6.3f}" if r.moded else f"{'-':>6}"
    return f"{name:<12} {r.sentences:>5} {found:>7.3f} {prec:>9.3f} {r.coded:>6} {src:>7.3f} {mode}"


def summary(title: str, cases: list[Case], k: int, fitted: set[str] | None = None) -> dict[str, Any]:
    """One line: the figures on these sentences, and held out."""
    res = evaluate(cases, k)
    out = held_out(cases, k)
    if fitted is not None:
        part = held_out(cases, k, fitted)
        print(
            f"{title}, held out with only the fitted table's entries taken out (new entries kept): found "
            f"{rates(part['overall'])[0]:.3f} precision {rates(part['overall'])[1]:.3f}"
        )
        res["held_out_fitted"] = part
    found, prec = rates(res["overall"])
    hfound, hprec = rates(out["overall"])
    folds = [rates(r)[0] for r in out["folds"].values() if r.sentences]
    lex = events_lexicon.lexicon()
    lemmas = [w for c in cases for w in c.lemmas]
    unknown = sum(not known(lex, w) for w in lemmas)
    print(
        f"{title}: found {found:.3f} precision {prec:.3f} | held out ({k} folds): found {hfound:.3f} "
        f"(folds {min(folds):.3f}-{max(folds):.3f}) precision {hprec:.3f} | sentences using a fold-only word "
        f"{out['touched']}/{len(cases)} | gold event lemmas with no table entry {unknown}/{len(lemmas)}"
    )
    res["held_out"] = out
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--errors", type=int, default=0, help="print up to N sentences whose category was missed")
    ap.add_argument(
        "--wrong", type=int, default=0, help="print up to N sentences with events of another category"
    )
    ap.add_argument("--category", help="only sentences of this gold category")
    ap.add_argument("--folds", type=int, default=5, help="folds by a stable hash of the record id")
    ap.add_argument("--before", type=Path, help="a lexicons directory to run first, for a before/after")
    args = ap.parse_args(argv)

    records = [r for r in json.loads(args.gold.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    if args.category:
        records = [r for r in records if r["event"] == args.category]
    texts = [str(r["text"]) for r in records]
    k = max(2, args.folds)
    cases = []
    for record, text, parsed in zip(records, texts, parse_many(texts), strict=True):
        published = date.fromisoformat(record.get("date") or "2000-01-01")
        cases.append(
            Case(
                record,
                text,
                parsed,
                resolve_entities(parsed),
                find_timexes(text, published),
                published,
                event_lemmas(record, parsed),
                fold_of(str(record["id"]), k),
            )
        )
    fitted = None
    if args.before is not None:
        own = events_lexicon.LEXICONS
        events_lexicon.LEXICONS = args.before
        events_lexicon.lexicon.cache_clear()
        summary(f"before ({args.before})", cases, k)
        fitted = entry_lemmas(events_lexicon.lexicon())
        events_lexicon.LEXICONS = own
        events_lexicon.lexicon.cache_clear()
    res = summary("after" if args.before is not None else "this checkout", cases, k, fitted)
    overall, per = res["overall"], res["per"]
    print(
        f"\nPLOVER gold: {len(records)} sentences; find_events "
        f"{1000 * res['spent'] / max(1, len(records)):.2f} ms/sentence"
    )
    print(f"{'category':<12} {'sents':>5} {'found':>7} {'precision':>9} {'coded':>6} {'source':>7} {'mode':>6}")
    print(line("ALL", overall))
    for cat in sorted(per):
        print(line(cat, per[cat]))
    out = res["held_out"]
    print(f"\nheld out     {'sents':>5} {'found':>7} {'precision':>9} {'coded':>6} {'source':>7} {'mode':>6}")
    print(line("ALL", out["overall"]))
    for i in range(k):
        print(line(f"fold {i}", out["folds"][i]))
    for cat in sorted(out["per"]):
        print(line(cat, out["per"][cat]))
    print(f"\nfull tables  {'sents':>5} {'found':>7} {'precision':>9} {'coded':>6} {'source':>7} {'mode':>6}")
    for i in range(k):
        print(line(f"fold {i}", res["folds"][i]))
    print("\ncoded non-OTHER types:", ", ".join(f"{k} {v}" for k, v in overall.by_type.most_common()))
    for title, found_cases, limit in (
        ("missed", res["misses"], args.errors),
        ("other categories", res["wrong"], args.wrong),
    ):
        for record, events in found_cases[:limit]:
            coded = "; ".join(f"{e.type}/{e.action}{'(neg)' if e.negated else ''}" for e in events) or "-"
            print(f"\n{title} [{record['event']}] {record['text']}\n    coded: {coded}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
