"""Ranking offices (or provinces) within a level: best satisfaction first, then the shorter mean wait.

Pure: rows in, ordered rows out.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from district import figures
from district.figures import Rollup


@dataclass(frozen=True)
class Ranked:
    """A ranked row; its figures are worked out when first read (a national page reads 100 of 3,321)."""

    key: str
    name: str
    level: str | None
    rank: int | None  # None: nothing to rank on (no figures in the range)
    rollup: Rollup

    @functools.cached_property
    def figures(self) -> dict[str, Any]:
        return figures.figures(self.rollup)


def order(key: str, r: Rollup) -> tuple[Any, ...]:
    """Rated offices first by satisfaction; ties and offices nobody rated by shorter mean wait, then more served.

    On the figures as published (rounded), so that two rows that read the same are ordered by what follows.
    """
    rate, wait = figures.satisfaction_rate(r), figures.wait_mean(r)
    return (rate is None, -(rate or 0.0), wait is None, wait or 0.0, -r.served, key)


def rank(entries: Iterable[tuple[str, str, str | None]], rollups: dict[str, Rollup]) -> list[Ranked]:
    """``entries`` are (key, name, level); each level is ranked on its own (a commune is not a province centre)."""
    rows = []
    for key, name, level in entries:
        r = rollups.get(key)
        rows.append((key, name, level, r if r is not None else Rollup(), r is not None))
    rows.sort(key=lambda row: (row[2] or "", not row[4], order(row[0], row[3])))
    ranked: list[Ranked] = []
    place: dict[str | None, int] = {}
    for key, name, level, r, has in rows:
        if has:
            place[level] = place.get(level, 0) + 1
        ranked.append(Ranked(key, name, level, place[level] if has else None, r))
    return ranked


def with_p90(row: Ranked, p90s: dict[str, float | None]) -> Ranked:
    """``row`` with its pooled wait p90 from ``p90s`` (rankings are made without: they do not order by it)."""
    if row.rank is None:
        return row
    return dataclasses.replace(row, rollup=dataclasses.replace(row.rollup, wait_p90=p90s.get(row.key)))
