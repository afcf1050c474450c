"""Reading the office as it is now: tickets, counters, queues, the state a screen needs, past events.

A mixin of Store (server/store.py), which owns the connection; nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from core import estimate
from core.queue import QueueEntry, position_in_queue
from server import snapshots
from server.errors import NotFoundError

if TYPE_CHECKING:
    from server.store import Store

    _Base = Store
else:
    _Base = object

Event = dict[str, Any]


class Reads(_Base):
    def _ticket_row(self, ticket_id: int) -> sqlite3.Row:
        row = self.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no ticket with id {ticket_id}", f"Không có vé mã {ticket_id}")
        return row

    def _iso(self, epoch_s: float | None) -> str | None:
        return snapshots.iso(epoch_s, self.tz)

    def ticket(self, ticket_id: int) -> dict[str, Any]:
        row = self._ticket_row(ticket_id)
        result = snapshots.ticket(row, self.tz)
        if row["status"] == "done":
            result["rating"] = self._rating(ticket_id)
        if row["status"] == "waiting" and row["day"] == self.today():
            result["position"] = self._position(row)
        return result

    def counter(self, number: int) -> dict[str, Any]:
        row = self._counter_row(number)
        active = self._active_ticket(number)
        clerk = None
        if row["clerk"]:
            clerk_row = self.conn.execute(
                "SELECT username, name FROM clerks WHERE username = ?", (row["clerk"],)
            ).fetchone()
            clerk = {"username": row["clerk"], "name": clerk_row["name"] if clerk_row else row["clerk"]}
        ticket = snapshots.ticket(active, self.tz) if active else None
        return snapshots.counter(self.office.counter(number), row, clerk, ticket, self.tz)

    def _counter_row(self, number: int) -> sqlite3.Row:
        try:
            self.office.counter(number)
        except KeyError:
            known = ", ".join(str(c.number) for c in self.office.counters)
            raise NotFoundError(
                f"no counter {number} in this office (counters: {known})",
                f"Không có quầy số {number} (các quầy: {known})",
            ) from None
        row = self.conn.execute("SELECT * FROM counter_state WHERE number = ?", (number,)).fetchone()
        assert row is not None, "counter_state rows are created at open"
        return row

    def _active_ticket(self, number: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM tickets WHERE day = ? AND status IN ('called', 'serving') AND counter = ?",
            (self.today(), number),
        ).fetchone()
        return row

    def _waiting(self, services: tuple[str, ...] | None = None) -> list[QueueEntry]:
        sql = "SELECT id, service, priority, queue_key FROM tickets WHERE day = ? AND status = 'waiting'"
        rows = self.conn.execute(sql, (self.today(),)).fetchall()
        return [
            QueueEntry(
                ticket_id=r["id"], service=r["service"], priority=r["priority"] is not None, queue_key=r["queue_key"]
            )
            for r in rows
            if services is None or r["service"] in services
        ]

    def _position(self, row: sqlite3.Row) -> int:
        entry = QueueEntry(row["id"], row["service"], row["priority"] is not None, row["queue_key"])
        return position_in_queue(entry, self._waiting((row["service"],)), self.office.priority)

    def _open_counter_numbers(self) -> set[int]:
        rows = self.conn.execute("SELECT number FROM counter_state WHERE clerk IS NOT NULL AND paused = 0")
        return {r["number"] for r in rows}

    def _open_counters(self, service: str, open_numbers: set[int] | None = None) -> int:
        serving = [c.number for c in self.office.counters_serving(service)]
        if open_numbers is None:
            open_numbers = self._open_counter_numbers()
        open_now = sum(1 for number in serving if number in open_numbers)
        # Before anyone signs in, assume the configured counters will open.
        return open_now or len(serving)

    def _mean_service_s(self, service: str) -> float:
        rows = self.conn.execute(
            "SELECT finished_at - COALESCE(started_at, called_at) FROM tickets "
            "WHERE service = ? AND status = 'done' ORDER BY finished_at DESC LIMIT ?",
            (service, estimate.RECENT_SERVICES),
        ).fetchall()
        durations = [r[0] for r in reversed(rows) if r[0] is not None]
        return estimate.recent_mean_service_s(durations, self.office.service(service).mean_service_s)

    def queues(self) -> dict[str, dict[str, Any]]:
        """Per service: how many wait, the longest wait so far, and the wait a new ticket gets."""
        now = self.clock()
        waiting = self.conn.execute(
            "SELECT service, COUNT(*), MIN(issued_at) FROM tickets "
            "WHERE day = ? AND status = 'waiting' GROUP BY service",
            (self.today(),),
        ).fetchall()
        by_service = {r[0]: (r[1], r[2]) for r in waiting}
        open_numbers = self._open_counter_numbers()
        result = {}
        for service in self.office.services:
            count, oldest = by_service.get(service.code, (0, None))
            result[service.code] = {
                "waiting": count,
                "longest_wait_s": int(now - oldest) if oldest else 0,
                "estimated_wait_s": estimate.estimate_wait_s(
                    count, self._mean_service_s(service.code), self._open_counters(service.code, open_numbers)
                ),
            }
        return result

    def last_event_at(self) -> float:
        row = self.conn.execute("SELECT MAX(at) FROM events").fetchone()
        return float(row[0] or 0.0)

    def last_seq(self) -> int:
        row = self.conn.execute("SELECT MAX(id) FROM events").fetchone()
        return int(row[0] or 0)

    def events_since(self, seq: int, limit: int = 1000) -> list[Event]:
        rows = self.conn.execute(
            "SELECT id, payload FROM events WHERE id > ? ORDER BY id LIMIT ?", (seq, limit)
        ).fetchall()
        return [{**json.loads(r["payload"]), "seq": r["id"]} for r in rows]

    def state(self) -> dict[str, Any]:
        """Everything a screen needs, as of event ``seq``."""
        today = self.today()
        waiting = self.conn.execute(
            "SELECT * FROM tickets WHERE day = ? AND status = 'waiting' ORDER BY queue_key, id",
            (today,),
        ).fetchall()
        calls = self.conn.execute(
            "SELECT payload FROM events WHERE type IN ('ticket.called', 'ticket.recalled') "
            "AND id > COALESCE((SELECT MAX(id) FROM events WHERE type = 'day.started'), 0) "
            "ORDER BY id DESC LIMIT 10"
        ).fetchall()
        return {
            "seq": self.last_seq(),
            "day": today,
            "now": snapshots.iso(self.clock(), self.tz),
            # How fast the office's clock runs against the wall: 1, or more in the demo's simulated day.
            "clock_rate": float(getattr(self.clock, "speed", 1.0)),
            "office": {
                "name": self.office.name,
                "timezone": self.office.timezone,
                "priority": {"strategy": self.office.priority.strategy.value, "every": self.office.priority.every},
                "priority_groups": [
                    {"code": g.code, "name_vi": g.name_vi, "name_en": g.name_en} for g in self.office.priority_groups
                ],
            },
            "services": [snapshots.service(s) for s in self.office.services],
            "queues": self.queues(),
            "counters": [self.counter(c.number) for c in self.office.counters],
            "waiting": [snapshots.ticket(r, self.tz) for r in waiting],
            "recent_calls": [json.loads(r[0]) for r in calls],
            "alerts": self.active_alerts(),
        }

