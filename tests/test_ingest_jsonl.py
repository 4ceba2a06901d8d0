"""JSON Lines: one article a line, metadata from the fields, and bad lines failing with their numbers."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from storyline.config import Limits
from storyline.ingest import read_sources
from storyline.ingest.jsonl import parse_published
from storyline.model import Failure, RawInput


def jsonl(path: Path, *lines: object) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_line_is_an_article_with_its_metadata(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "wire.jsonl",
        {
            "text": "The dam held.",
            "title": " Dam holds ",
            "url": "https://example.org/dam",
            "published": "2014-05-28",
            "outlet": "Example Post",
        },
        "",
        {"html": "<p>Rain fell.</p>", "published": "2014-06"},
        {"text": "Later.", "published": "2014-06-02T23:30:00-05:00"},
    )
    items = list(read_sources([str(path)]))
    assert items == [
        RawInput(
            source=str(path),
            data="The dam held.",
            kind="text",
            line=1,
            title="Dam holds",
            url="https://example.org/dam",
            published=date(2014, 5, 28),
            outlet="Example Post",
        ),
        RawInput(source=str(path), data="<p>Rain fell.</p>", kind="html", line=3, published=date(2014, 6, 1)),
        RawInput(source=str(path), data="Later.", kind="text", line=4, published=date(2014, 6, 2)),
    ]


def test_bad_lines_fail_with_their_line_number_and_the_rest_is_read(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "mixed.jsonl",
        {"text": "First."},
        {"title": "no body"},
        '{"text": "broken",',
        ["not", "an", "object"],
        {"text": 42},
        {"text": "Bad date.", "published": "May 28, 2014"},
        {"text": "Last."},
    )
    items = list(read_sources([str(path)]))
    assert [(i.line, i.data if isinstance(i, RawInput) else i.reason) for i in items] == [
        (1, "First."),
        (2, "needs a 'text' or 'html' field"),
        (3, "not valid JSON (Expecting property name enclosed in double quotes at column 19)"),
        (4, "not a JSON object (a JSON array)"),
        (5, "'text' must be a string, not a JSON number"),
        (6, "'published' must be YYYY-MM-DD, YYYY-MM or an ISO datetime, not 'May 28, 2014'"),
        (7, "Last."),
    ]
    assert all(i.source == str(path) for i in items)


def test_text_wins_over_html_and_blank_bodies_do_not_count(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "both.jsonl", {"text": "Body.", "html": "<p>Body.</p>"}, {"text": "  ", "html": "<p>H</p>"}
    )
    items = list(read_sources([str(path)]))
    assert [(i.kind, i.data) for i in items if isinstance(i, RawInput)] == [
        ("text", "Body."),
        ("html", "<p>H</p>"),
    ]


def test_gzipped_jsonl_is_streamed(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"Article {n}."}) + "\n" for n in range(1, 501))
    path = tmp_path / "many.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode()))
    items = read_sources([str(path)])
    first = next(items)
    assert isinstance(first, RawInput) and first.data == "Article 1."
    assert sum(1 for _ in items) == 499


def test_jsonl_is_sniffed_without_its_extension(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "export", {"text": "A."}, {"text": "B."})
    assert [i.line for i in read_sources([str(path)])] == [1, 2]


def test_invalid_utf8_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "A."}\n{"text": "caf\xe9"}\n')
    items = list(read_sources([str(path)]))
    assert isinstance(items[0], RawInput) and items[0].data == "A."
    assert (
        isinstance(items[1], Failure)
        and items[1].reason == "not valid UTF-8 (JSON Lines files are UTF-8)"
    )


def test_an_overlong_line_fails_alone(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "long.jsonl", {"text": "x" * 500}, {"text": "Short."})
    items = list(read_sources([str(path)], limits=Limits(max_input_bytes=100)))
    assert isinstance(items[0], Failure) and items[0].reason == "longer than 100 bytes (the limit)"
    assert isinstance(items[1], RawInput) and items[1].line == 2


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"Article number {n} " * 5}) + "\n" for n in range(2000))
    compressed = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(compressed[: len(compressed) // 2])
    items = list(read_sources([str(path)]))
    good = [i for i in items if isinstance(i, RawInput)]
    assert len(good) > 100
    assert isinstance(items[-1], Failure)
    assert items[-1].line == len(good) + 1 and items[-1].reason.startswith("truncated gzip data")


def test_a_file_of_blank_lines_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n")
    assert list(read_sources([str(path)])) == [Failure(str(path), "empty input")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-05-28", date(2014, 5, 28)),
        ("2014-05", date(2014, 5, 1)),
        ("2014", date(2014, 1, 1)),
        ("2014-05-28T10:00:00Z", date(2014, 5, 28)),
        ("2014-05-28 23:59:00+09:00", date(2014, 5, 28)),
        ("2014-13-01", None),
        ("yesterday", None),
        ("28/05/2014", None),
    ],
)
def test_published_formats(value: str, expected: date | None) -> None:
    assert parse_published(value) == expected


def test_gzip_bomb_in_jsonl_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Fine."}\n') + gzip.compress(bytes(30 << 20), 9))
    items = list(read_sources([str(path)]))
    assert isinstance(items[0], RawInput)
    assert items[1] == Failure(
        str(path),
        "gzip data expands more than 100 times: a decompression bomb; the rest of the file is unread",
        2,
    )
