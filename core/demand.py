"""Who is still to come today: expected tickets per office-local hour and service, with the priority share.

From the office's history for the same weekday and hour, scaled by how busy
today has been against that history so far (a morning surge lifts the rest
of the morning). Without history, today's own rate of the last hour stands in
until the office closes.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from core.clock import local_epoch
from core.wait_state import LiveState
from core.wait_tuning import Tuning

HOURS = 24


@dataclass(frozen=True)
class HourRate:
    """Arrivals in one office-local hour: all services together, and how they split."""

    per_hour: float
    services: tuple[str, ...] = ()
    cumulative: tuple[float, ...] = ()  # running sum of the services' shares, ending at 1
    priority_share: tuple[float, ...] = ()

    def draw(self, u_service: float) -> int:
        """The index of the service an arrival is for, from a uniform draw."""
        return min(bisect.bisect_right(self.cumulative, u_service), len(self.services) - 1)


NO_ARRIVALS = HourRate(0.0)


@dataclass(frozen=True)
class Demand:
    day_start: float  # local midnight of today, epoch s
    hours: tuple[HourRate, ...]  # 24, already scaled by ``factor``
    factor: float

    def hour_rate(self, epoch_s: float) -> tuple[HourRate, float]:
        """The hour's rate and the epoch second the hour ends."""
        index = int((epoch_s - self.day_start) // 3600)
        if not 0 <= index < HOURS:
            return NO_ARRIVALS, float("inf")
        return self.hours[index], self.day_start + (index + 1) * 3600


def _hour_rate(counts: dict[str, float], priority: dict[str, float]) -> HourRate:
    services = tuple(sorted(s for s, n in counts.items() if n > 0))
    total = sum(counts[s] for s in services)
    if total <= 0:
        return NO_ARRIVALS
    running, cumulative = 0.0, []
    for s in services:
        running += counts[s] / total
        cumulative.append(running)
    return HourRate(total, services, tuple(cumulative), tuple(priority.get(s, 0.0) for s in services))


def expected_demand(state: LiveState, tuning: Tuning) -> Demand:
    tz = state.hours.tz
    day_start = local_epoch(datetime.fromtimestamp(state.now, tz).date(), 0, tz)
    if state.history:
        rates, shares = _smoothed(state, tuning)
        expected = 0.0
        for hour in range(HOURS):
            start = day_start + hour * 3600
            elapsed = min(max(state.now - start, 0.0), 3600.0)
            expected += sum(rates[hour].values()) * elapsed / 3600
        k = tuning.demand_prior_tickets
        factor = (len(state.issued_today) + k) / (expected + k)
        factor = min(max(factor, tuning.demand_factor_min), tuning.demand_factor_max)
        scaled = [{s: n * factor for s, n in hour.items()} for hour in rates]
        return Demand(day_start, tuple(_hour_rate(scaled[h], shares[h]) for h in range(HOURS)), factor)
    return _today_only(state, tuning, day_start)


def _smoothed(state: LiveState, tuning: Tuning) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """History's tickets per hour and service, and priority shares: each hour's total, split the way that
    hour split its tickets as far as it saw many, else the way the whole day did (a service's count in
    one hour of a few past days is a thin sample; the office's mix changes little through the day)."""
    totals: list[float] = [0.0] * HOURS
    by_cell: dict[tuple[int, str], float] = defaultdict(float)
    day: dict[str, float] = defaultdict(float)
    shares: list[dict[str, float]] = [{} for _ in range(HOURS)]
    days = max((c.days for c in state.history), default=1)
    for cell in state.history:
        if 0 <= cell.hour < HOURS:
            totals[cell.hour] += cell.tickets_per_hour
            by_cell[(cell.hour, cell.service)] += cell.tickets_per_hour
            day[cell.service] += cell.tickets_per_hour
            shares[cell.hour][cell.service] = cell.priority_share
    day_total = sum(day.values()) or 1.0
    k = tuning.history_mix_tickets
    rates: list[dict[str, float]] = [defaultdict(float) for _ in range(HOURS)]
    for hour in range(HOURS):
        seen = totals[hour] * days  # tickets behind this hour's mix
        for service, n in day.items():
            hour_share = by_cell[(hour, service)] / totals[hour] if totals[hour] else 0.0
            share = (hour_share * seen + n / day_total * k) / (seen + k)
            if totals[hour] * share > 0:
                rates[hour][service] = totals[hour] * share
    return rates, shares


def _today_only(state: LiveState, tuning: Tuning, day_start: float) -> Demand:
    """No history: the last hour's rate (or since the first ticket), for the office's remaining sessions."""
    issued = [i for i in state.issued_today if i.at <= state.now]
    if not issued:
        return Demand(day_start, (NO_ARRIVALS,) * HOURS, 1.0)
    since = max(state.now - tuning.fallback_window_s, min(i.at for i in issued))
    window = max(state.now - since, 900.0)  # a quarter of an hour at least: the first ticket is not a rate
    recent = [i for i in issued if i.at >= since]
    per_service = Counter(i.service for i in recent)
    priority = Counter(i.service for i in recent if i.priority)
    spans = state.hours.spans(state.now)
    hours = []
    for hour in range(HOURS):
        start, end = day_start + hour * 3600, day_start + (hour + 1) * 3600
        # Tickets per hour, spread over the hour: the part of it the office is open counts.
        open_s = sum(span.overlap(start, end) for span in spans)
        counts = {s: n / window * open_s for s, n in per_service.items()}
        hours.append(_hour_rate(counts, {s: priority[s] / n for s, n in per_service.items()}))
    return Demand(day_start, tuple(hours), 1.0)
