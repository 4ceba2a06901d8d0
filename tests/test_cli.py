"""The CLI as a user runs it: a real process, a real database, real files."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CORPUS_ARTICLES = 16  # examples/abductee-issue: 15 distinct articles and one syndicated copy


def storyline(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", *map(str, args)],
        capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )


def test_ingesting_the_sample_corpus_stores_every_article_once(db_url: str) -> None:
    first = storyline("ingest", "--db", db_url, "--json", EXAMPLES)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["stored"], summary["near_duplicates"], summary["failed"]) == (15, 1, 0)
    again = json.loads(storyline("ingest", "--db", db_url, "--json", EXAMPLES).stdout)
    assert (again["stored"], again["duplicates"]) == (0, CORPUS_ARTICLES)
    docs = json.loads(storyline("docs", "--db", db_url, "--json").stdout)
    assert len(docs) == 15
    assert sum(len(d["copies"]) for d in docs) == 1
    assert all(d["published"] for d in docs)


def test_a_windows_1252_page_comes_out_right(sqlite_url: str) -> None:
    page = next(EXAMPLES.glob("*cp1252*.html"))
    doc = json.loads(storyline("clean", "--json", page).stdout)
    assert "\ufffd" not in doc["text"] and "’" in doc["text"]


def _bad_and_good_inputs(folder: Path) -> tuple[list[Path], dict[str, str]]:
    good = folder / "good.txt"
    good.write_text("Officials met in Hanoi.\n\n" + "Japan and North Korea held talks on the abductees. " * 12)
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    noise = folder / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 64)
    truncated = folder / "cut.html.gz"
    body = " ".join(f"paragraph {i} of a long page" for i in range(3000)).encode()
    truncated.write_bytes(gzip.compress(b"<html><body><p>" + body + b"</p></body></html>")[:2000])
    jsonl = folder / "lines.jsonl"
    jsonl.write_text(
        json.dumps({"text": "Tokyo demanded the return of all abductees. " * 10, "title": "Fine"}) + "\n"
        + "{not json\n"
        + json.dumps({"title": "no body"}) + "\n"
    )
    big = folder / "big.txt"
    big.write_text("word " * 40_000)
    unknown = folder / "odd-charset.html"
    unknown.write_bytes(b'<html><head><meta charset="x-no-such-charset"></head><body><p>'
                        + b"Pyongyang said the issue was settled. " * 20 + b"</p></body></html>")
    missing = folder / "missing.txt"
    reasons = {"empty.txt": "empty", "noise.bin": "binary", "cut.html.gz": "gzip", "lines.jsonl:2": "JSON",
               "lines.jsonl:3": "text", "big.txt": "too large", "missing.txt": "no such file"}
    return [good, empty, noise, truncated, jsonl, big, unknown, missing], reasons


def test_bad_inputs_get_one_line_each_and_the_good_ones_are_stored(tmp_path: Path, db_url: str) -> None:
    inputs, reasons = _bad_and_good_inputs(tmp_path)
    p = storyline("ingest", "--db", db_url, *inputs, env={"STORYLINE_MAX_INPUT_BYTES": "100000"})
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    lines = [line for line in p.stderr.splitlines() if line.strip()]
    assert len(lines) == len(reasons), p.stderr
    for where, word in reasons.items():
        line = next((x for x in lines if f"{where}:" in x), "")
        assert word.lower() in line.lower(), (where, p.stderr)
    docs = json.loads(storyline("docs", "--db", db_url, "--json").stdout)
    assert {Path(d["source"].rsplit(":", 1)[0]).name for d in docs} == {"good.txt", "lines.jsonl", "odd-charset.html"}
    failures = json.loads(storyline("failures", "--db", db_url, "--json").stdout)
    assert len(failures) == len(reasons)
    # a second run stores nothing twice and keeps the failures as they were
    storyline("ingest", "--db", db_url, *inputs, env={"STORYLINE_MAX_INPUT_BYTES": "100000"})
    assert len(json.loads(storyline("docs", "--db", db_url, "--json").stdout)) == 3
    assert len(json.loads(storyline("failures", "--db", db_url, "--json").stdout)) == len(reasons)


def test_clean_prints_one_json_line_per_input_and_an_error_line_for_a_failed_one(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Japan and North Korea held talks on the abductees in Stockholm. " * 8)
    p = storyline("clean", "--json", good, tmp_path / "nope.txt", good)
    assert p.returncode == 1
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [("error" in r) for r in rows] == [False, True, False]
    assert rows[1]["source"].endswith("nope.txt")


def test_raw_keeps_the_file_text_exactly(tmp_path: Path) -> None:
    text = "Share on WhatsApp\nOfficials met in Hanoi on Tuesday, the ministry said.\n"
    f = tmp_path / "raw.txt"
    f.write_text(text)
    doc = json.loads(storyline("clean", "--raw", "--json", "--published", "2018-08-30", f).stdout)
    assert doc["text"] == text
    assert (doc["published"], doc["published_source"]) == ("2018-08-30", "given")


@pytest.mark.parametrize("args", [["frobnicate"], ["ingest"], ["clean", "x.txt", "--published", "30/08/2018"],
                                  ["docs", "--limit", "0"]])
def test_usage_errors_exit_2_without_a_traceback(args: list[str]) -> None:
    p = storyline(*args)
    assert p.returncode == 2 and "Traceback" not in p.stderr and p.stderr.strip()


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    p = storyline("docs", "--db", f"sqlite:///{tmp_path}/no/such/folder/x.db")
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_search_finds_an_ingested_article(sqlite_url: str) -> None:
    storyline("ingest", "--db", sqlite_url, EXAMPLES)
    hits = json.loads(storyline("search", "--db", sqlite_url, "--json", "Stockholm agreement").stdout)
    assert hits and all("Stockholm" in h["snippet"] or "stockholm" in h["snippet"].lower() for h in hits[:1])
