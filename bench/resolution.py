"""Entities across articles: B³ on the MEANTIME cross-document gold, then the cost of `resolve` at scale.

    python bench/resolution.py [--errors N] [--bbc N] [--sizes 1000,5000,20000] [--workers 2] [--no-cost]

Quality. The 60 English MEANTIME articles (`intra_cross-doc_annotation/`, Wikinews on Airbus and Apple), in
order of their creation time. Each text is rebuilt from the gold tokens (a space between tokens, none before
closing punctuation or after opening brackets, a line break between sentences), with the offsets of every token
kept. Each text goes through `parse_many`, `resolve_entities` (the real in-article pass) and then the cross-doc
`resolve`, one article after another into one `MemoryRegistry`. Gold: ENTITY_MENTIONs with syntactic_type NAM
whose REFERS_TO target is an ENTITY with an `instance_id`; the instance is the mention's gold cluster. Mentions
typed NOM, PRO, PRE.NAM … or untyped are left out (names are what this step joins; pronouns and descriptions are
the in-article pass's business). A gold mention is found when a system mention overlaps it; of several, the one
covering the gold mention's last token, then the longest overlap. B³ over the found gold mentions, both clusters
restricted to them: precision averages |system ∩ gold| / |system|, recall |system ∩ gold| / |gold|.

Rows: `resolve` (the entity id); the baseline "same canonical string = same entity"; and "in-article only"
(same canonical string within one article, never across), which shows what joining across articles adds.

Cost. The 2,225 BBC articles are parsed once (`parse_many` over `--workers` processes, `resolve_entities`),
and kept as lists of (canonical, type). 1,000 / 5,000 / 20,000 articles then go through `resolve` into a fresh
`MemoryRegistry`, the corpus repeated as needed; in every repeat after the first, names are varied so that new
entities keep coming as in a growing story: half of the full person names take another person's surname (a new
person who shares a surname), a third of the longer organisation names take another one's last word, and some
are written in capitals or with "The". Times are per article, resolution only, by tenth of the run; memory is
the tracemalloc peak of a second, traced run: nearly all of it is the registry left at the end (per entity), the
rest ("above held") is what resolving one article needs on top. The work is the number of `candidates` calls
and of the records they returned, per name (an exact hit returns its one entity).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.extract.entities import resolve_entities  # noqa: E402
from storyline.extract.nlp import parse_many  # noqa: E402
from storyline.model import Mention  # noqa: E402
from storyline.resolve.entities import MemoryRegistry, resolve  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
MEANTIME = EVAL / "meantime" / "intra_cross-doc_annotation"
BBC = EVAL / "corpus" / "bbc-fulltext" / "bbc"
NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "'", "n't", "'re", "'ve",
                             "'ll", "'d", "'m", "''"})
NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#", "``"})
QUOTES = {"``": '"', "''": '"'}

Names = list[tuple[str, str]]


# -- MEANTIME ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class GoldDoc:
    name: str
    created: str
    text: str
    mentions: list[tuple[int, int, int, str, str]]  # start, end, start of the last token, instance id, text


def _rebuild(root: ET.Element) -> tuple[str, dict[str, tuple[int, int]]]:
    """The document's text from its tokens, and each token's character span in it."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos, sentence, prev = 0, None, ""
    for tok in root.iter("token"):
        word = tok.text or ""
        shown = QUOTES.get(word, word)
        if sentence is not None:
            sep = "\n" if tok.get("sentence") != sentence else (
                "" if word in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER else " ")
            parts.append(sep)
            pos += len(sep)
        spans[tok.get("t_id", "")] = (pos, pos + len(shown))
        parts.append(shown)
        pos += len(shown)
        sentence, prev = tok.get("sentence"), word
    return "".join(parts), spans


def load_meantime(folder: Path) -> tuple[list[GoldDoc], Counter[str]]:
    docs: list[GoldDoc] = []
    left_out: Counter[str] = Counter()
    for path in sorted(folder.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        text, spans = _rebuild(root)
        marks = root.find("Markables")
        relations = root.find("Relations")
        if marks is None or relations is None:
            continue
        instances = {e.get("m_id"): e.get("instance_id") for e in marks.findall("ENTITY") if e.get("instance_id")}
        refers: dict[str | None, str | None] = {}
        for rel in relations.findall("REFERS_TO"):
            target = rel.find("target")
            for src in rel.findall("source"):
                refers[src.get("m_id")] = target.get("m_id") if target is not None else None
        created = next((t.get("value", "") for t in marks.findall("TIMEX3")
                        if t.get("functionInDocument") == "CREATION_TIME"), "")
        mentions = []
        for m in marks.findall("ENTITY_MENTION"):
            kind = m.get("syntactic_type") or "untyped"
            instance = instances.get(refers.get(m.get("m_id")))
            if kind != "NAM" or instance is None:
                left_out[kind if kind != "NAM" else "NAM without instance"] += 1
                continue
            toks = [spans[a.get("t_id", "")] for a in m.findall("token_anchor")]
            start, end = min(s for s, _ in toks), max(e for _, e in toks)
            mentions.append((start, end, toks[-1][0], instance, text[start:end]))
        docs.append(GoldDoc(path.stem, created, text, mentions))
    docs.sort(key=lambda d: (d.created, d.name))
    return docs, left_out


def _align(gold: tuple[int, int, int, str, str], system: Sequence[Mention]) -> Mention | None:
    start, end, last, _, _ = gold
    hits = [m for m in system if m.start < end and m.end > start]
    if not hits:
        return None
    return max(hits, key=lambda m: (m.start <= last < m.end, min(m.end, end) - max(m.start, start), -m.start))


def b_cubed(pairs: Sequence[tuple[Hashable, Hashable]]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 over (system cluster, gold cluster) pairs, one pair per mention."""
    system = Counter(s for s, _ in pairs)
    gold = Counter(g for _, g in pairs)
    both = Counter(pairs)
    p = sum(both[pair] / system[pair[0]] for pair in pairs) / len(pairs)
    r = sum(both[pair] / gold[pair[1]] for pair in pairs) / len(pairs)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def quality(errors: int, workers: int) -> None:
    docs, left_out = load_meantime(MEANTIME)
    parses = list(parse_many([d.text for d in docs], n_process=workers))
    registry = MemoryRegistry()
    rows: dict[str, list[tuple[Hashable, Hashable]]] = defaultdict(list)
    found = total = 0
    names_of: dict[Hashable, Counter[str]] = defaultdict(Counter)
    gold_text: dict[str, Counter[str]] = defaultdict(Counter)
    t0 = time.perf_counter()
    resolve_time = 0.0
    for doc, parsed in zip(docs, parses, strict=True):
        mentions = resolve_entities(parsed).mentions
        t1 = time.perf_counter()
        ids = resolve(registry, [(m.canonical, m.type) for m in mentions])
        resolve_time += time.perf_counter() - t1
        for g in doc.mentions:
            total += 1
            gold_text[g[3]][g[4]] += 1
            m = _align(g, mentions)
            if m is None:
                continue
            found += 1
            entity = ids.get((m.canonical, m.type), f"none:{m.canonical}")
            rows["resolve (cross-doc entities)"].append((entity, g[3]))
            rows["baseline: same canonical string"].append((m.canonical, g[3]))
            rows["in-article only"].append((f"{doc.name}\x1f{m.canonical}", g[3]))
            names_of[entity][f"{m.canonical} ({m.type})"] += 1
    elapsed = time.perf_counter() - t0
    n_docs = len(docs)
    multi = sum(1 for i in {g[3] for d in docs for g in d.mentions}
                if sum(any(g[3] == i for g in d.mentions) for d in docs) > 1)
    print(f"\nMEANTIME English, intra_cross-doc_annotation: {n_docs} articles, {total} gold NAM mentions with an "
          f"instance ({len({g[3] for d in docs for g in d.mentions})} instances, {multi} in more than one article)")
    print(f"found (overlapped by a system mention): {found} of {total} ({found / total:.1%}); left out of the "
          f"gold: " + ", ".join(f"{k} {v}" for k, v in sorted(left_out.items(), key=lambda kv: -kv[1])))
    print(f"{'system':<36} {'B³ P':>6} {'B³ R':>6} {'B³ F1':>6} {'clusters':>9}")
    for name, pairs in rows.items():
        p, r, f = b_cubed(pairs)
        print(f"{name:<36} {p:>6.3f} {r:>6.3f} {f:>6.3f} {len({s for s, _ in pairs}):>9}")
    print(f"gold clusters among the found: {len({g for _, g in rows['in-article only']})}; registry: "
          f"{len(registry)} entities; in-article pass and resolve (parse apart) {elapsed:.1f} s, resolve alone "
          f"{1000 * resolve_time / n_docs:.2f} ms/article")
    if errors:
        _show_errors(rows["resolve (cross-doc entities)"], names_of, gold_text, errors)


def _show_errors(pairs: list[tuple[Hashable, Hashable]], names_of: dict[Hashable, Counter[str]],
                 gold_text: dict[str, Counter[str]], n: int) -> None:
    by_gold: dict[Hashable, Counter[Hashable]] = defaultdict(Counter)
    by_system: dict[Hashable, Counter[Hashable]] = defaultdict(Counter)
    for s, g in pairs:
        by_gold[g][s] += 1
        by_system[s][g] += 1
    print("\nsplit (one gold instance, several entities), largest first:")
    for g, systems in sorted(by_gold.items(), key=lambda kv: -sum(kv[1].values()))[:n]:
        if len(systems) > 1:
            shown = "; ".join(f"{dict(names_of[s].most_common(3))} ×{c}" for s, c in systems.most_common(5))
            print(f"  {g}: {shown}")
    print("merged (one entity, several gold instances):")
    for s, golds in sorted(by_system.items(), key=lambda kv: -sum(kv[1].values()))[:n]:
        if len(golds) > 1:
            shown = "; ".join(f"{g} {dict(gold_text[str(g)].most_common(2))} ×{c}" for g, c in golds.most_common(4))
            print(f"  {dict(names_of[s].most_common(2))}: {shown}")


# -- cost -------------------------------------------------------------------------------------------------


def bbc_names(limit: int, workers: int) -> list[Names]:
    files = sorted(BBC.glob("*/*.txt"))[:limit]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    out: list[Names] = []
    for parsed in parse_many(texts, n_process=workers):
        out.append(list(dict.fromkeys((m.canonical, m.type) for m in resolve_entities(parsed).mentions)))
    return out


def _h(*parts: object) -> int:
    return zlib.crc32("\x1f".join(map(str, parts)).encode())


def varied(base: list[Names]) -> Callable[[int], Names]:
    """Article i of a run: base article i mod len(base), its names varied in every repeat after the first."""
    surnames = sorted({n.split()[-1] for names in base for n, t in names if t == "PERSON" and len(n.split()) > 1})
    tails = sorted({n.split()[-1] for names in base for n, t in names if t == "ORG" and len(n.split()) > 1})

    def article(i: int) -> Names:
        names, repeat = base[i % len(base)], i // len(base)
        if repeat == 0:
            return names
        out: Names = []
        for name, type_ in names:
            words, h = name.split(), _h(repeat, i, name)
            if type_ == "PERSON" and len(words) > 1 and h % 2 == 0:
                name = " ".join([*words[:-1], surnames[_h(h, "s") % len(surnames)]])
            elif type_ == "ORG" and len(words) > 1 and h % 3 == 0:
                name = " ".join([*words[:-1], tails[_h(h, "t") % len(tails)]])
            elif h % 7 == 1:
                name = name.upper()
            elif type_ == "ORG" and h % 7 == 2 and not name.startswith("The "):
                name = "The " + name
            out.append((name, type_))
        return out

    return article


def run(article: Callable[[int], Names], n: int) -> tuple[list[float], MemoryRegistry, int]:
    registry = MemoryRegistry()
    times: list[float] = []
    names = 0
    for i in range(n):
        batch = article(i)
        t0 = time.perf_counter()
        resolve(registry, batch)
        times.append(time.perf_counter() - t0)
        names += len(batch)
    return times, registry, names


def cost(limit: int, sizes: Sequence[int], workers: int) -> None:
    t0 = time.perf_counter()
    base = bbc_names(limit, workers)
    parse_s = time.perf_counter() - t0
    mentions = sum(len(b) for b in base)
    print(f"\nBBC full text: {len(base)} articles parsed once ({parse_s:.0f} s, {workers} processes), "
          f"{mentions / len(base):.1f} distinct (canonical, type) per article; repeats varied (see the docstring)")
    print(f"{'articles':>8} {'names':>8} {'entities':>9} {'ms/article: 1st tenth':>22} {'last tenth':>11} "
          f"{'whole run':>10} {'lookups/name':>13} {'candidates/name':>16} {'peak MiB':>9} {'bytes/entity':>13} "
          f"{'above held KiB':>15}")
    article = varied(base)
    for n in sizes:
        times, registry, names = run(article, n)
        tenth = max(1, n // 10)
        first, last = 1000 * sum(times[:tenth]) / tenth, 1000 * sum(times[-tenth:]) / tenth
        whole = 1000 * sum(times) / n
        lookups, returned, entities = registry.lookups, registry.returned, len(registry)
        del registry
        tracemalloc.start()
        _, traced, _ = run(article, n)
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del traced
        print(f"{n:>8} {names:>8} {entities:>9} {first:>22.3f} {last:>11.3f} {whole:>10.3f} "
              f"{lookups / names:>13.2f} {returned / names:>16.2f} {peak / 2**20:>9.1f} {held / entities:>13.0f} "
              f"{(peak - held) / 1024:>15.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=0, help="show the N largest split and merged clusters")
    ap.add_argument("--bbc", type=int, default=2225, help="distinct BBC articles to parse for the cost part")
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-cost", action="store_true")
    args = ap.parse_args()
    quality(args.errors, args.workers)
    if not args.no_cost:
        sizes = [int(s) for s in args.sizes.split(",")]
        cost(args.bbc, sizes, args.workers)
        # the same sizes through the store's whole write path: documents, facts, entities, timeline
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import dossier_cost

        dossier_cost.table(sizes, args.bbc, args.workers)


if __name__ == "__main__":
    main()
