"""Arbitrary and structured hostile input never crashes a reader, a cleaner, the decoder or the time normalizer.

The targets and their generators are `bench/fuzz.py`'s (`make soak` runs them far longer); here each runs a
bounded, derandomized number of examples (`Target.ci_examples`, or $STORYLINE_FUZZ_EXAMPLES each), so CI sees the
same inputs every time. A target either succeeds or ends in a recorded failure (a `Failure` in a reader's
stream, a `CleanError` or `IngestError` where one is documented); any other exception fails the test, and
hypothesis shrinks the input that caused it. An input that hits a finding another fix of issue 18 owns
(`fuzz.KNOWN_ELSEWHERE`) is passed over here, and counted by the soak run.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import ROOT, load_bench

fuzz = load_bench("fuzz", ROOT / "bench" / "fuzz.py")

BOUNDED = settings(deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _examples(default: int) -> int:
    return int(fuzz.examples_from_env(default))


def _case(target: Any, examples: int, outcomes: set[str] | None = None) -> Any:
    @settings(BOUNDED, max_examples=examples)
    @given(target.strategy)
    def run(value: Any) -> None:
        try:
            outcome = target.run(value)
        except Exception as exc:
            if fuzz.known_elsewhere(exc) is None:
                raise
            return
        assert outcome in ("ok", "failure")
        if outcomes is not None:
            outcomes.add(outcome)

    return run


@pytest.mark.parametrize("target", fuzz.TARGETS, ids=[t.name for t in fuzz.TARGETS])
def test_fuzz_target_never_crashes(target: Any) -> None:
    _case(target, _examples(target.ci_examples))()


def test_fuzz_targets_cover_every_reader_cleaner_decoder_and_the_normalizer() -> None:
    assert {t.name for t in fuzz.TARGETS} == {
        "decode", "clean_html", "clean_text", "visible", "published", "sniff", "jsonl", "warc", "feed",
        "read_file", "time"}


def test_fuzz_generators_reach_both_outcomes() -> None:
    """The structured generators are worth their keep only if they make inputs that get through, not only
    rubbish that every reader turns away at the first byte."""
    seen: dict[str, set[str]] = {}
    for target in fuzz.TARGETS:
        if target.name != "time":  # the normalizer has no failure to record
            _case(target, 25, seen.setdefault(target.name, set()))()
    assert all(outcomes == {"ok", "failure"} for outcomes in seen.values()), seen


def test_fuzz_examples_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fuzz.EXAMPLES_ENV, "20000")
    assert fuzz.examples_from_env(7) == 20000
    monkeypatch.setenv(fuzz.EXAMPLES_ENV, "many")
    assert fuzz.examples_from_env(7) == 7


def test_long_run_tallies_every_input_and_stops_at_its_count() -> None:
    tally = fuzz.run_long(next(t for t in fuzz.TARGETS if t.name == "time"), 30, seed=1)
    assert (tally.tried, tally.escaped) == (30, 0)


def test_fuzzed_files_through_ingest_are_stored_or_recorded() -> None:
    """Every kind of generated file, through the whole pipeline (spaCy reading included) into a SQLite file:
    each is stored or recorded as a failure, the sound page beside them is stored, the stored texts are valid
    and every piece of evidence is exact."""
    _case(fuzz.INGEST, _examples(fuzz.INGEST.ci_examples))()
