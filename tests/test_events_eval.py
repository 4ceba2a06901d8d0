"""Evaluation gate: PLOVER category found and precision on the shared gold must hold their recorded floors."""

from __future__ import annotations

import pytest

from tests.conftest import EVAL, load_bench

pytestmark = pytest.mark.slow

FOUND_FLOOR = 0.80  # measured 0.857 (README)
PRECISION_FLOOR = 0.70  # measured 0.773


def test_plover_gold_scores_hold_their_floors(capsys: pytest.CaptureFixture[str]) -> None:
    gold = EVAL / "events" / "plover_gold.json"
    module = load_bench("events", gold)
    assert module.main(["--gold", str(gold)]) == 0
    overall = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("ALL "))
    _, _sentences, found, precision, *_ = overall.split()
    assert float(found) >= FOUND_FLOOR
    assert float(precision) >= PRECISION_FLOOR
