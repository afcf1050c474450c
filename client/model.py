"""The live office as the screens see it, kept current from the EventStream."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from client.clock import ServerClock
from core.model import PriorityPolicy, PriorityStrategy
from core.queue import QueueEntry, pick_next

RECENT_CALLS = 10


class OfficeModel(QObject):
    """Counters, queues, waiting tickets and recent calls; no widgets, no network.

    Feed it with ``load_state`` and ``apply_event`` (connect them to an EventStream).

    Signals:
        reset(): a full state was loaded; redraw everything.
        counter_changed(int): that counter's state or ticket changed.
        queues_changed(): waiting counts / estimates changed.
        estimates_changed(): the wait estimator's latest batch changed (``estimates``, or None).
        waiting_changed(): the list of waiting tickets changed.
        called(dict): a ticket was called or recalled (the event: ticket, counter, type).
        event_applied(dict): any event, after the model applied it (not "event": that name is
            QObject.event, the virtual method every Qt event goes through).
    """

    reset = Signal()
    counter_changed = Signal(int)
    queues_changed = Signal()
    estimates_changed = Signal()
    waiting_changed = Signal()
    called = Signal(dict)
    event_applied = Signal(dict)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loaded = False
        self.office: dict[str, Any] = {}
        self.day = ""
        self.services: list[dict[str, Any]] = []
        self.queues: dict[str, dict[str, Any]] = {}
        self.counters: dict[int, dict[str, Any]] = {}
        self.waiting: dict[int, dict[str, Any]] = {}
        self.recent_calls: list[dict[str, Any]] = []
        # The wait estimator's latest batch (every waiting ticket's range, a new ticket's per service), or None.
        self.estimates: dict[str, Any] | None = None
        # The server's time: measure waits and show clocks with this, not the PC's.
        self.clock = ServerClock()

    # -- reading ----------------------------------------------------------------

    def service(self, code: str) -> dict[str, Any] | None:
        return next((s for s in self.services if s["code"] == code), None)

    def waiting_for(self, services: list[str]) -> list[dict[str, Any]]:
        """Waiting tickets of these services, oldest place first."""
        tickets = [t for t in self.waiting.values() if t["service"] in services]
        return sorted(tickets, key=lambda t: (t["queued_at"], t["id"]))

    def next_for_counter(self, number: int, count: int = 5) -> list[dict[str, Any]]:
        """The tickets this counter would call next, in order, by the same rules the server uses."""
        counter = self.counters.get(number)
        if counter is None:
            return []
        services = tuple(counter["services"])
        policy_data = self.office.get("priority", {})
        policy = PriorityPolicy(PriorityStrategy(policy_data.get("strategy", "strict")), policy_data.get("every", 3))
        remaining = [
            QueueEntry(t["id"], t["service"], t["priority"] is not None, _epoch(t["queued_at"]))
            for t in self.waiting.values()
            if t["service"] in services
        ]
        order: list[dict[str, Any]] = []
        since = 0
        while len(order) < count:
            entry = pick_next(services, remaining, policy, since)
            if entry is None:
                break
            remaining.remove(entry)
            since = 0 if entry.priority else since + 1
            order.append(self.waiting[entry.ticket_id])
        return order

    # -- feeding ----------------------------------------------------------------

    def load_state(self, state: dict[str, Any]) -> None:
        self.clock.on_state(state)
        self.office = state["office"]
        self.day = state["day"]
        self.services = state["services"]
        self.queues = state["queues"]
        self.counters = {c["number"]: c for c in state["counters"]}
        self.waiting = {t["id"]: t for t in state["waiting"]}
        self.recent_calls = state["recent_calls"][:RECENT_CALLS]
        self.estimates = state.get("estimates")
        self.loaded = True
        self.reset.emit()

    def apply_event(self, event: dict[str, Any]) -> None:
        self.clock.on_event(event)
        if event.get("type") == "estimates.updated":
            self.estimates = event.get("estimates")
            self.estimates_changed.emit()
        if "queues" in event:
            self.queues = event["queues"]
            self.queues_changed.emit()
        ticket = event.get("ticket")
        if ticket is not None:
            self._apply_ticket(ticket)
        counter = event.get("counter")
        if counter is not None:
            self.counters[counter["number"]] = counter
            self.counter_changed.emit(counter["number"])
        elif ticket is not None:
            self._detach_ticket_from_counters(ticket)
        if event.get("type") in ("ticket.called", "ticket.recalled"):
            self.recent_calls = [event, *self.recent_calls][:RECENT_CALLS]
            self.called.emit(event)
        self.event_applied.emit(event)

    def _apply_ticket(self, ticket: dict[str, Any]) -> None:
        was_waiting = ticket["id"] in self.waiting
        if ticket["status"] == "waiting" and ticket["day"] == self.day:
            self.waiting[ticket["id"]] = ticket
            self.waiting_changed.emit()
        elif was_waiting:
            del self.waiting[ticket["id"]]
            self.waiting_changed.emit()

    def _detach_ticket_from_counters(self, ticket: dict[str, Any]) -> None:
        # A ticket event without a counter (cancel, requeue) cannot leave it shown at one.
        for number, counter in self.counters.items():
            if (
                counter.get("ticket")
                and counter["ticket"]["id"] == ticket["id"]
                and ticket["status"]
                not in (
                    "called",
                    "serving",
                )
            ):
                counter["ticket"] = None
                self.counter_changed.emit(number)


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()
