"""Ranking offices (or provinces) within a level: best satisfaction first, then the shorter mean wait.

Pure: rows in, ordered rows out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from district import figures
from district.figures import Rollup


@dataclass(frozen=True)
class Ranked:
    key: str
    name: str
    level: str | None
    rank: int | None  # None: nothing to rank on (no figures in the range)
    figures: dict[str, Any]


def order(key: str, f: dict[str, Any]) -> tuple[Any, ...]:
    """Rated offices first by satisfaction; ties and offices nobody rated by shorter mean wait, then more served."""
    rate, wait = f["satisfaction_rate"], f["wait_mean_s"]
    return (rate is None, -(rate or 0.0), wait is None, wait or 0.0, -f["served"], key)


def rank(entries: Iterable[tuple[str, str, str | None]], rollups: dict[str, Rollup]) -> list[Ranked]:
    """``entries`` are (key, name, level); each level is ranked on its own (a commune is not a province centre)."""
    rows = []
    for key, name, level in entries:
        r = rollups.get(key)
        rows.append((key, name, level, figures.figures(r if r is not None else Rollup()), r is not None))
    rows.sort(key=lambda row: (row[2] or "", not row[4], order(row[0], row[3])))
    ranked: list[Ranked] = []
    place: dict[str | None, int] = {}
    for key, name, level, f, has in rows:
        if has:
            place[level] = place.get(level, 0) + 1
        ranked.append(Ranked(key, name, level, place[level] if has else None, f))
    return ranked
