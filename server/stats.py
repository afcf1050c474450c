"""Reading what the statistics need from the office database: a mixin of Store (server/store.py).

The rows become core.stats records here; every figure is computed by
core.stats, the same for the API (server/routes_stats.py), the dashboard and
the report command. A long range is read a month at a time
(``stats_chunks``) so that the database thread, which also numbers tickets,
is never held for more than one month's read.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from core.model import Office
from core.stats import (
    WAIT_BINS_MIN,
    CounterEvent,
    DayPart,
    TicketFacts,
    TransferSpan,
    compute,
    compute_parts,
    day_parts,
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
    ORDER BY t.day, t.id
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


_ONE_DAY = dt.timedelta(days=1)

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


class DayCache:
    """Past office days' partial figures (core.stats.DayPart), kept in memory by the Store.

    Derived data: lost at a restart, when the first long range is slow again.
    A day is kept only once the day roll-over has closed it (it is before the
    last roll-over's day); after that only two things change its figures, and
    both drop it here (``forget``): a late rating of one of its tickets
    (Ratings.rate) and the roll-over itself (Store._roll_day: the days of the
    tickets it closes, and every day from "today" on when the clock went
    backwards). Every other write cannot touch a closed day: issuing writes
    today's tickets; the counter actions (call, recall, start, finish,
    no-show, transfer) work on today's waiting ticket or the counter's active
    one, and there is none of a past day after the roll-over; cancel and
    requeue refuse a closed ticket (requeue also a past day's); printer
    results (alerts.py) and accounts, devices and sync status are not in the
    figures. Counter sign-ins, pauses and transfers are not kept: they are
    read for every range (few rows).

    ``generation`` grows with every ``forget``: figures computed from rows read
    before it changed are not saved (``save``), so a rating that lands while
    a range is being computed is not lost.

    Memory: a year of 300k tickets keeps ~80 MiB (tracemalloc, the bench's
    history): each ticket's wait, service time and estimate error sit in the
    lists of its day's five groups (total, service, hour, counter, clerk),
    ~280 bytes a ticket. Not compacted: array('d') would halve it, but every
    request would then make the floats again, and a warm year must stay fast.
    """

    def __init__(self) -> None:
        self.days: dict[str, DayPart | None] = {}  # None: a day without tickets
        self.generation = 0

    def forget(self, days: Iterable[str]) -> None:
        for day in days:
            self.days.pop(day, None)
        self.generation += 1

    def forget_from(self, first: str) -> None:
        self.forget([day for day in self.days if day >= first])

    def save(self, generation: int, parts: dict[str, DayPart | None], before: str | None) -> bool:
        """Keep the days computed from rows read at ``generation``, if nothing was forgotten since."""
        if generation != self.generation or before is None:
            return False
        self.days.update((day, part) for day, part in parts.items() if day < before)
        return True


class PartsRead:
    """What one cached read returns: saved days, and the rest of the range to compute.

    ``facts`` holds the tickets of the days not saved, and the counter events
    and transfers of the whole range; ``cacheable`` lists the days not saved
    that may be (before the last roll-over); ``generation`` is the cache's
    when the rows were read.
    """

    __slots__ = ("generation", "parts", "facts", "cacheable")

    def __init__(self, generation: int, parts: dict[str, DayPart | None], facts: StatsFacts, cacheable: list[str]):
        self.generation = generation
        self.parts = parts
        self.facts = facts
        self.cacheable = cacheable

    def extend(self, other: PartsRead) -> None:
        # The oldest generation: a change after any of the reads keeps the result from being saved.
        self.generation = min(self.generation, other.generation)
        self.parts.update(other.parts)
        self.facts.extend(other.facts)
        self.cacheable += other.cacheable


def parts_body(
    read: PartsRead, office: Office, first: dt.date, last: dt.date, now: float
) -> tuple[dict[str, Any], dict[str, DayPart | None]]:
    """The /api/stats answer of a range of days from saved days and read tickets; and the new days to save.

    The same figures, to the byte, as stats_body on the range's tickets: a
    day's part depends on its own tickets only (in day, id order), and
    compute_parts combines the days in day order either way.
    """
    tz = ZoneInfo(office.timezone)
    new: dict[str, DayPart | None] = {
        part.day: part for part in day_parts(read.facts.tickets, {s.code: s.target_wait_s for s in office.services})
    }
    parts = {**read.parts, **new}
    stats = compute_parts(
        [part for _, part in sorted(parts.items()) if part is not None],
        open_spans(read.facts.counter_events, tz, now),
        read.facts.transfers,
        negative=office.rating.negative_values,
    )
    body: dict[str, Any] = {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "office": {"name": office.name},
        **stats.as_dict(),
        "wait_bins_min": list(WAIT_BINS_MIN),
    }
    return body, {day: new.get(day) for day in read.cacheable}


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
        tickets = self._ticket_facts(first, last, transferred)
        return StatsFacts(tickets, self._counter_events(start, end), transfers)

    @functools.cached_property
    def stats_cache(self) -> DayCache:
        return DayCache()

    def stats_parts_read(self, first: str, last: str) -> PartsRead:
        """Like stats_facts, but the days already saved come as parts, and their tickets are not read.

        Transfers mark the missing days' tickets exactly as stats_facts would
        for the same range: a ticket is transferred on its own day (the
        roll-over closes it before any action of the next day).
        """
        cache = self.stats_cache
        tz = self.tz
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
        closed = self._day
        cacheable = [day for day in missing if closed is not None and day < closed]
        facts = StatsFacts(tickets, self._counter_events(start, end), transfers)
        return PartsRead(cache.generation, parts, facts, cacheable)

    def stats_parts_save(self, generation: int, parts: dict[str, DayPart | None]) -> bool:
        """Keep the days a stats_parts_read at ``generation`` computed, unless one was invalidated since."""
        return self.stats_cache.save(generation, parts, self._day)

    def _ticket_facts(self, first: str, last: str, transferred: set[int]) -> list[TicketFacts]:
        tz = self.tz
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
        return tickets

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
