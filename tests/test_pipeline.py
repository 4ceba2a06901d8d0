"""The pipeline's order and bookkeeping: what is stored, what is a copy, what a site repeats."""

from __future__ import annotations

from pathlib import Path

from storyline.pipeline import Defaults, ingest
from storyline.store import open_store

PROMO = "Readers can reach the newsroom with tips about the peninsula at any hour."


def _page(i: int) -> str:
    body = "\n\n".join(
        f"Story {i}, paragraph {j}: officials in Tokyo said talks with Pyongyang on the abductees would go on "
        f"through the week, and families asked for news of case number {i * 10 + j}."
        for j in range(5)
    )
    first, rest = body.split("\n\n", 1)
    return f"Headline number {i}\n\n{first}\n\n{PROMO}\n\n{rest}\n"


def test_a_line_repeated_across_a_sites_pages_is_dropped_as_chrome(tmp_path: Path, sqlite_url: str) -> None:
    site = tmp_path / "one-outlet"
    site.mkdir()
    for i in range(4):
        (site / f"page{i}.txt").write_text(_page(i))
    with open_store(sqlite_url) as store:
        summary = ingest(store, [str(site)])
        assert summary.stored == 4
        texts = [d.text for d in store.documents()]
    assert PROMO in texts[0] and PROMO in texts[1]  # seen once or twice: no evidence yet
    assert all(PROMO not in t for t in texts[2:])  # the third page of the site on: the site's chrome


def test_defaults_fill_only_what_the_input_does_not_say(tmp_path: Path, sqlite_url: str) -> None:
    import json
    from datetime import date

    feed = tmp_path / "a.jsonl"
    feed.write_text(
        json.dumps({"text": "Tokyo asked for the return of all abductees. " * 10, "published": "2014-05-29"}) + "\n"
        + json.dumps({"text": "Pyongyang said the issue had been settled. " * 10}) + "\n"
    )
    with open_store(sqlite_url) as store:
        ingest(store, [str(feed)], Defaults(published=date(2018, 8, 30), outlet="Wire"))
        docs = store.documents()
    assert [(d.published, d.published_source, d.outlet) for d in docs] == [
        (date(2014, 5, 29), "given", "Wire"), (date(2018, 8, 30), "given", "Wire")]


def test_the_same_words_published_months_apart_are_two_reports(tmp_path: Path, sqlite_url: str) -> None:
    """A copy is published near its original; a brief that repeats word for word months later is another
    report, read against its own date, and its event is another item. A near-copy a day later stays a copy."""
    import json
    from datetime import date

    brief = "North Korea fired artillery rounds near the maritime border, the defence ministry said."
    near = brief.replace("the defence ministry said", "the defence ministry in Seoul said")
    rows = [
        {"text": brief, "published": "2010-01-29", "url": "https://a.invalid/1"},
        {"text": brief, "published": "2010-08-10", "url": "https://a.invalid/2"},
        {"text": brief, "published": "2010-08-11", "url": "https://b.invalid/3"},  # a copy of the August one
        {"text": near + " It was the second such firing this year.", "published": "2010-08-12",
         "url": "https://c.invalid/4"},
        {"text": brief, "published": "2010-08-10", "url": "https://a.invalid/2"},  # read again: a duplicate
    ]
    feed = tmp_path / "briefs.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with open_store(sqlite_url) as store:
        summary = ingest(store, [str(feed)])
        docs = store.documents()
        copies = store.copies()
    assert (summary.stored, summary.near_duplicates, summary.duplicates) == (3, 1, 1)
    assert sorted(d.published for d in docs) == [date(2010, 1, 29), date(2010, 8, 10), date(2010, 8, 12)]
    assert [(c.url, c.published) for c in copies] == [("https://b.invalid/3", date(2010, 8, 11))]
    with open_store(sqlite_url) as store, store.engine.connect() as conn:
        from storyline.reads import dossier

        dated = sorted(i["date"]["value"] for i in dossier.timeline(conn) if i["type"] == "MOBILIZE")
    assert dated[:2] == ["2010-01-29", "2010-08-10"]
