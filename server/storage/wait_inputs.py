"""What the wait estimator needs of the database, read on the database thread in the core's shapes.

``live()`` is the office now (core.wait_state.LiveState, without the past):
the waiting tickets, each counter's state, today's finished calls, pauses
and issued tickets. It is read every few seconds, so every query goes
straight to today's rows by an index. ``past_day()`` is one earlier day's
tickets and calls, for the history and the clerks' paces; the estimator
(server/live_estimates.py) reads those a day at a time, once a day, so the
database thread is never held for weeks of rows at once.

Nothing here writes, and nothing here estimates: the estimate is computed off
this thread (server/estimate_worker.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.clock import local_epoch
from core.wait_history import PastTicket
from core.wait_state import (
    Activity,
    Booking,
    CounterNow,
    FinishedCall,
    Issued,
    LiveState,
    PauseSpan,
    WaitingTicket,
)
from server.storage.database import Database

_PAUSE_EVENTS = ("counter.paused", "counter.resumed", "counter.signed_out")


@dataclass(frozen=True)
class PastDay:
    day: str
    tickets: tuple[PastTicket, ...]
    calls: tuple[FinishedCall, ...]


class WaitInputs:
    def __init__(self, db: Database) -> None:
        self._db = db

    def day_start(self) -> float:
        """Local midnight of the office's today, epoch seconds."""
        return local_epoch(dt.date.fromisoformat(self._db.today()), 0, self._db.tz)

    def live(self) -> tuple[LiveState, int]:
        """The office now, and the seq of the last event it includes."""
        db = self._db
        conn, office, today = db.conn, db.office, db.today()
        now, start = db.clock(), self.day_start()
        seq = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
        waiting = tuple(
            WaitingTicket(r[0], r[1], r[2] is not None, r[3], r[4])
            for r in conn.execute(
                "SELECT id, service, priority, queue_key, booked_slot FROM tickets "
                "WHERE status = 'waiting' AND day = ?",
                (today,),
            )
        )
        active = {
            r["counter"]: r
            for r in conn.execute(
                "SELECT counter, service, status, called_at, started_at FROM tickets "
                "WHERE status IN ('called', 'serving') AND day = ? AND counter IS NOT NULL",
                (today,),
            )
        }
        signed_in_today = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT counter FROM events WHERE type = 'counter.signed_in' AND at >= ?", (start,)
            )
        }
        counters = []
        for counter in office.counters:
            row = conn.execute("SELECT * FROM counter_state WHERE number = ?", (counter.number,)).fetchone()
            ticket = active.get(counter.number)
            activity, since = Activity.SIGNED_OUT, None
            if row["clerk"] and row["paused"]:
                activity, since = Activity.PAUSED, row["paused_at"]
            elif row["clerk"] and ticket is not None:
                calling = ticket["status"] == "called"
                activity = Activity.CALLING if calling else Activity.SERVING
                since = ticket["called_at"] if calling else ticket["started_at"] or ticket["called_at"]
            elif row["clerk"]:
                activity = Activity.IDLE
            counters.append(
                CounterNow(
                    number=counter.number,
                    services=counter.services,
                    activity=activity,
                    since=since,
                    current_service=ticket["service"] if ticket is not None and row["clerk"] else None,
                    regular_since_priority=row["regular_since_priority"],
                    # A clerk signed in now signed in today: the roll-over signs everyone out.
                    signed_in_today=counter.number in signed_in_today or row["clerk"] is not None,
                    clerk=row["clerk"],
                )
            )
        issued = tuple(
            Issued(r[0], r[1] is not None, r[2])
            for r in conn.execute("SELECT service, priority, issued_at FROM tickets WHERE day = ?", (today,))
        )
        state = LiveState(
            now=now,
            office=office,
            hours=office.hours,
            waiting=waiting,
            counters=tuple(counters),
            finished_today=self._calls(today),
            pauses_today=self._pauses(start),
            issued_today=issued,
            bookings=self._expected_bookings(today, now),
        )
        return state, seq

    def _expected_bookings(self, today: str, now: float) -> tuple[Booking, ...]:
        """Today's bookings not checked in yet and still inside their check-in window: citizens to come, each
        expected at her slot's start (or now, if it has started), to be called before the walk-ins."""
        late_s = self._db.office.appointments.late_min * 60
        rows = self._db.conn.execute(
            "SELECT service, slot_start, COUNT(*) FROM bookings WHERE day = ? AND status = 'booked' "
            "AND slot_start >= ? GROUP BY service, slot_start ORDER BY slot_start, service",
            (today, now - late_s),
        )
        # The simulation takes arrivals strictly after now: one whose slot has started comes a second later.
        return tuple(Booking(r[0], max(r[1], now + 1.0), r[2]) for r in rows)

    def _calls(self, day: str) -> tuple[FinishedCall, ...]:
        """The day's calls that ended at a counter (served or not there), in the order they ended."""
        rows = self._db.conn.execute(
            "SELECT counter, service, queue_key, called_at, started_at, finished_at, status, clerk FROM tickets "
            "WHERE status IN ('done', 'no_show') AND day = ? AND counter IS NOT NULL AND called_at IS NOT NULL "
            "AND finished_at IS NOT NULL ORDER BY finished_at, id",
            (day,),
        )
        return tuple(FinishedCall(r[0], r[1], r[2], r[3], r[4], r[5], r[6] == "no_show", r[7]) for r in rows)

    def _pauses(self, start: float) -> tuple[PauseSpan, ...]:
        """Today's pauses that ended (resumed, or signed out while paused)."""
        marks = ", ".join("?" * len(_PAUSE_EVENTS))
        rows = self._db.conn.execute(
            f"SELECT at, type, counter FROM events WHERE type IN ({marks}) AND at >= ? ORDER BY id",
            (*_PAUSE_EVENTS, start),
        )
        opened: dict[int, float] = {}
        spans = []
        for at, kind, counter in rows:
            if kind == "counter.paused":
                opened[counter] = at
            elif (began := opened.pop(counter, None)) is not None:
                spans.append(PauseSpan(counter, began, at))
        return tuple(spans)

    def past_day(self, day: str) -> PastDay:
        """One earlier day's tickets (for the history) and calls (for the clerks' paces)."""
        rows = self._db.conn.execute(
            "SELECT service, priority, issued_at, status, called_at, started_at, finished_at FROM tickets "
            "WHERE day = ? ORDER BY id",
            (day,),
        ).fetchall()
        tickets = []
        for service, priority, issued_at, status, called_at, started_at, finished_at in rows:
            begin = started_at if started_at is not None else called_at
            served = status == "done" and begin is not None and finished_at is not None
            service_s = finished_at - begin if served else None
            tickets.append(PastTicket(service, priority is not None, issued_at, service_s))
        return PastDay(day, tuple(tickets), self._calls(day))
