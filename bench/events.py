"""Event coding (PLOVER categories and source actors) on the PLOVER gold-standard sentences, one table.

    python bench/events.py [--gold FILE] [--errors N] [--category CAT]

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
Per category, the same figures over the sentences of that gold category.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.extract.entities import resolve_entities  # noqa: E402
from storyline.extract.events import find_events  # noqa: E402
from storyline.extract.nlp import parse_many  # noqa: E402
from storyline.model import Event  # noqa: E402
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
    by_type: Counter[str] = field(default_factory=Counter)

    def add(self, gold: str, events: list[Event], source_ok: bool) -> None:
        types = {e.type for e in events}
        self.sentences += 1
        if gold in types:
            self.found += 1
            self.source_right += source_ok
        coded = [e.type for e in events if e.type != "OTHER"]
        if coded:
            self.coded_sentences += 1
            self.coded += len(coded)
            self.right += sum(t == gold for t in coded)
        self.by_type.update(coded)


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--errors", type=int, default=0, help="print up to N sentences whose category was missed")
    ap.add_argument(
        "--wrong", type=int, default=0, help="print up to N sentences with events of another category"
    )
    ap.add_argument("--category", help="only sentences of this gold category")
    args = ap.parse_args(argv)

    records = [r for r in json.loads(args.gold.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    if args.category:
        records = [r for r in records if r["event"] == args.category]
    texts = [str(r["text"]) for r in records]
    overall = Row()
    per: defaultdict[str, Row] = defaultdict(Row)
    spent = 0.0
    misses: list[tuple[dict[str, Any], list[Event]]] = []
    wrong: list[tuple[dict[str, Any], list[Event]]] = []
    for record, text, parsed in zip(records, texts, parse_many(texts), strict=True):
        published = date.fromisoformat(record.get("date") or "2000-01-01")
        entities = resolve_entities(parsed)
        timexes = find_timexes(text, published)
        t0 = time.perf_counter()
        events = [e for e in find_events(parsed, entities, timexes, published) if e.coded]  # not the other mentions
        spent += time.perf_counter() - t0
        gold = str(record["event"])
        source_ok = any(
            source_matches(a, actors_of(record)) for e in events if e.type == gold for a in e.actors
        )
        overall.add(gold, events, source_ok)
        per[gold].add(gold, events, source_ok)
        if gold not in {e.type for e in events}:
            misses.append((record, events))
        if any(e.type not in (gold, "OTHER") for e in events):
            wrong.append((record, events))

    def line(name: str, r: Row) -> str:
        found = r.found / r.sentences if r.sentences else 0.0
        prec = r.right / r.coded if r.coded else 0.0
        src = r.source_right / r.found if r.found else 0.0
        return f"{name:<12} {r.sentences:>5} {found:>7.3f} {prec:>9.3f} {r.coded:>6} {src:>7.3f}"

    print(
        f"PLOVER gold: {len(records)} sentences; find_events {1000 * spent / max(1, len(records)):.2f} ms/sentence"
    )
    print(f"{'category':<12} {'sents':>5} {'found':>7} {'precision':>9} {'coded':>6} {'source':>7}")
    print(line("ALL", overall))
    for cat in sorted(per):
        print(line(cat, per[cat]))
    print("\ncoded non-OTHER types:", ", ".join(f"{k} {v}" for k, v in overall.by_type.most_common()))
    for title, cases, limit in (("missed", misses, args.errors), ("other categories", wrong, args.wrong)):
        for record, events in cases[:limit]:
            coded = "; ".join(f"{e.type}/{e.action}{'(neg)' if e.negated else ''}" for e in events) or "-"
            print(f"\n{title} [{record['event']}] {record['text']}\n    coded: {coded}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
