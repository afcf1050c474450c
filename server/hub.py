"""Fan-out of committed events to live WebSocket listeners, each seeing what its role may (server/visibility.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from server import visibility
from server.permissions import COUNTER_EVENTS, Device, Role

# A listener this far behind is cut off; it reconnects and refetches /api/state.
QUEUE_LIMIT = 5000


def view_key(device: Device) -> tuple[Role, int | None, str]:
    """Devices with the same key receive exactly the same events, so those are filtered and encoded once."""
    return (device.role, device.counter, device.name)


class Subscription:
    """One listener's queue of (seq, JSON text); ``None`` in it means "stop" (see ``closed_reason``).

    The texts are the events as ``device`` may see them; events it may not see never enter the queue.
    The seq is None for what is not stored: a notice (the server's health) or ``estimates.updated``; it is
    sent as it comes and never replayed.
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


def encode(device: Device, events: list[dict[str, Any]]) -> list[tuple[int | None, str]]:
    """The events ``device`` receives, as (seq, JSON text)."""
    shown = ((_seq(e), visibility.event(device, e)) for e in events)
    return [(seq, json.dumps(e, ensure_ascii=False)) for seq, e in shown if e is not None]


class TicketWatch:
    """A citizen's live ticket page (server/routes/public_live.py): woken when an event may change its ticket.

    It receives no event, only the nudge: the page then reads its own ticket with its code, so the
    stream can never carry anything of another ticket.
    """

    def __init__(self, ticket_id: int, service: str) -> None:
        self.ticket_id = ticket_id
        # Kept current by the stream (a transfer moves the ticket to another queue).
        self.service = service
        self.changed = asyncio.Event()
        self.closed = False

    def concerns(self, event: dict[str, Any]) -> bool:
        """Could ``event`` change the ticket's status, its place or its estimate (counters open and close)?"""
        if event["type"] in COUNTER_EVENTS or event["type"] == "day.started":
            return True
        if event["type"] == "estimates.updated":
            # A new batch of the estimator: the ticket's range (or its service's lunch) may have moved.
            return str(self.ticket_id) in ((event.get("estimates") or {}).get("tickets") or {})
        ticket = event.get("ticket")
        if not isinstance(ticket, dict):
            return False
        return ticket.get("id") == self.ticket_id or ticket.get("service") == self.service


class EventHub:
    """Lives on the event loop; ``publish`` must be called from the loop thread."""

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self._watches: set[TicketWatch] = set()

    def watch(self, ticket_id: int, service: str) -> TicketWatch:
        watch = TicketWatch(ticket_id, service)
        self._watches.add(watch)
        return watch

    def unwatch(self, watch: TicketWatch) -> None:
        self._watches.discard(watch)

    def watches_of(self, ticket_id: int) -> int:
        return sum(1 for w in self._watches if w.ticket_id == ticket_id)

    @property
    def watching(self) -> int:
        return len(self._watches)

    def close(self) -> None:
        """The server stops: end every live page's stream (their phones reconnect to the next server)."""
        for watch in list(self._watches):
            watch.closed = True
            watch.changed.set()
        self._watches.clear()

    def subscribe(self, device: Device) -> Subscription:
        sub = Subscription(device)
        self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self._subscribers.discard(sub)

    def publish(self, events: list[dict[str, Any]]) -> None:
        for watch in self._watches:
            if not watch.changed.is_set() and any(watch.concerns(e) for e in events):
                watch.changed.set()
        # Filtered and encoded once per kind of listener, whatever the number of listeners.
        encoded: dict[tuple[Role, int | None, str], list[tuple[int | None, str]]] = {}
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


def _seq(event: dict[str, Any]) -> int | None:
    seq = event.get("seq")
    return None if seq is None else int(seq)
