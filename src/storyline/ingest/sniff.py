"""What a file holds, told from its name and its first bytes: the rules are the tables at the top."""

from __future__ import annotations

import codecs
import re
from itertools import islice
from typing import Literal

SourceKind = Literal["warc", "jsonl", "feed", "page"]
PageKind = Literal["html", "text"]

SNIFF_BYTES = 8192  # how much of a file (decompressed) the sniffers see

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
FEED_SUFFIXES = (".rss", ".rss.gz", ".atom", ".atom.gz", ".xml", ".xml.gz")
# A page by its name: its first bytes do not make it JSON Lines (a text that opens with `{`), a WARC or a feed
PAGE_SUFFIXES = (".txt", ".txt.gz", ".text", ".html", ".html.gz", ".htm", ".htm.gz", ".xhtml", ".shtml")

WARC_MAGIC = b"WARC/1."
FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")
FEED_MARKER_WINDOW = 2048  # "near the start" for a file whose name says it is a feed

# Inside a folder walk these are the parts of a saved web page or a site's assets, never an article; they are
# passed over rather than reported as failures. A file named on the command line is always read.
SKIPPED_IN_FOLDERS = frozenset(
    {
        ".css", ".js", ".mjs", ".map", ".json.map",
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".avif",
        ".woff", ".woff2", ".ttf", ".otf", ".eot",
        ".mp3", ".mp4", ".m4a", ".webm", ".ogg", ".wav", ".mov",
        ".pyc", ".swp",
        # a corpus folder's own code, notes and settings
        ".py", ".sh", ".md", ".rst", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".lock", ".csv", ".tsv",
    }
)  # fmt: skip
# ... and its read-me and licence files, whatever their suffix.
SKIPPED_NAMES = re.compile(r"^(?:readme|license|licence|copying|changelog|notice)(?:\.[\w.]+)?$", re.IGNORECASE)


def skipped_in_folder(name: str) -> bool:
    return suffix_of(name) in SKIPPED_IN_FOLDERS or bool(SKIPPED_NAMES.match(name))

HTML_MARKERS = ("<html", "<!doctype html", "<body", "<head>", "<article")
HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|ul|ol|li|em|strong|b|i|blockquote|section|table|tr|td|img|figure)\b[^<>]{0,400}>",
    re.IGNORECASE,
)
MIN_HTML_TAGS = 3  # a text with fewer tags than this is prose that mentions a tag, not markup
HTML_SNIFF_CHARS = 65536

_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)", re.IGNORECASE | re.DOTALL)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w:.\-]*)")


def suffix_of(name: str) -> str:
    """The file name's suffix, with `.gz` kept as part of it: `a.warc.gz` -> `.warc.gz`."""
    name = name.lower()
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return ""
    if ext == "gz":
        inner = stem.rpartition(".")
        return f".{inner[2]}.gz" if inner[1] and inner[0] else ".gz"
    return f".{ext}"


def source_kind(name: str, head: bytes, *, raw: bool = False) -> SourceKind:
    """Which reader a file goes to. `head` is its first bytes, decompressed if it is gzip. The file's own
    suffix decides before its bytes do; `raw` (the user's --raw: each file's text is the article) makes a file
    that names no kind a page, whatever it begins with."""
    suffix = suffix_of(name)
    head = head.removeprefix(codecs.BOM_UTF8)
    if suffix in PAGE_SUFFIXES:
        return "page"
    if suffix in WARC_SUFFIXES or head.startswith(WARC_MAGIC):
        return "warc"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in FEED_SUFFIXES and any(m in head[:FEED_MARKER_WINDOW].lower() for m in FEED_MARKERS):
        return "feed"
    if root_tag(head) in FEED_ROOTS:
        return "feed"
    if not raw and looks_like_jsonl(head):
        return "jsonl"
    return "page"


def root_tag(head: bytes) -> str | None:
    """The first element's name in an XML document, past its prolog, comments and doctype, lowercased."""
    pos = 0
    while m := _PROLOG.match(head, pos):
        if m.end() == pos:
            break
        pos = m.end()
    m = _ROOT.match(head, pos)
    return m.group(1).decode("ascii").lower() if m else None


def looks_like_jsonl(head: bytes) -> bool:
    """Every line seen that holds anything starts with `{`. The last line is left out, since `head` may cut it."""
    lines = head.splitlines()
    if len(lines) > 1:
        lines = lines[:-1]
    filled = [line.strip() for line in lines if line.strip()]
    return bool(filled) and all(line.startswith(b"{") for line in filled)


def page_kind(text: str) -> PageKind:
    """`html` when the text is markup (a document or a fragment with a few tags), else `text`."""
    head = text[:HTML_SNIFF_CHARS]
    lowered = head.lower()
    if any(marker in lowered for marker in HTML_MARKERS):
        return "html"
    tags = sum(1 for _ in islice(HTML_TAG.finditer(head), MIN_HTML_TAGS))
    return "html" if tags >= MIN_HTML_TAGS else "text"
