"""The office server's clock, as the screens should show and measure time.

Waits and timers run on the server's time, so a PC whose own clock is wrong
still shows and alerts right; and the demo's server, whose day runs faster
than the wall (``clock_rate`` in /api/state), reads the same on every screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any


def epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


class ServerClock:
    """Epoch seconds on the server's clock: anchored by /api/state, kept up by every live event."""

    def __init__(self, local: Callable[[], float] = time.monotonic) -> None:
        self._local = local
        self._server = time.time()
        self._at = local()
        self.rate = 1.0

    def __call__(self) -> float:
        return self._server + (self._local() - self._at) * self.rate

    def on_state(self, state: dict[str, Any]) -> None:
        self.rate = float(state.get("clock_rate", 1.0))
        self._anchor(epoch(state["now"]))

    def on_event(self, event: dict[str, Any]) -> None:
        at = event.get("at")
        # Only forward: an event is stamped a moment before it arrives.
        if isinstance(at, str) and epoch(at) > self():
            self._anchor(epoch(at))

    def _anchor(self, server_now: float) -> None:
        self._server = server_now
        self._at = self._local()
