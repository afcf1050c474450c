"""Reading what the statistics need from the office database: a mixin of Store (server/store.py).

The rows become core.stats records here; every figure is computed by
core.stats, the same for the API (server/routes_stats.py), the dashboard and
the report command. A long range is read a month at a time
(``stats_chunks``) so that the database thread, which also numbers tickets,
is never held for more than one month's read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from core.model import Office
from core.stats import (
    WAIT_BINS_MIN,
    CounterEvent,
    TicketFacts,
    TransferSpan,
    compute,
    hourly_cells,
    open_spans,
    queue_length,
)

if TYPE_CHECKING:
    from server.store import Store

    _Base = Store
else:
    _Base = object

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
           t.close_reason, r.level
    FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id
    WHERE t.day BETWEEN ? AND ?
"""




def local_midnight(day: dt.date, tz: ZoneInfo) -> float:
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz).timestamp()


def month_chunks(first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """first..last cut at month ends, in order."""
    start = first
    while start <= last:
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        end = min(last, following - dt.timedelta(days=1))
        yield start, end
        start = end + dt.timedelta(days=1)


class StatsFacts:
    """What one read returns: tickets, counter events and transfer spans of a range of days."""

    __slots__ = ("tickets", "counter_events", "transfers")

    def __init__(
        self,
        tickets: list[TicketFacts] | None = None,
        counter_events: list[CounterEvent] | None = None,
        transfers: list[TransferSpan] | None = None,
    ) -> None:
        self.tickets = tickets or []
        self.counter_events = counter_events or []
        self.transfers = transfers or []

    def extend(self, other: StatsFacts) -> None:
        self.tickets += other.tickets
        self.counter_events += other.counter_events
        self.transfers += other.transfers


# The dashboard's "queue length over the day": local 06:00–18:00 every 15 minutes.
QUEUE_FROM_H, QUEUE_TO_H, QUEUE_STEP_S = 6, 18, 900


def stats_body(facts: StatsFacts, office: Office, first: dt.date, last: dt.date, now: float) -> dict[str, Any]:
    """The /api/stats answer (and the report's figures) from what was read."""
    tz = ZoneInfo(office.timezone)
    stats = compute(
        facts.tickets,
        open_spans(facts.counter_events, tz, now),
        facts.transfers,
        negative=office.rating.negative_values,
        targets={s.code: s.target_wait_s for s in office.services},
    )
    body: dict[str, Any] = {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "office": {"name": office.name},
        **stats.as_dict(),
        "wait_bins_min": list(WAIT_BINS_MIN),
    }
    if first == last:
        midnight = local_midnight(first, tz)
        start, end = midnight + QUEUE_FROM_H * 3600, min(now, midnight + QUEUE_TO_H * 3600)
        body["queue_length"] = {
            "start": dt.datetime.fromtimestamp(start, tz).isoformat(timespec="seconds"),
            "step_s": QUEUE_STEP_S,
            "points": queue_length(facts.tickets, start, end, QUEUE_STEP_S) if end >= start else [],
        }
    return body


def hourly_body(facts: StatsFacts, office: Office) -> dict[str, Any]:
    """The /api/stats/hourly answer the sync agent sends upstream."""
    return {"office": {"name": office.name}, "cells": hourly_cells(facts.tickets)}


class Stats(_Base):
    def stats_facts(self, first: str, last: str) -> StatsFacts:
        """Tickets issued on the office days first..last (inclusive) and their counters' events."""
        tz = self.tz
        start = local_midnight(dt.date.fromisoformat(first), tz)
        end = local_midnight(dt.date.fromisoformat(last) + dt.timedelta(days=1), tz)
        transfers, transferred = self._transfers(start, end)
        # Local hour of issue, cached per quarter hour (every real UTC offset is a multiple of 15 min).
        hour_of: dict[int, int] = {}
        tickets = []
        cursor = self.conn.cursor()
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
                    r[0], r[1], hour, r[2], r[3] is not None, r[4], issued, r[6], r[7], r[8], r[9], r[10],
                    r[11], r[12], r[13], bool(r[14]), r[0] in transferred, r[15], r[16],
                )  # fmt: skip
            )
        return StatsFacts(tickets, self._counter_events(start, end), transfers)

    def _counter_events(self, start: float, end: float) -> list[CounterEvent]:
        marks = ", ".join("?" * len(COUNTER_EVENTS))
        rows = self.conn.execute(
            f"SELECT at, type, counter, clerk FROM events WHERE type IN ({marks}) AND at >= ? AND at < ? ORDER BY id",
            (*COUNTER_EVENTS, start, end),
        )
        return [CounterEvent(r[0], COUNTER_EVENTS[r[1]], r[2], r[3]) for r in rows]

    def _transfers(self, start: float, end: float) -> tuple[list[TransferSpan], set[int]]:
        rows = self.conn.execute(
            "SELECT at, ticket_id, counter, clerk, payload FROM events "
            "WHERE type = 'ticket.transferred' AND at >= ? AND at < ? ORDER BY id",
            (start, end),
        ).fetchall()
        spans = []
        for r in rows:
            # The event's ticket is as it was after the transfer: called_at is still the call at this counter.
            called = _epoch(json.loads(r[4]).get("ticket", {}).get("called_at"))
            if called is not None and r[2] is not None:
                spans.append(TransferSpan(r[2], r[3], _day_of(r[0], self.tz), max(0.0, r[0] - called)))
        return spans, {r[1] for r in rows}


def _epoch(iso: Any) -> float | None:
    if not isinstance(iso, str):
        return None
    return dt.datetime.fromisoformat(iso).timestamp()


def _day_of(epoch_s: float, tz: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(epoch_s, tz).date().isoformat()
