"""A page's markup made cheap to parse: payloads no reader sees taken out before any tree is built.

A page may be mostly one inline SVG (a chart, a map: megabytes of paths), MathML, script code or style sheets.
Neither the article extraction (trafilatura drops svg, math, script and style) nor the visible text
(`visible.py`) reads them, yet lxml, trafilatura and htmldate each built and walked their trees: a 25 MB page
that was one SVG took 36 s and 1.8 GB. `strip_payloads` cuts them out of the markup in one linear scan, so the
trees are built from what is read; scripts that are metadata (JSON-LD) stay. `elements` counts the start tags
left, the page's size in nodes, which `Limits.max_elements` bounds.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["elements", "strip_payloads"]

# Elements whose content is not text a reader sees; svg and math may nest (an svg inside a foreignObject).
_NESTING: Final = ("svg", "math")
_RAW: Final = ("script", "style")  # raw text up to the first close tag
_OPEN: Final = re.compile(r"<(svg|math|script|style)\b[^>]*>", re.I)
_CLOSE_RAW: Final = {name: re.compile(rf"</{name}\s*>", re.I) for name in _RAW}
_TAG_NESTING: Final = {name: re.compile(rf"<(/?){name}\b[^>]*?(/?)>", re.I) for name in _NESTING}
_DATA_SCRIPT: Final = re.compile(r"""\btype\s*=\s*["']?\s*application/ld\+json""", re.I)
_START_TAG: Final = re.compile(r"<[A-Za-z]")


def strip_payloads(html: str) -> str:
    """`html` without its svg, math, style and (non-JSON-LD) script elements, in time linear in its length."""
    if not _OPEN.search(html):
        return html
    out: list[str] = []
    pos = 0
    while (m := _OPEN.search(html, pos)) is not None:
        name = m[1].lower()
        if name == "script" and _DATA_SCRIPT.search(m[0]):
            close = _CLOSE_RAW["script"].search(html, m.end())
            end = close.end() if close else len(html)
            out.append(html[pos:end])
            pos = end
            continue
        out.append(html[pos:m.start()])
        pos = _end_of(html, name, m)
    out.append(html[pos:])
    return "".join(out)


def _end_of(html: str, name: str, opened: re.Match[str]) -> int:
    """Where the element opened by `opened` ends (the end of the markup when it is never closed)."""
    if name in _RAW:
        close = _CLOSE_RAW[name].search(html, opened.end())
        return close.end() if close else len(html)
    if opened[0].endswith("/>"):
        return opened.end()
    depth = 1
    for tag in _TAG_NESTING[name].finditer(html, opened.end()):
        if tag[1]:
            depth -= 1
        elif not tag[2]:
            depth += 1
        if depth == 0:
            return tag.end()
    return len(html)


def elements(html: str) -> int:
    """How many start tags the markup holds: the number of elements a parser would build, give or take."""
    return sum(1 for _ in _START_TAG.finditer(html))
