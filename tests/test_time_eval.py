"""Evaluation gate: TIMEX3 scores on TempEval-3's TBAQ-cleaned must not drop below their recorded floors."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.conftest import EVAL, load_bench

pytestmark = pytest.mark.slow

# Floors recorded from bench/timex.py with the fallback tense (no parser); the goal is value F1 0.82
# and relaxed span F1 0.90.
VALUE_F1_FLOOR = 0.82
RELAXED_F1_FLOOR = 0.94
STRICT_F1_FLOOR = 0.88


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench("timex", EVAL / "timex" / "TBAQ-cleaned")


def test_tbaq_scores_hold_their_floors(bench: ModuleType) -> None:
    docs = bench.load(EVAL / "timex" / "TBAQ-cleaned")
    scores = bench.score(bench.run(docs, None))
    assert scores["value_f1"] >= VALUE_F1_FLOOR
    assert scores["relaxed_f1"] >= RELAXED_F1_FLOOR
    assert scores["strict_f1"] >= STRICT_F1_FLOOR
