"""The statistics' answers from what was read (server/storage/stats.py), and the cache of past days.

Every figure is computed by core.stats, the same for the API
(server/routes/stats.py), the dashboard and the report command. Nothing here
touches the database: the reads happen on the database thread, the
computation off it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, cast
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
from server import schemas


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


class ProcedureUse(NamedTuple):
    """One row of ``procedure_uses``: a procedure looked up (or its checklist printed) ``times`` times on a day."""

    day: str
    code: str
    kind: str  # looked_up | checklist_printed
    times: int


class StatsFacts:
    """What one read returns: tickets, counter events, transfer spans and procedure uses of a range of days.

    ``procedure_names``: the catalogue's names now, by code (a use outlives its procedure).
    """

    __slots__ = ("tickets", "counter_events", "transfers", "procedure_uses", "procedure_names")

    def __init__(
        self,
        tickets: list[TicketFacts] | None = None,
        counter_events: list[CounterEvent] | None = None,
        transfers: list[TransferSpan] | None = None,
        procedure_uses: list[ProcedureUse] | None = None,
        procedure_names: dict[str, str] | None = None,
    ) -> None:
        self.tickets = tickets or []
        self.counter_events = counter_events or []
        self.transfers = transfers or []
        self.procedure_uses = procedure_uses or []
        self.procedure_names = procedure_names or {}

    def extend(self, other: StatsFacts) -> None:
        self.tickets += other.tickets
        self.counter_events += other.counter_events
        self.transfers += other.transfers
        self.procedure_uses += other.procedure_uses
        self.procedure_names.update(other.procedure_names)


def procedure_figures(uses: list[ProcedureUse], names: dict[str, str]) -> schemas.ProcedureFigures:
    """Procedures looked up and checklists printed: in all, per day, per procedure (most looked up first)."""
    days: dict[str, list[int]] = {}
    codes: dict[str, list[int]] = {}
    for use in uses:
        slot = 0 if use.kind == "looked_up" else 1
        days.setdefault(use.day, [0, 0])[slot] += use.times
        codes.setdefault(use.code, [0, 0])[slot] += use.times
    ranked = sorted(codes.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return {
        "looked_up": sum(n for n, _ in days.values()),
        "checklists_printed": sum(n for _, n in days.values()),
        "by_day": [{"day": d, "looked_up": n[0], "checklists_printed": n[1]} for d, n in sorted(days.items())],
        "by_procedure": [
            {"code": code, "name": names.get(code, code), "looked_up": n[0], "checklists_printed": n[1]}
            for code, n in ranked
        ],
    }


# The dashboard's "queue length over the day": local 06:00–18:00 every 15 minutes.
QUEUE_FROM_H, QUEUE_TO_H, QUEUE_STEP_S = 6, 18, 900


def stats_body(facts: StatsFacts, office: Office, first: dt.date, last: dt.date, now: float) -> schemas.Stats:
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
        "procedures": procedure_figures(facts.procedure_uses, facts.procedure_names),
    }
    if first == last:
        midnight = local_midnight(first, tz)
        start, end = midnight + QUEUE_FROM_H * 3600, min(now, midnight + QUEUE_TO_H * 3600)
        body["queue_length"] = {
            "start": dt.datetime.fromtimestamp(start, tz).isoformat(timespec="seconds"),
            "step_s": QUEUE_STEP_S,
            "points": queue_length(facts.tickets, start, end, QUEUE_STEP_S) if end >= start else [],
        }
    # The figures' groups come from core.stats as plain dicts (their keys: schemas.Stats).
    return cast(schemas.Stats, body)


class DayCache:
    """Past office days' partial figures (core.stats.DayPart), kept in memory by the Store.

    Derived data: lost at a restart, when the first long range is slow again.
    A day is kept only once the day roll-over has closed it (it is before the
    last roll-over's day); after that only two things change its figures, and
    both drop it here (``forget``): a late rating of one of its tickets
    (storage.ratings.Ratings.rate) and the roll-over itself (storage.day.OfficeDay.roll: the days of the
    tickets it closes, and every day from "today" on when the clock went
    backwards). Every other write cannot touch a closed day: issuing writes
    today's tickets; the counter actions (call, recall, start, finish,
    no-show, transfer) work on today's waiting ticket or the counter's active
    one, and there is none of a past day after the roll-over; cancel and
    requeue refuse a closed ticket (requeue also a past day's); printer
    results and alerts, accounts, devices and sync status are not in the
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
) -> tuple[schemas.Stats, dict[str, DayPart | None]]:
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
        "procedures": procedure_figures(read.facts.procedure_uses, read.facts.procedure_names),
    }
    return cast(schemas.Stats, body), {day: new.get(day) for day in read.cacheable}


def hourly_body(facts: StatsFacts, office: Office) -> schemas.Hourly:
    """The /api/stats/hourly answer the sync agent sends upstream."""
    return cast(schemas.Hourly, {"office": {"name": office.name}, "cells": hourly_cells(facts.tickets)})
