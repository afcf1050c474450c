"""Fan-out of committed events to live WebSocket listeners, each seeing what its role may (server/visibility.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from server import visibility
from server.permissions import Device, Role

# A listener this far behind is cut off; it reconnects and refetches /api/state.
QUEUE_LIMIT = 5000


def view_key(device: Device) -> tuple[Role, int | None, str]:
    """Devices with the same key receive exactly the same events, so those are filtered and encoded once."""
    return (device.role, device.counter, device.name)


class Subscription:
    """One listener's queue of (seq, JSON text); ``None`` in it means "stop" (see ``closed_reason``).

    The texts are the events as ``device`` may see them; events it may not see never enter the queue.
    A notice (the server's health) is not an event: its seq is None, it is not stored and never replayed.
    """

    def __init__(self, device: Device) -> None:
        self.device = device
        self.key = view_key(device)
        self.queue: asyncio.Queue[tuple[int | None, str] | None] = asyncio.Queue()
        self.closed_reason: str | None = None

    def close(self, reason: str) -> None:
        if self.closed_reason is None:
            self.closed_reason = reason
            self.queue.put_nowait(None)


def encode(device: Device, events: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """The events ``device`` receives, as (seq, JSON text)."""
    shown = ((int(e["seq"]), visibility.event(device, e)) for e in events)
    return [(seq, json.dumps(e, ensure_ascii=False)) for seq, e in shown if e is not None]


class EventHub:
    """Lives on the event loop; ``publish`` must be called from the loop thread."""

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()

    def subscribe(self, device: Device) -> Subscription:
        sub = Subscription(device)
        self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self._subscribers.discard(sub)

    def publish(self, events: list[dict[str, Any]]) -> None:
        # Filtered and encoded once per kind of listener, whatever the number of listeners.
        encoded: dict[tuple[Role, int | None, str], list[tuple[int, str]]] = {}
        for sub in list(self._subscribers):
            items = encoded.get(sub.key)
            if items is None:
                items = encoded[sub.key] = encode(sub.device, events)
            if sub.queue.qsize() + len(items) > QUEUE_LIMIT:
                self._subscribers.discard(sub)
                sub.close("overflow")
                continue
            for item in items:
                sub.queue.put_nowait(item)

    def notify(self, notice: dict[str, Any]) -> None:
        """Send every listener a notice that is not an event (no seq): e.g. ``{"type": "health", …}``."""
        text = json.dumps(notice, ensure_ascii=False)
        for sub in list(self._subscribers):
            sub.queue.put_nowait((None, text))

    @property
    def listeners(self) -> int:
        return len(self._subscribers)
