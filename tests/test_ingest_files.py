"""Files and folders through `read_sources`: plain, gzip, bad inputs, and a batch that goes on past them."""

from __future__ import annotations

import gzip
import os
import random
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storyline.ingest as ingest
from storyline.config import LIMITS, Limits
from storyline.ingest import read_sources
from storyline.ingest.files import one_line
from storyline.ingest.sniff import page_kind, source_kind
from storyline.model import Failure, RawInput

ARTICLE = "<html><head><title>Dam</title></head><body><p>The dam held.</p></body></html>"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def gzip_bomb(path: Path, size: int) -> Path:
    """`size` zero bytes, gzip-compressed, written without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    block = bytes(1 << 20)
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(compressor.compress(block))
        fh.write(compressor.flush())
    return path


def split(items: list[RawInput | Failure]) -> tuple[list[RawInput], list[Failure]]:
    good = [i for i in items if isinstance(i, RawInput)]
    bad = [i for i in items if isinstance(i, Failure)]
    return good, bad


def reasons(items: list[RawInput | Failure]) -> dict[str, str]:
    return {Path(f.source).name: f.reason for f in split(items)[1]}


def test_public_api_is_listed_and_exists() -> None:
    for name in ingest.__all__:
        assert callable(getattr(ingest, name)), name
    assert "read_sources" in ingest.__all__


def test_plain_files_carry_only_their_source(tmp_path: Path) -> None:
    page = write(tmp_path / "a.html", ARTICLE)
    note = write(tmp_path / "b.txt", "The dam held, officials said on Tuesday.\n")
    items = list(read_sources([str(page), str(note)]))
    assert items == [
        RawInput(source=str(page), data=ARTICLE, kind="html"),
        RawInput(source=str(note), data="The dam held, officials said on Tuesday.\n", kind="text"),
    ]


def test_folder_is_walked_recursively_in_name_order_without_hidden_entries(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "second")
    write(tmp_path / "a" / "z.txt", "first")
    write(tmp_path / "a" / "deeper" / "y.html", ARTICLE)
    write(tmp_path / ".hidden.txt", "secret")
    write(tmp_path / ".git" / "c.txt", "secret")
    write(tmp_path / "c" / "style.css", "body { color: red }")
    names = [Path(i.source).relative_to(tmp_path).as_posix() for i in read_sources([str(tmp_path)])]
    assert names == ["a/deeper/y.html", "a/z.txt", "b.txt"]


def test_folder_without_recursion_reads_only_its_own_files(tmp_path: Path) -> None:
    write(tmp_path / "a" / "z.txt", "inner")
    write(tmp_path / "b.txt", "outer")
    items = list(read_sources([str(tmp_path)], recursive=False))
    assert [Path(i.source).name for i in items] == ["b.txt"]


def test_folder_link_loop_ends(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt", "once")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    items = list(read_sources([str(tmp_path)]))
    assert [Path(i.source).name for i in items] == ["x.txt"]


def test_cp1252_file_is_decoded_right(tmp_path: Path) -> None:
    text = "The caf\u00e9\u2019s owner said: \u201cWe\u2019re open\u201d \u2014 for now."
    path = write(tmp_path / "latin.txt", text.encode("cp1252"))
    [item] = read_sources([str(path)])
    assert isinstance(item, RawInput)
    assert item.data == text


def test_gzip_is_read_transparently_by_name_or_by_magic(tmp_path: Path) -> None:
    named = write(tmp_path / "page.html.gz", gzip.compress(ARTICLE.encode()))
    unnamed = write(tmp_path / "page.download", gzip.compress(b"Plain words."))
    items = list(read_sources([str(named), str(unnamed)]))
    assert [(i.data, i.kind) for i in items if isinstance(i, RawInput)] == [
        (ARTICLE, "html"),
        ("Plain words.", "text"),
    ]


def test_bad_inputs_fail_in_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    good1 = write(tmp_path / "good1.txt", "A good article.")
    bomb = gzip_bomb(tmp_path / "bomb.html.gz", LIMITS.max_input_bytes + (4 << 20))
    words = "".join(random.Random(1).choices("abcdefghij  ", k=20_000)).encode()
    truncated = write(tmp_path / "truncated.txt.gz", gzip.compress(words)[:2000])
    empty = write(tmp_path / "empty.txt", b"")
    blank = write(tmp_path / "blank.txt", b"  \n\t\n")
    noise = write(tmp_path / "noise.txt", random.Random(7).randbytes(4096))
    oversized = tmp_path / "oversized.html"
    with oversized.open("wb") as fh:  # sparse: nothing is written but the size
        fh.truncate(LIMITS.max_input_bytes + 1)
    missing = tmp_path / "missing.txt"
    good2 = write(tmp_path / "good2.html", ARTICLE)
    sources = [good1, bomb, truncated, empty, blank, noise, oversized, missing, good2]

    items = list(read_sources([str(p) for p in sources]))

    good, bad = split(items)
    assert [Path(g.source).name for g in good] == ["good1.txt", "good2.html"]
    assert [Path(f.source).name for f in bad] == [p.name for p in sources[1:-1]]
    for f in bad:
        assert "\n" not in f.reason and f.reason == one_line(f.reason) and f.line is None
    why = reasons(items)
    assert why["bomb.html.gz"].startswith("too large")
    assert why["truncated.txt.gz"].startswith("truncated gzip")
    assert why["empty.txt"] == "empty input"
    assert why["blank.txt"] == "empty input"
    assert why["noise.txt"] == "binary or undecodable content"
    assert (
        why["oversized.html"]
        == f"too large: {LIMITS.max_input_bytes + 1} bytes (the limit is {LIMITS.max_input_bytes})"
    )
    assert why["missing.txt"] == "no such file or directory"


def test_odd_sources_fail_cleanly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    items = list(read_sources(["", str(fifo), str(tmp_path / "nope" / "x.txt")], recursive=False))
    assert [f.reason for f in split(items)[1]] == [
        "empty source name",
        "not a regular file",
        "no such file or directory",
    ]


def test_limits_can_be_lowered_per_call(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "x" * 200)
    [item] = read_sources([str(path)], limits=Limits(max_input_bytes=100))
    assert isinstance(item, Failure) and item.reason.startswith("too large")


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.warc.gz", b"", "warc"),
        ("a.bin", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("a.ndjson", b"", "jsonl"),
        ("a.dat", b'{"text": "x"}\n\n{"text": "y"}\n', "jsonl"),
        ("a.json", b'{\n  "text": "x"\n}\n', "page"),
        ("a.xml", b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        ("a.atom", b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("a.dat", b"\xef\xbb\xbf<?xml version='1.0'?>\n<rdf:RDF>", "feed"),
        ("a.xml", b'<?xml version="1.0"?><urlset>', "page"),
        ("a.html", b"<html><body>", "page"),
    ],
)
def test_files_are_sniffed_by_name_and_content(name: str, head: bytes, kind: str) -> None:
    assert source_kind(name, head) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<!DOCTYPE html><title>x</title>", "html"),
        ("<p>One.</p><p>Two.</p>", "html"),
        ("Plain text that mentions <p> once.", "text"),
        ("Rates rose 3% <b>and</b> fell.", "text"),
    ],
)
def test_page_kind_looks_for_markup(text: str, kind: str) -> None:
    assert page_kind(text) == kind


SUFFIXES = ["", ".txt", ".html", ".gz", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".rss", ".xml"]
PREFIXES = [b"", b"\x1f\x8b", b"WARC/1.0\r\n", b"<rss>", b'{"text": ', b"\xef\xbb\xbf", b"<html>"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=2048),
    prefix=st.sampled_from(PREFIXES),
    suffix=st.sampled_from(SUFFIXES),
)
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, prefix: bytes, suffix: str) -> None:
    path = write(tmp_path / f"input{suffix}", prefix + data)
    items = list(read_sources([str(path)]))
    assert items
    for item in items:
        assert isinstance(item, RawInput | Failure)
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason
