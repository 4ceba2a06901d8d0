"""Claims as plain records, and the conflicts between them: counts, opposed positions, changed positions."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from storyline.model import (
    Annotations,
    Attribution,
    AttributionKind,
    ClaimNumber,
    Document,
    Mention,
    Quantity,
    Source,
    Span,
    Timex,
)
from storyline.pipeline import Defaults, annotate_documents, clean_sources
from storyline.resolve.claims import ClaimRecord, Conflict, claims_from, find_conflicts, measures, stance
from storyline.resolve.claims_text import measure, measure_of, stance_of
from storyline.resolve.profile import Profile, load
from tests.conftest import EXAMPLES, SEEDS

# The sample corpus's story profile: these tests check the abduction story's frames and counts.
PROFILE: Profile = load(EXAMPLES.parent / "profiles" / "abductions.json")

NAMES = {"North Korea": ("GPE", "North Korea"), "Pyongyang": ("GPE", "North Korea"), "Japan": ("GPE", "Japan"),
         "Tokyo": ("GPE", "Japan"), "Japanese": ("NORP", "Japan"), "Kim Jong Il": ("PERSON", "Kim Jong Il")}
NUMBERS = {"five": 5, "eight": 8, "13": 13, "17": 17, "12": 12, "10": 10, "two": 2, "three": 3}


# -- building annotations by hand -----------------------------------------------------------------------


def _mentions(text: str) -> tuple[Mention, ...]:
    found: list[Mention] = []
    for name, (type_, canonical) in NAMES.items():
        at = text.find(name)
        while at >= 0:
            if not any(m.start <= at < m.end for m in found):
                found.append(Mention(at, at + len(name), name, type_, canonical))
            at = text.find(name, at + 1)
    return tuple(sorted(found, key=lambda m: m.start))


def _quantities(text: str, lo: int, hi: int) -> tuple[Quantity, ...]:
    out: list[Quantity] = []
    for word, value in NUMBERS.items():
        at = text.find(f" {word} ", lo, hi)
        while at >= 0:
            out.append(Quantity(at + 1, at + 1 + len(word), word, value))
            at = text.find(f" {word} ", at + 1, hi)
    return tuple(sorted(out, key=lambda q: q.start))


def annotate(sentence: str, source: str, cue: str, published: date, *, timex: tuple[str, str] | None = None,
             kind: AttributionKind = "indirect") -> Annotations:
    """One attribution over the sentence: `source` says what follows `cue` (and "that"), to the full stop."""
    text = sentence
    s_at = text.index(source)
    c_at = text.index(cue, s_at)
    that = text.find(" that ", c_at)
    start = that + 6 if 0 <= that < c_at + len(cue) + 20 else c_at + len(cue) + 1
    end = text.rindex(".") if text.endswith(".") else len(text)
    mentions = _mentions(text)
    src_type, canonical = NAMES.get(source, ("GROUP", source))
    src = Source(s_at, s_at + len(source), source, canonical, src_type)
    timexes: tuple[Timex, ...] = ()
    if timex is not None:
        at = text.index(timex[0])
        day = date.fromisoformat(timex[1])
        timexes = (Timex(at, at + len(timex[0]), timex[0], "DATE", timex[1], interval=(day, day)),)
    att = Attribution(Span.of(text, start, end), kind, Span.of(text, c_at, c_at + len(cue)), src, (src,))
    doc = Document(id=Document.id_for(text + published.isoformat()), text=text, published=published)
    return Annotations(doc, mentions, timexes, (att,), (), _quantities(text, 0, len(text)))


def claims(sentence: str, source: str, cue: str, year: int, timex: tuple[str, str] | None = None) -> list[ClaimRecord]:
    return claims_from(annotate(sentence, source, cue, date(year, 6, 1), timex=timex))


def kinds(conflicts: list[Conflict]) -> list[str]:
    return [c.kind for c in conflicts]


def topic_of(claim: ClaimRecord) -> str | None:
    """The question the claim answers under the profile ("abduction issue:settled?")."""
    st = stance(claim, PROFILE)
    return st.topic if st is not None else None


# -- reading numbers and stances ------------------------------------------------------------------------


def _measures(sentence: str, source: str = "North Korea") -> list[tuple[int, str | None]]:
    qs = _quantities(sentence, 0, len(sentence))
    spans = [(q.start, q.end) for q in qs]
    return [(int(q.value), measure_of(PROFILE, sentence, 0, len(sentence), q.start, q.end, spans, _mentions(sentence),
                                      source))
            for q in qs]


def test_numbers_count_what_the_words_around_them_say() -> None:
    assert _measures("It says five of the abductees are alive and eight have died.") == [(5, "alive"), (8, "dead")]
    assert _measures("Its agents had abducted 13 Japanese citizens and returned five of them.") == [
        (13, "abducted|Japan"), (5, "returned")]
    assert _measures("It says 12 of the 17 people it recognises as abductees remain unaccounted for.",
                     "Japan") == [(12, "unaccounted for"), (17, "abducted")]
    assert _measures("Tokyo recognises 17 abductees and says 12 remain unaccounted for.", "Japan") == [
        (17, "abducted"), (12, "unaccounted for")]


def test_hedged_numbers_ages_and_other_peoples_figures_count_nothing() -> None:
    assert _measures("Officials said there may be more victims than the 17 now on the list.") == [(17, None)]
    assert _measures("Yokota was 13 when she was taken from Niigata.") == [(13, None)]
    assert _measures("Kim agreed to look into the fates of the 10 people Japan recognises as abductees.",
                     "Kim Jong Il") == [(10, None)]
    assert _measures("The two countries met.") == [(2, None)]


def test_stances_read_the_claim_and_its_cue() -> None:
    settled = stance_of(PROFILE, "says", "the abduction issue has been settled", None)
    assert settled is not None and settled.yes and settled.topic == "abduction issue:settled?"
    rejected = stance_of(PROFILE, "said", "North Korea's claim that the abduction issue had been resolved was unacceptable",
                         None)
    assert rejected is not None and not rejected.yes and rejected.topic == settled.topic
    not_yet = stance_of(PROFILE, "says", "it will not be settled until all the abductees come home", None)
    assert not_yet is not None and not not_yet.yes
    generic = stance_of(PROFILE, "insists", "all of those still unaccounted for be returned", "abduction")
    assert generic is not None and generic.topic == settled.topic and not generic.yes
    assert stance_of(PROFILE, "insists", "all of those still unaccounted for be returned", None) is None  # about what?
    denial = stance_of(PROFILE, "dismissed", "the accusations as a fabrication by Tokyo", "abduction")
    admission = stance_of(PROFILE, "admitted", "its agents had kidnapped 13 Japanese", "abduction")
    assert denial and admission and denial.topic == admission.topic == "abduction:admitted?"
    assert admission.yes and not denial.yes
    assert stance_of(PROFILE, "called", "Japan's findings a fabrication", "abduction") == stance_of(
        PROFILE, "called", "the DNA findings a fabrication", None)  # the remains, not a denial of the abductions
    assert stance_of(PROFILE, "acknowledged", "they cannot rely on Washington for the return of the abductees",
                     None) is None
    assert stance_of(PROFILE, "said", "talks were important to resolve issues such as the abductions", "abduction") is None


# -- claims from one document ---------------------------------------------------------------------------


def test_a_content_running_over_two_speakers_becomes_two_claims() -> None:
    text = "Pyongyang says the issue has been settled; Tokyo says it will not be settled until all the abductees come home."
    ann = annotate(text, "Tokyo", "says", date(2018, 8, 29))
    att = ann.attributions[0]
    # The extractor's mistake: the whole sentence as Tokyo's content, its cue inside.
    ann = replace(ann, attributions=(replace(att, content=Span.of(text, 0, len(text) - 1)),))
    records = claims_from(ann)
    assert [(r.source, r.text) for r in records] == [
        ("North Korea", "the issue has been settled"),
        ("Japan", "it will not be settled until all the abductees come home")]
    assert all(ann.document.text[r.start:r.end] == r.text for r in records)


def test_a_claim_is_dated_by_its_own_clause() -> None:
    [denial] = claims("Until Tuesday, North Korea had dismissed the abduction accusations as a fabrication.",
                      "North Korea", "dismissed", 2002, timex=("Tuesday", "2002-05-28"))
    assert denial.dated == (date.min, date(2002, 5, 27))
    assert denial.cue == "dismissed" and topic_of(denial) == "abduction:admitted?"
    [admission] = claims("North Korea admitted on Tuesday that its agents had abducted 13 Japanese.", "North Korea",
                         "admitted", 2006, timex=("Tuesday", "2006-05-30"))
    assert admission.dated == (date(2006, 5, 30), date(2006, 5, 30))
    assert admission.text == "its agents had abducted 13 Japanese" and tuple(
        (q.value, measure(q, PROFILE), q.text) for q in admission.quantities) == ((13.0, "abducted|Japan", "13"),)


def test_claim_ids_are_stable_and_text_is_the_evidence() -> None:
    ann = annotate("North Korea says the abduction issue has been resolved.", "North Korea", "says", date(2006, 11, 21))
    first, again = claims_from(ann), claims_from(ann)
    assert first == again and len(first) == 1
    rec = first[0]
    assert ann.document.text[rec.start:rec.end] == rec.text == "the abduction issue has been resolved"
    assert (rec.source, rec.chain, rec.published) == ("North Korea", ("North Korea",), date(2006, 11, 21))
    assert rec.entities == () and topic_of(rec) == "abduction issue:settled?"


# -- conflicts over hand-built claims ---------------------------------------------------------------------


NK_13 = [("North Korea admitted that its agents had abducted 13 Japanese.", 2006),
         ("North Korea admitted that it had kidnapped 13 Japanese citizens in the 1970s.", 2018)]
JP_17 = [("Japan says it recognises 17 abductees.", 2014), ("Japan says there are 17 abductees in all.", 2020)]


def _many(rows: list[tuple[str, int]], source: str) -> list[ClaimRecord]:
    """Each sentence is `source` and its cue, the word after it, then the claim."""
    return [r for sentence, year in rows
            for r in claims(sentence, source, sentence[len(source) + 1:].split()[0], year)]


def test_thirteen_abducted_against_seventeen_is_a_count_conflict() -> None:
    records = _many(NK_13, "North Korea") + _many(JP_17, "Japan")
    counts = [c for c in find_conflicts(records, PROFILE) if c.kind == "count"]
    assert len(counts) == 1
    [count] = counts
    by_id = {r.id: r for r in records}
    assert count.about == "how many people were abducted"
    assert {m for i in (count.a, count.b) for m, _, _ in measures(by_id[i], PROFILE)} == {"abducted"}
    assert count.detail == "13 abducted (North Korea, 2018) vs 17 (Japan, 2020)"  # the closest in time
    assert by_id[count.a].source == "North Korea" and by_id[count.b].source == "Japan"


def test_different_outcomes_are_no_conflict() -> None:
    records = _many([("North Korea says five of them returned home.", 2004),
                     ("North Korea says five returned to Japan in 2002.", 2005)], "North Korea")
    records += _many([("North Korea says the other eight have died.", 2004),
                      ("North Korea says eight of the abductees died.", 2014)], "North Korea")
    records += _many([("Japan says the two countries met.", 2004), ("Japan says three countries met.", 2014),
                      ("Japan says two countries talked.", 2005), ("Japan says three countries talked.", 2015)],
                     "Japan")
    assert find_conflicts(records, PROFILE) == []


def test_a_figure_stated_once_is_not_enough_for_a_conflict() -> None:
    records = _many(NK_13, "North Korea") + _many(JP_17[:1], "Japan")
    assert find_conflicts(records, PROFILE) == []


def test_the_people_counted_must_be_the_same() -> None:
    records = _many(NK_13, "North Korea")
    koreans = [replace(r, id=r.id + "k", source="South Korea", quantities=(
        ClaimNumber(516.0, "516", None, ("had", "abducted"), ("south", "koreans"), who="South Korea"),)) for r in records]
    assert find_conflicts(records + koreans, PROFILE) == []


SETTLED = [("North Korea says the abduction issue has been settled.", 2014),
           ("North Korea maintains that the abduction issue has been resolved.", 2020)]
RETURN_ALL = [("Japan demands the return of all abductees.", 2016),
              ("Japan says it will not be settled until all the abductees come home.", 2018)]


def test_settled_against_return_them_all_is_an_opposition() -> None:
    records = _many(SETTLED[:1], "North Korea") + _many(SETTLED[1:], "North Korea")
    records += _many(RETURN_ALL[:1], "Japan") + _many(RETURN_ALL[1:], "Japan")
    [opposed] = find_conflicts(records, PROFILE)
    assert opposed.kind == "opposed" and opposed.about == "whether the abduction issue is settled"
    by_id = {r.id: r for r in records}
    a, b = by_id[opposed.a], by_id[opposed.b]
    assert (a.source, b.source) == ("North Korea", "Japan") and a.published < b.published  # type: ignore[operator]
    assert "North Korea" in opposed.detail and "Japan" in opposed.detail


def test_a_single_opposed_claim_is_not_a_position() -> None:
    records = _many(SETTLED[:1], "North Korea") + _many(SETTLED[1:], "North Korea")
    records += _many(RETURN_ALL[:1], "Japan")
    assert find_conflicts(records, PROFILE) == []


DENIALS = [("North Korea denied that its agents had abducted anyone.", 1997),
           ("North Korea dismissed the abduction accusations as a fabrication.", 2000)]
ADMISSIONS = [("North Korea admitted that its agents had abducted 13 Japanese.", 2002),
              ("North Korea admitted that it had kidnapped Japanese citizens.", 2006)]


def test_denial_then_admission_is_a_position_change() -> None:
    records = _many(DENIALS[:1], "North Korea") + _many(DENIALS[1:], "North Korea")
    records += _many(ADMISSIONS, "North Korea")
    [change] = find_conflicts(records, PROFILE)
    by_id = {r.id: r for r in records}
    assert change.kind == "position_change" and change.about == "whether the abductions happened (admitted or denied)"
    assert by_id[change.a].published == date(2000, 6, 1) and by_id[change.b].published == date(2002, 6, 1)
    assert change.detail.startswith("North Korea: dismissed")


def test_a_source_that_goes_back_and_forth_has_no_position_change() -> None:
    records = _many(DENIALS[:1], "North Korea") + _many(ADMISSIONS[:1], "North Korea")
    records += _many([("North Korea denied that it had abducted anyone at all.", 2004)], "North Korea")
    records += _many(ADMISSIONS[1:], "North Korea")
    assert find_conflicts(records, PROFILE) == []


def test_conflicts_do_not_depend_on_the_order_of_claims() -> None:
    records = (_many(NK_13, "North Korea") + _many(JP_17, "Japan")
               + _many(SETTLED, "North Korea") + _many(RETURN_ALL, "Japan"))
    expected = find_conflicts(records, PROFILE)
    shuffled = records * 2
    random.Random(7).shuffle(shuffled)
    assert find_conflicts(shuffled, PROFILE) == expected and len(expected) >= 2


# -- the sample corpus, through the real pipeline -------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, Document], list[ClaimRecord]]:
    inputs: list[tuple[list[str], Defaults]] = [([str(EXAMPLES)], Defaults())]
    for prefix, day in (("000", date(2014, 6, 2)), ("003", date(2018, 8, 30))):
        found = sorted(Path(SEEDS).glob(f"{prefix}_*.txt")) if SEEDS.exists() else []
        inputs += [([str(p)], Defaults(published=day)) for p in found]
    docs: dict[str, Document] = {}
    records: list[ClaimRecord] = []
    for sources, defaults in inputs:
        for ann in annotate_documents(clean_sources(sources, defaults)):
            assert isinstance(ann, Annotations), ann
            docs[ann.document.id] = ann.document
            records += claims_from(ann)
    return docs, records


def test_every_claim_of_the_corpus_is_its_evidence(corpus: tuple[dict[str, Document], list[ClaimRecord]]) -> None:
    docs, records = corpus
    assert len(records) > 100
    assert len({r.id for r in records}) == len(records)
    for r in records:
        assert docs[r.document_id].text[r.start:r.end] == r.text


def test_the_corpus_conflicts(corpus: tuple[dict[str, Document], list[ClaimRecord]]) -> None:
    docs, records = corpus
    conflicts = find_conflicts(records, PROFILE, lambda i: docs[i].text)
    by_id = {r.id: r for r in records}
    for c in conflicts:
        a, b = by_id[c.a], by_id[c.b]
        assert docs[a.document_id].text[a.start:a.end] == a.text and docs[b.document_id].text[b.start:b.end] == b.text
        assert a.published is not None and b.published is not None and c.detail

    [count] = [c for c in conflicts if c.kind == "count"]  # 5 returned, 8 dead, 5 alive: never against 13
    assert count.about == "how many people were abducted"
    sides = {by_id[count.a].source: by_id[count.a].text, by_id[count.b].source: by_id[count.b].text}
    assert set(sides) == {"North Korea", "Japan"} and "13" in sides["North Korea"] and "17" in sides["Japan"]

    settled = [c for c in conflicts if c.kind == "opposed" and c.about == "whether the abduction issue is settled"]
    assert any({by_id[c.a].source, by_id[c.b].source} == {"North Korea", "Japan"} for c in settled)
    for c in settled:
        yes = [by_id[i] for i in (c.a, c.b) if by_id[i].source == "North Korea"]
        assert yes and any(w in yes[0].text for w in ("settled", "resolved"))

    [change] = [c for c in conflicts if c.kind == "position_change"]
    before, after = by_id[change.a], by_id[change.b]
    assert before.source == after.source == "North Korea"
    assert change.about == "whether the abductions happened (admitted or denied)"
    assert "fabrication" in before.text and after.cue.startswith("admit")
    assert len(conflicts) <= 8  # small: one conflict per pair of sources or values, never per pair of claims
