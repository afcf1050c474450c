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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt


class CellLike(Protocol):
    """What combining needs of an hourly cell (read-only, so frozen dataclasses qualify)."""

    @property
    def issued(self) -> int: ...
    @property
    def served(self) -> int: ...
    @property
    def no_show(self) -> int: ...
    @property
    def cancelled(self) -> int: ...
    @property
    def wait_mean_s(self) -> float | None: ...
    @property
    def wait_p90_s(self) -> float | None: ...
    @property
    def wait_max_s(self) -> float | None: ...
    @property
    def service_mean_s(self) -> float | None: ...
    @property
    def rated(self) -> int: ...
    @property
    def not_satisfied(self) -> int | None: ...  # None: the office's scale was unknown


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
# Service level: the share of waits of at most this long (the domain's usual 15 minutes).
TARGET_S = 15 * 60.0


def share_within(p90: float, top: float, limit: float = TARGET_S) -> float:
    """The share of a cell's waits at most ``limit`` long, on the same piecewise-linear model as the p90.

    The office sends no per-ticket waits, so the service level is estimated
    from each hour's p90 and maximum; summed over cells it is exact whenever
    the hour's waits all lie on one side of the limit.
    """
    top = max(top, p90)
    if limit >= top:
        return 1.0
    if limit >= p90:
        return 0.9 + 0.1 * (limit - p90) / (top - p90)
    return 0.9 * limit / p90 if p90 > 0 else 0.9


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


@dataclass
class Rollup:
    """The sums a set of cells adds up to: what the district keeps per office-day and per office-day-service.

    Counts and sums merge exactly; the 90th percentile is pooled from the
    parts' (waits, p90, max) as described above. ``figures`` turns it into rates and means.
    """

    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    waits: int = 0
    within_target: float = 0.0  # waits of at most TARGET_S (estimated, see share_within)
    wait_sum: float = 0.0
    wait_p90: float | None = None
    wait_max: float | None = None
    timed: int = 0
    service_sum: float = 0.0
    rated: int = 0
    scaled: int = 0  # ratings whose scale says which levels are negative
    not_satisfied: int = 0


def rollup(cells: Iterable[CellLike]) -> Rollup:
    """Sum hourly cells; their p90s pooled (weight: the waits each describes)."""
    total = Rollup()
    parts: list[tuple[float, float, float]] = []
    for c in cells:
        total.issued += c.issued
        total.served += c.served
        total.no_show += c.no_show
        total.cancelled += c.cancelled
        n = waits_in(c)
        if n and c.wait_mean_s is not None and c.wait_p90_s is not None and c.wait_max_s is not None:
            total.waits += n
            total.within_target += n * share_within(c.wait_p90_s, c.wait_max_s)
            total.wait_sum += c.wait_mean_s * n
            parts.append((float(n), c.wait_p90_s, c.wait_max_s))
            total.wait_max = c.wait_max_s if total.wait_max is None else max(total.wait_max, c.wait_max_s)
        if c.served and c.service_mean_s is not None:
            total.timed += c.served
            total.service_sum += c.service_mean_s * c.served
        total.rated += c.rated
        if c.not_satisfied is not None:
            total.scaled += c.rated
            total.not_satisfied += c.not_satisfied
    total.wait_p90 = pooled_quantile(parts)
    return total


def merge(rollups: Iterable[Rollup]) -> Rollup:
    """Roll-ups of disjoint sets of cells (days, services, offices) into the roll-up of their union."""
    total = Rollup()
    parts: list[tuple[float, float, float]] = []
    for r in rollups:
        total.issued += r.issued
        total.served += r.served
        total.no_show += r.no_show
        total.cancelled += r.cancelled
        total.waits += r.waits
        total.within_target += r.within_target
        total.wait_sum += r.wait_sum
        if r.waits and r.wait_p90 is not None and r.wait_max is not None:
            parts.append((float(r.waits), r.wait_p90, r.wait_max))
        if r.wait_max is not None:
            total.wait_max = r.wait_max if total.wait_max is None else max(total.wait_max, r.wait_max)
        total.timed += r.timed
        total.service_sum += r.service_sum
        total.rated += r.rated
        total.scaled += r.scaled
        total.not_satisfied += r.not_satisfied
    total.wait_p90 = pooled_quantile(parts)
    return total


def figures(r: Rollup) -> dict[str, Any]:
    """What a person reads: counts, weighted means, the pooled p90, the rates."""
    return {
        "issued": r.issued,
        "served": r.served,
        "no_show": r.no_show,
        "cancelled": r.cancelled,
        "waiting": max(r.issued - r.served - r.no_show - r.cancelled, 0),
        "no_show_rate": _pct(r.no_show, r.served + r.no_show),
        "wait_mean_s": wait_mean(r),
        "wait_p90_s": rounded(r.wait_p90),
        "wait_max_s": rounded(r.wait_max),
        "service_level": round(r.within_target / r.waits * 100, 2) if r.waits else None,
        "service_mean_s": rounded(r.service_sum / r.timed) if r.timed else None,
        "rated": r.rated,
        "not_satisfied": r.not_satisfied,
        "satisfaction_rate": satisfaction_rate(r),
        "response_rate": _pct(r.rated, r.served),
    }


def satisfaction_rate(r: Rollup) -> float | None:
    """(rated − not satisfied) ÷ rated × 100, over the ratings whose scale says which levels are negative."""
    return _pct(r.scaled - r.not_satisfied, r.scaled)


def wait_mean(r: Rollup) -> float | None:
    return rounded(r.wait_sum / r.waits) if r.waits else None


def combine(cells: Iterable[CellLike]) -> dict[str, Any]:
    """The figures of a set of cells: counts, weighted means, interpolated p90, satisfaction rate."""
    return figures(rollup(cells))


def _pct(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 2) if whole else None


def rounded(value: float | None) -> float | None:
    """Seconds as figures() gives them: to a tenth."""
    return None if value is None else round(value, 1)


Numbers = Sequence[float] | npt.NDArray[np.float64] | npt.NDArray[np.int64]


def pooled_quantiles(
    groups: Numbers, weights: Numbers, p90s: Numbers, tops: Numbers, count: int, q: float = 0.9
) -> list[float | None]:
    """``pooled_quantile`` for many groups at once (parts tagged with their group 0..count-1), vectorised.

    The same model and the same sweep, in numpy: for each group the mixture's
    mass is integrated event by event and the first event past ``q`` of the
    group's weight is interpolated. Groups without parts get None.
    """
    if count == 0:
        return []
    g = np.asarray(groups, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    p = np.asarray(p90s, dtype=np.float64)
    top = np.maximum(np.asarray(tops, dtype=np.float64), p)
    keep = w > 0
    g, w, p, top = g[keep], w[keep], p[keep], top[keep]
    total = np.bincount(g, weights=w, minlength=count)
    if not len(g):
        return [None] * count
    low_steep = p <= EPSILON_S  # the first segment is a step at p90
    high_steep = top - p <= EPSILON_S  # the second segment is a step at max
    rise_low = np.where(low_steep, 0.0, 0.9 * w / np.where(low_steep, 1.0, p))
    rise_high = np.where(high_steep, 0.0, 0.1 * w / np.where(high_steep, 1.0, top - p))
    # Events: (group, x, change of slope, jump in mass) — three per part.
    eg = np.concatenate([g, g, g])
    ex = np.concatenate([np.zeros_like(p), p, top])
    slope_change = np.concatenate([rise_low, rise_high - rise_low, -rise_high])
    jump = np.concatenate([np.zeros_like(p), np.where(low_steep, 0.9 * w, 0.0), np.where(high_steep, 0.1 * w, 0.0)])
    # Sorted by (group, x): x's rank, then an integer key (two quick argsorts; lexsort took 4× longer).
    x_rank = np.empty(len(ex), dtype=np.int64)
    x_rank[np.argsort(ex)] = np.arange(len(ex))
    order = np.argsort(eg * len(ex) + x_rank)
    eg, ex, slope_change, jump = eg[order], ex[order], slope_change[order], jump[order]
    starts = np.r_[True, eg[1:] != eg[:-1]]
    # Slope after each event, within its group (a running sum restarted at each group).
    running = np.cumsum(slope_change)
    offset = np.maximum.accumulate(np.where(starts, np.arange(len(eg)), 0))
    before_group = np.where(offset > 0, running[offset - 1], 0.0)
    slope_after = np.maximum(running - before_group, 0.0)  # rounding must not make the mixture decrease
    slope_before = np.where(starts, 0.0, np.r_[0.0, slope_after[:-1]])
    dx = np.where(starts, 0.0, ex - np.r_[0.0, ex[:-1]])
    gained = slope_before * dx + jump
    mass_running = np.cumsum(gained)
    mass_before_group = np.where(offset > 0, mass_running[offset - 1], 0.0)
    mass_after = mass_running - mass_before_group
    mass_prev = np.where(starts, 0.0, np.r_[0.0, mass_after[:-1]])
    target = q * total[eg] * (1 - 1e-12)
    reached = mass_after >= target
    # The first event of each group whose mass reaches the target, interpolated (all groups at once).
    result = np.full(count, np.nan)
    hit = np.flatnonzero(reached)
    first_groups, first_at = np.unique(eg[hit], return_index=True)
    i = hit[first_at]
    within = mass_prev[i] + slope_before[i] * dx[i]  # the mass just before x_i's own jump
    sloped = (within >= target[i]) & (slope_before[i] > 0)
    safe = np.where(sloped, slope_before[i], 1.0)
    result[first_groups] = np.where(sloped, ex[i] - dx[i] + (target[i] - mass_prev[i]) / safe, ex[i])
    # Rounding kept a group just short of its target: its largest x.
    short = np.isnan(result) & (total > 0)
    if short.any():
        largest = np.full(count, -np.inf)
        np.maximum.at(largest, eg, ex)
        result[short] = largest[short]
    return [None if np.isnan(v) else v for v in result.tolist()]
