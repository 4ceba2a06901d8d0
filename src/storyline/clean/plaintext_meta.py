"""The page's own metadata among a plain-text scrape's lines: title, byline, section, date line, captions, bio.

Each finder looks at line shapes only (no site's own wording), so it works on pages it has never seen: a
headline is a short unpunctuated line just above the body, a byline opens with "By", a breadcrumb is short
crumbs joined by ">", a caption is a photo's description or credit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from storyline.clean.boilerplate_vocab import (
    BYLINE_OPENERS,
    BYLINE_TAILS,
    CAPTION_OPENERS,
    CAPTION_VERBS,
    CREDITS,
    DATE_LABELS,
    HOME_WORDS,
    MONTHS,
    NAME_PARTICLES,
)
from storyline.clean.plaintext_features import Line

_WORD: Final = re.compile(r"\w+(?:['\u2019.-]\w+)*\.?")
_MONTH_ALT: Final = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY: Final = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR: Final = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_DATES: Final = (
    re.compile(rf"(?<!\w)(?P<month>{_MONTH_ALT})\.?\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(
        rf"(?<!\d){_DAY}\.?\s+(?:de\s+)?(?P<month>{_MONTH_ALT})\.?,?\s+(?:de\s+)?{_YEAR}", re.IGNORECASE
    ),
    re.compile(rf"(?<!\d){_YEAR}[-/.](?P<month>[01]?\d)[-/.]{_DAY}(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)년\s*(?P<month>[01]?\d)월\s*(?P<day>[0-3]?\d)일"),
)
_DATE_LABEL: Final = re.compile(
    r"(?<!\w)(" + "|".join(sorted((re.escape(k) for k in DATE_LABELS), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
_CRUMB_SEP: Final = re.compile(r"\s+(?:>|»|\u203a|→|/|\|)\s+|\s*(?:>|»|\u203a|→)\s*")
_CRUMB_ARROW: Final = re.compile(r"[>»\u203a→]")
# A role after the names, maybe glued to them by the scrape: "Jane DoeBusiness Columnist", "JOHN ROE STAFF".
_ROLE: Final = re.compile(
    r"(?:^|(?<=[a-z])|\s+|,\s*)(?:[A-Z][a-z]+\s+)?"
    r"(?i:columnist|writer|reporter|editor|correspondent|contributor|staff|contributing)\b.*$"
)
_BYLINE: Final = re.compile(
    r"^(?P<opener>" + "|".join(re.escape(o) for o in sorted(BYLINE_OPENERS, key=len, reverse=True)) + r")"
    r":?(?:\s+|(?<=:))(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# What joins names; lower-case only, so the "E." of "Sarah E. Jones" joins nothing.
_NAME_SPLIT: Final = re.compile(r"\s*(?:,|;|&|\b(?:and|And|AND|e|y|und|et|dan|\u0438)\b)\s*")
_BYLINE_END: Final = re.compile(
    r"\s+(?:on|em|el|le|am|pada|\||-|\u2013|—|·|•)\s+.*$|\s*(?:\||·|•|/).*$|,?\s+(?:updated|posted|published)\b.*$",
    re.IGNORECASE,
)
_CAPTION_OPENER: Final = re.compile(
    r"^(?:" + "|".join(re.escape(o) for o in CAPTION_OPENERS) + r")", re.IGNORECASE
)
_CREDIT_WORD: Final = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(c) for c in CREDITS) + r")(?!\w)", re.IGNORECASE
)
_CREDIT_TAIL: Final = re.compile(
    r"(?:\((?:[^()]*(?:photo|image|credit|file|foto|getty|reuters|afp|\bap\b|epa)[^()]*)\)|"
    r"\[(?:[^\[\]]*(?:photo|image|credit|file|getty|reuters|afp)[^\[\]]*)\]|"
    r"(?:photo|image|credit|picture)s?:\s*[^.]{1,60})\s*(?:less|more)?\s*$",
    re.IGNORECASE,
)
_POSITION: Final = re.compile(
    r"[,(]\s*(?:(?:far\s+|second\s+|third\s+)?(?:from\s+)?(?:left|right|centre|center|top|bottom)"
    r"(?:\s+to\s+(?:left|right))?|l\s*-\s*r|r\s*-\s*l)\s*[,)]",
    re.IGNORECASE,
)
_INNER_SENTENCE: Final = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")
_TITLE_END_OK: Final = re.compile(r"[?!…\"'”\u2019)]$|[^.:;,]$")
_BIO_WORDS: Final = re.compile(
    r"\b(?:is an?|is the|was an?|writes|contributor|columnist|correspondent|professor|author of|editor|"
    r"reporter|journalist|fellow at|lecturer|based in|covers|follow (?:him|her|them))\b",
    re.IGNORECASE,
)
_BIO_HEAD: Final = re.compile(
    r"^(?:about|sobre|über|à propos de|tentang|\u043e\u0431)\s+(?P<who>\S.{0,40})$", re.IGNORECASE
)
_THE_AUTHOR: Final = re.compile(
    r"^(?:the\s+)?(?:authors?|writers?|o autor|a autora|l'auteur|penulis|авторе?)$", re.IGNORECASE
)


def parse_date(text: str) -> date | None:
    """The first full calendar date written in `text` (year, month and day), or None."""
    best: tuple[int, date] | None = None
    for pattern in _DATES:
        for m in pattern.finditer(text):
            month_s = m.group("month").lower().rstrip(".")
            month = int(month_s) if month_s.isdigit() else MONTHS.get(month_s)
            if month is None:
                continue
            try:
                found = date(int(m.group("year")), month, int(m.group("day")))
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), found)
            break
    return best[1] if best else None


def date_label(text: str) -> str | None:
    """`published` or `updated` when the line labels its date so, else None."""
    m = _DATE_LABEL.search(text)
    return DATE_LABELS[m.group(1).lower()] if m else None


def is_credit(ln: Line) -> bool:
    """A photo credit standing alone: "Getty Images", "Photo: Jane Roe, AP", "REUTERS / POOL"."""
    if ln.words > 10 or ln.sentences > 1:
        return False
    text = ln.text
    if _CAPTION_OPENER.match(text) and not text.lower().startswith(("photos", "video")):
        return True
    return bool(_CREDIT_WORD.search(text)) and (ln.words <= 6 or bool(re.search(r"[|/]", text)))


def is_caption(ln: Line) -> bool:
    """A photo's description: a credit in it, a "(left)" position, or a present-tense scene with its date."""
    text = ln.text
    if is_credit(ln):
        return True
    if ln.words < 4:
        return False
    if _CAPTION_OPENER.match(text) and not text.lower().startswith(("photos", "video", "source")):
        return True
    if _CREDIT_TAIL.search(text):
        return True
    if ln.words <= 80 and _POSITION.search(text) and not text.startswith(("“", '"')):
        return True
    return _scene_with_date(text)


def _scene_with_date(text: str) -> bool:
    # Captions say what a pictured person does, in the present tense, where and on which day:
    # "X addresses the press outside Hotel Y in Stockholm, May 28, 2014, after ..."
    m = next((m for p in _DATES[:2] for m in [p.search(text)] if m), None)
    if m is None or m.start() < 15:
        return False
    before = text[: m.start()].rstrip()
    if not before.endswith((",", "on", "(")):
        return False
    words = _WORD.findall(before)[:16]
    for k, w in enumerate(words[1:], start=1):
        if w.lower() in CAPTION_VERBS:
            subject = words[:k]
            return sum(1 for s in subject if s[0].isupper()) * 2 >= len(subject)
    return False


def breadcrumb(ln: Line) -> list[str] | None:
    """The crumbs of a breadcrumb line ("Home > National > Politics"), or None."""
    if ln.sentences > 1 or ln.chars > 150:
        return None
    parts = [p.strip() for p in _CRUMB_SEP.split(ln.text) if p.strip()]
    if len(parts) < 2 or ln.ui_max >= 3 or "©" in ln.text:
        return None
    # Slashes and bars join menus and footers too: only a trail that starts at home is a breadcrumb there.
    if not _CRUMB_ARROW.search(ln.text) and parts[0].lower() not in HOME_WORDS:
        return None
    if any(len(p.split()) > 6 for p in parts[:-1]) or any(not p[0].isalnum() for p in parts):
        return None
    return parts


def byline(lines: Sequence[Line], i: int) -> tuple[str, tuple[str, ...], int] | None:
    """The byline starting at line `i` (it may be "By" alone on a line, the names below): text, names, lines used."""
    ln = lines[i]
    if ln.chars > 160 or ln.sentences > 1:
        return None
    text = ln.text.lstrip("|/-\u2013\u2014\u00b7\u2022 ")
    used = 1
    if text.lower().rstrip(":") in {"by", "von", "por", "par", "oleh", "di", "автор"} and i + 1 < len(lines):
        text = f"{text} {lines[i + 1].text}"
        used = 2
    m = _BYLINE.match(text)
    if not m:
        return None
    names = author_names(m.group("rest"))
    if not names:
        return None
    return text, names, used


def author_names(rest: str) -> tuple[str, ...]:
    """Person names in what follows a byline's opener: "Jane Doe and John Roe, AP" gives both names."""
    rest = _ROLE.sub("", _BYLINE_END.sub("", rest.strip()))
    letters = [c for c in rest if c.isalpha()]
    shouting = sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters)
    names: list[str] = []
    for part in _NAME_SPLIT.split(rest):
        part = part.strip(" .:-\u2013—")
        if (
            not part
            or part.lower() in BYLINE_TAILS
            or part.lower().startswith(("the ", "for ", "special to"))
        ):
            continue
        if _is_name(part, shouting=shouting):
            names.append(part)
    return tuple(dict.fromkeys(names))


def _is_name(text: str, *, shouting: bool = False) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or any(c.isdigit() for c in text) or "@" in text:
        return False
    # Outlets are acronyms ("CNN Business", "IGN") unless the whole byline is in capitals.
    if not shouting and any(len(w.strip(".")) >= 2 and w.isupper() for w in words):
        return False
    if any(re.search(r"[a-z][A-Z]{2,}", w) for w in words):
        return False
    if len(words) == 1 and len(words[0]) < 3:
        return False
    for w in words:
        core = w.strip(".,'\u2019-")
        if not core:
            return False
        if core.lower() in NAME_PARTICLES:
            continue
        if not core[0].isupper() or ("." in w.strip(".") and len(core) > 2):
            return False
    return True


def headline_shaped(ln: Line) -> bool:
    """Could be a headline: a few words, one sentence without a full stop, not interface text or numbers."""
    return (
        3 <= ln.words <= 30
        and 10 <= ln.chars <= 250
        and ln.sentences <= 1
        and ln.digits < 0.2
        and ln.ui < 0.3
        and ln.ui_max < 3
        and (ln.text[0].isalnum() or ln.text[0] in "\"'\u2018\u201c\u00ab[(")
        and not _INNER_SENTENCE.search(ln.text)
        and not ln.furniture
        and bool(_TITLE_END_OK.search(ln.text))
        and not ln.text.endswith(":")
        and date_label(ln.text) is None
    )


def is_bio(ln: Line, authors: Sequence[str]) -> bool:
    """An author's biography line: starts with the author's name (or a name) and says what they are."""
    text = ln.text
    if ln.words > 120 or not _BIO_WORDS.search(text):
        return False
    head = text[:80]
    if any(a and head.startswith(a) for a in authors):
        return True
    if any(a and a.split()[-1] in head.split(",")[0] for a in authors):
        return True
    m = re.match(
        r"^((?:[A-Z][\w'\u2019.-]+\s+){1,3}[A-Z][\w'\u2019-]+)(?:,\s+(?:a|an|the)\s|\s+is\s+(?:a|an|the)\s)",
        text,
    )
    return m is not None and _is_name(m.group(1))


def is_bio_heading(ln: Line) -> bool:
    """The heading of a biography at the article's end: "About the author", "About Jane Doe"."""
    m = _BIO_HEAD.match(ln.text)
    if m is None or ln.words > 6 or ln.text.endswith("."):
        return False
    who = m.group("who").strip(" :")
    return bool(_THE_AUTHOR.match(who)) or (len(who.split()) >= 2 and _is_name(who))


_TITLE_TAIL = re.compile(r"^(?P<title>.+?)\s+(?:[|\u2013\u2014]|-{1,2}|::)\s+(?P<tail>[^|\u2013\u2014]{2,60})$")
_COPYRIGHT = re.compile(
    r"(?:\u00a9|\(c\)|copyright)(?:\s*\(c\)|\s*\u00a9)?\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*,?\s*)?"
    r"(?P<holder>[A-Z][^.,;|]{1,60}?)\s*(?:[.,;|]|all rights|$)",
    re.IGNORECASE,
)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("the "))


def title_and_outlet(title: str | None, others: Sequence[str]) -> tuple[str | None, str | None]:
    """Split "Headline | Outlet" when the page names the same outlet elsewhere (its copyright line).

    The copyright holder alone names the outlet when the title carries none. A tail the page does not
    confirm stays in the title: headlines have dashes too.
    """
    holders = [m.group("holder").strip() for line in others[-40:] for m in [_COPYRIGHT.search(line)] if m]
    holders = [h for h in holders if 1 <= len(h.split()) <= 6 and h[0].isupper()]
    if title:
        m = _TITLE_TAIL.match(title)
        if m:
            tail = m.group("tail").strip()
            if any(_squash(tail) and _squash(tail) == _squash(h) for h in holders):
                return m.group("title").strip(), tail
    return title, holders[-1] if holders else None
