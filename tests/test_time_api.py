"""The public face of storyline.time."""

from __future__ import annotations

from datetime import date

import storyline.time
from storyline.model import Timex
from storyline.time import find_timexes, interval_of


def test_the_public_api_is_listed() -> None:
    assert storyline.time.__all__ == ["find_timexes", "interval_of"]


def test_find_timexes_returns_shared_timex_values() -> None:
    found = find_timexes("The talks ended on Tuesday.", date(2018, 8, 30))
    assert found == [Timex(19, 26, "Tuesday", "DATE", "2018-08-28", None, (date(2018, 8, 28), date(2018, 8, 28)))]
    assert found[0].to_json()["interval"] == {"start": "2018-08-28", "end": "2018-08-28"}


def test_interval_of_matches_what_find_timexes_attaches() -> None:
    t = find_timexes("Prices fell in late May.", date(2018, 8, 30))[0]
    assert t.interval == interval_of(t.value, t.mod)


def test_empty_text_has_no_timexes() -> None:
    assert find_timexes("", date(2018, 8, 30)) == []
    assert find_timexes("", None) == []
