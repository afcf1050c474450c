"""What bench_estimate.py reads from the running server as any client could: the baseline's inputs and the waits.

It follows WS /api/events (the stored events; ``estimates.updated`` is skipped)
from the start of the history days and keeps:

* the queue-length baseline's inputs, as the server itself used to print it
  (core/estimate.py): each service's last 20 service times (any day), the
  counters signed in and not paused;
* each ticket's last call (its wait's end, as core/stats.py counts it).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from websockets.sync.client import ClientConnection, connect

from core import estimate
from core.model import Office

TIMEOUT_S = 10


def epoch(iso: str | None) -> float | None:
    return None if iso is None else datetime.fromisoformat(iso).timestamp()


class BaselineFeed:
    """Follows the event stream; ``baseline`` is the queue-length estimate a ticket would have got."""

    def __init__(self, base_url: str, token: str, office: Office, since: int) -> None:
        self.office = office
        url = base_url.replace("http://", "ws://") + f"/api/events?since={since}"
        self.ws: ClientConnection = connect(url, additional_headers={"Authorization": f"Bearer {token}"}, max_size=None)
        hello = json.loads(self.ws.recv(timeout=TIMEOUT_S))
        self.last_seq: int = hello["seq"]
        self.seq = since
        self.durations: dict[str, list[float]] = defaultdict(list)
        self.open: set[int] = set()
        # Ticket id → the last call of its finished or no-show call (the wait's end).
        self.last_call: dict[int, float] = {}

    def close(self) -> None:
        self.ws.close()

    def follow(self, seq: int) -> None:
        """Read the stream until event ``seq`` (a condition awaited with a timeout, not a sleep)."""
        while self.seq < seq:
            event = json.loads(self.ws.recv(timeout=TIMEOUT_S))
            if "seq" not in event or event["seq"] <= self.seq:
                continue
            self.seq = event["seq"]
            self._apply(event)

    def follow_to_issue(self, ticket_id: int) -> None:
        """Read the stream up to the ticket's own ticket.issued: what a kiosk knew as it issued it."""
        while True:
            event = json.loads(self.ws.recv(timeout=TIMEOUT_S))
            if "seq" not in event or event["seq"] <= self.seq:
                continue
            self.seq = event["seq"]
            self._apply(event)
            if event["type"] == "ticket.issued" and event["ticket"]["id"] == ticket_id:
                return

    def _apply(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        ticket = event.get("ticket")
        counter = event.get("counter")
        if kind in ("ticket.finished", "ticket.no_show") and ticket and ticket["called_at"]:
            self.last_call[ticket["id"]] = epoch(ticket["called_at"]) or 0.0
            if kind == "ticket.finished":
                begin = epoch(ticket["started_at"]) or epoch(ticket["called_at"]) or 0.0
                self.durations[ticket["service"]].append((epoch(event["at"]) or 0.0) - begin)
        if counter is not None:
            if counter["clerk"] is not None and not counter["paused"]:
                self.open.add(counter["number"])
            else:
                self.open.discard(counter["number"])
        if kind == "day.started":
            self.open.clear()

    def baseline(self, service: str, ahead: int) -> int:
        """(n + 1) × the service's recent mean ÷ its counters open (all configured ones before anyone signs in)."""
        mean = estimate.recent_mean_service_s(self.durations[service], self.office.service(service).mean_service_s)
        serving = [c.number for c in self.office.counters_serving(service)]
        open_now = sum(1 for n in serving if n in self.open) or len(serving)
        return estimate.estimate_wait_s(ahead, mean, open_now)
