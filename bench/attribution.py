"""Attribution extraction (content, cue, source) on PolNeAR's brat gold, one table.

    python bench/attribution.py [--eval DIR] [--split dev|train] [--limit N] [--errors N] [--cache DIR]

Each article's text goes through `storyline.extract.nlp.parse_many`, `resolve_entities` and `find_attributions`.
The gold is one `.ann` file per article: where several annotators did the same article, the first file by name.
A gold attribution is an `E` line; its content, cue and source are `T` spans (a content may be discontinuous,
"s e;s e"; its length is the sum of its pieces). `Attribution-no-source` relations have no source.

Matching, one-to-one:
- a system attribution is a candidate for a gold one when the characters they share cover at least half of the
  gold content (`overlap >= 0.5 * len(gold content)`);
- candidate pairs are taken greedily, pairs whose source is right first, then the better aligned (shared characters
  over the characters of either), so that each gold and each system attribution is used at most once;
- "source right": the system's `source` span overlaps one of the gold source's pieces, or both have none. The
  system's `source` is the outermost link of its chain (the grammatical subject: "The Post reported, citing ...").

Figures: content recall = gold found / gold; content precision = system matched / system; source accuracy = found
with the right source / found; attribution P = system matched with the right source / system, R = gold found with
the right source / gold, F1 of the two. Kinds: system attributions by their `kind`; gold ones by their form
(content opening with a quote mark = direct, cue "according to" = according_to, else indirect).
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.extract.attribution import find_attributions  # noqa: E402
from storyline.extract.entities import resolve_entities  # noqa: E402
from storyline.extract.nlp import parse_many  # noqa: E402
from storyline.extract.parsed import Parsed  # noqa: E402
from storyline.model import Attribution  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "quotes" / "polnear"
ANNOTATOR = re.compile(r"_[0-9a-f]{4}\.ann$")
ID = re.compile(r"[TE]\d+$")
QUOTE_OPENERS = "“\"'‘"
MIN_SHARE = 0.5

Pieces = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Gold:
    content: Pieces
    cue: Pieces
    source: Pieces  # () when the relation has no source
    text: str  # the content's text, pieces joined by " … "
    cue_text: str

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.content)

    @property
    def form(self) -> str:
        if self.cue_text.lower().startswith("according"):
            return "according_to"
        return "direct" if self.text[:1] in QUOTE_OPENERS else "indirect"


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    gold: tuple[Gold, ...]


@dataclass(slots=True)
class Tally:
    gold: int = 0
    system: int = 0
    found: int = 0  # gold with a matched system attribution
    source_right: int = 0  # found, and the source right too
    sys_matched: int = 0
    sys_right: int = 0
    sys_no_source: int = 0
    found_no_source: int = 0  # found gold whose system attribution has no source
    by_sys_kind: Counter[str] = field(default_factory=Counter)
    by_sys_kind_matched: Counter[str] = field(default_factory=Counter)
    by_sys_kind_right: Counter[str] = field(default_factory=Counter)
    by_gold_form: Counter[str] = field(default_factory=Counter)
    by_gold_form_found: Counter[str] = field(default_factory=Counter)
    by_gold_form_right: Counter[str] = field(default_factory=Counter)


def _pieces(offsets: str) -> Pieces:
    return tuple((int(a), int(b)) for a, b in (p.split() for p in offsets.split(";")))


def load_ann(path: Path, text: str) -> tuple[Gold, ...]:
    spans: dict[str, tuple[str, Pieces]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not ID.match(cols[0]):  # a span's text may run over several lines
            continue
        if cols[0].startswith("T"):
            label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (label, _pieces(offsets))
        elif cols[0].startswith("E"):
            relations.append(dict(p.split(":", 1) for p in cols[1].split() if ":" in p))
    gold = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if content is None:
            continue
        cue = spans.get(rel.get("Cue", ""), ("", ()))[1]
        source = spans.get(rel.get("Source", ""), ("", ()))[1]
        gold.append(Gold(content[1], cue, source, " … ".join(text[s:e] for s, e in content[1]),
                         " ".join(text[s:e] for s, e in cue)))
    return tuple(gold)


def load(split_dir: Path, limit: int | None = None) -> list[Article]:
    first: dict[str, Path] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        first.setdefault(ANNOTATOR.sub("", path.name), path)
    articles = []
    for name, path in sorted(first.items())[:limit]:
        text = (split_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        articles.append(Article(name, text, load_ann(path, text)))
    return articles


def _overlap(a: Pieces, start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in a)


def source_right(g: Gold, a: Attribution) -> bool:
    if a.source is None:
        return not g.source
    return _overlap(g.source, a.source.start, a.source.end) > 0


def match(gold: tuple[Gold, ...], system: list[Attribution]) -> list[tuple[int, int, bool]]:
    """One-to-one (gold index, system index, source right) pairs; see the module docstring."""
    candidates = []
    for gi, g in enumerate(gold):
        for si, a in enumerate(system):
            shared = _overlap(g.content, a.content.start, a.content.end)
            if shared and shared >= MIN_SHARE * g.length:
                union = g.length + (a.content.end - a.content.start) - shared
                candidates.append((source_right(g, a), shared / union, gi, si))
    candidates.sort(key=lambda c: (not c[0], -c[1], c[2], c[3]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for right, _, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si, right))
    return pairs


def tally(article: Article, system: list[Attribution], t: Tally) -> list[tuple[int, int, bool]]:
    pairs = match(article.gold, system)
    t.gold += len(article.gold)
    t.system += len(system)
    t.sys_no_source += sum(1 for a in system if a.source is None)
    for a in system:
        t.by_sys_kind[a.kind] += 1
    for g in article.gold:
        t.by_gold_form[g.form] += 1
    for gi, si, right in pairs:
        g, a = article.gold[gi], system[si]
        t.found += 1
        t.sys_matched += 1
        t.by_sys_kind_matched[a.kind] += 1
        t.by_gold_form_found[g.form] += 1
        t.found_no_source += a.source is None
        if right:
            t.source_right += 1
            t.sys_right += 1
            t.by_sys_kind_right[a.kind] += 1
            t.by_gold_form_right[g.form] += 1
    return pairs


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def report(t: Tally) -> None:
    p, r = _ratio(t.sys_right, t.system), _ratio(t.source_right, t.gold)
    rows = [
        ("gold attributions", f"{t.gold}"),
        ("system attributions", f"{t.system}"),
        ("content found (recall)", f"{_ratio(t.found, t.gold):.3f}"),
        ("content precision", f"{_ratio(t.sys_matched, t.system):.3f}"),
        ("source accuracy on found", f"{_ratio(t.source_right, t.found):.3f}"),
        ("attribution precision", f"{p:.3f}"),
        ("attribution recall", f"{r:.3f}"),
        ("attribution F1", f"{_f1(p, r):.3f}"),
        ("system attributions without a source", f"{_ratio(t.sys_no_source, t.system):.3f}"),
        ("found attributions without a source", f"{_ratio(t.found_no_source, t.found):.3f}"),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v:>7}")
    print()
    print(f"{'system kind':<14} {'count':>6} {'content P':>10} {'attr P':>7}")
    for kind in ("direct", "indirect", "according_to", "report"):
        n = t.by_sys_kind[kind]
        print(f"{kind:<14} {n:>6} {_ratio(t.by_sys_kind_matched[kind], n):>10.3f} "
              f"{_ratio(t.by_sys_kind_right[kind], n):>7.3f}")
    print()
    print(f"{'gold form':<14} {'count':>6} {'found':>7} {'src acc':>8} {'attr R':>7}")
    for form in ("direct", "indirect", "according_to"):
        n = t.by_gold_form[form]
        found = t.by_gold_form_found[form]
        print(f"{form:<14} {n:>6} {_ratio(found, n):>7.3f} {_ratio(t.by_gold_form_right[form], found):>8.3f} "
              f"{_ratio(t.by_gold_form_right[form], n):>7.3f}")


def parses(articles: list[Article], cache: Path | None) -> list[Parsed]:
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    out: list[Parsed | None] = [None] * len(articles)
    todo = []
    for i, a in enumerate(articles):
        path = cache / f"{a.name}.pickle" if cache else None
        if path is not None and path.exists():
            out[i] = pickle.loads(path.read_bytes())
        else:
            todo.append(i)
    for i, parsed in zip(todo, parse_many(articles[i].text for i in todo), strict=True):
        out[i] = parsed
        if cache is not None:
            (cache / f"{articles[i].name}.pickle").write_bytes(pickle.dumps(parsed))
    return [p for p in out if p is not None]


def _show(text: str, start: int, end: int, size: int = 110) -> str:
    s = text[start:end].replace("\n", " ")
    return s if len(s) <= size else s[: size // 2] + " … " + s[-size // 2 :]


def print_errors(article: Article, system: list[Attribution], pairs: list[tuple[int, int, bool]]) -> list[str]:
    lines = []
    text = article.text
    matched_g = {gi: (si, right) for gi, si, right in pairs}
    matched_s = {si for _, si, _ in pairs}
    for gi, g in enumerate(article.gold):
        src = " ".join(text[s:e] for s, e in g.source) or "-"
        if gi not in matched_g:
            lines.append(f"  MISS   [{g.cue_text}] src={src!r} :: {_show(g.text, 0, len(g.text))}")
        elif not matched_g[gi][1]:
            a = system[matched_g[gi][0]]
            lines.append(f"  SOURCE [{g.cue_text}] gold={src!r} sys={a.source.text if a.source else None!r} "
                         f":: {_show(g.text, 0, len(g.text))}")
    for si, a in enumerate(system):
        if si not in matched_s:
            lines.append(f"  EXTRA  {a.kind} [{a.cue.text}] src={a.source.text if a.source else None!r} "
                         f":: {_show(text, a.content.start, a.content.end)}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--split", default="dev", help="dev (default) or train; test is held out")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misses, wrong sources and extras")
    ap.add_argument("--cache", type=Path, default=None, help="keep parses here between runs")
    args = ap.parse_args()
    articles = load(args.eval / args.split, args.limit)
    if not articles:
        print(f"no .ann files under {args.eval / args.split}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    parsed = parses(articles, args.cache)
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    indexes = [resolve_entities(p) for p in parsed]
    entities_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    outputs = [find_attributions(p, index) for p, index in zip(parsed, indexes, strict=True)]
    extract_s = time.perf_counter() - t0
    t = Tally()
    errors: list[str] = []
    for article, system in zip(articles, outputs, strict=True):
        pairs = tally(article, system, t)
        if args.errors and len(errors) < args.errors:
            found = print_errors(article, system, pairs)
            if found:
                errors.append(article.name)
                errors.extend(found)
    print(f"PolNeAR {args.split}: {len(articles)} articles (first annotator's .ann each)")
    print()
    report(t)
    print()
    print(f"(parse {parse_s:.1f}s; entities {entities_s:.2f}s; attributions {extract_s:.2f}s, "
          f"{1000 * extract_s / len(articles):.1f} ms per article)")
    if errors:
        print()
        print("\n".join(errors[: args.errors]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
