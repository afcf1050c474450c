"""A sliding-window limit per key (a network address, a phone number): at most N in a window."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable


class SlidingWindow:
    """In memory: a restart forgets it, which only lets an abuser start again (the phone-number limit
    of a booking is in the database and survives)."""

    MAX_KEYS = 100_000  # beyond this, the oldest keys go: a flood of addresses cannot exhaust memory

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Count one attempt for ``key`` if it is under the limit; False (and not counted) if not."""
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self._hits) > self.MAX_KEYS:
            self._hits.pop(next(iter(self._hits)))
        return True
