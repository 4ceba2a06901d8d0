"""The plain-text cleaner: the two seed scrapes come out right, and the general behaviours on small pages."""

from __future__ import annotations

import textwrap
from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean.plaintext import clean_text
from storyline.model import Cleaned
from tests.conftest import seed

# Invented article paragraphs, long and sentence-shaped, for the synthetic pages below.
P1 = (
    "The harbour authority said on Tuesday that the new ferry terminal would open in the spring, two years "
    "later than first planned, after engineers found that the old pier could not carry the weight of the cranes."
)
P2 = (
    "Residents who had campaigned for the terminal welcomed the news but asked the council to publish the full "
    "cost of the delay, which local reporters have estimated at several million over the original budget."
)
P3 = (
    "A spokesman for the operator said the company expected to run six crossings a day at first and more in the "
    "summer, when the number of visitors to the islands usually doubles and the old boats are often full."
)
SHORT = "Nobody was hurt."


def _seed(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def _paragraphs(c: Cleaned) -> list[str]:
    return c.text.split("\n\n") if c.text else []


def _between(text: str, first: str, last: str) -> list[str]:
    """The non-blank lines of `text` from the one starting with `first` to the one starting with `last`."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    i = next(k for k, ln in enumerate(lines) if ln.startswith(first))
    j = next(k for k, ln in enumerate(lines) if ln.startswith(last))
    return lines[i : j + 1]


def _page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# The seeds


def test_plaintext_seed_000_commentary() -> None:
    raw = _seed("000")
    c = clean_text(raw)
    assert c.title == "North Korea, Japan Grapple With Abductee Issue"
    assert c.byline == "A commentary by Andrei Lankov"
    assert c.authors == ("Andrei Lankov",)
    assert len(c.captions) == 1
    assert c.captions[0].startswith("North Korea's chief negotiator Song Il Ho addresses the press")
    assert _paragraphs(c) == _between(raw, "Recently, Japan and North Korea", "It is too early to tell")
    for junk in ("Share on WhatsApp", "Add your comment", "View Full Site", "Andrei Lankov, a professor"):
        assert junk not in c.text
    assert any(r.startswith("Andrei Lankov, a professor at Kookmin University") for r in c.removed)
    assert "Share on WhatsApp" in c.removed


def test_plaintext_seed_003_report() -> None:
    raw = _seed("003")
    c = clean_text(raw)
    assert c.title == "North Korea, Japan met in secret"
    assert c.removed.count("North Korea, Japan met in secret") == 1
    assert c.section == "Politics"
    assert _paragraphs(c) == _between(
        raw, "North Korea and Japan met secretly", "Kyodo reported that the 39-year-old"
    )
    for junk in (
        "print dictionary print",
        "Log in to Twitter",
        "with the Korea JoongAng Daily",
        "help-image Social comment?",
        "lock icon",
        "To write comments, please log in",
        "Standards Board Policy",
        "Home > National",
    ):
        assert junk not in c.text
    assert c.byline is None
    assert c.dateline is None


# General behaviours


def test_plaintext_drops_share_buttons() -> None:
    c = clean_text(
        _page("Share on Facebook", "Tweet", "Email", "Print", "", P1, "", P2, "", "Share this article")
    )
    assert _paragraphs(c) == [P1, P2]
    assert {"Share on Facebook", "Tweet", "Email", "Print", "Share this article"} <= set(c.removed)


def test_plaintext_keeps_short_paragraph_between_long_ones() -> None:
    c = clean_text(_page(P1, "", SHORT, "", P2, "", P3))
    assert _paragraphs(c) == [P1, SHORT, P2, P3]


def test_plaintext_keeps_short_subheading_inside_the_body() -> None:
    c = clean_text(
        _page("Menu", "Search", "", P1, "", "What comes next", "", P2, "", P3, "", "Privacy Policy")
    )
    assert _paragraphs(c) == [P1, "What comes next", P2, P3]


def test_plaintext_classifies_a_by_byline() -> None:
    c = clean_text(_page("Ferry terminal delayed again", "By Jane Doe and John Roe", "", P1, "", P2, "", P3))
    assert c.title == "Ferry terminal delayed again"
    assert c.byline == "By Jane Doe and John Roe"
    assert c.authors == ("Jane Doe", "John Roe")
    assert "By Jane Doe" not in c.text


def test_plaintext_byline_drops_outlet_and_role() -> None:
    c = clean_text(_page("Ferry terminal delayed again", "By", "Jane Doe, Staff Writer", "", P1, "", P2))
    assert c.authors == ("Jane Doe",)


def test_plaintext_finds_captions() -> None:
    caption = "Workers inspect the old pier in the harbour, left, on a grey morning. (AP Photo/Ann Example)"
    c = clean_text(
        _page(
            "Ferry terminal delayed again",
            "",
            caption,
            "Photo: Jane Roe, Reuters",
            "Getty Images",
            "",
            P1,
            "",
            P2,
        )
    )
    assert set(c.captions) == {caption, "Photo: Jane Roe, Reuters", "Getty Images"}
    assert _paragraphs(c) == [P1, P2]


def test_plaintext_caption_of_a_scene_with_its_date() -> None:
    caption = (
        "Harbour master Ann Example addresses the press outside the ferry office in Oban, May 28, 2014, after "
        "two days of talks with the operator about the delayed terminal."
    )
    c = clean_text(_page("Ferry terminal delayed again", "", caption, "", P1, "", P2, "", P3))
    assert c.captions == (caption,)
    assert caption not in c.text


def test_plaintext_reads_breadcrumb_section() -> None:
    c = clean_text(_page("Home > Local > Transport", "", "Ferry terminal delayed again", "", P1, "", P2))
    assert c.section == "Transport"
    assert "Home > Local > Transport" in c.removed


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: May 28, 2014", date(2014, 5, 28)),
        ("Updated 2019-11-19 10:00", date(2019, 11, 19)),
        ("November 19, 2019 at 5:00 pm", date(2019, 11, 19)),
        ("Posted 3 March 2021", date(2021, 3, 3)),
    ],
)
def test_plaintext_reads_dateline(line: str, expected: date) -> None:
    c = clean_text(_page("Ferry terminal delayed again", line, "", P1, "", P2))
    assert c.dateline == expected
    assert line not in c.text


def test_plaintext_prefers_published_over_updated() -> None:
    c = clean_text(
        _page("Ferry terminal delayed", "Updated May 30, 2014", "Published May 28, 2014", "", P1, "", P2)
    )
    assert c.dateline == date(2014, 5, 28)


def test_plaintext_no_dateline_without_a_date_line() -> None:
    assert clean_text(_page("Ferry terminal delayed again", "", P1, "", P2)).dateline is None


def test_plaintext_drops_comment_prompts() -> None:
    prompt = "Add your comment by filling out the form below. Comments are approved by a moderator before they appear."
    c = clean_text(_page(P1, "", P2, "", P3, "", "Comments", prompt, "Log in to comment", "Post comment"))
    assert _paragraphs(c) == [P1, P2, P3]
    assert prompt in c.removed


def test_plaintext_drops_comment_thread() -> None:
    thread = [
        "34 responses to “Ferry terminal delayed again”",
        "harbourfan says:",
        "November 19, 2019 at 6:34 am",
        "They have been promising this terminal for years and I will believe it when I see the first boat.",
        "islander22 says:",
        "November 19, 2019 at 7:02 am",
        "The old pier was always going to be a problem, everybody on the island knew that a long time ago.",
    ]
    c = clean_text(_page(P1, "", P2, "", P3, "", *thread))
    assert _paragraphs(c) == [P1, P2, P3]


def test_plaintext_drops_author_bio_at_the_end() -> None:
    bio = "Jane Doe, a reporter at the Example Gazette, is the author of two books about island life."
    c = clean_text(_page("Ferry terminal delayed again", "By Jane Doe", "", P1, "", P2, "", P3, "", bio))
    assert _paragraphs(c) == [P1, P2, P3]
    assert bio in c.removed


def test_plaintext_drops_menus_and_footer() -> None:
    menu = ["Home", "News", "Sport", "Business", "Opinion", "Weather", "Subscribe", "Sign in"]
    footer = [
        "About us",
        "Contact us",
        "Terms of Use",
        "Privacy Policy",
        "© 2024 Example Gazette. All rights reserved.",
    ]
    c = clean_text(_page(*menu, "", "Ferry terminal delayed again", "", P1, "", P2, "", P3, "", *footer))
    assert _paragraphs(c) == [P1, P2, P3]
    assert set(menu) | set(footer) <= set(c.removed)


def test_plaintext_treats_outlet_repeats_as_boilerplate() -> None:
    tagline = (
        "The Example Gazette has served the islands with independent reporting since the year it was founded."
    )
    c = clean_text(_page(P1, "", P2, "", tagline, "", P3), repeated={tagline})
    assert tagline not in c.text
    assert tagline in c.removed


def test_plaintext_leaves_a_page_without_boilerplate_whole() -> None:
    c = clean_text(_page(P1, "", P2, "", P3))
    assert _paragraphs(c) == [P1, P2, P3]
    assert c.removed == ()


def test_plaintext_keeps_paragraphs_whole_and_strips_only_whitespace() -> None:
    c = clean_text(f"   {P1}   \n\n\t{P2}\t\n")
    assert _paragraphs(c) == [P1, P2]


def test_plaintext_keeps_a_list_introduced_by_a_colon() -> None:
    items = [
        "June 9 -- Harbour Hall, Oban",
        "June 12 -- Pier Theatre, Mallaig",
        "June 15 -- Town Hall, Tobermory",
    ]
    c = clean_text(_page(P1, "", P2, "", "The opening dates:", *items, "", "Facebook", "Twitter"))
    assert _paragraphs(c) == [P1, P2, "The opening dates:", *items]


def test_plaintext_works_without_function_words_of_a_known_language() -> None:
    # Korean prose: no listed function words, but sentences end with a full stop.
    body = [
        "항구 당국은 화요일 새 여객선 터미널이 원래 계획보다 2년 늦은 봄에 문을 열 것이라고 밝혔다. 기술자들이 옛 부두가 "
        "크레인의 무게를 견딜 수 없다는 사실을 발견했기 때문이다.",
        "터미널 건설을 요구해 온 주민들은 이 소식을 반기면서도 지연에 따른 전체 비용을 공개하라고 의회에 요청했다. "
        "지역 기자들은 그 비용이 원래 예산보다 수백만 달러 많을 것으로 추산했다.",
    ]
    c = clean_text(_page("홈", "로그인", "", body[0], "", body[1], "", "공유하기"))
    assert _paragraphs(c) == body


def test_plaintext_joins_hard_wrapped_paragraphs_back() -> None:
    wrapped = ["\n".join(textwrap.wrap(p, 60)) for p in (P1, P2, P3)]
    c = clean_text(
        _page("Home", "News", "Sign in", "", wrapped[0], "", wrapped[1], "", wrapped[2], "", "Share")
    )
    assert _paragraphs(c) == wrapped
    assert "Sign in" in c.removed


def test_plaintext_empty_input_gives_empty_text() -> None:
    for raw in ("", "\n\n", "   \n\t\n"):
        c = clean_text(raw)
        assert c.text == ""
        assert c.title is None
        assert c.removed == ()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_plaintext_never_raises_and_accounts_for_every_line(raw: str) -> None:
    c = clean_text(raw)
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    # A wrapped paragraph comes out as one unit holding its lines.
    units = [*_paragraphs(c), *c.captions, *c.removed, *([c.title] if c.title is not None else [])]
    out = Counter(part for unit in units for part in unit.split("\n"))
    rest = Counter(lines) - out
    # What is left is the byline, which may join "By" with the names on the next line.
    assert sum(rest.values()) <= 2
    if rest:
        assert c.byline is not None
        assert all(part in c.byline for part in rest)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from([P1, P2, P3, SHORT, "Share", "Home", "By Jane Doe", "Photo: AP", "", "Comments"])
    )
)
def test_plaintext_body_paragraphs_are_input_lines(parts: list[str]) -> None:
    c = clean_text("\n".join(parts))
    assert all(p in parts for p in _paragraphs(c))


def test_the_outlet_comes_from_the_title_tail_the_copyright_line_confirms() -> None:
    body = "\n\n".join(f"Paragraph {i} says the talks in Stockholm went on for three days and ended late." for i in range(6))
    page = f"Talks end - The Harbor Ledger\n\nShare on X\n\n{body}\n\n(c) 2014 The Harbor Ledger. All rights reserved.\n"
    cleaned = clean_text(page)
    assert (cleaned.title, cleaned.outlet) == ("Talks end", "The Harbor Ledger")


def test_a_dash_in_a_headline_stays_when_nothing_confirms_an_outlet() -> None:
    body = "\n\n".join(f"Paragraph {i} says the talks in Stockholm went on for three days and ended late." for i in range(6))
    cleaned = clean_text(f"Japan - North Korea Talks\n\n{body}\n")
    assert cleaned.title == "Japan - North Korea Talks" and cleaned.outlet is None


def test_breadcrumbs_below_the_headline_give_the_section() -> None:
    body = "\n\n".join(f"Paragraph {i} says the talks in Stockholm went on for three days and ended late." for i in range(6))
    cleaned = clean_text(f"Talks end\n\nHome > World > Asia\n\n{body}\n")
    assert cleaned.section == "Asia"
