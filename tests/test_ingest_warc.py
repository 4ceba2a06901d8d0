"""Web archives written with warcio's own writer: HTML responses come out, everything else is passed over."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import Limits
from storyline.ingest import read_sources
from storyline.model import Failure, RawInput

DATE = "2014-05-28T12:00:00Z"
PAGE = "<html><body><p>The dam held, officials said.</p></body></html>"


def response(
    writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK", content_type: str = "text/html"
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri, "response", payload=BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": DATE}
    )
    writer.write_record(record)


def mixed_archive(path: Path, *, gz: bool) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))  # 1
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record("https://example.org/a", "request", http_headers=request)
        )
        response(writer, "https://example.org/a", PAGE.encode())  # 3
        response(writer, "https://example.org/gone", b"<p>Not here</p>", status="404 Not Found")
        response(writer, "https://example.org/logo.png", b"\x89PNG....", content_type="image/png")
        response(writer, "https://example.org/moved", b"", status="301 Moved Permanently")
        response(  # 7
            writer,
            "https://example.org/cafe",
            "<p>Le café “noir”</p>".encode("cp1252"),
            content_type="text/html; charset=windows-1252",
        )
        response(writer, "https://example.org/empty", b"")  # 8
        response(
            writer,
            "https://example.org/b",
            b"<html><p>Second page.</p></html>",
            content_type="application/xhtml+xml",
        )
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_come_out_and_other_records_are_skipped(tmp_path: Path, name: str) -> None:
    path = mixed_archive(tmp_path / name, gz=name.endswith(".gz"))
    items = list(read_sources([str(path)]))
    fetched = datetime(2014, 5, 28, 12, tzinfo=UTC)
    assert items == [
        RawInput(
            source=str(path), data=PAGE, kind="html", line=3, url="https://example.org/a", fetched=fetched
        ),
        RawInput(
            source=str(path),
            data="<p>Le café “noir”</p>",
            kind="html",
            line=7,
            url="https://example.org/cafe",
            fetched=fetched,
        ),
        Failure(str(path), "record 8: empty input", 8),
        RawInput(
            source=str(path),
            data="<html><p>Second page.</p></html>",
            kind="html",
            line=9,
            url="https://example.org/b",
            fetched=fetched,
        ),
    ]


def test_warc_is_sniffed_by_its_magic(tmp_path: Path) -> None:
    path = mixed_archive(tmp_path / "crawl.bin", gz=True)
    assert sum(isinstance(i, RawInput) for i in read_sources([str(path)])) == 3


def test_oversized_record_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        response(writer, "https://example.org/big", b"<p>" + b"x" * 5000 + b"</p>")
        response(writer, "https://example.org/small", b"<p>small</p>")
    items = list(read_sources([str(path)], limits=Limits(max_input_bytes=1000)))
    assert items[0] == Failure(str(path), "record 1: too large: more than 1000 bytes (the limit)", 1)
    assert isinstance(items[1], RawInput) and items[1].url == "https://example.org/small"


def test_corrupt_archive_keeps_what_was_read(tmp_path: Path) -> None:
    good = mixed_archive(tmp_path / "good.warc", gz=False).read_bytes()
    path = tmp_path / "damaged.warc"
    path.write_bytes(good + b"WARC/1.0\r\nContent-Length: banana\r\n\r\nrubbish" * 3)
    items = list(read_sources([str(path)]))
    assert sum(isinstance(i, RawInput) for i in items) == 3
    last = items[-1]
    assert last == Failure(
        str(path), "record 10: corrupt archive, the rest is unread (a record without a type or a length)", 10
    )
    assert "\n" not in last.reason


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
@pytest.mark.parametrize("keep", [0.3, 0.5, 0.8, 0.99])
def test_truncated_archive_keeps_what_was_read_and_says_so(tmp_path: Path, name: str, keep: float) -> None:
    whole = mixed_archive(tmp_path / f"whole-{name}", gz=name.endswith(".gz")).read_bytes()
    path = tmp_path / name
    path.write_bytes(whole[: int(len(whole) * keep)])
    items = list(read_sources([str(path)]))
    pages = [i.line for i in items if isinstance(i, RawInput)]
    assert pages == [3, 7, 9][: len(pages)]
    last = items[-1]
    assert isinstance(last, Failure)
    assert "truncated" in last.reason or "corrupt archive" in last.reason


def test_single_gzip_stream_archive_is_a_clear_failure(tmp_path: Path) -> None:
    plain = mixed_archive(tmp_path / "plain.warc", gz=False).read_bytes()
    path = tmp_path / "wrong.warc.gz"
    path.write_bytes(gzip.compress(plain))  # one gzip member for the whole file, not one per record
    items = list(read_sources([str(path)]))
    assert isinstance(items[-1], Failure) and "corrupt archive" in items[-1].reason


def test_archive_without_pages_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "info.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        writer.write_record(writer.create_warcinfo_record("info.warc", {"software": "test"}))
    assert list(read_sources([str(path)])) == [
        Failure(str(path), "no HTML pages with status 200 in the archive (1 records)")
    ]
