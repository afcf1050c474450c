"""Reading what the statistics need from the office database: tickets, counter events, transfers.

The rows become core.stats records here; the answers are made from them off
the database thread (server/stats.py). A long range is read a month at a
time (server/routes/stats.py) so that the database thread, which also
numbers tickets, is never held for more than one month's read.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from core.stats import CounterEvent, DayPart, TicketFacts, TransferSpan
from server.stats import DayCache, PartsRead, ProcedureUse, StatsFacts, local_midnight
from server.storage.database import Database
from server.storage.day import OfficeDay

COUNTER_EVENTS = {
    "counter.signed_in": "signed_in",
    "counter.signed_out": "signed_out",
    "counter.paused": "paused",
    "counter.resumed": "resumed",
    "day.started": "day_started",
}

_TICKETS_SQL = """
    SELECT t.id, t.day, t.service, t.priority, t.status, t.issued_at, t.queue_key, t.first_called_at,
           t.called_at, t.started_at, t.finished_at, t.counter, t.clerk, t.estimated_wait_s, t.requeued,
           t.close_reason, r.level, t.estimated_low_s, t.estimated_high_s
    FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id
    WHERE t.day BETWEEN ? AND ?
    ORDER BY t.day, t.id
"""


_ONE_DAY = dt.timedelta(days=1)


class StatsReader:
    """The reads behind the figures, on the database thread; each returns rows as core.stats records."""

    def __init__(self, db: Database, cache: DayCache, day: OfficeDay) -> None:
        self._db = db
        self.cache = cache
        self._day = day

    def facts(self, first: str, last: str) -> StatsFacts:
        """Tickets issued on the office days first..last (inclusive) and their counters' events."""
        tz = self._db.tz
        start = local_midnight(dt.date.fromisoformat(first), tz)
        end = local_midnight(dt.date.fromisoformat(last) + dt.timedelta(days=1), tz)
        transfers, transferred = self._transfers(start, end)
        tickets = self._ticket_facts(first, last, transferred)
        return StatsFacts(tickets, self._counter_events(start, end), transfers, *self._procedure_uses(first, last))

    def parts_read(self, first: str, last: str) -> PartsRead:
        """Like facts(), but the days already saved come as parts, and their tickets are not read.

        Transfers mark the missing days' tickets exactly as facts() would
        for the same range: a ticket is transferred on its own day (the
        roll-over closes it before any action of the next day).
        """
        cache = self.cache
        tz = self._db.tz
        day_from, day_to = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        start, end = local_midnight(day_from, tz), local_midnight(day_to + dt.timedelta(days=1), tz)
        transfers, transferred = self._transfers(start, end)
        days = [(day_from + dt.timedelta(days=n)).isoformat() for n in range((day_to - day_from).days + 1)]
        parts = {day: cache.days[day] for day in days if day in cache.days}
        tickets: list[TicketFacts] = []
        missing = [day for day in days if day not in parts]
        run: list[str] = []  # consecutive missing days: one query each
        for day in [*missing, None]:
            if run and (day is None or dt.date.fromisoformat(day) - dt.date.fromisoformat(run[-1]) != _ONE_DAY):
                tickets += self._ticket_facts(run[0], run[-1], transferred)
                run = []
            if day is not None:
                run.append(day)
        # Only days the roll-over has closed may be kept (None: no roll-over yet since the start).
        closed = self._day.rolled
        cacheable = [day for day in missing if closed is not None and day < closed]
        facts = StatsFacts(tickets, self._counter_events(start, end), transfers, *self._procedure_uses(first, last))
        return PartsRead(cache.generation, parts, facts, cacheable)

    def parts_save(self, generation: int, parts: dict[str, DayPart | None]) -> bool:
        """Keep the days a parts_read at ``generation`` computed, unless one was invalidated since."""
        return self.cache.save(generation, parts, self._day.rolled)

    def _ticket_facts(self, first: str, last: str, transferred: set[int]) -> list[TicketFacts]:
        tz = self._db.tz
        # Local hour of issue, cached per quarter hour (every real UTC offset is a multiple of 15 min).
        hour_of: dict[int, int] = {}
        tickets = []
        cursor = self._db.conn.cursor()
        cursor.row_factory = None  # plain tuples: a year is ~300k rows
        for r in cursor.execute(_TICKETS_SQL, (first, last)):
            issued = r[5]
            slot = int(issued // 900)
            hour = hour_of.get(slot)
            if hour is None:
                hour = hour_of[slot] = dt.datetime.fromtimestamp(issued, tz).hour
            # Positional, in TicketFacts' field order (keywords cost a third more on a year).
            tickets.append(
                TicketFacts(
                    r[0],
                    r[1],
                    hour,
                    r[2],
                    r[3] is not None,
                    r[4],
                    issued,
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                    r[11],
                    r[12],
                    r[13],
                    bool(r[14]),
                    r[0] in transferred,
                    r[15],
                    r[16],
                    r[17],
                    r[18],
                )  # fmt: skip
            )
        return tickets

    def _procedure_uses(self, first: str, last: str) -> tuple[list[ProcedureUse], dict[str, str]]:
        """The kiosk's procedure look-ups and printed checklists of the days, and the catalogue's names now."""
        conn = self._db.conn
        uses = [
            ProcedureUse(*r)
            for r in conn.execute(
                "SELECT day, code, kind, count FROM procedure_uses WHERE day BETWEEN ? AND ? ORDER BY day, code, kind",
                (first, last),
            )
        ]
        names = {r[0]: r[1] for r in conn.execute("SELECT code, name FROM procedures")} if uses else {}
        return uses, names

    def _counter_events(self, start: float, end: float) -> list[CounterEvent]:
        marks = ", ".join("?" * len(COUNTER_EVENTS))
        rows = self._db.conn.execute(
            f"SELECT at, type, counter, clerk FROM events WHERE type IN ({marks}) AND at >= ? AND at < ? ORDER BY id",
            (*COUNTER_EVENTS, start, end),
        )
        return [CounterEvent(r[0], COUNTER_EVENTS[r[1]], r[2], r[3]) for r in rows]

    def _transfers(self, start: float, end: float) -> tuple[list[TransferSpan], set[int]]:
        rows = self._db.conn.execute(
            "SELECT at, ticket_id, counter, clerk, payload FROM events "
            "WHERE type = 'ticket.transferred' AND at >= ? AND at < ? ORDER BY id",
            (start, end),
        ).fetchall()
        spans = []
        for r in rows:
            # The event's ticket is as it was after the transfer: called_at is still the call at this counter.
            called = _epoch(json.loads(r[4]).get("ticket", {}).get("called_at"))
            if called is not None and r[2] is not None:
                spans.append(TransferSpan(r[2], r[3], _day_of(r[0], self._db.tz), max(0.0, r[0] - called)))
        return spans, {r[1] for r in rows}


def _epoch(iso: Any) -> float | None:
    if not isinstance(iso, str):
        return None
    return dt.datetime.fromisoformat(iso).timestamp()


def _day_of(epoch_s: float, tz: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(epoch_s, tz).date().isoformat()
