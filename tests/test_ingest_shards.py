"""Shards: reading every shard of a plan gives what `read_sources` gives, input for input; keys are stable and
change with the files."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import shutil
from itertools import pairwise
from pathlib import Path

import pytest

from storyline.ingest import read_sources
from storyline.ingest import shards as sharding
from storyline.ingest.shards import plan_shards, read_shard

from .conftest import EXAMPLES


def _line(i: int) -> str:
    return json.dumps({"text": f"Article {i}. " + "Words of the story. " * 5, "title": f"t{i}"})


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(sharding, "FILES_PER_SHARD", 3)
    monkeypatch.setattr(sharding, "LINES_PER_SHARD", 7)
    monkeypatch.setattr(sharding, "SHARD_BYTES", 2000)
    folder = tmp_path / "coverage"
    shutil.copytree(EXAMPLES, folder / "examples")
    (folder / "nested" / "deeper").mkdir(parents=True)
    for i in range(5):
        (folder / "nested" / f"page{i}.txt").write_text(f"Headline {i}\n\nThe body of page {i}. " * 3)
    (folder / "nested" / "deeper" / "empty.txt").write_bytes(b"")
    lines = [_line(i) for i in range(40)]
    lines[3] = "{not json"
    lines[9] = ""
    lines[15] = "[1, 2]"
    big = tmp_path / "wire.jsonl"
    big.write_bytes(codecs.BOM_UTF8 + ("\n".join(lines)).encode())  # no newline at the end
    small_gz = tmp_path / "wire2.jsonl.gz"
    small_gz.write_bytes(gzip.compress(("\n".join(lines[:20]) + "\n").encode()))
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n" * 3000)
    return [str(folder), str(big), "", str(tmp_path / "missing.txt"), str(small_gz), str(blank),
            str(EXAMPLES / "archive.warc.gz")]


def _read_plan(sources: list[str]) -> list[object]:
    return [item for shard in plan_shards(sources) for item in read_shard(shard)]


def test_reading_the_shards_gives_what_read_sources_gives(corpus: list[str]) -> None:
    expected = list(read_sources(corpus))
    assert len(expected) > 70
    assert _read_plan(corpus) == expected


def test_a_large_jsonl_file_is_split_at_line_ends_with_its_line_numbers(corpus: list[str]) -> None:
    plan = list(plan_shards(corpus))
    jsonl = [s for s in plan if s.kind == "jsonl"]
    assert len(jsonl) == 6  # 40 lines, 7 a shard
    assert [s.line for s in jsonl] == [0, 7, 14, 21, 28, 35]
    assert jsonl[0].start == 0 and all(a.end == b.start for a, b in pairwise(jsonl))
    bad = [item for item in read_shard(jsonl[0]) if not hasattr(item, "data")]
    assert [(f.line, f.reason.split(" (")[0]) for f in bad] == [(4, "not valid JSON")]  # type: ignore[attr-defined]
    # gzip cannot be entered in the middle, and a file of blank lines says it is empty: both stay whole
    whole = [s.kind for s in plan for p in s.paths if p.endswith(("wire2.jsonl.gz", "blank.jsonl"))]
    assert whole == ["files", "files"]


def test_files_named_one_by_one_are_grouped_as_a_folders_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharding, "FILES_PER_SHARD", 3)
    named = []
    for i in range(7):
        (tmp_path / f"{i}.txt").write_text(f"page {i}")
        named.append(str(tmp_path / f"{i}.txt"))
    plan = list(plan_shards([*named[:4], "https://a.example/1", *named[4:]]))
    assert [(s.kind, len(s.paths)) for s in plan] == [("files", 3), ("files", 1), ("urls", 1), ("files", 3)]
    assert [p for s in plan for p in s.paths if s.kind == "files"] == named


def test_folders_are_grouped_and_bad_sources_are_shards_of_their_own(corpus: list[str]) -> None:
    plan = list(plan_shards(corpus))
    assert all(len(s.paths) <= 3 for s in plan if s.kind == "files")
    assert [s.reason for s in plan if s.kind == "failed"] == ["empty source name"]
    assert not any(s.resumable for s in plan if s.kind in ("failed", "urls"))


def test_urls_are_grouped_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharding, "URLS_PER_SHARD", 2)
    plan = list(plan_shards(["https://a.example/1", "https://a.example/2", "https://a.example/3", "", "http://b.example/"]))
    assert [(s.kind, s.paths) for s in plan] == [
        ("urls", ("https://a.example/1", "https://a.example/2")),
        ("urls", ("https://a.example/3",)),
        ("failed", ("",)),
        ("urls", ("http://b.example/",)),
    ]


def test_keys_are_stable_and_change_when_a_file_changes(corpus: list[str]) -> None:
    first = [s.key for s in plan_shards(corpus)]
    assert first == [s.key for s in plan_shards(corpus)]
    assert len(set(first)) == len(first)
    page = Path(corpus[0]) / "nested" / "page0.txt"
    page.write_text(page.read_text() + "An update.\n")
    os.utime(page, ns=(1, 1))
    changed = [s.key for s in plan_shards(corpus)]
    assert len(set(first) - set(changed)) == 1
