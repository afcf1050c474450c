"""From the office's hourly cells to batches for the district. Pure: no HTTP, no SQL.

The wire contract is district/schema.py. A batch holds the *complete*
figures of one office-local day, so the district can replace the day as a
whole; a newer batch (larger ``version``) wins over an older one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Cell = dict[str, Any]

# The fields of a cell the district accepts, copied from the office's answer.
CELL_FIELDS = (
    "day", "hour", "service", "issued", "served", "no_show", "cancelled",
    "wait_mean_s", "wait_p90_s", "wait_max_s", "service_mean_s", "ratings",
)  # fmt: skip


@dataclass(frozen=True)
class Scale:
    """Rating level values best first, and those that count as "not satisfied"."""

    levels: tuple[str, ...]
    negative: tuple[str, ...]

    @classmethod
    def from_office(cls, answer: Mapping[str, Any]) -> Scale:
        """From the office's GET /api/rating-scale."""
        levels = answer["levels"]
        return cls(
            levels=tuple(str(level["value"]) for level in levels),
            negative=tuple(str(level["value"]) for level in levels if level.get("negative")),
        )


@dataclass(frozen=True)
class Batch:
    batch_id: str
    day: str
    version: int
    final: bool
    body: dict[str, Any]


def by_day(cells: Iterable[Mapping[str, Any]], days: Sequence[str]) -> dict[str, list[Cell]]:
    """The cells of each day (every day present, maybe empty), each keeping only the contract's fields."""
    grouped: dict[str, list[Cell]] = {day: [] for day in days}
    for cell in cells:
        day = str(cell["day"])
        if day in grouped:
            grouped[day].append({name: cell[name] for name in CELL_FIELDS})
    for day_cells in grouped.values():
        day_cells.sort(key=lambda c: (c["hour"], c["service"]))
    return grouped


def is_final(day: str, today: str, cells: Sequence[Mapping[str, Any]]) -> bool:
    """A day's figures are final once the day is over and no ticket of it is still open.

    The office closes what a day left open at its first change of the next day;
    until then a waiting ticket could still be served, so the day is read again.
    """
    if day >= today:
        return False
    return all(c["issued"] == c["served"] + c["no_show"] + c["cancelled"] for c in cells)


def build(office: str, day: str, today: str, cells: list[Cell], scale: Scale, version: int, now: dt.datetime) -> Batch:
    batch_id = str(uuid.uuid4())
    body = {
        "batch_id": batch_id,
        "office": office,
        "version": version,
        "generated_at": now.isoformat(timespec="seconds"),
        "days": [day],
        "scale": {"levels": list(scale.levels), "negative": list(scale.negative)},
        "cells": cells,
    }
    return Batch(batch_id=batch_id, day=day, version=version, final=is_final(day, today, cells), body=body)


def days_between(first: str, last: str) -> list[str]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()
