"""The HTML cleaner on small pages written for these tests: site chrome around an invented article."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean.html import clean_html

FETCHED = date(2024, 1, 15)

ARTICLE = """
<p>The harbour authority voted on Tuesday to close the old ferry pier for repairs, ending a dispute that had
divided the town council for most of the spring.</p>
<p>Engineers told the board that the timber piles under the pier had rotted far faster than expected, and that
heavy trucks should no longer use the deck until the work is done.</p>
<p>"We cannot keep patching it," said Marta Ilves, who chairs the authority. "The safest thing is to close it
now and rebuild it properly."</p>
<p>Fishing crews, who land most of their catch at the pier, asked for a temporary landing stage on the north
quay. The board agreed to study the request and report back within a month.</p>
<p>The repairs are expected to cost about 2.4 million euros, most of it covered by a regional grant approved
last year.</p>
"""

HEADLINE = "Harbour authority closes old ferry pier for repairs"

META = """
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="article:section" content="Local">
<meta name="author" content="Jane Roe and Sam Poe">
<link rel="canonical" href="https://gazette.example/local/pier-closes">
"""

JSON_LD = """
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour authority closes old ferry pier for repairs", "datePublished": "2021-03-04T08:00:00Z"}
</script>
"""

# What a page's own code says is not what the page says: none of these dates may be taken.
SCRIPT_LITERALS = """
<script>window.__STATE__ = {"published": "2019-05-02T10:00:00Z", "expires": "2031-01-01T00:00:00Z"};</script>
"""


def page(*, head: str = "", body_top: str = "", body_end: str = "", article: str = ARTICLE) -> str:
    return f"""<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{HEADLINE} | The Harbour Gazette</title>
{head}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>{HEADLINE}</h1>
{body_top}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<figure><img src="pier.jpg" alt="">
<figcaption>Workers inspect the rotten piles under the ferry pier.</figcaption></figure>
{article}
{body_end}
</article></main>
<footer><p>Copyright 2021 The Harbour Gazette. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_html_keeps_the_article_and_its_metadata() -> None:
    cleaned = clean_html(page(head=META + JSON_LD), fetched=FETCHED)
    assert cleaned.title == HEADLINE
    assert cleaned.authors == ("Jane Roe", "Sam Poe")
    assert cleaned.byline == "Jane Roe and Sam Poe"
    assert cleaned.outlet == "The Harbour Gazette"
    assert cleaned.section == "Local"
    assert cleaned.url == "https://gazette.example/local/pier-closes"
    assert cleaned.date == date(2021, 3, 4)
    assert cleaned.text.startswith("The harbour authority voted on Tuesday")
    assert cleaned.text.endswith("approved last year.")


def test_html_paragraphs_are_whole_and_set_apart_by_blank_lines() -> None:
    paragraphs = clean_html(page(head=META), fetched=FETCHED).text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[1] == (
        "Engineers told the board that the timber piles under the pier had rotted far faster than expected, "
        "and that heavy trucks should no longer use the deck until the work is done."
    )
    assert all("\n" not in p for p in paragraphs)


def test_html_drops_navigation_share_buttons_and_footer() -> None:
    cleaned = clean_html(page(head=META), fetched=FETCHED)
    for chrome in ("Home", "Weather", "Share on Facebook", "All rights reserved", "Privacy policy"):
        assert chrome not in cleaned.text
    assert "Weather" in cleaned.removed
    assert "Privacy policy" in cleaned.removed


def test_html_does_not_repeat_the_headline_in_the_body() -> None:
    assert HEADLINE not in clean_html(page(head=META), fetched=FETCHED).text


def test_html_sets_figcaptions_apart_from_the_body() -> None:
    cleaned = clean_html(page(head=META), fetched=FETCHED)
    assert cleaned.captions == ("Workers inspect the rotten piles under the ferry pier.",)
    assert "rotten piles" not in cleaned.text
    assert "rotten piles" not in " ".join(cleaned.removed)


def test_html_sets_caption_classes_apart_from_the_body() -> None:
    photo = (
        '<div class="wp-caption"><img src="quay.jpg" alt="">'
        '<p class="wp-caption-text">Trawlers moored at the north quay, where a landing stage may go.</p></div>'
    )
    cleaned = clean_html(page(head=META, article=ARTICLE.replace("</p>", "</p>" + photo, 1)), fetched=FETCHED)
    assert "Trawlers moored at the north quay, where a landing stage may go." in cleaned.captions
    assert "Trawlers moored" not in cleaned.text
    assert "Engineers told the board" in cleaned.text


def test_html_takes_the_date_from_json_ld() -> None:
    assert clean_html(page(head=JSON_LD), fetched=FETCHED).date == date(2021, 3, 4)


def test_html_takes_the_date_from_meta_tags() -> None:
    head = '<meta property="article:published_time" content="2022-07-09T06:30:00+02:00">'
    assert clean_html(page(head=head), fetched=FETCHED).date == date(2022, 7, 9)


def test_html_never_takes_a_date_from_script_code() -> None:
    cleaned = clean_html(page(head=SCRIPT_LITERALS), fetched=FETCHED)
    assert cleaned.date is None


def test_html_prefers_json_ld_over_script_code() -> None:
    assert clean_html(page(head=SCRIPT_LITERALS + JSON_LD), fetched=FETCHED).date == date(2021, 3, 4)


def test_html_rejects_a_publication_date_after_the_fetch_date() -> None:
    head = '<meta property="article:published_time" content="2030-06-01T08:00:00Z">'
    assert clean_html(page(head=head), fetched=FETCHED).date is None


def test_html_accepts_a_publication_date_on_the_fetch_day() -> None:
    head = '<meta property="article:published_time" content="2024-01-15T08:00:00Z">'
    assert clean_html(page(head=head), fetched=FETCHED).date == FETCHED


def test_html_without_any_date_has_none() -> None:
    cleaned = clean_html(page(head=META), fetched=FETCHED)
    assert cleaned.date is None
    assert cleaned.dateline is None


def test_html_reads_the_date_from_the_url_path() -> None:
    cleaned = clean_html(page(), url="https://gazette.example/2020/11/05/pier-closes", fetched=FETCHED)
    assert cleaned.url == "https://gazette.example/2020/11/05/pier-closes"
    assert cleaned.date == date(2020, 11, 5)


def test_html_finds_the_date_line_under_the_headline() -> None:
    cleaned = clean_html(page(body_top='<p class="meta">Published May 28, 2014 at 9:15 am</p>'), fetched=FETCHED)
    assert cleaned.dateline == date(2014, 5, 28)
    assert cleaned.date is None or cleaned.date == date(2014, 5, 28)


def test_html_date_line_after_the_fetch_date_is_not_a_date_line() -> None:
    cleaned = clean_html(page(body_top="<p>Published March 3, 2031</p>"), fetched=FETCHED)
    assert cleaned.dateline is None


def test_html_drops_related_links_and_newsletter_prompts() -> None:
    end = (
        "<p>Related: Council delays vote on new marina</p>"
        "<p>Subscribe to the Morning Tide newsletter to get the day's top stories in your inbox.</p>"
    )
    text = clean_html(page(head=META, body_end=end), fetched=FETCHED).text
    assert "new marina" not in text
    assert "Morning Tide" not in text
    assert text.endswith("approved last year.")


def test_html_keeps_embedded_posts_as_quotations() -> None:
    tweet = (
        '<div class="social-embed"><blockquote class="twitter-tweet"><p>The ferry pier closes on Monday; '
        "crews will land their catch on the north quay until further notice.</p>&mdash; Harbour Authority "
        '(@harbour) <a href="https://twitter.com/harbour/status/1">January 9, 2024</a></blockquote></div>'
    )
    text = clean_html(page(head=META, article=ARTICLE + tweet), fetched=FETCHED).text
    assert "crews will land their catch on the north quay until further notice" in text


def test_html_uses_the_given_url_when_the_page_names_none() -> None:
    cleaned = clean_html(page(), url="https://mirror.example/pier", fetched=FETCHED)
    assert cleaned.url == "https://mirror.example/pier"


def test_html_takes_the_section_from_trafilatura_categories_when_no_meta() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"articleSection": "Transport"}</script>'
    )
    assert clean_html(page(head=head), fetched=FETCHED).section == "Transport"


def test_html_without_an_article_gives_empty_text() -> None:
    cleaned = clean_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", fetched=FETCHED)
    assert cleaned.text == ""
    assert cleaned.date is None


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_html_cleaning_never_raises(junk: str) -> None:
    cleaned = clean_html(junk, fetched=FETCHED)
    assert isinstance(cleaned.text, str)
