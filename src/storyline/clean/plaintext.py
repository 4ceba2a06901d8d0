"""Plain-text scrape cleaning: a page saved as text in, its article body and its own metadata out.

A scrape mixes the article's paragraphs with the title, byline, photo captions, breadcrumbs, share buttons,
menus, log-in and comment prompts, footers and related links, one per line. `clean_text` classifies every
line by shape and position only (no site's own wording), in three steps:

1. measure each line (`plaintext_features`) and mark what is certainly not prose: interface lines, counters,
   bare dates, commenter lines, captions and credits, lines repeated on the page or across the outlet;
2. find the body (`plaintext_body`): a score per line and one best region, gaps allowed for widgets;
3. around the body, name the title, byline, section, date line and captions (`plaintext_meta`), and take the
   author's biography off the body's end.

Paragraphs are kept whole and unchanged; every other line goes to `removed` (or to title, byline, captions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.clean import plaintext_meta as meta
from storyline.clean.plaintext_body import DEFAULT, Weights, body_mask, certainly_not_prose
from storyline.clean.plaintext_features import Line, split_lines
from storyline.model import Cleaned

__all__ = ["clean_text"]

_TITLE_REACH = 25  # lines above the body searched for the title, byline, date line
_SHORT_LINES = 3  # a text of at most this many paragraphs may be a short report, whatever its scores
_SHORT_WORDS = 6  # words a short report's line needs when it has no sentence end
_LONG_REPEAT = 100  # a repeated line this long may be a pull quote: only its later copies are dropped


@dataclass(slots=True)
class _Page:
    lines: list[Line]
    body: list[bool]
    roles: dict[int, str] = field(default_factory=dict)
    title: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    dateline: date | None = None


def clean_text(text: str, *, repeated: Collection[str] = ()) -> Cleaned:
    """The article in a plain-text scrape: body paragraphs joined by blank lines, and the page's metadata.

    `repeated` holds lines known to repeat across pages of the same outlet; they are never body.
    """
    page = _analyse(split_lines(text), repeated)
    lines, roles = page.lines, page.roles
    body = [ln.text for ln, b in zip(lines, page.body, strict=True) if b]
    captions = tuple(ln.text for ln in lines if roles.get(ln.index) == "caption")
    removed = tuple(
        ln.text
        for ln, b in zip(lines, page.body, strict=True)
        if (not b and ln.index not in roles) or roles.get(ln.index) == "removed"
    )
    title, outlet = meta.title_and_outlet(page.title, removed)
    return Cleaned(
        text="\n\n".join(body),
        title=title,
        outlet=outlet,
        byline=page.byline,
        authors=page.authors,
        section=page.section,
        dateline=page.dateline,
        captions=captions,
        removed=removed,
    )


def _analyse(lines: list[Line], repeated: Collection[str], w: Weights = DEFAULT) -> _Page:
    captions = [meta.is_caption(ln) for ln in lines]
    hard = [c or certainly_not_prose(ln) for ln, c in zip(lines, captions, strict=True)]
    for i in _repeats(lines, repeated):
        hard[i] = True
    page = _Page(lines, body_mask(lines, hard, w))
    if not any(page.body) and _short_prose(lines, hard):
        page.body = [True] * len(lines)
    starts = [i for i, b in enumerate(page.body) if b]
    start = starts[0] if starts else len(lines)
    end = starts[-1] if starts else len(lines) - 1
    _find_title_and_byline(page, start)
    _find_section_and_dateline(page, start)
    _drop_bio(page, start, end)
    lo = start - _TITLE_REACH if page.title is None else min(start - _TITLE_REACH, _index_of(page, "title"))
    for i, c in enumerate(captions):
        if c and max(lo, 0) <= i <= end + 3 and i not in page.roles:
            page.roles[i] = "caption"
    return page


def _short_prose(lines: Sequence[Line], hard: Sequence[bool]) -> bool:
    """A text of a paragraph or three, every one of them a sentence or more (or a sentence's worth of words not
    capitalized like a title) and none interface text: a short report given as its body (a JSON Lines `text`),
    not a page whose body scoring has too little to go on. A title alone, a menu or a share bar is no article."""
    return 0 < len(lines) <= _SHORT_LINES and not any(hard) and all(
        ln.words >= 3 and (ln.sentences >= 1 or (ln.words >= _SHORT_WORDS and ln.caps < 0.5)) for ln in lines
    )


def _repeats(lines: Sequence[Line], repeated: Collection[str]) -> list[int]:
    outlet = {r.strip() for r in repeated}
    counts = Counter(ln.text for ln in lines)
    seen: set[str] = set()
    out = []
    for ln in lines:
        repeats = counts[ln.text] > 1 and (ln.chars < _LONG_REPEAT or ln.text in seen)
        if ln.text in outlet or repeats:
            out.append(ln.index)
        seen.add(ln.text)
    return out


def _index_of(page: _Page, role: str) -> int:
    return next(i for i, r in page.roles.items() if r == role)


def _find_title_and_byline(page: _Page, start: int) -> None:
    lines = page.lines
    lo = max(0, start - _TITLE_REACH)
    # The byline: the one nearest above the body, or in the body's first lines.
    for i in [*range(start - 1, lo - 1, -1), *range(start, min(start + 3, len(lines)))]:
        if page.body[i]:
            continue
        found = meta.byline(lines, i)
        if found:
            page.byline, page.authors, used = found
            for j in range(i, i + used):
                page.roles[j] = "byline"
            break
    # The title: the nearest headline-shaped line above the body, skipping bylines, dates, credits and buttons;
    # one the page repeats (a headline printed twice) or one followed by a byline or date wins over a nearer one.
    best: tuple[float, int] | None = None
    for i in range(start - 1, lo - 1, -1):
        ln = lines[i]
        if i in page.roles or page.body[i] or not meta.headline_shaped(ln) or meta.is_caption(ln):
            continue
        if meta.breadcrumb(ln) or meta.parse_date(ln.text) or meta.byline(lines, i):
            continue
        value = -0.15 * sum(1 for j in range(i + 1, start) if lines[j].words >= 2 and j not in page.roles)
        value += 1.0 if any(o.text == ln.text for o in lines if o.index != i) else 0.0
        value += 1.0 if i + 1 < len(lines) and page.roles.get(i + 1) == "byline" else 0.0
        value += 0.5 if i + 1 < len(lines) and meta.parse_date(lines[i + 1].text) else 0.0
        value += 0.5 if ln.words >= 4 else 0.0
        value -= 0.05 * max(0, ln.words - 15)
        if best is None or value > best[0]:
            best = (value, i)
    if best is not None:
        page.title = lines[best[1]].text
        page.roles[best[1]] = "title"


def _find_section_and_dateline(page: _Page, start: int) -> None:
    lines = page.lines
    top = next((i for i, r in page.roles.items() if r == "title"), start)
    for i in range(start - 1, -1, -1):  # the trail may stand above or below the headline
        crumbs = meta.breadcrumb(lines[i])
        if crumbs:
            last = crumbs[-1]
            if page.title and (last == page.title or last in page.title) and len(crumbs) > 1:
                last = crumbs[-2]
            page.section = last
            break
    lo = max(0, min(top, start) - _TITLE_REACH)
    found: list[tuple[int, date, str | None]] = []
    for i in range(lo, start):
        ln = lines[i]
        if page.body[i] or ln.words > 25:
            continue
        d = meta.parse_date(ln.text)
        if d is not None:
            found.append((i, d, meta.date_label(ln.text)))
    if found:
        published = [f for f in found if f[2] == "published"]
        undated = [f for f in found if f[2] is None]
        page.dateline = (published or undated or found)[0][1]


def _drop_bio(page: _Page, start: int, end: int) -> None:
    """The author's biography closes many articles; it is about the author, not the story."""
    lines = page.lines
    kept = [i for i in range(start, end + 1) if page.body[i]]
    for i in kept[-2:] if len(kept) > 2 else []:
        if meta.is_bio(lines[i], page.authors):
            page.body[i] = False
    for i in range(start + 1, end + 1):
        if meta.is_bio_heading(lines[i]) and sum(1 for j in kept if j < i) >= 3:
            for j in range(i, end + 1):
                page.body[j] = False
            break
