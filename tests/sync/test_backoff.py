"""Exponential backoff with jitter (sync/backoff.py)."""

from __future__ import annotations

import random

from sync.backoff import Backoff


def test_delays_double_up_to_the_cap_and_are_jittered() -> None:
    backoff = Backoff(base=1.0, cap=60.0, rng=random.Random(1))
    for attempt, ceiling in ((1, 1), (2, 2), (3, 4), (4, 8), (7, 60), (30, 60)):
        delays = [backoff.delay(attempt) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays), (attempt, min(delays), max(delays))
        assert len(set(delays)) > 150  # offices reconnecting together spread out


def test_days_of_failures_do_not_overflow() -> None:
    assert 30 <= Backoff(base=1.0, cap=60.0).delay(100_000) <= 60
