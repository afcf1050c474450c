"""Reading a report's figures from the office's data directory (through Store, as the server does)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.errors import ConfigError
from server.stats import StatsFacts, month_chunks, stats_body
from server.store import Store

# Ranges of more months than this show a progress bar (on a terminal).
PROGRESS_FROM_MONTHS = 3


@dataclass
class Report:
    """The /api/stats body of a range plus the names the tables show."""

    office: str
    first: dt.date
    last: dt.date
    generated: str
    stats: dict[str, Any]
    service_names: dict[str, tuple[str, str]]  # code → (vi, en)
    counter_names: dict[int, str]
    clerk_names: dict[str, str]


def read_report(data: Path, first: dt.date, last: dt.date, now: float | None = None) -> Report:
    config = load_config(data / CONFIG_NAME)
    db = data / DATABASE_NAME
    if not db.exists():
        raise ConfigError(f"{db}: there is no office database here. Fix: pass the --data of the office server")
    office = config.office
    now = time.time() if now is None else now
    store = Store(db, office, lambda: now, read_only=True)
    try:
        facts = StatsFacts()
        chunks = list(month_chunks(first, last))
        bar = tqdm(
            chunks,
            desc="onestop report",
            unit="month",
            file=sys.stderr,
            # None: tqdm shows it only on a terminal.
            disable=True if len(chunks) < PROGRESS_FROM_MONTHS else None,
        )
        for a, b in bar:
            facts.extend(store.stats.facts(a.isoformat(), b.isoformat()))
        clerks = {c["username"]: c["name"] for c in store.accounts.clerks()}
        # Appointments (issue 15): kept, missed, called on time — for the range and per day.
        appointments = {
            **store.bookings.totals(first.isoformat(), last.isoformat()),
            "by_day": store.bookings.totals_by_day(first.isoformat(), last.isoformat()),
        }
    finally:
        store.close()
    return Report(
        office=office.name,
        first=first,
        last=last,
        generated=dt.datetime.fromtimestamp(now, store.db.tz).strftime("%d/%m/%Y %H:%M"),
        stats={**stats_body(facts, office, first, last, now), "appointments": appointments},
        service_names={s.code: (s.name_vi, s.name_en) for s in office.services},
        counter_names={c.number: c.name for c in office.counters},
        clerk_names=clerks,
    )
