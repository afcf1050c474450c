"""Reading the office as it is now: tickets, counters, queues and the estimates a screen shows.

Nothing here writes. The writing parts (tickets, counters, ratings …) read
through this one, and the event log uses it to put the ticket and the counter
as they are after a change into each event.
"""

from __future__ import annotations

import hmac
import json
import sqlite3
from dataclasses import dataclass

from core import estimate
from core.queue import QueueEntry, position_in_queue
from core.wait_estimate import Closure, WaitEstimate, service_closures
from server import schemas, snapshots
from server.errors import NotFoundError
from server.permissions import TicketFacts
from server.storage.database import Database
from server.storage.wait_board import WaitBoard


@dataclass(frozen=True)
class Wait:
    """A wait as said: low, high and called_today None when only the queue-length baseline speaks (no range)."""

    point_s: int
    low_s: int | None = None
    high_s: int | None = None
    called_today: float | None = None



class Views:
    def __init__(self, db: Database, board: WaitBoard) -> None:
        self._db = db
        self._board = board
        # Services closed now, by the minute they were worked out for (sessions start and end on minutes).
        self._closures: tuple[int, dict[str, Closure]] = (-1, {})

    # -- tickets -----------------------------------------------------------------------

    def ticket_row(self, ticket_id: int) -> sqlite3.Row:
        row: sqlite3.Row | None = self._db.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no ticket with id {ticket_id}", f"Không có vé mã {ticket_id}")
        return row

    def ticket(self, ticket_id: int) -> schemas.Ticket:
        """The ticket as the API shows it: with its rating once done, its place while it waits today."""
        row = self.ticket_row(ticket_id)
        result = snapshots.ticket(row, self._db.tz)
        if row["status"] == "done":
            result["rating"] = self.rating(ticket_id)
        if row["status"] == "waiting" and row["day"] == self._db.today():
            result["position"] = self.position(row)
            result["closure"] = self.closure(row["service"])
        return result

    def ticket_facts(self, ticket_id: int, code: str | None) -> TicketFacts:
        """What the permission table's scopes need to know of a ticket (server/permissions.py check_ticket)."""
        return self._facts(self.ticket_row(ticket_id), code)

    def ticket_facts_by_number(self, label: str, code: str | None) -> TicketFacts:
        row = self._db.conn.execute(
            "SELECT * FROM tickets WHERE day = ? AND label = ? ORDER BY id DESC LIMIT 1",
            (self._db.today(), label.upper()),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no ticket {label.upper()} today", f"Hôm nay không có số {label.upper()}")
        return self._facts(row, code)

    def _facts(self, row: sqlite3.Row, code: str | None) -> TicketFacts:
        stored = row["public_code"] or ""
        given = (code or "").strip().upper().replace(" ", "").replace("-", "")
        return TicketFacts(
            id=row["id"],
            label=row["label"],
            day=row["day"],
            service=row["service"],
            status=row["status"],
            issued_by=row["issued_by"],
            counter=row["counter"],
            finished_at=row["finished_at"],
            code_given=bool(given),
            code_matches=bool(stored and given) and hmac.compare_digest(stored.encode(), given.encode()),
            today=self._db.today(),
            now=self._db.clock(),
        )

    def ticket_by_number(self, label: str) -> schemas.Ticket:
        """Today's ticket with this printed number (the latest, should formats collide)."""
        row = self._db.conn.execute(
            "SELECT id FROM tickets WHERE day = ? AND label = ? ORDER BY id DESC LIMIT 1",
            (self._db.today(), label.upper()),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no ticket {label.upper()} today", f"Hôm nay không có số {label.upper()}")
        return self.ticket(row["id"])

    def rating(self, ticket_id: int) -> schemas.Rating | None:
        row = self._db.conn.execute("SELECT * FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone()
        if row is None:
            return None
        return {
            "ticket_id": row["ticket_id"],
            "level": row["level"],
            "reasons": json.loads(row["reasons"]),
            "dossier_code": row["dossier_code"],
            "service": row["service"],
            "counter": row["counter"],
            "clerk": row["clerk"],
            "at": snapshots.iso(row["at"], self._db.tz),
            "path": row["path"],
        }

    # -- counters ----------------------------------------------------------------------

    def counter(self, number: int) -> schemas.Counter:
        row = self.counter_row(number)
        active = self.active_ticket(number)
        clerk: schemas.Clerk | None = None
        if row["clerk"]:
            clerk_row = self._db.conn.execute(
                "SELECT username, name FROM clerks WHERE username = ?", (row["clerk"],)
            ).fetchone()
            clerk = {"username": row["clerk"], "name": clerk_row["name"] if clerk_row else row["clerk"]}
        ticket = snapshots.ticket(active, self._db.tz) if active else None
        return snapshots.counter(self._db.office.counter(number), row, clerk, ticket, self._db.tz)

    def counters(self) -> list[schemas.Counter]:
        return [self.counter(c.number) for c in self._db.office.counters]

    def counter_row(self, number: int) -> sqlite3.Row:
        """The counter's state row; 404 for a number the office does not have."""
        office = self._db.office
        try:
            office.counter(number)
        except KeyError:
            known = ", ".join(str(c.number) for c in office.counters)
            raise NotFoundError(
                f"no counter {number} in this office (counters: {known})",
                f"Không có quầy số {number} (các quầy: {known})",
            ) from None
        row: sqlite3.Row | None = self._db.conn.execute(
            "SELECT * FROM counter_state WHERE number = ?", (number,)
        ).fetchone()
        assert row is not None, "counter_state rows are created at open"
        return row

    def active_ticket(self, number: int) -> sqlite3.Row | None:
        """The ticket the counter has called or is serving today, if any."""
        row: sqlite3.Row | None = self._db.conn.execute(
            "SELECT * FROM tickets WHERE day = ? AND status IN ('called', 'serving') AND counter = ?",
            (self._db.today(), number),
        ).fetchone()
        return row

    # -- queues and estimates ------------------------------------------------------------

    def waiting(self, services: tuple[str, ...] | None = None) -> list[QueueEntry]:
        sql = "SELECT id, service, priority, queue_key, booked_slot FROM tickets WHERE day = ? AND status = 'waiting'"
        rows = self._db.conn.execute(sql, (self._db.today(),)).fetchall()
        return [
            QueueEntry(
                ticket_id=r["id"],
                service=r["service"],
                priority=r["priority"] is not None,
                queue_key=r["queue_key"],
                booked_slot=r["booked_slot"],
            )
            for r in rows
            if services is None or r["service"] in services
        ]

    def position(self, row: sqlite3.Row) -> int:
        entry = QueueEntry(row["id"], row["service"], row["priority"] is not None, row["queue_key"], row["booked_slot"])
        return position_in_queue(entry, self.waiting((row["service"],)), self._db.office.priority, self._db.clock())

    def open_counter_numbers(self) -> set[int]:
        rows = self._db.conn.execute("SELECT number FROM counter_state WHERE clerk IS NOT NULL AND paused = 0")
        return {r["number"] for r in rows}

    def open_counters(self, service: str, open_numbers: set[int] | None = None) -> int:
        serving = [c.number for c in self._db.office.counters_serving(service)]
        if open_numbers is None:
            open_numbers = self.open_counter_numbers()
        open_now = sum(1 for number in serving if number in open_numbers)
        # Before anyone signs in, assume the configured counters will open.
        return open_now or len(serving)

    def mean_service_s(self, service: str) -> float:
        rows = self._db.conn.execute(
            "SELECT finished_at - COALESCE(started_at, called_at) FROM tickets "
            "WHERE service = ? AND status = 'done' ORDER BY finished_at DESC LIMIT ?",
            (service, estimate.RECENT_SERVICES),
        ).fetchall()
        durations = [r[0] for r in reversed(rows) if r[0] is not None]
        return estimate.recent_mean_service_s(durations, self._db.office.service(service).mean_service_s)

    def estimate_wait_s(self, service: str, ahead: int, open_numbers: set[int] | None = None) -> int:
        """The wait of a ticket with ``ahead`` people before it in ``service``, as printed on a slip: with
        the booked citizens expected in the coming slots, who will be served first."""
        return estimate.estimate_with_bookings_s(
            ahead,
            self.mean_service_s(service),
            self.open_counters(service, open_numbers),
            self.expected_bookings(service),
            self._db.clock(),
        )

    def expected_bookings(self, service: str) -> list[float]:
        """Slot starts of today's bookings in ``service`` not checked in yet and not missed (still expected)."""
        rules = self._db.office.appointments
        if service not in rules.services:
            return []
        rows = self._db.conn.execute(
            "SELECT slot_start FROM bookings WHERE service = ? AND day = ? AND status = 'booked' AND slot_start >= ?",
            (service, self._db.today(), self._db.clock() - rules.late_min * 60),
        ).fetchall()
        return [r[0] for r in rows]

    def booked_wait(self, service: str, ahead_now: int, ahead_at_slot: int, slot: float) -> Wait:
        """What a booked citizen's ticket prints at check-in. Until her slot starts she waits in turn like
        anyone here (``ahead_now``); from its start she goes before the walk-ins, behind only ``ahead_at_slot``
        (booked earlier, priority). Whichever comes first: a walk-in's estimate if her turn comes before
        the slot, else the time to the slot and the baseline for those ahead of her then (a point; the live
        estimator gives her a range with its next batch, core/wait_booked.py)."""
        in_turn = self.new_ticket_wait(service, False, ahead_now)
        until_slot = max(0.0, slot - self._db.clock())
        after = estimate.estimate_wait_s(ahead_at_slot, self.mean_service_s(service), self.open_counters(service))
        at_slot = round(until_slot) + after
        return in_turn if in_turn.point_s <= at_slot else Wait(at_slot)

    def new_ticket_wait(self, service: str, priority: bool, ahead: int) -> Wait:
        """What a ticket issued now prints: the latest batch's estimate (server/live_estimates.py), else the
        baseline (before the first batch, or if the estimator stopped)."""
        db = self._db
        found = self._board.new_ticket(db.today(), db.clock(), service, priority)
        return _wait(found) if found else Wait(self.estimate_wait_s(service, ahead))

    def ticket_wait_now(self, ticket_id: int, service: str, ahead: int) -> Wait:
        """A waiting ticket's wait from now: its estimate in the latest batch; before the next batch has
        it (the first seconds after issue), what her ticket said less the time since; else the baseline."""
        db = self._db
        now = db.clock()
        found = self._board.ticket(db.today(), now, ticket_id)
        if found:
            return _wait(found)
        row = db.conn.execute(
            "SELECT issued_at, estimated_wait_s, estimated_low_s, estimated_high_s, estimated_called_today "
            "FROM tickets WHERE id = ?",
            (ticket_id,),
        ).fetchone()
        if row is not None and row["estimated_low_s"] is not None and row["estimated_high_s"] is not None:
            passed = max(0, round(now - row["issued_at"]))
            return Wait(
                max(0, row["estimated_wait_s"] - passed),
                max(0, row["estimated_low_s"] - passed),
                max(0, row["estimated_high_s"] - passed),
                row["estimated_called_today"],
            )
        return Wait(self.estimate_wait_s(service, ahead))

    def closures(self) -> dict[str, Closure]:
        """The services none of whose counters is in a session now (lunch, not open yet, closed for today)."""
        db = self._db
        now = db.clock()
        minute = int(now // 60)
        if self._closures[0] != minute:
            self._closures = (minute, service_closures(db.office, db.office.hours, now))
        return self._closures[1]

    def closure(self, service: str) -> schemas.Closure | None:
        found = self.closures().get(service)
        return None if found is None else snapshots.closure(found, self._db.tz)

    def queues(self) -> dict[str, schemas.Queue]:
        """Per service: how many wait, the longest wait so far, the wait a new ticket gets, and whether it is closed."""
        db = self._db
        now = db.clock()
        waiting = db.conn.execute(
            "SELECT service, COUNT(*), MIN(issued_at) FROM tickets "
            "WHERE day = ? AND status = 'waiting' GROUP BY service",
            (db.today(),),
        ).fetchall()
        by_service = {r[0]: (r[1], r[2]) for r in waiting}
        open_numbers = self.open_counter_numbers()
        batch = self._board.current(db.today(), now)
        result: dict[str, schemas.Queue] = {}
        for service in db.office.services:
            count, oldest = by_service.get(service.code, (0, None))
            found = batch.estimates.new_ticket.get(service.code) if batch else None
            if found is not None:
                wait = _wait(found)
            else:
                wait = Wait(self.estimate_wait_s(service.code, count, open_numbers))
            result[service.code] = {
                "waiting": count,
                "longest_wait_s": int(now - oldest) if oldest else 0,
                "estimated_wait_s": wait.point_s,
                "estimated_low_s": wait.low_s,
                "estimated_high_s": wait.high_s,
                "estimated_called_today": wait.called_today,
                "closure": self.closure(service.code),
            }
        return result

    def estimates(self) -> schemas.Estimates | None:
        """The latest batch of estimates, as /api/state and the event ``estimates.updated`` carry it."""
        db = self._db
        batch = self._board.current(db.today(), db.clock())
        if batch is None:
            return None
        found = batch.estimates
        return {
            "at": snapshots.iso(batch.at, db.tz),
            "as_of": batch.as_of,
            "tickets": {str(tid): snapshots.wait_range(e) for tid, e in found.tickets.items()},
            "services": {
                code: {
                    "regular": snapshots.wait_range(e),
                    "priority": snapshots.wait_range(found.new_priority_ticket.get(code, e)),
                }
                for code, e in found.new_ticket.items()
            },
            "closures": {code: snapshots.closure(c, db.tz) for code, c in found.closures.items()},
            "compute_ms": round(batch.compute_ms, 1),
        }

    def waiting_tickets(self) -> list[schemas.Ticket]:
        """Today's waiting tickets in queue order (the order they entered the queue)."""
        rows = self._db.conn.execute(
            "SELECT * FROM tickets WHERE day = ? AND status = 'waiting' ORDER BY queue_key, id",
            (self._db.today(),),
        ).fetchall()
        return [snapshots.ticket(r, self._db.tz) for r in rows]


def _wait(found: WaitEstimate) -> Wait:
    return Wait(found.point_s, found.low_s, found.high_s, round(found.called_today, 3))
