"""Fan-out of committed events to live WebSocket listeners."""

from __future__ import annotations

import asyncio
from typing import Any

# A listener this far behind is cut off; it reconnects and refetches /api/state.
QUEUE_LIMIT = 5000


class Subscription:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_LIMIT)
        self.overflowed = asyncio.Event()


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
        for sub in list(self._subscribers):
            for event in events:
                try:
                    sub.queue.put_nowait(event)
                except asyncio.QueueFull:
                    sub.overflowed.set()
                    self._subscribers.discard(sub)
                    break

    @property
    def listeners(self) -> int:
        return len(self._subscribers)
