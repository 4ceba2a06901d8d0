"""An HTML page as its article: the body, paragraph by paragraph, and what the page says about itself.

trafilatura finds the main text (in its precision mode, without reader comments) and the metadata; around it,
storyline sets photo captions apart, drops the few lines of site furniture trafilatura lets through, and
checks the publication date: a date is believed only when it comes from the page's markup (meta tags, JSON-LD,
<time>, the URL), never from script code, and never when it is later than the day the page was fetched.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import Document as Extracted
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from storyline.clean.markup import strip_payloads
from storyline.clean.published import find_dates
from storyline.clean.visible import visible_text
from storyline.model import Cleaned

__all__ = ["clean_html"]

# Scripts that are metadata rather than code; every other <script> is removed before anything reads the page.
_DATA_SCRIPTS: Final = frozenset({"application/ld+json"})

# Embedded posts that are quoted material, and the wrapper classes that make trafilatura drop them as social
# widgets: the post is lifted out of its wrapper and kept as a plain quotation.
_EMBEDDED_POSTS: Final = '//blockquote[contains(@class, "twitter-tweet")]'
_EMBED_WRAPPER: Final = re.compile(r"embed|social|tweet|twitter", re.I)

# A class token naming a caption: "caption", "wp-caption-text", "image_caption", "caption-block", ...
_CAPTION_CLASS: Final = re.compile(r"(?:^|[-_])caption(?:s|[-_]|$)", re.I)
# Longer than this, an element with a caption class is a container, not a caption.
_CAPTION_MAX_CHARS: Final = 600
# Never captions, whatever their class says; nor is anything holding a heading (a wrapper around a headline).
_NOT_CAPTIONS: Final = frozenset({"html", "body", "main", "article"})
_HEADINGS: Final = ".//h1|.//h2|.//h3|.//h4"

# Below this many characters, a precision-mode extraction may have missed the article.
_ENOUGH_TEXT: Final = 250

# Short paragraphs that are site furniture, whatever page they are on (lower-cased, matched at the start).
_FURNITURE: Final = re.compile(
    r"""^(?:
        (?:related|more|see\ more|read\ more|also\ read|read\ also|more\ on\ this)\s*(?::|\.\.\.|…|$)
      | (?:don'?t\ miss|most\ read|most\ popular|you\ may\ also\ like|you\ might\ also\ like|recommended\ for\ you)\b
      | (?:filed\ under|posted\ in|tags?|topics?)\s*:
      | (?:subscribe|sign\ up)\ (?:to|for|now)\b
      | (?:copyright\b|©|\(c\)\ )
      | (?:updated|last\ updated)\ (?:at\ |on\ )?\d.{0,30}$
    )""",
    re.X,
)
_FURNITURE_MAX_WORDS: Final = 25
# A call to subscribe: a newsletter or inbox offered with "subscribe", "sign up" or "delivered", or the heading
# of a newsletter box ("Pick Six Newsletter").
_SUBSCRIBE: Final = re.compile(
    r"^(?=.*\b(?:newsletters?|inbox)\b)(?=.*\b(?:subscrib\w*|sign up|delivered)\b)|^(?:\S+\s+){0,3}newsletters?\W*$",
    re.I | re.S,
)

# Author-string parts that are roles or credentials, not people ("AP Auto Writer", "MS", "RDN").
_ROLE: Final = re.compile(r"\b(?:writer|correspondent|reporter|editor|columnist|contributor)s?\b", re.I)
_CREDENTIAL: Final = re.compile(r"^[A-Z]{2,4}\.?$")
# Words that trafilatura sometimes carries over from the byline line into a name.
_BYLINE_NOISE: Final = re.compile(
    r"^by\s+|\s+(?:published|updated|posted|january|february|march|april|may|june|july|august|september"
    r"|october|november|december)$",
    re.I,
)
# Sections that say nothing about the article.
_EMPTY_SECTIONS: Final = frozenset({"post", "posts", "article", "articles", "story", "stories", "page", "home",
                                    "uncategorized", "general", "blog"})
# Title separators between the headline and the site name: "Headline - Site", "Site | Headline".
_TITLE_SEPARATORS: Final = (" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 ")
_TITLE_GLUE: Final = r"\s*[|:\-\u2013\u2014\u00b7]+\s*"
# How much longer one spelling of a site name may be than another and still name it (".com", " news").
_SITE_SUFFIX_CHARS: Final = 4

# Where an explicit date line may stand, in visible lines after (and, failing that, before) the headline, and
# how long it may be.
_DATELINE_AFTER: Final = 10
_DATELINE_BEFORE: Final = 2
_DATELINE_MAX_WORDS: Final = 16

_WORD: Final = re.compile(r"\w+")
_SPACE: Final = re.compile(r"\s+")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _lift_embedded_posts(tree: HtmlElement) -> None:
    """Take each embedded post out of the widget wrappers around it, so it reads as a quotation."""
    for post in tree.xpath(_EMBEDDED_POSTS):
        wrapper = post
        text = _norm(post.text_content())
        while (parent := wrapper.getparent()) is not None and parent.tag not in _NOT_CAPTIONS:
            marks = f"{parent.get('class') or ''} {parent.get('id') or ''}"
            if not (_EMBED_WRAPPER.search(marks) and _norm(parent.text_content()) == text):
                break
            wrapper = parent
        post.attrib.pop("class", None)
        if wrapper is not post:
            wrapper.addprevious(post)
            wrapper.drop_tree()


def _prepare(html: str) -> tuple[HtmlElement | None, tuple[str, ...]]:
    """The parsed page without script code and without captions, and the captions' texts."""
    tree = load_html(html)
    if tree is None:
        return None, ()
    for script in list(tree.iter("script")):
        if (script.get("type") or "").strip().lower() not in _DATA_SCRIPTS:
            script.drop_tree()
    _lift_embedded_posts(tree)
    found = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str)
        and el.tag.lower() not in _NOT_CAPTIONS
        and (el.tag.lower() == "figcaption" or any(_CAPTION_CLASS.search(c) for c in (el.get("class") or "").split()))
        and len(el.text_content()) <= _CAPTION_MAX_CHARS
        and not el.xpath(_HEADINGS)
    ]
    members = set(found)
    captions: list[str] = []
    outermost = [el for el in found if not any(a in members for a in el.iterancestors())]
    for el in found:
        # a caption's text is read from the innermost caption element, so a wrapper does not repeat it
        if not any(inner in members for inner in el.iterdescendants()):
            text = _SPACE.sub(" ", el.text_content()).strip()
            if text and text not in captions:
                captions.append(text)
    for el in outermost:
        el.drop_tree()
    return tree, tuple(captions)


def _run(tree: HtmlElement, url: str | None, fetched: date, *, precision: bool) -> Extracted | None:
    # htmldate without its free-text search, so the date comes from markup and never from a guess in prose
    dates = {"original_date": True, "extensive_search": False, "max_date": fetched.isoformat()}
    doc = bare_extraction(tree, url=url, favor_precision=precision, include_comments=False, with_metadata=True,
                          date_extraction_params=dates)
    return doc if isinstance(doc, Extracted) else None


def _extract(tree: HtmlElement, url: str | None, fetched: date) -> Extracted | None:
    """trafilatura in precision mode; in its balanced mode (which retries for recall) when that finds too little."""
    doc = _run(tree, url, fetched, precision=True)
    if doc is not None and len(doc.text or "") >= _ENOUGH_TEXT:
        return doc
    balanced = _run(tree, url, fetched, precision=False)
    if balanced is not None and (doc is None or len(balanced.text or "") > len(doc.text or "")):
        return balanced
    return doc


def _paragraphs(doc: Extracted) -> list[str]:
    """The body's blocks as text: one paragraph, heading, list or table each, its own line breaks kept."""
    if doc.body is None:
        return [p for p in (doc.text or "").split("\n") if p.strip()]
    out: list[str] = []
    for block in doc.body:
        lines = (line.strip() for line in xmltotxt(block, False).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
    return out


def _is_furniture(paragraph: str) -> bool:
    words = paragraph.split()
    if len(words) > _FURNITURE_MAX_WORDS:
        return False
    return bool(_FURNITURE.match(paragraph.lower()) or _SUBSCRIBE.search(paragraph))


def _body(paragraphs: list[str], title: str | None, captions: tuple[str, ...]) -> list[str]:
    """The article paragraphs: the headline is the title, not text; captions and site furniture go."""
    drop = {_norm(c) for c in captions}
    kept = [p for p in paragraphs if not _is_furniture(p) and _norm(p) not in drop]
    if title and kept and _norm(kept[0]) == _norm(title):
        kept = kept[1:]
    return kept


def _same_site(text: str, site: str) -> bool:
    """Whether `text` names the site: "Inexhibit magazine" and "Inexhibitmagazine", "IGN" and "IGN.com"."""
    a, b = _norm(text).replace(" ", ""), _norm(site).replace(" ", "")
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) <= _SITE_SUFFIX_CHARS


def _title(raw: str | None, outlet: str | None) -> str | None:
    """The headline without the site name a <title> often carries ("Headline - Site", "Site | Headline")."""
    if not raw:
        return None
    title = raw.strip()
    if outlet:
        # the whole site name, then a separator: "Site | Tagline: Headline" when the site name has a tagline
        site = re.escape(outlet.strip())
        for pattern in (rf"^{site}{_TITLE_GLUE}(.+)$", rf"^(.+?){_TITLE_GLUE}{site}$"):
            if m := re.match(pattern, title, re.I):
                return m[1].strip()
        for sep in _TITLE_SEPARATORS:
            head, _, tail = title.rpartition(sep)
            if head and _same_site(tail, outlet):
                return head.strip()
            tail, _, head = title.partition(sep)
            if head and _same_site(tail, outlet):
                return head.strip()
    return title


def _authors(raw: str | None, outlet: str | None) -> tuple[str, ...]:
    """People named in trafilatura's author string, without roles, credentials or the outlet's own name."""
    if not raw:
        return ()
    parts = [_BYLINE_NOISE.sub("", p).strip(" ,") for p in re.split(r";|\s+and\s+", raw)]
    parts = [p for p in parts if p]
    site = set(_norm(outlet or "").split()) | {"com"}
    people = [
        p
        for p in parts
        if not _ROLE.search(p) and not _CREDENTIAL.match(p) and not set(_norm(p).split()) <= site
    ]
    return tuple(dict.fromkeys(people or parts[:1]))


def _byline(authors: tuple[str, ...]) -> str | None:
    if not authors:
        return None
    if len(authors) == 1:
        return authors[0]
    return f"{', '.join(authors[:-1])} and {authors[-1]}"


def _section(tree: HtmlElement, categories: list[str] | None) -> str | None:
    """The page's section: its article:section meta tag, else the first category trafilatura found."""
    metas = tree.xpath('//meta[@property="article:section" or @name="article:section"]/@content')
    for candidate in [str(m) for m in metas] + list(categories or []):
        # some sites put a comma-separated list where one name belongs
        name = candidate.split(",")[0].strip()
        if name and name.lower() not in _EMPTY_SECTIONS and not re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", name):
            return name
    return None


def _metadata_date(doc: Extracted, fetched: date) -> date | None:
    # htmldate answers in ISO format, which find_dates reads (and checks) like any other written date
    found = find_dates(doc.date or "")
    return found[0][2] if found and found[0][2] <= fetched else None


def _first_h1(tree: HtmlElement) -> str:
    """The page's first <h1>, which is the headline as printed when <title> words it differently."""
    found = tree.find(".//h1")
    return found.text_content() if found is not None else ""


def _dateline(lines: list[str], headlines: list[str], fetched: date) -> date | None:
    """The date printed in a short line next to the headline ("Published May 28, 2014"), if any."""
    targets = {_norm(h) for h in headlines} - {""}
    start = next((i for i, line in enumerate(lines) if _norm(line) in targets), None)
    if start is None:
        return None
    after = lines[start + 1 : start + 1 + _DATELINE_AFTER]
    before = lines[max(0, start - _DATELINE_BEFORE) : start][::-1]
    for line in after + before:
        if len(line.split()) > _DATELINE_MAX_WORDS:
            continue
        dates = [when for _, _, when in find_dates(line) if when <= fetched]
        if dates:
            # a line may say both when the article was published and when updated: the earlier is the first
            return min(dates)
    return None


def _removed(lines: list[str], kept: str, title: str | None, captions: tuple[str, ...]) -> tuple[str, ...]:
    """Visible lines that are in neither the body, the title nor the captions."""
    seen = f" {_norm(kept)} "
    # Exact shortcuts before the substring search, which costs the body's length per line (quadratic on a page
    # of many lines): a line that is a line of the body is in it; one with a word the body lacks is not.
    body_lines = {_norm(line) for line in kept.splitlines()}
    body_words = set(seen.split())
    elsewhere = {_norm(t) for t in (title or "", *captions)}
    out: list[str] = []
    for line in lines:
        n = _norm(line)
        if not n or n in elsewhere or n in body_lines:
            continue
        if not body_words.issuperset(n.split()) or f" {n} " not in seen:
            out.append(line)
    return tuple(out)


def clean_html(html: str, *, url: str | None = None, fetched: date | None = None) -> Cleaned:
    """The article in `html`: body paragraphs joined by blank lines, and the page's own metadata.

    `url` is where the page was found (used when the page names no canonical URL); `fetched` (default today)
    is the day it was fetched, after which no publication date is believed. A page without an article gives
    a `Cleaned` with empty text; deciding whether that is an error is the caller's business.
    """
    fetched = fetched or date.today()
    html = strip_payloads(html)  # svg, math, style, script code: read by nothing below, costly to build
    tree, captions = _prepare(html)
    doc = _extract(tree, url, fetched) if tree is not None else None
    if tree is None or doc is None:
        return Cleaned(text="", url=url, captions=captions)
    outlet = doc.sitename or None
    title = _title(doc.title, outlet)
    text = "\n\n".join(_body(_paragraphs(doc), title, captions))
    authors = _authors(doc.author, outlet)
    lines = [line for line in visible_text(html).splitlines() if line.strip()]
    return Cleaned(
        text=text,
        title=title,
        byline=_byline(authors),
        authors=authors,
        outlet=outlet,
        url=doc.url or url,
        section=_section(tree, doc.categories),
        date=_metadata_date(doc, fetched),
        dateline=_dateline(lines, [title or "", _first_h1(tree)], fetched),
        captions=captions,
        removed=_removed(lines, text, title, captions),
    )
