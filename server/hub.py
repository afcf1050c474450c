"""Fan-out of committed events to live WebSocket listeners."""

from __future__ import annotations

import asyncio
import json
from typing import Any

# A listener this far behind is cut off; it reconnects and refetches /api/state.
QUEUE_LIMIT = 5000


class Subscription:
    """One listener's queue of (seq, JSON text); ``None`` in it means "stop" (see ``closed_reason``).

    A notice (the server's health) is not an event: its seq is None, it is not stored and never replayed.
    """

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[int | None, str] | None] = asyncio.Queue()
        self.closed_reason: str | None = None

    def close(self, reason: str) -> None:
        if self.closed_reason is None:
            self.closed_reason = reason
            self.queue.put_nowait(None)


class EventHub:
    """Lives on the event loop; ``publish`` must be called from the loop thread."""

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()

    def subscribe(self) -> Subscription:
        sub = Subscription()
        self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self._subscribers.discard(sub)

    def publish(self, events: list[dict[str, Any]]) -> None:
        # Encoded once, whatever the number of listeners.
        encoded = [(int(e["seq"]), json.dumps(e, ensure_ascii=False)) for e in events]
        for sub in list(self._subscribers):
            if sub.queue.qsize() + len(encoded) > QUEUE_LIMIT:
                self._subscribers.discard(sub)
                sub.close("overflow")
                continue
            for item in encoded:
                sub.queue.put_nowait(item)

    def notify(self, notice: dict[str, Any]) -> None:
        """Send every listener a notice that is not an event (no seq): e.g. ``{"type": "health", …}``."""
        text = json.dumps(notice, ensure_ascii=False)
        for sub in list(self._subscribers):
            sub.queue.put_nowait((None, text))

    @property
    def listeners(self) -> int:
        return len(self._subscribers)
