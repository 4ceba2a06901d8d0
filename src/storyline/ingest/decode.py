"""Bytes to text: find the encoding a page was written in, or say that it holds no text at all.

The order follows what browsers do, with two turns for what news pages are really like (3 and 4):

1. a byte-order mark;
2. a declared charset: the HTTP header, then an HTML `<meta>` or the XML prolog;
3. UTF-8: strict, or with a few stray bytes replaced when valid multi-byte characters outnumber them;
4. Windows-1252 when the non-ASCII bytes look like accents and curly quotes in Western text (charset-normalizer
   is unreliable there: it reads a German page with one `ß` as Big5);
5. charset-normalizer's detection.

Bytes with NULs (and no UTF-16/32 byte-order mark), or text in which control characters are common, are binary,
and raise `IngestError("binary or undecodable content")`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from charset_normalizer import from_bytes

from storyline.errors import IngestError

BINARY = "binary or undecodable content"

# Labels as pages write them, mapped to the codec a browser would use (WHATWG Encoding Standard): Latin-1 and
# ASCII labels mean Windows-1252, and the legacy East Asian labels mean their Microsoft supersets.
CHARSET_ALIASES: dict[str, str] = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "windows-1252": "cp1252",
    "x-cp1252": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "utf8": "utf-8",
}

# A declaration of one of these, when the bytes are valid UTF-8 with non-ASCII characters, is a template's
# leftover: such bytes are almost never meant as Windows-1252.
WEAK_DECLARATIONS = frozenset({"cp1252", "latin-1", "ascii"})

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


REPLACEMENT = "\ufffd"
REPLACEMENT_UTF8 = REPLACEMENT.encode("utf-8")
MIN_UTF8_PER_ERROR = 20  # valid non-ASCII characters for each invalid byte, for UTF-8 with a few bad bytes
SNIFF_BYTES = 4096  # where a <meta charset> or an XML prolog must be
SAMPLE_BYTES = 1 << 20  # how much of a large input the statistics look at
MAX_CONTROL_SHARE = 0.02  # more control characters than this and it is not text
MAX_WESTERN_HIGH_SHARE = 0.3  # Western text is mostly ASCII ...
MAX_WESTERN_LONG_RUNS = 0.2  # ... and its non-ASCII bytes come one or two at a time

_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_PROLOG = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_SURROGATES = re.compile("[\ud800-\udfff]")
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Windows-1252 leaves five bytes undefined; browsers map them to the C1 controls of the same number.
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def decode(data: bytes, *, content_type: str | None = None, source: str | None = None) -> str:
    """The text in `data`. `content_type` is an HTTP `Content-Type` header, whose charset wins over the page's.

    Raises `IngestError` (with `source` on it) when the bytes are binary or in no encoding that can be told.
    """
    try:
        text = _decode(data, content_type)
    except IngestError as err:
        err.source = err.source or source
        raise
    if _looks_binary(text):
        raise IngestError(BINARY, source=source)
    return text


def valid_text(text: str) -> str:
    """`text` with each lone surrogate (a JSON escape such as `"\\ud800"`) as U+FFFD. A surrogate names no
    character and cannot be written as UTF-8: the hash, the store and every printer would fail on it, while the
    rest of the text is fine. A decoder makes the same of bytes that are not UTF-8."""
    return _SURROGATES.sub(REPLACEMENT, text) if _SURROGATES.search(text) else text


def charset_from_header(content_type: str | None) -> str | None:
    """The codec named by a `Content-Type` header's charset parameter, if Python knows it."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return normalize_charset(m.group(1)) if m else None


def declared_charset(data: bytes) -> str | None:
    """The codec a page declares for itself, in a `<meta>` tag or the XML prolog, if Python knows it."""
    head = data[:SNIFF_BYTES]
    m = _XML_PROLOG.match(head) or _META_CHARSET.search(head)
    return normalize_charset(m.group(1).decode("ascii")) if m else None


def normalize_charset(label: str) -> str | None:
    """Python's codec name for a charset label, or None for labels it does not know or that cannot be right.

    UTF-16 and UTF-32 declared without a byte-order mark are ignored, as browsers ignore them: the declaration
    was read from ASCII bytes, so the page is not in UTF-16.
    """
    label = label.strip().lower()
    name = CHARSET_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return None
    return CHARSET_ALIASES.get(codec, codec)


def decode_cp1252(data: bytes) -> str:
    """Windows-1252 as browsers read it: the five undefined bytes become the C1 controls they number."""
    return data.decode("cp1252", errors=_C1_HANDLER)


def _c1_controls(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return "".join(chr(b) for b in err.object[err.start : err.end]), err.end


_C1_HANDLER = "storyline.cp1252-c1"
codecs.register_error(_C1_HANDLER, _c1_controls)


def _decode(data: bytes, content_type: str | None) -> str:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise IngestError(f"{BINARY} (invalid {codec} after its byte-order mark)") from None
    if b"\x00" in data:
        raise IngestError(BINARY)
    for codec in _declared(data, content_type):
        text = _try(data, codec)
        if text is not None:
            if codec in WEAK_DECLARATIONS and not data.isascii():
                utf8 = _try(data, "utf-8")
                if utf8 is not None:
                    return utf8
            return text
    utf8 = _try(data, "utf-8")
    if utf8 is not None:
        return utf8
    utf8 = _mostly_utf8(data)
    if utf8 is not None:
        return utf8
    if _looks_western(data):
        return decode_cp1252(data)
    return _detect(data)


def _declared(data: bytes, content_type: str | None) -> Iterable[str]:
    for codec in (charset_from_header(content_type), declared_charset(data)):
        if codec is not None:
            yield codec


def _try(data: bytes, codec: str) -> str | None:
    if codec == "cp1252":
        return None if _CP1252_HOLES.search(data) else data.decode("cp1252")
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with the odd stray byte (a pasted quote, a cut character) replaced, when valid UTF-8 dominates."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count(REPLACEMENT) - data.count(REPLACEMENT_UTF8)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text if non_ascii - bad >= MIN_UTF8_PER_ERROR * bad else None


def _looks_western(data: bytes) -> bool:
    """Whether the non-ASCII bytes are few and isolated, as accents and typographic quotes are.

    Cyrillic, Greek and East Asian encodings put their non-ASCII bytes in runs as long as words.
    """
    sample = _sample(data)
    if _CP1252_HOLES.search(sample):
        return False
    runs = [len(r) for r in _HIGH_RUNS.findall(sample)]
    high = sum(runs)
    if not high or high > MAX_WESTERN_HIGH_SHARE * len(sample):
        return False
    long_runs = sum(n for n in runs if n > 2)
    return long_runs <= MAX_WESTERN_LONG_RUNS * high


def _detect(data: bytes) -> str:
    """charset-normalizer's guess, with Windows-1252 preferred among guesses that read the bytes equally well."""
    matches = [m for m in from_bytes(_sample(data)) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        raise IngestError(BINARY)
    best = matches[0]
    codec = best.encoding
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05:
            codec = "cp1252"
            break
    if codec == "cp1252":
        return decode_cp1252(data)
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        # The guess was made on a sample; the rest of the input is not in that encoding.
        raise IngestError(BINARY) from None


def _sample(data: bytes) -> bytes:
    """What the statistics look at in a large input: from its first non-ASCII byte on, where the encoding shows."""
    if len(data) <= SAMPLE_BYTES:
        return data
    first = _HIGH_RUNS.search(data)
    start = first.start() if first else 0
    return data[start : start + SAMPLE_BYTES]


def _looks_binary(text: str) -> bool:
    sample = text[:SAMPLE_BYTES]
    if not sample:
        return False
    return len(_CONTROLS.findall(sample)) > MAX_CONTROL_SHARE * len(sample)
