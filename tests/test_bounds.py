"""Bounds as policy (issue 18): what one input may cost, and that the cost grows linearly with its size.

Each limit of `config.Limits` turns an input over it into a recorded failure that names the limit and the
variable that changes it, and the rest of the batch is stored; a long text is parsed in pieces (spaCy never
holds a Doc of more than about `PIECE_CHARS`), and a page's SVG is cut out before a tree is built.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from storyline.budget import OverBudget, within
from storyline.clean import clean
from storyline.clean.markup import elements, strip_payloads
from storyline.config import Limits
from storyline.extract import nlp
from storyline.model import RawInput
from storyline.pipeline import ingest
from storyline.store import open_store

PARAGRAPH = ("The council voted on Tuesday to approve the new budget after a long debate about the schools, "
             "the harbour and the roads, officials said in a statement released late in the evening.")


def page(i: int, extra: str = "") -> str:
    body = "".join(f"<p>{PARAGRAPH} Item {i}.{k}.</p>" for k in range(4))
    return f"<!DOCTYPE html><html><head><title>Report {i}</title></head><body><h1>Report {i}</h1>{body}{extra}</body></html>"


def svg(paths: int) -> str:
    return ("<svg viewBox='0 0 9 9'><g>" + "".join(f'<path d="M{i} {i} L{i + 5} 7" fill="#abc"/>' for i in range(paths))
            + "<text>label</text><svg><circle r='1'/></svg></g></svg>")


# -- finding 3: a long text is parsed in pieces, joined into one parse --------------------------------------


def test_a_long_text_is_parsed_in_pieces_joined_into_one_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "PIECE_CHARS", 2_000)
    model = nlp.load(None)  # the instance parse() uses
    seen: list[int] = []
    pipe = model.pipe

    def recording(texts: Any, **kw: Any) -> Any:
        texts = list(texts)
        seen.extend(len(t) for t in texts)
        return pipe(texts, **kw)

    monkeypatch.setattr(model, "pipe", recording)
    text = "\n\n".join(f"John Smith of Acme Corp said on line {i} that the budget passed." for i in range(150))
    parsed = nlp.parse(text)
    assert len(seen) > 3 and max(seen) <= 2_000  # spaCy never held the whole text
    assert [t.i for t in parsed.tokens] == list(range(len(parsed.tokens)))
    assert all(text[t.start:t.end] == t.text for t in parsed.tokens)
    assert all(0 <= t.head < len(parsed.tokens) and parsed.sentence_of(t.i) == parsed.sentence_of(t.head)
               for t in parsed.tokens)
    starts = [s for s, _ in parsed.sents]
    assert starts == sorted(starts) and parsed.sents[-1][1] == len(parsed.tokens)
    assert sum(1 for e in parsed.ents if e.label == "PERSON") >= 100  # every piece's entities, at their tokens
    assert all(parsed.tokens[e.start].ent_iob == "B" for e in parsed.ents)


def test_pieces_are_cut_after_paragraph_breaks_and_cover_the_text() -> None:
    text = "\n\n".join("word " * (i % 7 + 3) for i in range(2_000))
    cut = nlp.pieces(text, 1_000)
    assert "".join(p for _, p in cut) == text and all(text[o:o + len(p)] == p for o, p in cut)
    assert all(p.endswith("\n\n") for _, p in cut[:-1]) and max(len(p) for _, p in cut) <= 1_000
    assert nlp.pieces("x" * 2_500, 1_000) == [(0, "x" * 1_000), (1_000, "x" * 1_000), (2_000, "x" * 500)]


# -- finding 4: payloads no reader sees are cut out before a tree is built ---------------------------------


def test_svg_math_style_and_script_go_before_parsing_json_ld_stays() -> None:
    html = ("<p>a</p><SVG width=3><svg><text>x</text></svg><path/></SVG><p>b</p><math><mi>y</mi></math>"
            "<style>p{}</style><script>var s='</p>';</script><script type='application/ld+json'>{\"a\": 1}</script>"
            "<p>c</p><svg/><p>d</p>")
    assert strip_payloads(html) == "<p>a</p><p>b</p><script type='application/ld+json'>{\"a\": 1}</script><p>c</p><p>d</p>"
    assert strip_payloads("<p>x</p><svg><path/>") == "<p>x</p>"  # never closed: to the end
    assert strip_payloads("<p>plain</p>") == "<p>plain</p>"


def test_a_page_that_is_mostly_one_svg_cleans_as_the_page_without_it() -> None:
    item = RawInput(source="p.html", data="")
    heavy = page(1, svg(60_000))
    assert elements(heavy) > 60_000
    started = time.perf_counter()
    doc = clean(item, heavy, limits=Limits(max_elements=1_000))  # the SVG's elements do not count: they go
    assert time.perf_counter() - started < 30
    assert doc.text == clean(item, page(1)).text and "label" not in doc.text


# -- each limit: a recorded failure naming it, the rest of the batch stored ----------------------------------


def test_each_limit_fails_its_input_by_name_and_the_batch_goes_on(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(3):
        (folder / f"good{i}.html").write_text(page(i))
    (folder / "lines.txt").write_text("".join(f"Line {i} of a long list.\n" for i in range(600)))
    (folder / "elements.html").write_text(page(7, "<span>x</span>" * 700))
    (folder / "chars.html").write_text(page(8, "".join(f"<p>{PARAGRAPH} More {k}.</p>" for k in range(30))))
    limits = Limits(max_lines=500, max_elements=500, max_text_chars=4_000)
    with open_store(sqlite_url) as store:
        summary = ingest(store, [str(folder)], read=False, limits=limits)
        recorded = {Path(f.source).name: f.reason for f in store.failures()}
    assert summary.stored == 3 and summary.failed == 3
    assert recorded == {
        "lines.txt": "text of 600 lines: over the limit of 500 lines (STORYLINE_MAX_LINES)",
        "elements.html": "page of 709 elements: over the limit of 500 elements (STORYLINE_MAX_ELEMENTS)",
        "chars.html": recorded["chars.html"],
    }
    assert recorded["chars.html"].endswith("over the limit of 4,000 characters (STORYLINE_MAX_CHARS)")


def test_cleaning_over_its_time_budget_is_a_failure_naming_it(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(3):
        (folder / f"good{i}.html").write_text(page(i))
    (folder / "slow.txt").write_text("".join(f"This is line {i} here, and {i * 7} more.\n" for i in range(60_000)))
    clean(RawInput(source="warm.html", data=""), page(9))  # lazy imports: not part of any page's time
    with open_store(sqlite_url) as store:  # the slow page takes ~20 s, its body is within the characters allowed
        summary = ingest(store, [str(folder)], read=False, limits=Limits(max_seconds=3, max_text_chars=10**8))
        recorded = {Path(f.source).name: f.reason for f in store.failures()}
    assert summary.stored == 3
    assert recorded == {"slow.txt": "over the limit of 3 seconds per document (STORYLINE_MAX_SECONDS)"}


def test_reading_over_its_time_budget_is_that_documents_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.engines import local
    from storyline.model import Annotations, Document, Failure

    nlp.load()
    docs = [Document(id=f"d{i}", text=f"{PARAGRAPH} Number {i}.", source=f"d{i}") for i in range(2)]
    slow = Document(id="slow", text=" ".join([PARAGRAPH] * 1500), source="slow")  # 50k tokens: seconds anywhere
    local.annotate_batch(docs[:1])  # the extractors' tables loaded: not part of any document's time
    monkeypatch.setattr(local, "LIMITS", Limits(max_seconds=0.8))
    out = local.annotate_batch([docs[0], slow, docs[1]])
    assert isinstance(out[0], Annotations) and isinstance(out[2], Annotations)
    assert isinstance(out[1], Failure)
    assert out[1].reason == "over the limit of 0.8 seconds per document (STORYLINE_MAX_SECONDS)"


def test_a_time_budget_stops_python_code_and_holds_only_in_the_main_thread() -> None:
    started = time.perf_counter()
    with pytest.raises(OverBudget, match="too slow"), within(0.2, "too slow"):
        while True:
            pass
    assert time.perf_counter() - started < 5
    done: list[bool] = []

    def elsewhere() -> None:
        with within(0.05, "never"):
            time.sleep(0.2)
        done.append(True)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert done == [True]


def test_a_reading_process_over_its_memory_budget_fails_the_batch_and_lives_on() -> None:
    script = (
        "from storyline.budget import OverBudget, confine, confined\n"
        "from storyline.config import Limits\n"
        "confine()\n"
        "try:\n"
        "    with confined(Limits(max_memory_mb=64)):\n"
        "        block = bytearray(512 * 1024 * 1024)\n"
        "    print('allocated')\n"
        "except OverBudget as err:\n"
        "    print(err)\n"
        "block = bytearray(256 * 1024 * 1024)\n"
        "print('lives on', len(block) // (1024 * 1024))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "over the limit of 64 MB of memory per batch of documents read (STORYLINE_MAX_MEMORY_MB)", "lives on 256"]
