"""RSS and Atom files: items with their article come out as HTML, link-only items fail unless fetching is allowed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.ingest import read_sources
from storyline.model import Failure, RawInput

LONG = " ".join(["The river rose again overnight, officials said, and the dam held."] * 12)

RSS = f"""<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example Post</title>
  <link>https://example.org/</link>
  <item>
    <title>Dam holds &amp; river falls</title>
    <link>https://example.org/dam</link>
    <pubDate>Wed, 28 May 2014 23:30:00 -0500</pubDate>
    <description>A short teaser.</description>
    <content:encoded><![CDATA[<p>The dam held, officials said.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Teaser only</title>
    <link>https://example.org/teaser</link>
    <description>Read more on the site.</description>
  </item>
  <item>
    <title>Long description</title>
    <link>https://example.org/long</link>
    <pubDate>Thu, 29 May 2014 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;{LONG}&lt;/p&gt;</description>
  </item>
  <item>
    <title>Caf\xe9 reopens</title>
    <description>Short.</description>
  </item>
</channel>
</rss>
""".encode("cp1252")

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title>
  <id>urn:example:wire</id>
  <updated>2014-05-30T00:00:00Z</updated>
  <entry>
    <title type="html">&lt;b&gt;Talks&lt;/b&gt; resume</title>
    <id>urn:example:1</id>
    <link href="https://example.org/talks"/>
    <published>2014-05-29T01:00:00+02:00</published>
    <updated>2014-05-30T00:00:00Z</updated>
    <content type="html">&lt;p&gt;Talks resumed on Thursday.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain body</title>
    <id>urn:example:2</id>
    <link href="https://example.org/plain"/>
    <updated>2014-05-30T10:00:00Z</updated>
    <content type="text">Talks ended.</content>
  </entry>
  <entry>
    <title>Link only</title>
    <id>urn:example:3</id>
    <link href="https://example.org/only"/>
    <updated>2014-05-30T10:00:00Z</updated>
    <summary>A teaser.</summary>
  </entry>
</feed>
"""


def test_rss_items_with_and_without_content(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_bytes(RSS)
    items = list(read_sources([str(path)]))
    assert items[0] == RawInput(
        source=str(path),
        data="<p>The dam held, officials said.</p>",
        kind="html",
        line=1,
        title="Dam holds & river falls",
        url="https://example.org/dam",
        published=date(2014, 5, 28),  # the feed's own day, not the UTC one
        outlet="Example Post",  # the channel's title
    )
    assert items[1] == Failure(str(path), "feed item has no article content: https://example.org/teaser", 2)
    long = items[2]
    assert isinstance(long, RawInput) and long.kind == "html" and LONG in long.data
    assert (long.line, long.title, long.published) == (3, "Long description", date(2014, 5, 29))
    assert items[3] == Failure(str(path), "feed item has no article content and no link", 4)
    assert len(items) == 4


def test_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    items = list(read_sources([str(path)]))
    assert items == [
        RawInput(
            source=str(path),
            data="<p>Talks resumed on Thursday.</p>",
            kind="html",
            line=1,
            title="Talks resume",
            url="https://example.org/talks",
            published=date(2014, 5, 29),
            outlet="Example Wire",
        ),
        RawInput(
            source=str(path),
            data="Talks ended.",
            kind="text",
            line=2,
            title="Plain body",
            url="https://example.org/plain",
            published=date(2014, 5, 30),
            outlet="Example Wire",
        ),
        Failure(str(path), "feed item has no article content: https://example.org/only", 3),
    ]


def test_feed_is_sniffed_by_its_root_element(tmp_path: Path) -> None:
    path = tmp_path / "saved"
    path.write_text(ATOM, encoding="utf-8")
    assert sum(isinstance(i, RawInput) for i in read_sources([str(path)])) == 2


def test_broken_and_empty_feeds_fail_once(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_bytes(b"<rss><channel><item><title>x</ti")
    empty = tmp_path / "empty.xml"
    empty.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>'
    )
    items = list(read_sources([str(broken), str(empty)]))
    assert len(items) == 2 and all(isinstance(i, Failure) for i in items)
    assert items[0].source == str(broken)
    assert items[1] == Failure(str(empty), "the feed has no items")


def test_the_outlet_is_the_part_of_the_channel_title_its_site_names(tmp_path: Path) -> None:
    from storyline.ingest.feeds import _outlet

    assert _outlet("Coastline Dispatch - Korean Peninsula", "https://coastlinedispatch.example/k/") == "Coastline Dispatch"
    assert _outlet("World news | The Ledger", "https://ledger.example/world") == "The Ledger"
    assert _outlet("Asia: Example Wire", None) == "Asia"
