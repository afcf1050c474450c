"""The counters the office's past says are staffed (core/wait_history.py expected_counters)."""

from __future__ import annotations

from core.wait_history import expected_counters
from core.wait_state import FinishedCall


def calls(*counters: int) -> list[FinishedCall]:
    return [FinishedCall(n, "A", 0.0, 60.0, 90.0, 400.0) for n in counters]


def test_counters_that_called_on_half_the_working_days_are_expected() -> None:
    days = [calls(1, 2), calls(1), [], calls(1, 3), calls(1, 2)]  # the empty day: a holiday, not counted
    assert expected_counters(days, [1, 2, 3, 4]) == frozenset({1, 2})


def test_a_new_office_expects_every_configured_counter() -> None:
    assert expected_counters([[], []], [1, 2, 3]) == frozenset({1, 2, 3})
