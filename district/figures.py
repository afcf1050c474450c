"""Combining hourly cells into the figures a district ranks offices by. Pure: no HTTP, no SQL.

Counts add up exactly. Means are weighted by what they are means of. The
90th percentile cannot be combined exactly from hourly percentiles (the office
sends no per-ticket waits), so it is *interpolated*: each cell's wait
distribution is taken as piecewise linear through (0 s, 0 %), (p90, 90 %)
and (max, 100 %), the cells are mixed in proportion to their number of waits,
and the mixture's 90th percentile is solved exactly. The result is exact when
the hours look alike, always lies between the smallest and the largest hourly
p90, and is never above the largest wait (tests/district/test_figures.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class CellLike(Protocol):
    issued: int
    served: int
    no_show: int
    cancelled: int
    wait_mean_s: float | None
    wait_p90_s: float | None
    wait_max_s: float | None
    service_mean_s: float | None
    rated: int
    not_satisfied: int | None  # None: the office's scale was unknown


@dataclass(frozen=True)
class StoredCell:
    """A cell as the district keeps it (ratings already split by the office's scale)."""

    office: str
    day: str
    hour: int
    service: str
    issued: int
    served: int
    no_show: int
    cancelled: int
    wait_mean_s: float | None
    wait_p90_s: float | None
    wait_max_s: float | None
    service_mean_s: float | None
    rated: int
    not_satisfied: int | None
    ratings: Mapping[str, int] = field(default_factory=dict)


EPSILON_S = 1e-3


def waits_in(cell: CellLike) -> int:
    """How many waits a cell's wait figures describe.

    A wait runs from issue to the (last) call, so every called ticket has one:
    the served and the no-shows. Cancelled tickets were mostly never called.
    """
    return cell.served + cell.no_show if cell.wait_mean_s is not None else 0


def pooled_quantile(parts: Iterable[tuple[float, float, float]], q: float = 0.9) -> float | None:
    """The q-quantile of a mixture of (weight, p90, max) parts, each piecewise linear (see module doc).

    A sweep over the breakpoints: O(n log n), no iteration, exact for the model.
    """
    events: list[tuple[float, float, float]] = []  # (x, jump in mass, change of slope)
    total = 0.0
    for weight, p90, top in parts:
        if weight <= 0:
            continue
        top = max(top, p90)
        total += weight
        # Segments shorter than a millisecond are steps: their steep slopes would
        # swamp the others' in floating point when added and removed again.
        if p90 > EPSILON_S:
            events.append((0.0, 0.0, 0.9 * weight / p90))
            events.append((p90, 0.0, -0.9 * weight / p90))
        else:
            events.append((p90, 0.9 * weight, 0.0))
        if top - p90 > EPSILON_S:
            events.append((p90, 0.0, 0.1 * weight / (top - p90)))
            events.append((top, 0.0, -0.1 * weight / (top - p90)))
        else:
            events.append((top, 0.1 * weight, 0.0))
    if total <= 0:
        return None
    target = q * total * (1 - 1e-12)
    events.sort()
    mass = slope = x = 0.0
    for at, jump, dslope in events:
        reached = mass + slope * (at - x)
        if reached >= target and slope > 0:
            return x + (target - mass) / slope
        mass, x = reached + jump, at
        if mass >= target:
            return at
        slope = max(slope + dslope, 0.0)  # rounding must not make the mixture decrease
    return x


def combine(cells: Iterable[CellLike]) -> dict[str, Any]:
    """The figures of a set of cells: counts, weighted means, interpolated p90, satisfaction rate."""
    issued = served = no_show = cancelled = rated = unhappy = scaled = 0
    wait_sum = service_sum = 0.0
    waits = timed = 0
    wait_max: float | None = None
    parts: list[tuple[float, float, float]] = []
    for c in cells:
        issued += c.issued
        served += c.served
        no_show += c.no_show
        cancelled += c.cancelled
        n = waits_in(c)
        if n and c.wait_mean_s is not None and c.wait_p90_s is not None and c.wait_max_s is not None:
            waits += n
            wait_sum += c.wait_mean_s * n
            parts.append((float(n), c.wait_p90_s, c.wait_max_s))
            wait_max = c.wait_max_s if wait_max is None else max(wait_max, c.wait_max_s)
        if c.served and c.service_mean_s is not None:
            timed += c.served
            service_sum += c.service_mean_s * c.served
        rated += c.rated
        if c.not_satisfied is not None:
            scaled += c.rated
            unhappy += c.not_satisfied
    p90 = pooled_quantile(parts)
    return {
        "issued": issued,
        "served": served,
        "no_show": no_show,
        "cancelled": cancelled,
        "waiting": max(issued - served - no_show - cancelled, 0),
        "no_show_rate": _pct(no_show, served + no_show),
        "wait_mean_s": _round(wait_sum / waits) if waits else None,
        "wait_p90_s": _round(p90),
        "wait_max_s": _round(wait_max),
        "service_mean_s": _round(service_sum / timed) if timed else None,
        "rated": rated,
        "not_satisfied": unhappy,
        # (rated − not satisfied) ÷ rated × 100, over the cells whose scale says which levels are negative.
        "satisfaction_rate": _pct(scaled - unhappy, scaled),
        "response_rate": _pct(rated, served),
    }


def _pct(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 2) if whole else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def by(cells: Iterable[StoredCell], key: str) -> list[dict[str, Any]]:
    """Figures per value of ``key`` ("day", "service", "office"), sorted by it."""
    groups: dict[Any, list[StoredCell]] = {}
    for cell in cells:
        groups.setdefault(getattr(cell, key), []).append(cell)
    return [{key: k, **combine(groups[k])} for k in sorted(groups)]


def ratings_total(cells: Iterable[StoredCell]) -> dict[str, int]:
    total: dict[str, int] = {}
    for cell in cells:
        for level, n in cell.ratings.items():
            total[level] = total.get(level, 0) + n
    return dict(sorted(total.items(), key=lambda kv: kv[0], reverse=True))
