"""Story profiles: a second story's conflicts under the default profile, and another profile without reading again.

The second story is made up here (a dairy group's price-fixing scandal and the protests over it): two outlets
disagree on how many protesters were arrested, and the company denies the allegations, then admits them. The
abduction story's profile knows none of this; the default profile, which knows no story, finds both.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from storyline.model import Annotations, ClaimNumber, Document
from storyline.pipeline import Defaults, annotate_documents, clean_sources
from storyline.resolve.claims import ClaimRecord, Conflict, claims_from, find_conflicts, stance
from storyline.resolve.claims_text import measure
from storyline.resolve.profile import PROFILE_KEY, default, from_record, load
from storyline.store.dossier_writes import record_of
from tests.conftest import SAMPLE_PROFILE
from tests.test_cli import storyline

ARTICLES = [
    ("2019-03-04", "Brennmark Courier", "Harlow Foods denies price-fixing allegations as protests grow",
     "Harlow Foods denied the price-fixing allegations on Monday, as protests over the price of milk spread across "
     "the city.\n\nThe company said in a statement that it had always set its prices fairly. The price-fixing "
     "scandal broke last week after a former manager spoke to regulators.\n\nThe Interior Ministry said 12 people "
     "were arrested during the protests outside the company's headquarters."),
    ("2019-03-06", "Valley Herald", "Police give higher arrest figure in Harlow protests",
     "Police said 30 people were arrested during two days of protests outside the headquarters of Harlow Foods, the "
     "dairy group at the centre of the price-fixing scandal.\n\nHarlow Foods has denied the allegations of "
     "price-fixing and said it would cooperate with regulators."),
    ("2019-03-08", "Brennmark Courier", "Ministry stands by its count of arrests",
     "The Interior Ministry said on Friday that only 12 protesters were arrested, and accused critics of "
     "exaggerating the unrest over the price-fixing scandal.\n\nPolice said 30 were arrested and that most had "
     "since been released."),
    ("2020-06-15", "Valley Herald", "Harlow Foods admits price-fixing",
     "Harlow Foods admitted on Monday that the price-fixing allegations were true, more than a year after the "
     "price-fixing scandal first broke.\n\nThe company's chief executive said the company would pay back "
     "customers."),
    ("2021-01-20", "Brennmark Courier", "Harlow Foods settles with regulators",
     "Harlow Foods acknowledged the allegations of price-fixing in a settlement with regulators on Wednesday, "
     "closing the price-fixing scandal that began in 2019."),
]
NO_COUNTS = {"name": "no counts", "measures": {"labels": {}}}  # the default's frames, no measure to compare


def write_corpus(folder: Path) -> Path:
    path = folder / "harlow.jsonl"
    path.write_text("".join(
        json.dumps({"title": title, "published": day, "outlet": outlet, "url": f"https://news.example/{day}",
                    "text": text}) + "\n"
        for day, outlet, title, text in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Document], list[ClaimRecord]]:
    corpus = write_corpus(tmp_path_factory.mktemp("harlow"))
    docs: dict[str, Document] = {}
    records: list[ClaimRecord] = []
    for ann in annotate_documents(clean_sources([str(corpus)], Defaults())):
        assert isinstance(ann, Annotations), ann
        docs[ann.document.id] = ann.document
        records += claims_from(ann)
    return docs, records


def _sides(c: Conflict, records: list[ClaimRecord]) -> tuple[ClaimRecord, ClaimRecord]:
    by_id = {r.id: r for r in records}
    return by_id[c.a], by_id[c.b]


# -- profiles as values ---------------------------------------------------------------------------------


def test_a_profile_says_only_what_it_changes(tmp_path: Path) -> None:
    general = default()
    assert general.name == "default" and general.frames and general.measures.labels
    path = tmp_path / "no-counts.json"
    path.write_text(json.dumps(NO_COUNTS), encoding="utf-8")
    mine = load(path)
    assert mine.name == "no counts" and mine.measures.labels == {} and mine.sha256 != general.sha256
    assert [f.key for f in mine.frames] == [f.key for f in general.frames]  # left out: the default's
    again = from_record(mine.record())
    assert (again.name, again.sha256) == (mine.name, mine.sha256)
    assert from_record(None).sha256 == general.sha256


def test_the_default_profile_counts_the_dead_the_arrested_and_money_in_its_currency() -> None:
    general = default()

    def read(value: float, counted: str | None, before: tuple[str, ...], after: tuple[str, ...]) -> str | None:
        return measure(ClaimNumber(value, str(value), counted, before, after), general)

    assert read(12, "people", (), ("people", "were", "killed")) == "dead"
    assert read(12, "people", ("killed",), ("people",)) == "dead"
    assert read(30, None, (), ("were", "arrested")) == "arrested"
    assert read(40, None, (), ("people", "were", "taken", "hostage")) == "hostages"
    assert read(40, None, (), ("hostages", "were", "freed")) == "released"  # what became of them wins
    assert read(3e9, "dollars", ("a",), ("fine",)) == "fine in dollars"
    assert read(2e9, "euros", ("a",), ("fine",)) == "fine in euros"  # never the same measure as dollars
    assert read(30, "people", (), ("people", "sought", "damages")) == "people"  # no amount of money
    assert read(40, "people", (), ("people", "attended")) == "people"  # and "people" alone is no measure
    assert general.measures.labels.get("people") is None


def test_no_story_is_named_in_what_reads_claims() -> None:
    """Story words live in profiles: the code and data that read claims name no story."""
    resolve = Path(__file__).resolve().parent.parent / "src" / "storyline" / "resolve"
    for path in [*resolve.glob("claim*"), *resolve.glob("*profile*")]:
        text = path.read_text(encoding="utf-8").lower()
        assert not [w for w in ("abduct", "kidnap", "korea", "japan", "tokyo", "pyongyang", "yokota") if w in text], path


# -- a second story under the default profile -----------------------------------------------------------


def test_the_default_profile_finds_the_second_storys_conflicts(
        story: tuple[dict[str, Document], list[ClaimRecord]]) -> None:
    docs, records = story
    found = find_conflicts(records, default(), lambda i: docs[i].text)
    assert sorted(c.kind for c in found) == ["count", "position_change"]
    [count] = [c for c in found if c.kind == "count"]
    a, b = _sides(count, records)
    assert count.about == "how many were arrested"
    assert {(a.source, "12" in a.text), (b.source, "30" in b.text)} == {("Interior Ministry", True), ("Police", True)}
    [change] = [c for c in found if c.kind == "position_change"]
    before, after = _sides(change, records)
    assert before.source == after.source == "Harlow Foods" and before.cue == "denied" and after.cue == "admitted"
    assert before.published is not None and after.published is not None and before.published < after.published
    assert "price-fixing" in change.about


def test_the_abduction_profile_finds_none_of_them(story: tuple[dict[str, Document], list[ClaimRecord]]) -> None:
    docs, records = story
    assert find_conflicts(records, load(SAMPLE_PROFILE), lambda i: docs[i].text) == []


def test_a_claim_that_leaves_its_subject_to_its_document_takes_the_documents(
        story: tuple[dict[str, Document], list[ClaimRecord]]) -> None:
    """"Harlow Foods has denied the allegations": which allegations, only the article says (it names the
    price-fixing scandal most)."""
    docs, records = story
    [denial] = [r for r in records if r.text == "the allegations of price-fixing" and r.cue == "denied"]
    generic = replace(denial, text="the allegations")
    found = stance(generic, default(), lambda i: docs[i].text)
    assert found is not None and found.topic == "price-fixing:admitted?" and not found.yes
    assert stance(generic, default()) is None  # without its document it is about nothing known


# -- stored claims hold no profile's reading ------------------------------------------------------------


def test_claims_stored_before_profiles_are_still_read() -> None:
    facts = {"entities": ["Japan"], "quantities": [[13.0, "abducted|Japan", "13"]], "event_types": [],
             "cue": "admitted", "dated": None, "issue": "abduction"}
    row = SimpleNamespace(id="c1", document_id="d1", published=None, text="its agents had abducted 13 Japanese",
                          start=0, end=35, source="North Korea", chain='["North Korea"]', anonymous=False,
                          source_type="GPE", facts=json.dumps(facts))
    rec = record_of(row)
    assert rec.quantities == (ClaimNumber(13.0, "13", "abducted|Japan"),)
    assert measure(rec.quantities[0], load(SAMPLE_PROFILE)) == "abducted|Japan"


def _claims(db: str) -> list[dict[str, object]]:
    """The stored claims, without which conflicts each is in."""
    return [{k: v for k, v in c.items() if k != "conflicts_with"}
            for c in json.loads(storyline("claims", "--db", db, "--json").stdout)]


def _kinds(db: str, *args: object) -> list[str]:
    done = storyline("conflicts", "--db", db, "--json", *args)
    assert done.returncode == 0, done.stderr
    return sorted(c["kind"] for c in json.loads(done.stdout))


def test_another_profile_needs_no_new_reading(db_url: str, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    done = storyline("ingest", "--db", db_url, "--json", corpus)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stored"] == len(ARTICLES)
    assert _kinds(db_url) == ["count", "position_change"]
    claims = _claims(db_url)
    assert claims

    no_counts = tmp_path / "no-counts.json"
    no_counts.write_text(json.dumps(NO_COUNTS), encoding="utf-8")
    assert _kinds(db_url, "--profile", no_counts) == ["position_change"]
    assert _claims(db_url) == claims  # nothing was read or stored again
    assert _kinds(db_url) == ["position_change"]  # the dossier keeps the profile it was given
    assert _kinds(db_url, "--refresh") == ["position_change"]
    assert _kinds(db_url, "--profile", SAMPLE_PROFILE) == []

    # Ingesting nothing new under the default profile makes it the dossier's again, conflicts found anew.
    general = tmp_path / "general.json"
    general.write_text(json.dumps({"name": "default"}), encoding="utf-8")
    again = storyline("ingest", "--db", db_url, "--json", "--profile", general, corpus)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["stored"] == 0
    assert _kinds(db_url) == ["count", "position_change"]
    from storyline.store import open_store

    with open_store(db_url) as store:
        assert from_record(store.meta(PROFILE_KEY)).sha256 == load(general).sha256


@pytest.mark.parametrize("content", ["{not json", '{"frames": [{"name": "x"}]}',
                                     '{"frames": [{"name": "x", "key": "k", "label": "l", "yes": ["("], "no": []}]}',
                                     '["a list"]', None])
def test_a_bad_profile_is_one_line_and_exit_2(sqlite_url: str, tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    commands: list[list[object]] = [["conflicts", "--db", sqlite_url]]
    if content is None:  # ingest reads the profile the same way: once is enough
        commands.append(["ingest", "--db", sqlite_url, write_corpus(tmp_path)])
    for args in commands:
        done: subprocess.CompletedProcess[str] = storyline(*args, "--profile", path)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: profile {path}"), done.stderr
    assert json.loads(storyline("docs", "--db", sqlite_url, "--json").stdout) == []  # nothing was read
