"""The office day: at the first change of a new day, close what the last day left open.

Nothing is deleted: yesterday's tickets stay, closed with reason ``day_end`` —
those still at a counter (called or being served) as served, in their own day's
figures; those still waiting as cancelled — each at the end of its own day at
the latest, so a server that was off overnight makes no 14-hour service. The
counters are signed out, and numbering restarts because it is keyed by day. The roll-over
runs at the start of every transaction (Database.on_begin), and from a timer
(``tick``) when nobody changes anything.
"""

from __future__ import annotations

import datetime as dt

from core.clock import local_epoch, office_day
from server.stats import DayCache
from server.storage.database import Database
from server.storage.events import EventLog
from server.storage.idempotency import Idempotency

OPEN = ("waiting", "called", "serving")


class OfficeDay:
    def __init__(
        self, db: Database, events: EventLog, stats_cache: DayCache, idempotency: Idempotency, *, enabled: bool
    ) -> None:
        """``enabled=False``: admin commands and reports; only the server closes a day (its screens see it)."""
        self._db = db
        self._events = events
        self._stats_cache = stats_cache
        self._idempotency = idempotency
        self._enabled = enabled
        # The day of the last roll-over check: the days before it are closed (None: none yet).
        self.rolled: str | None = None

    def roll(self) -> None:
        db = self._db
        today = db.today()
        if today == self.rolled or not self._enabled:
            return
        self.rolled = today
        # The statistics' saved days (server/stats.py DayCache): today and later ones are open again
        # if the clock went backwards, and the days of the tickets closed here change.
        self._stats_cache.forget_from(today)
        stale = db.conn.execute(f"SELECT id, day FROM tickets WHERE day < ? AND status IN {OPEN}", (today,)).fetchall()
        self._stats_cache.forget({day for _, day in stale})
        self._idempotency.forget_before(today)
        if not stale and self._no_stale_sign_ins(today):
            return
        now = db.clock()
        for ticket_id, day in stale:
            end = min(now, local_epoch(dt.date.fromisoformat(day) + dt.timedelta(days=1), 0, db.tz))
            db.conn.execute(
                "UPDATE tickets SET status = CASE status WHEN 'waiting' THEN 'cancelled' ELSE 'done' END, "
                "finished_at = ?, close_reason = 'day_end' WHERE id = ?",
                (end, ticket_id),
            )
        db.conn.execute(
            "UPDATE counter_state SET clerk = NULL, signed_in_at = NULL, paused = 0, "
            "pause_reason = NULL, paused_at = NULL, regular_since_priority = 0"
        )
        self._events.emit("day.started", day=today, closed_tickets=len(stale))

    def forget(self) -> None:
        """The transaction that rolled the day was rolled back: the roll-over must run again."""
        self.rolled = None

    def tick(self) -> None:
        """Run the day roll-over even when nobody issues a ticket (called by a timer)."""
        if self._db.today() != self.rolled:
            with self._db.write():
                pass

    def _no_stale_sign_ins(self, today: str) -> bool:
        rows = self._db.conn.execute("SELECT signed_in_at FROM counter_state WHERE clerk IS NOT NULL")
        return all(office_day(r[0], self._db.tz) == today for r in rows)
