"""Exponential backoff with jitter, so offices reconnecting together do not arrive together."""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, base: float = 1.0, cap: float = 60.0, rng: random.Random | None = None) -> None:
        self.base = base
        self.cap = cap
        self.rng = rng or random.Random()

    def delay(self, attempt: int) -> float:
        """Seconds to wait before try ``attempt`` (1, 2, …): half fixed, half random ("equal jitter")."""
        # The exponent is bounded: after days of failures 2.0 ** attempt would overflow a float.
        ceiling = min(self.cap, self.base * 2.0 ** min(max(attempt - 1, 0), 60))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)
