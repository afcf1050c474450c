"""The statistics API: GET /api/stats (the supervisor's figures) and /api/stats/hourly (for the sync agent)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from server import schemas
from server.deps import Device, OfficeDep, OfficeServer, Permission, require
from server.errors import InvalidError
from server.stats import PartsRead, StatsFacts, hourly_body, month_chunks, parts_body, stats_body

router = APIRouter(prefix="/api")

MAX_DAYS = 366
DateParam = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="office-local date YYYY-MM-DD (default: today)"),
]


# Office days are local midnights as epoch seconds: the calendar's far ends do not fit (and hold no office day).
FIRST_DAY, LAST_DAY = dt.date(1971, 1, 1), dt.date(9998, 12, 31)


def _date(text: str, name: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidError(
            f"{name}: {text!r} is not a date; write YYYY-MM-DD", f"{name}: {text!r} không phải là ngày hợp lệ"
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidError(
            f"{name}: {text} is out of range; write a date from {FIRST_DAY} to {LAST_DAY}",
            f"{name}: ngày {text} nằm ngoài khoảng {FIRST_DAY} đến {LAST_DAY}",
        )
    return day


async def _range(office: OfficeServer, first: str | None, last: str | None) -> tuple[dt.date, dt.date]:
    today = "" if first and last else await office.call(office.store.today)
    a = _date(first or last or today, "from")
    b = _date(last or first or today, "to")
    if a > b:
        raise InvalidError(f"from ({a}) is after to ({b})", f"Ngày bắt đầu ({a}) sau ngày kết thúc ({b})")
    if (b - a).days + 1 > MAX_DAYS:
        raise InvalidError(
            f"the range {a}..{b} is longer than {MAX_DAYS} days; ask for a year at most",
            f"Khoảng thời gian dài hơn {MAX_DAYS} ngày",
        )
    return a, b


async def read_facts(office: OfficeServer, first: dt.date, last: dt.date) -> StatsFacts:
    """Read a month at a time: between months the database thread serves the kiosks and counters."""
    facts = StatsFacts()
    for a, b in month_chunks(first, last):
        facts.extend(await office.call(office.store.stats.facts, a.isoformat(), b.isoformat()))
    return facts


async def read_parts(office: OfficeServer, first: dt.date, last: dt.date) -> PartsRead:
    """read_facts with the saved days (server/stats.py DayCache) taken as they are."""
    read: PartsRead | None = None
    for a, b in month_chunks(first, last):
        chunk = await office.call(office.store.stats.parts_read, a.isoformat(), b.isoformat())
        if read is None:
            read = chunk
        else:
            read.extend(chunk)
    assert read is not None, "a range has at least one day"
    return read


@router.get("/stats")
async def stats(
    office: OfficeDep,
    first: Annotated[DateParam, Query(alias="from")] = None,
    last: Annotated[DateParam, Query(alias="to")] = None,
    device: Device = require(Permission.READ_STATS),
) -> schemas.Stats:
    """Figures of the office days from..to (inclusive): totals, by service, counter, clerk, hour and day.

    Shares are percentages, times seconds; definitions in core/stats.py.
    For a single day, ``queue_length`` has the waiting count every 15 minutes from 06:00.
    ``procedures``: procedures looked up and checklists printed at the kiosk, per day and per procedure.
    ``appointments``: bookings of those days — booked, checked_in (kept), missed, cancelled, waiting, on_time.
    """
    a, b = await _range(office, first, last)
    appointments = await office.call(office.store.bookings.totals, a.isoformat(), b.isoformat())
    if a == b:  # queue_length needs the day's tickets themselves
        facts = await read_facts(office, a, b)
        # Pure computation: off the event loop and off the database thread.
        body = await asyncio.to_thread(stats_body, facts, office.config.office, a, b, office.clock())
    else:
        read = await read_parts(office, a, b)
        body, new_days = await asyncio.to_thread(parts_body, read, office.config.office, a, b, office.clock())
        if new_days:
            await office.call(office.store.stats.parts_save, read.generation, new_days)
    body["appointments"] = appointments
    return body


@router.get("/stats/hourly")
async def stats_hourly(
    office: OfficeDep,
    first: Annotated[DateParam, Query(alias="from")] = None,
    last: Annotated[DateParam, Query(alias="to")] = None,
    device: Device = require(Permission.READ_HOURLY),
) -> schemas.Hourly:
    """One cell per (office day, office-local hour of issue, service) with any ticket, for the sync agent."""
    a, b = await _range(office, first, last)
    facts = await read_facts(office, a, b)
    return await asyncio.to_thread(hourly_body, facts, office.config.office)
