"""Bytes to text: byte-order marks, declared charsets, UTF-8, Windows-1252, detection, and binary refused."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import IngestError
from storyline.ingest.decode import BINARY, charset_from_header, declared_charset, decode

CAFE = "The caf\u00e9\u2019s owner said: \u201cWe\u2019re open\u201d \u2014 for now. Na\u00efve r\u00e9sum\u00e9."  # curly quotes


def test_utf8_is_taken_as_it_is() -> None:
    assert decode(CAFE.encode("utf-8")) == CAFE


def test_windows_1252_without_declaration_comes_out_right() -> None:
    assert decode(CAFE.encode("cp1252")) == CAFE
    assert decode("café".encode("cp1252")) == "café"
    german = "Die Straße in München wurde gesperrt, sagte die Polizei."
    assert decode(german.encode("cp1252")) == german


def test_latin1_bytes_read_as_browsers_read_them() -> None:
    assert decode("Ça coûte 5 €".encode("iso-8859-15"), content_type="text/html; charset=ISO-8859-15") == (
        "Ça coûte 5 €"
    )
    assert decode(b"caf\xe9", content_type="text/plain; charset=iso-8859-1") == "café"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_mark_wins(bom: bytes, codec: str) -> None:
    assert decode(bom + CAFE.encode(codec), content_type="text/html; charset=iso-8859-1") == CAFE


def test_meta_charset_and_xml_prolog_are_honoured() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>Новости</body></html>'
    assert decode(page.encode("cp1251")) == page
    old_style = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Новости</p>'
    assert decode(old_style.encode("koi8_r")) == old_style
    xml = "<?xml version='1.0' encoding='ISO-8859-7'?><rss><title>Ειδήσεις</title></rss>"
    assert decode(xml.encode("iso-8859-7")) == xml


def test_header_charset_wins_over_the_page() -> None:
    page = '<meta charset="utf-8"><p>Новости</p>'
    assert decode(page.encode("cp1251"), content_type="text/html; charset=windows-1251") == page


def test_utf8_page_declaring_latin1_is_read_as_utf8() -> None:
    page = f'<meta charset="iso-8859-1"><p>{CAFE}</p>'
    assert decode(page.encode("utf-8")) == page


def test_wrong_declaration_falls_back() -> None:
    page = f'<meta charset="utf-8"><p>{CAFE}</p>'
    assert decode(page.encode("cp1252")) == page
    assert decode(b"plain", content_type="text/html; charset=no-such-charset") == "plain"


def test_other_scripts_are_detected() -> None:
    russian = "В Москве прошла встреча министров иностранных дел. Стороны обсудили перемирие. " * 3
    assert decode(russian.encode("cp1251")) == russian
    polish = "Prezydent powiedział dziennikarzom, że rząd przygotuje nową ustawę. Zażółć gęślą jaźń. " * 3
    assert decode(polish.encode("cp1250")) == polish


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        random.Random(1).randbytes(4096),
        bytes(random.Random(2).choices(range(0x80, 0x100), k=4096)),
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_noise_is_refused(data: bytes) -> None:
    with pytest.raises(IngestError, match=BINARY):
        decode(data)


def test_charset_labels() -> None:
    assert charset_from_header('text/html; charset="ISO-8859-1"') == "cp1252"
    assert charset_from_header("text/html") is None
    assert charset_from_header("text/html; charset=utf-16") is None  # no BOM to trust it by
    assert declared_charset(b"<html><meta charset=shift_jis>") == "cp932"
    assert declared_charset(b"<html><p>no declaration</p>") is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from([None, "text/html; charset=utf-8", "text/html; charset=x"]))
def test_decode_returns_text_or_refuses(data: bytes, content_type: str | None) -> None:
    try:
        text = decode(data, content_type=content_type)
    except IngestError as err:
        assert err.message.startswith(BINARY)
    else:
        assert isinstance(text, str)


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    text = CAFE * 5
    data = text.encode("utf-8") + b" \x92 " + text.encode("utf-8")
    assert decode(data) == f"{text} \ufffd {text}"


def test_encoding_is_found_where_the_first_non_ascii_byte_is() -> None:
    text = "The dam held. " * 100_000 + CAFE
    assert decode(text.encode("cp1252")) == text


def test_refusal_says_where() -> None:
    with pytest.raises(IngestError) as caught:
        decode(b"\x00\x01\x02", source="a.bin")
    assert caught.value.source == "a.bin" and str(caught.value) == f"a.bin: {BINARY}"
