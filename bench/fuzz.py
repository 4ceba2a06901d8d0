"""Fuzz the readers, the cleaners, the byte decoder and the time normalizer, and print what each target did.

    .venv/bin/python bench/fuzz.py                                  # 3000 inputs per target ($STORYLINE_FUZZ_EXAMPLES)
    .venv/bin/python bench/fuzz.py --examples 20000 --seconds 540   # what `make soak` runs
    .venv/bin/python bench/fuzz.py --target warc --target jsonl

Every target takes one generated input and either succeeds, or ends in a recorded failure (a `Failure` in a
reader's stream, or a `StorylineError` from a function documented to raise one: `CleanError` from the cleaner,
`IngestError` from the decoder). Anything else escaped, and would have cost the input (or, outside the
pipeline's per-document boundary, the batch): the table counts escapes and prints the first traceback of each
kind. `tests/test_fuzz.py` runs the same targets, briefly and derandomized, under hypothesis's shrinking; this
script runs them longer without shrinking, in bounded time, and tallies.

The generators are structured where that reaches further than random bytes: WARC records with mutated headers
and lengths, JSON Lines with odd JSON (lone surrogates, deep nesting, huge numbers, wrong types), feeds with odd
entities and markup, HTML built from random nested tags, attributes and entities, text with control characters,
RTL marks and very long and very short lines, time expressions built from the normalizer's own lexicon plus
date-like tokens ("the 1970s", "13/45/2020", huge numbers) against publication dates up to date.min and date.max.
"""

from __future__ import annotations

import argparse
import atexit
import codecs
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import hypothesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from storyline.clean import clean
from storyline.clean.published import decide_published, find_dates
from storyline.clean.visible import visible_text
from storyline.errors import CleanError, IngestError, StorylineError
from storyline.ingest import read_file
from storyline.ingest.decode import CHARSET_ALIASES, decode
from storyline.ingest.feeds import read_feed
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.sniff import looks_like_jsonl, page_kind, root_tag, source_kind
from storyline.ingest.warc import read_warc
from storyline.model import Cleaned, Document, Failure, IngestOutcome, InputKind, RawInput
from storyline.pipeline import ingest
from storyline.store import Store, open_store
from storyline.store import dossier_reads as reads
from storyline.time import find_timexes, lexicon

Result = Literal["ok", "failure"]

EXAMPLES_ENV = "STORYLINE_FUZZ_EXAMPLES"  # inputs per target, for CI's bounded run and this script's default


def examples_from_env(default: int) -> int:
    """`default`, or the count $STORYLINE_FUZZ_EXAMPLES asks for (a larger run on demand)."""
    value = os.environ.get(EXAMPLES_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


# Findings of issue 18 that other work fixes: an input hitting one is tallied as "known", not as an escape,
# so that this campaign stays green until that fix is merged. Drop an entry once its fix is on main.
KNOWN_ELSEWHERE: dict[str, Callable[[BaseException], bool]] = {}  # finding 1 (lone surrogates) is fixed on main


def known_elsewhere(exc: BaseException) -> str | None:
    return next((name for name, match in KNOWN_ELSEWHERE.items() if match(exc)), None)


# -- what stored text may hold ----------------------------------------------------------------------------

_FORBIDDEN = {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F}


def check_text(value: str | None, what: str, *, controls: bool = False) -> None:
    """Text a store can hold and a reader can trust: valid Unicode (no lone surrogates) and, unless `controls`,
    no C0 control characters but tab, line feed and carriage return."""
    if value is None:
        return
    value.encode("utf-8")  # raises on a lone surrogate
    if not controls:
        bad = [hex(ord(c)) for c in value if ord(c) in _FORBIDDEN]
        assert not bad, f"{what} holds control characters {bad[:5]}"


def check_document(doc: Document) -> None:
    assert doc.text.strip(), "a document without text"
    for name in ("text", "title", "byline", "outlet", "url", "section", "source"):
        check_text(getattr(doc, name), name)
    for name in ("authors", "captions"):
        for value in getattr(doc, name):
            check_text(value, name)
    for value in doc.removed:  # what the cleaner dropped, kept as it was on the page
        check_text(value, "removed", controls=True)
    assert doc.id == Document.id_for(doc.text)


def check_item(item: RawInput | Failure) -> Result:
    if isinstance(item, Failure):
        assert item.reason and "\n" not in item.reason, f"not a one-line reason: {item.reason!r}"
        check_text(item.reason, "reason")  # printed to a terminal and stored: no NUL, no escape sequence
        return "failure"
    assert isinstance(item, RawInput)
    # What a reader gives is valid Unicode (it is hashed and stored as UTF-8); control characters are the
    # cleaner's to remove, so that every document goes through the same rule.
    for name in ("data", "title", "url", "outlet", "source"):
        value = getattr(item, name)
        if isinstance(value, str):
            value.encode("utf-8")
    return "ok"


def drain(items: Iterator[RawInput | Failure]) -> Result:
    """A reader's whole stream, each item checked; "failure" when any item is a recorded failure."""
    results = [check_item(item) for item in items]
    return "failure" if "failure" in results else "ok"


# -- generated inputs -------------------------------------------------------------------------------------

WORK = Path(tempfile.mkdtemp(prefix="storyline-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)


def as_file(data: bytes, name: str) -> Path:
    """The input as a file to read (one at a time: each input overwrites the one before)."""
    path = WORK / name
    path.write_bytes(data)
    return path


ODD_CHARS = st.sampled_from(
    ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u202d", "\u2066",
     "\u2069", "\u200f", "\u2028", "\u2029", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\r", "\r\n", "\t",
     "\U0001f600", "\u0301", "\ud800", "\udfff", "\udc80"]
)
# The same without lone surrogates: what decoded bytes can hold (a surrogate arrives only through a JSON escape).
SOUND_ODD_CHARS = ODD_CHARS.filter(lambda c: not any("\ud800" <= x <= "\udfff" for x in c))
PROSE = st.sampled_from(
    ["The council voted on Tuesday to approve the budget after a long debate about schools.",
     "Officials said the talks would resume next month in Geneva, according to a statement.",
     "\u05d4\u05de\u05de\u05e9\u05dc\u05d4 \u05d0\u05d9\u05e9\u05e8\u05d4 \u05d0\u05ea \u05d4\u05ea\u05e7\u05e6\u05d9\u05d1.",
     "Share", "Advertisement", "By Jane Doe", "May 28, 2014", "Photo: Reuters", "Read more"]
)
TEXT = st.one_of(st.text(max_size=40), ODD_CHARS, PROSE)
# Text with lone surrogates only where the input format can carry them (JSON escapes, Python strings).
CLEAN_TEXT = st.lists(st.one_of(st.text(max_size=30), ODD_CHARS, PROSE), max_size=12).map("".join)

ENTITIES = st.sampled_from(
    ["&amp;", "&amp", "&nbsp;", "&#0;", "&#x0;", "&#1;", "&#x85;", "&#xD800;", "&#55296;", "&#1114112;",
     "&#99999999999999999999;", "&#x202e;", "&bogus;", "&lt;script&gt;", "&", "&#", "&#x;", "&#9;"]
)
TAGS = st.sampled_from(
    ["div", "p", "span", "a", "b", "i", "article", "section", "main", "h1", "h2", "figure", "figcaption",
     "blockquote", "table", "tr", "td", "ul", "li", "br", "img", "script", "style", "noscript", "template",
     "svg", "math", "iframe", "meta", "title", "time", "header", "footer", "nav", "aside", "select", "option",
     "form", "pre", "html", "body", "head", "x-custom", "a:b", "😀"]
)
ATTR_NAMES = st.sampled_from(
    ["class", "id", "style", "hidden", "aria-hidden", "href", "src", "type", "content", "property", "name",
     "datetime", "charset", "http-equiv", "lang", "dir", "onload", "data-x", "xmlns", "x\x00"]
)
ATTR_VALUES = st.one_of(
    st.sampled_from(["caption", "wp-caption-text", "twitter-tweet", "display:none", "true", "article:section",
                     "application/ld+json", "2014-05-28", "rtl", "javascript:alert(1)", "og:title",
                     "article:published_time", "text/html; charset=utf-7"]),
    TEXT,
)


def _attrs(draw: st.DrawFn) -> str:
    pairs = draw(st.lists(st.tuples(ATTR_NAMES, ATTR_VALUES), max_size=3))
    quote = draw(st.sampled_from(['"', "'", ""]))
    return "".join(f" {k}={quote}{v.replace(quote, '') if quote else v.replace(' ', '')}{quote}" for k, v in pairs)


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(TAGS)
    inner = "".join(draw(st.lists(children, max_size=4)))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", f"</{tag}", "/>"]))
    return f"<{tag}{_attrs(draw)}>{inner}{close}"


_LEAF = st.one_of(TEXT, ENTITIES, st.sampled_from(["<!--", "-->", "<![CDATA[x]]>", "<?xml version='1.0'?>",
                                                    "<!DOCTYPE html>", "<", ">", "</", "<p", "'", '"']))
HTML_FRAGMENT = st.recursive(_LEAF, lambda inner: _element(inner), max_leaves=40)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0' encoding='utf-8'?>", "\ufeff"]))
    title = draw(TEXT)
    body = "".join(draw(st.lists(HTML_FRAGMENT, max_size=6)))
    if draw(st.booleans()):
        body += "".join(f"<p>{p}</p>" for p in draw(st.lists(PROSE, min_size=3, max_size=8)))
    return f"{head}<html><head><title>{title}</title></head><body>{body}</body></html>"


RTL = st.sampled_from(["\u202e", "\u202b", "\u200f", "\u061c", "\u2067",
                      "\u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0642\u0627\u0644\u062a",
                      "\u202egnirts desrever\u202c"])
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\f", "\x0b", "\x85", "\u2028", "\x1c"])


@st.composite
def text_scrapes(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(PROSE, st.text(max_size=120), PROSE.map(lambda p: p * 3), SOUND_ODD_CHARS,
                                    st.lists(st.one_of(PROSE, SOUND_ODD_CHARS, RTL), max_size=6).map("".join),
                                    st.tuples(PROSE, st.integers(1, 200)).map(lambda t: t[0] * t[1]),
                                    st.sampled_from(["", " ", ".", "a", "\u200f\u202e", "-" * 80])),
                          max_size=30))
    out = []
    for line in lines:
        out.append(line)
        out.append(draw(NEWLINES))
    return "".join(out)


# JSON values, with strings that JSON can carry but Unicode cannot (lone surrogates), as escapes.
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                         PROSE, ODD_CHARS)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                   st.dictionaries(st.text(max_size=5), inner,
                                                                                   max_size=3)), max_leaves=10)
JSON_KEYS = st.sampled_from(["text", "html", "title", "url", "published", "outlet", "extra"])
PUBLISHED = st.one_of(
    st.sampled_from(["2014-05-28", "2014-13-45", "2014-05", "2014", "0000-00-00", "9999-12-31T23:59:59+14:00",
                     "2014-05-28T23:30:00-04:00", "2014-05-28 10:00", "T", " ", "May 28, 2014", "\u0662\u0660\u0661\u0664"]),
    st.dates().map(date.isoformat),
    st.datetimes().map(datetime.isoformat),
)


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 9))
    if kind == 9:
        return draw(st.binary(max_size=80))
    if kind == 8:
        return draw(st.sampled_from(
            [b"[" * 5000, b'{"text": ' + b"[" * 5000, b'{"text": 1' + b"0" * 5000 + b"}", b"{", b"null", b'"x"',
             b'{"text": "\\ud800 alone", "title": "\\udfff"}', b'{"text": NaN}', b'{"text": "a\\u0000b"}',
             b'{"text": "x", "text": 5}', b"\xef\xbb\xbf{}", b'{"html": "<p>\\u202e' + b"x" * 300 + b'</p>"}']))
    obj: dict[str, Any] = {}
    if kind == 7:  # any keys, any values
        for key in draw(st.lists(JSON_KEYS, max_size=6)):
            obj[key] = draw(PUBLISHED if key == "published" and draw(st.booleans()) else JSON_VALUES)
    else:  # the shape the reader expects, with odd text in it
        body = draw(st.sampled_from(["text", "html"]))
        obj[body] = draw(text_scrapes() if body == "text" else html_pages())
        for key in draw(st.lists(st.sampled_from(["title", "url", "outlet", "published"]), max_size=4)):
            obj[key] = draw(st.dates().map(date.isoformat) if key == "published" else CLEAN_TEXT)
    line = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 3)) == 3:
        # a surrogate escape, which json.dumps writes for a Python string holding one
        line = line.replace("\\u00", draw(st.sampled_from(["\\ud8", "\\udc", "\\u00"])), 1)
    return line.encode("utf-8", "surrogatepass")


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(jsonl_lines(), max_size=6))
    ending = draw(st.sampled_from([b"\n", b"\r\n", b"\r", b"\n\n"]))
    return draw(st.sampled_from([b"", codecs.BOM_UTF8])) + ending.join(lines) + draw(st.sampled_from([b"", ending]))


_WARC_HEADERS = ["WARC-Type", "WARC-Target-URI", "WARC-Date", "WARC-Record-ID", "Content-Type", "Content-Length",
                 "WARC-Payload-Digest", "WARC-Block-Digest", "WARC-Truncated", "WARC-Segment-Number"]
_HTTP_HEADERS = ["Content-Type", "Content-Encoding", "Transfer-Encoding", "Content-Length", "Location"]


@st.composite
def warc_records(draw: st.DrawFn) -> bytes:
    body = draw(st.one_of(html_pages(), text_scrapes(), st.text(max_size=100))).encode("utf-8", "surrogatepass")
    mutate = draw(st.integers(0, 3)) == 3  # one record in four has something odd about it; the rest are sound
    if mutate and draw(st.booleans()):
        body = draw(st.binary(max_size=200))
    status = draw(st.sampled_from([b"200 OK", b"200", b"404 Not Found", b"301 Moved", b"OK", b"", b"200 \xff"])
                  if mutate else st.just(b"200 OK"))
    ctype = draw(st.sampled_from([b"text/html", b"text/html; charset=utf-8", b"text/html; charset=shift_jis",
                                  b"text/html; charset=bogus", b"application/xhtml+xml", b"image/png", b"",
                                  b"text/html; charset=utf-16"]))
    http_headers = [b"Content-Type: " + ctype]
    for name in draw(st.lists(st.sampled_from(_HTTP_HEADERS), max_size=2 if mutate else 0)):
        value = draw(st.sampled_from([b"gzip", b"chunked", b"deflate", b"br", b"12", b"-1", b"\xff\xfe"]))
        http_headers.append(name.encode() + b": " + value)
    if b"Content-Encoding: gzip" in http_headers and draw(st.booleans()):
        body = gzip.compress(body)
    block = b"HTTP/1.1 " + status + b"\r\n" + b"\r\n".join(http_headers) + b"\r\n\r\n" + body
    if mutate and draw(st.integers(0, 3)) == 3:
        block = draw(st.binary(max_size=120))
    length = len(block) + (draw(st.sampled_from([0, -1, 1, -10, 10**6])) if mutate else 0)
    headers = {
        "WARC-Type": draw(st.sampled_from(["response", "request", "metadata", "resource", "", "x"]))
        if mutate else "response",
        "WARC-Target-URI": draw(st.one_of(st.sampled_from(["<http://example.org/a>", "http://example.org/\u202e"]),
                                          st.text(max_size=20))),
        "WARC-Date": draw(st.one_of(st.sampled_from(["2014-05-28T10:00:00Z", "bogus", ""]), st.text(max_size=25))),
        "Content-Type": "application/http; msgtype=response",
        "Content-Length": str(length) if not mutate or draw(st.booleans())
        else draw(st.sampled_from(["", "abc", "-5", "1e3"])),
    }
    for name in draw(st.lists(st.sampled_from(_WARC_HEADERS), max_size=2 if mutate else 0)):
        if draw(st.booleans()):
            headers.pop(name, None)
        else:
            headers[name] = draw(st.text(max_size=20))
    version = draw(st.sampled_from([b"WARC/1.0", b"WARC/1.1", b"WARC/0.9", b"WARC/1.", b"warc/1.0"])
                   if mutate else st.sampled_from([b"WARC/1.0", b"WARC/1.1"]))
    head = version + b"\r\n" + b"".join(
        k.encode() + b": " + v.encode("utf-8", "surrogatepass").replace(b"\r", b"").replace(b"\n", b"") + b"\r\n"
        for k, v in headers.items()
    )
    record = head + b"\r\n" + block + b"\r\n\r\n"
    if draw(st.booleans()):
        record = gzip.compress(record)
    return record


@st.composite
def warc_files(draw: st.DrawFn) -> bytes:
    data = b"".join(draw(st.lists(warc_records(), min_size=1, max_size=4)))
    cut = draw(st.one_of(st.none(), st.none(), st.none(), st.integers(0, max(0, len(data)))))
    if cut is not None:
        data = data[:cut]
    if draw(st.integers(0, 4)) == 4 and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1 :]
    return data


FEED_TEXT = st.one_of(TEXT, ENTITIES, PROSE, HTML_FRAGMENT)


def _esc(value: str, draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return f"<![CDATA[{value.replace(']]>', '')}]]>"
    return value if draw(st.booleans()) else value.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    atom = draw(st.booleans())
    prolog = draw(st.sampled_from(["", "<?xml version='1.0' encoding='utf-8'?>", "<?xml version='1.0' encoding='bogus'?>",
                                   '<!DOCTYPE rss [<!ENTITY e "boom">]>', "<!DOCTYPE rss SYSTEM 'file:///etc/passwd'>"]))
    items = []
    for _ in range(draw(st.integers(0, 4))):
        fields = {
            "title": _esc(draw(FEED_TEXT), draw),
            "link": _esc(draw(st.one_of(st.sampled_from(["http://example.org/a", "javascript:x", "/rel", ""]),
                                        TEXT)), draw),
            "date": draw(st.one_of(PUBLISHED, st.sampled_from(["Wed, 28 May 2014 10:00:00 GMT", "Wed, 99 Foo"]),
                                   TEXT)),
            "body": _esc(draw(st.one_of(html_pages(), FEED_TEXT, PROSE.map(lambda p: p * 12))), draw),
        }
        if atom:
            items.append(f"<entry><title type='html'>{fields['title']}</title><link href='{fields['link']}'/>"
                         f"<updated>{fields['date']}</updated><content type='html'>{fields['body']}</content></entry>")
        else:
            items.append(f"<item><title>{fields['title']}</title><link>{fields['link']}</link>"
                         f"<pubDate>{fields['date']}</pubDate><description>{fields['body']}</description>"
                         f"<content:encoded>{fields['body']}</content:encoded></item>")
        if draw(st.integers(0, 5)) == 5:
            items.append(draw(FEED_TEXT))
    if atom:
        doc = f"{prolog}<feed xmlns='http://www.w3.org/2005/Atom'><title>{draw(TEXT)}</title>{''.join(items)}</feed>"
    else:
        doc = (f"{prolog}<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
               f"<title>{draw(TEXT)}</title><link>{draw(TEXT)}</link>{''.join(items)}</channel></rss>")
    data = doc.encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


def _lexicon_words() -> list[str]:
    words: set[str] = set()
    for value in vars(lexicon).values():
        if isinstance(value, dict):
            words.update(k for k in value if isinstance(k, str))
        elif isinstance(value, frozenset | tuple | set):
            words.update(v for v in value if isinstance(v, str))
    return sorted(words)


LEXICON = st.sampled_from(_lexicon_words())
NUMBERS = st.one_of(
    st.integers(-10, 10**5).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["'99", "1990s", "10:35", "31st", "0", "00", "99999999999999999999", "1e400", "10**400",
                     "0000", "9999", "10000", "-5000", "2147483648", "18446744073709551616", "000000000000031"]),
)
DATE_LIKE = st.one_of(
    st.sampled_from(["the 1970s", "the 1900s", "the 0s", "the 99990s", "last Tuesday", "next Friday", "13/45/2020",
                     "0/0/0", "31/12/9999", "12/31/9999", "01/01/0001", "2020-02-30", "9999-12-31", "0001-01-01",
                     "Feb. 29, 2021", "February 29, 1900", "May 99999999999, 2014", "the year 99999",
                     "99999999999 years ago", "99999999999 days later", "in 10000 years", "the 21st century",
                     "the 99999th century", "the 0th century", "Q5 2014", "fall of 9999", "summer 0", "week 54",
                     "12:99 p.m.", "25:00", "1 BC", "the 1800s and 1990s", "mid-2014", "early 9999",
                     "late 0999", "every 0 days", "1,000,000,000 weeks", "the past 10**9 months", "AD 3000"]),
    st.tuples(st.sampled_from(["/", "-", "."]), st.integers(-99, 10**6), st.integers(-99, 10**6),
              st.integers(-99, 10**6)).map(lambda t: t[0].join(map(str, t[1:]))),
)
TIME_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(LEXICON, LEXICON.map(str.title), NUMBERS, DATE_LIKE, DATE_LIKE, PROSE, ODD_CHARS, RTL,
                       st.sampled_from([",", ".", "-", "'s", "of", "the", "in", "on", "by", "ago", "(", "/"]),
                       st.text(max_size=5)), max_size=40).map(" ".join),
)
EDGE_DATES = st.sampled_from([date.min, date.max, date(1, 12, 31), date(9999, 1, 1), date(999, 12, 31),
                              date(1000, 1, 1), date(2999, 12, 31), date(3000, 1, 1), date(2000, 2, 29)])
ANCHORS = st.one_of(st.none(), st.dates(), EDGE_DATES,
                    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))

CHARSETS = st.sampled_from([*CHARSET_ALIASES, "utf-16", "utf-7", "bogus", "x" * 100, "", "utf-8"])


@st.composite
def page_bytes(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """Bytes as a page might arrive: random, or text in some encoding with a declaration that may lie."""
    header = draw(st.one_of(st.none(), CHARSETS.map(lambda c: f"text/html; charset={c}"), st.text(max_size=30)))
    if draw(st.booleans()):
        return draw(st.binary(max_size=400)), header
    text = draw(st.one_of(html_pages(), text_scrapes()))
    codec = draw(st.sampled_from(["utf-8", "cp1252", "shift_jis", "utf-16", "utf-16-le", "koi8-r", "gb18030"]))
    data = text.encode(codec, "replace")
    if draw(st.booleans()):
        data = f"<meta charset={draw(CHARSETS)}>".encode() + data
    if draw(st.booleans()):
        data = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE, b""])) + data
    return data, header


FILE_NAMES = st.sampled_from(["a.html", "a.txt", "a", "a.gz", "a.html.gz", "a.jsonl", "a.jsonl.gz", "a.warc",
                              "a.warc.gz", "a.xml", "a.rss", "a.atom.gz", "a.ndjson"])


@st.composite
def any_files(draw: st.DrawFn) -> tuple[bytes, str]:
    data = draw(st.one_of(st.binary(max_size=300), jsonl_files(), warc_files(), feeds(),
                          html_pages().map(lambda s: s.encode("utf-8", "surrogatepass")),
                          text_scrapes().map(lambda s: s.encode("utf-8", "surrogatepass"))))
    name = draw(FILE_NAMES)
    if name.endswith(".gz") and draw(st.booleans()):
        data = gzip.compress(data)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    return data, name


# Bytes as a sniffer sees a file's head: random, or the start of each kind of file.
HEADS = st.one_of(st.binary(max_size=200), jsonl_files(), warc_files(), feeds(),
                  html_pages().map(lambda s: s.encode("utf-8", "surrogatepass")))
NAMES = st.one_of(FILE_NAMES, st.text(max_size=20), st.sampled_from([".gz", "..gz", ".warc", "gz", "a.", ".", ""]))
FETCHED = st.one_of(st.none(), st.dates(), EDGE_DATES)


@st.composite
def cleaned_pages(draw: st.DrawFn) -> tuple[date | None, Cleaned, date | None]:
    """What `decide_published` weighs: a given date, a cleaned page's dates, captions and text, a fetch date."""
    dated = st.one_of(st.none(), st.dates(), EDGE_DATES)
    text = draw(st.one_of(TIME_TEXT, text_scrapes()))
    captions = tuple(draw(st.lists(st.one_of(TIME_TEXT, DATE_LIKE, st.just("File photo, May 28, 2014")), max_size=3)))
    cleaned = Cleaned(text=text, date=draw(dated), dateline=draw(dated), captions=captions)
    return draw(dated), cleaned, draw(FETCHED)


# -- the targets ------------------------------------------------------------------------------------------


def run_decode(value: tuple[bytes, str | None]) -> Result:
    data, header = value
    try:
        text = decode(data, content_type=header)
    except IngestError:
        return "failure"
    text.encode("utf-8")
    return "ok"


def _run_clean(text: str, kind: InputKind, fetched: date | None = date(2020, 1, 1)) -> Result:
    raw = RawInput(source="fuzz", data=text, kind=kind, title=None)
    try:
        doc = clean(raw, text, today=fetched)
    except CleanError:
        return "failure"
    check_document(doc)
    return "ok"


def run_clean_html(value: tuple[str, date | None]) -> Result:
    text, fetched = value
    return _run_clean(text, "html", fetched)


def run_clean_text(text: str) -> Result:
    return _run_clean(text, "text")


def run_visible(text: str) -> Result:
    out = visible_text(text)
    check_text(out, "visible text", controls=True)
    return "ok" if out.strip() else "failure"


def run_published(value: tuple[date | None, Cleaned, date | None]) -> Result:
    given, cleaned, fetched = value
    for start, end, _ in find_dates(cleaned.text):
        assert 0 <= start < end <= len(cleaned.text)
    when, source = decide_published(given, cleaned, fetched=fetched)
    assert (when is None) == (source is None)
    if when is not None and source != "given":
        assert when <= (fetched or date.today()), (when, source, fetched)
    return "ok" if when is not None else "failure"


def run_sniff(value: tuple[str, bytes]) -> Result:
    name, head = value
    kind = source_kind(name, head)
    assert kind in ("warc", "jsonl", "feed", "page")
    root_tag(head)
    looks_like_jsonl(head)
    assert page_kind(head.decode("utf-8", "replace")) in ("html", "text")
    return "ok" if kind != "page" else "failure"


def run_jsonl(data: bytes) -> Result:
    return drain(read_jsonl(as_file(data, "f.jsonl")))


def run_warc(data: bytes) -> Result:
    return drain(read_warc(as_file(data, "f.warc")))


def run_feed(data: bytes) -> Result:
    return drain(read_feed(as_file(data, "f.xml")))


def run_file(value: tuple[bytes, str]) -> Result:
    return drain(read_file(as_file(*value)))


def run_time(value: tuple[str, date | None]) -> Result:
    text, anchor = value
    for t in find_timexes(text, anchor):
        assert text[t.start : t.end] == t.text
        assert t.start < t.end
    return "ok"


def check_store(store: Store) -> int:
    """Every stored document's text is valid, and every piece of evidence is exactly the text it points at;
    the number of pieces of evidence checked."""
    docs = {d.id: d for d in store.iter_documents()}
    for doc in docs.values():
        check_document(doc)
    with store.engine.connect() as conn:
        evidence = [e for item in reads.timeline(conn) for e in item["evidence"]]
        evidence += [c["evidence"] for c in reads.claims(conn)]
    for ev in evidence:
        assert docs[ev["document"]].text[ev["start"] : ev["end"]] == ev["text"], ev
    return len(evidence)


def run_ingest(files: list[tuple[bytes, str]], *, read: bool = True) -> Result:
    """The files, in a folder, through `pipeline.ingest` into a new SQLite store: each file stored or recorded
    as failed (never an exception), the sound first page stored, the store's texts valid and its evidence
    exact. "ok" when every file was stored, "failure" when one was recorded as failed."""
    folder = Path(tempfile.mkdtemp(dir=WORK))
    pages = folder / "pages"
    pages.mkdir()
    paths = []
    for i, (data, name) in enumerate(files):
        path = pages / f"{i}-{name}"
        path.write_bytes(data)
        paths.append(str(path))
    outcomes: list[IngestOutcome] = []
    try:
        with open_store(f"sqlite:///{folder / 'dossier.db'}") as store:
            summary = ingest(store, [str(pages)], on_outcome=outcomes.append, read=read)
            for path in paths:
                assert any(o.source == path or o.source.startswith(f"{path}:") for o in outcomes), path
            assert store.count_documents() == summary.stored
            assert outcomes_for(outcomes, paths[0]) == ["stored"], "a sound page beside hostile ones was lost"
            check_store(store)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return "ok" if summary.stored == len(files) else "failure"  # "failure": some file was recorded as failed


def outcomes_for(outcomes: list[IngestOutcome], path: str) -> list[str]:
    return [o.outcome for o in outcomes if o.source == path or o.source.startswith(f"{path}:")]


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any], Result]
    ci_examples: int  # what tests/test_fuzz.py runs: the whole file in under a minute on 2 busy cores


TARGETS: tuple[Target, ...] = (
    Target("decode", page_bytes(), run_decode, 150),
    Target("clean_html", st.tuples(st.one_of(html_pages(), st.text(max_size=300)), FETCHED), run_clean_html, 60),
    Target("clean_text", st.one_of(text_scrapes(), st.text(max_size=300)), run_clean_text, 150),
    Target("visible", st.one_of(html_pages(), st.text(max_size=300)), run_visible, 100),
    Target("published", cleaned_pages(), run_published, 200),
    Target("sniff", st.tuples(NAMES, HEADS), run_sniff, 80),
    Target("jsonl", st.one_of(jsonl_files(), st.binary(max_size=300)), run_jsonl, 60),
    Target("warc", st.one_of(warc_files(), st.binary(max_size=300)), run_warc, 60),
    Target("feed", st.one_of(feeds(), st.binary(max_size=300)), run_feed, 100),
    Target("read_file", any_files(), run_file, 60),
    Target("time", st.tuples(TIME_TEXT, ANCHORS), run_time, 400),
)
SOUND_PAGE = (
    b"<html><head><title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>"
    b"<p>The city council voted on Tuesday to approve the budget after a long debate about schools.</p>"
    b"<p>Officials said the talks with the teachers' union would resume next month in Geneva.</p>"
    b"<p>Mayor Jane Doe said the vote on May 27, 2014 was the hardest of her two terms in office.</p>"
    b"<p>The budget adds 40 teachers and closes two libraries, according to a statement.</p>"
    b"</article></body></html>"
)
# A sound page beside every kind of input above, a few files at a time, through the whole pipeline (spaCy
# included: slow): the sound page is stored whatever the files beside it hold.
INGEST = Target("ingest", st.lists(any_files(), min_size=1, max_size=5).map(lambda fs: [(SOUND_PAGE, "a.html"), *fs]),
                run_ingest, 3)


# -- the long run -----------------------------------------------------------------------------------------

CHUNK = 100  # inputs per hypothesis run; the time budget is checked between runs


@dataclass(slots=True)
class Tally:
    tried: int = 0
    failures: int = 0
    escaped: int = 0
    known: int = 0  # hit a finding another fix of issue 18 owns (KNOWN_ELSEWHERE)
    seconds: float = 0.0
    kinds: dict[str, str] = field(default_factory=dict)  # escape kind -> first traceback and input


def run_long(target: Target, examples: int, seed: int, seconds: float | None = None) -> Tally:
    """Up to `examples` inputs of `target`, in runs of CHUNK with seeds from `seed`, stopping at the first run
    boundary after `seconds`; no shrinking, every outcome tallied."""
    tally = Tally()

    def one(value: Any) -> None:
        tally.tried += 1
        try:
            if target.run(value) == "failure":
                tally.failures += 1
        except StorylineError as err:  # a reader raised where it should have yielded a Failure
            tally.escaped += 1
            tally.kinds.setdefault(f"{type(err).__name__} raised", f"{err}\ninput: {value!r:.500}")
        except Exception as exc:
            if known_elsewhere(exc):
                tally.known += 1
                return
            tally.escaped += 1
            where = traceback.extract_tb(exc.__traceback__)[-1]
            kind = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"
            tally.kinds.setdefault(kind, f"{traceback.format_exc()}\ninput: {value!r:.500}")

    start = time.perf_counter()
    run = 0
    while tally.tried < examples and (seconds is None or time.perf_counter() - start < seconds):
        before = tally.tried
        chunk = min(CHUNK, examples - tally.tried)
        test = settings(max_examples=chunk, deadline=None, database=None, phases=[Phase.generate],
                        suppress_health_check=list(HealthCheck))(given(target.strategy)(one))
        hypothesis.seed(seed * 100_003 + run)(test)()
        run += 1
        if tally.tried == before:  # the strategy has nothing more to give
            break
    tally.seconds = time.perf_counter() - start
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=examples_from_env(3000),
                        help=f"inputs per target (default ${EXAMPLES_ENV} or 3000)")
    parser.add_argument("--seconds", type=float, default=None,
                        help="total time budget, shared evenly by the targets (default: none)")
    parser.add_argument("--target", action="append", choices=[t.name for t in (*TARGETS, INGEST)],
                        help="only these targets")
    parser.add_argument("--ingest", type=int, default=20, help="batches of files through pipeline.ingest (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    chosen = [t for t in TARGETS if not args.target or t.name in args.target]
    if args.ingest and (not args.target or "ingest" in args.target):
        chosen.append(INGEST)
    share = args.seconds / len(chosen) if args.seconds else None
    print(f"{'target':<12} {'inputs':>8} {'failures':>9} {'escaped':>8} {'known':>6} {'seconds':>8}")
    total = Tally()
    reports: list[tuple[str, str, str]] = []
    for target in chosen:
        tally = run_long(target, args.ingest if target is INGEST else args.examples, args.seed, share)
        print(f"{target.name:<12} {tally.tried:>8} {tally.failures:>9} {tally.escaped:>8} {tally.known:>6} "
              f"{tally.seconds:>8.1f}", flush=True)
        for kind, detail in tally.kinds.items():
            reports.append((target.name, kind, detail))
        total.tried += tally.tried
        total.failures += tally.failures
        total.escaped += tally.escaped
        total.known += tally.known
        total.seconds += tally.seconds
    print(f"{'total':<12} {total.tried:>8} {total.failures:>9} {total.escaped:>8} {total.known:>6} "
          f"{total.seconds:>8.1f}")
    if total.known:
        print(f"known: inputs that hit {', '.join(KNOWN_ELSEWHERE)} (fixed in its own branch of issue 18)")
    for name, kind, detail in reports:
        print(f"\n== {name}: {kind}\n{detail}")
    return 1 if total.escaped else 0


if __name__ == "__main__":
    sys.exit(main())
