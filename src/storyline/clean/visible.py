"""An HTML page as the text a reader sees: what a browser's "save as text" or `innerText` gives.

Every visible line is kept (navigation, footers, widgets included); scripts, styles and hidden elements are not.
Blocks end lines; paragraphs and headings are set apart by a blank line, as browsers do.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "canvas",
              "iframe", "object", "embed", "video", "audio", "source", "track", "map", "select", "option", "button"}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "table", "ul", "ol", "dl",
              "section", "article", "header", "footer", "hr", "form"}
_BLOCK = _PARAGRAPH | {"div", "li", "dt", "dd", "tr", "nav", "aside", "main", "address", "figcaption", "details",
                       "summary", "fieldset", "legend", "caption", "center", "body", "html", "label", "td", "th"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def visible_text(html: str) -> str:
    """The page's visible text, one block a line, paragraphs set apart by blank lines."""
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    out: list[str] = []

    def brk(n: int) -> None:
        out.append("\n" * n)

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in _INVISIBLE or _hidden(el):
            if el.tail:
                out.append(el.tail)
            return
        if tag == "br":
            brk(1)
        elif tag in _BLOCK:
            brk(2 if tag in _PARAGRAPH else 1)
        if tag in ("td", "th"):
            out.append(" ")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK:
            brk(2 if tag in _PARAGRAPH else 1)
        if el.tail:
            out.append(el.tail)

    walk(root)
    lines: list[str] = []
    blank = 0
    for chunk in "".join(out).split("\n"):
        line = _SPACE.sub(" ", chunk).strip()
        if line:
            if blank >= 2 and lines:
                lines.append("")
            lines.append(line)
            blank = 0
        else:
            blank += 1
    return "\n".join(lines) + ("\n" if lines else "")
