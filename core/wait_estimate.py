"""The wait a citizen can plan around: a point, a calibrated range, and whether her service is closed for lunch.

``estimate_waits`` reads the live state (core/wait_state.py), fits today's
pace (core/pace.py) and demand (core/demand.py), simulates the office forward
(core/wait_sim.py) and reads each ticket's wait off the simulated futures:

* the point is their 60th percentile: a citizen told a little too much waits
  less than she planned for, one told too little misses her turn, and the
  middle of the simulated futures already has as many of each;
* the range runs from the 10th to the 90th percentile, widened above the
  point by ``Tuning.spread_high`` (what the simulation cannot know: a clerk
  called away, a dossier that takes an hour) and by a few seconds either way —
  calibrated so about 80 % of actual waits fall inside (bench/bench_estimate.py);
* a service whose counters are all between sessions says until when
  ("Bộ phận nghỉ trưa đến 13:30"), and an estimate whose wait spans a break
  says which.

The office server runs it off its database thread for every waiting ticket
(server/live_estimates.py) and prints the latest batch's estimate for a new
ticket; the queue-length baseline (core/estimate.py) stands in until the
first batch.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from core.demand import expected_demand
from core.hours import OpeningHours, Span
from core.model import Office
from core.pace import observe_pace
from core.wait_sim import PHANTOM_BASE, Phantom, SimResult, simulate
from core.wait_state import LiveState
from core.wait_tuning import DEFAULT_TUNING, Tuning


class ClosureKind(enum.StrEnum):
    LUNCH = "lunch"  # between two sessions: "Bộ phận nghỉ trưa đến 13:30"
    NOT_OPEN_YET = "not_open_yet"  # before the day's first session
    CLOSED_TODAY = "closed_today"  # after the last session, or a day without one


@dataclass(frozen=True)
class Closure:
    kind: ClosureKind
    until: float | None  # when the first counter for the service opens again today (None: not today)


@dataclass(frozen=True)
class WaitEstimate:
    """Seconds from now until the ticket is called."""

    point_s: int
    low_s: int
    high_s: int
    # Share of the simulated futures in which she is called today (below 1: tell her she may not be).
    called_today: float
    # The break between sessions that the wait spans, if any (say so on the ticket).
    break_in_wait: Span | None = None


@dataclass(frozen=True)
class Estimates:
    tickets: Mapping[int, WaitEstimate]  # waiting tickets by id
    new_ticket: Mapping[str, WaitEstimate]  # a regular ticket issued now, by service
    new_priority_ticket: Mapping[str, WaitEstimate]  # a priority ticket issued now, by service
    closures: Mapping[str, Closure]  # services whose counters are all outside their sessions now


def estimate_waits(
    state: LiveState,
    *,
    tickets: Collection[int] | None = None,
    new_tickets: bool = True,
    tuning: Tuning = DEFAULT_TUNING,
    seed: int = 0,
) -> Estimates:
    """Estimates for the waiting ``tickets`` (all of them if None) and, with ``new_tickets``, a new one per service.

    Deterministic for a given state and ``seed``. Asking for fewer tickets is
    cheaper: each simulated future stops once all asked-for tickets are called.
    """
    result = forecast(state, tickets=tickets, new_tickets=new_tickets, tuning=tuning, seed=seed)
    service_of = {t.ticket_id: t.service for t in state.waiting}

    never_s = state.hours.next_day_start(state.now) - state.now

    def read(key: int, service: str) -> WaitEstimate:
        breaks = service_breaks(state, service)
        closing_s = service_closing(state, service) - state.now
        return summarize(
            result.waits[key], tuning, now=state.now, never_s=never_s, breaks=breaks, closing_s=closing_s
        )

    new: dict[str, WaitEstimate] = {}
    new_priority: dict[str, WaitEstimate] = {}
    for i, phantom in enumerate(result.phantoms):
        (new_priority if phantom.priority else new)[phantom.service] = read(PHANTOM_BASE + i, phantom.service)
    return Estimates(
        tickets={tid: read(tid, service_of[tid]) for tid in result.waits if tid < PHANTOM_BASE},
        new_ticket=new,
        new_priority_ticket=new_priority,
        closures=closures(state),
    )


def forecast(
    state: LiveState,
    *,
    tickets: Collection[int] | None = None,
    new_tickets: bool = True,
    tuning: Tuning = DEFAULT_TUNING,
    seed: int = 0,
) -> SimResult:
    """The simulated waits themselves (``estimate_waits`` reads its estimates off them)."""
    waiting_ids = {t.ticket_id for t in state.waiting}
    targets = sorted(waiting_ids if tickets is None else waiting_ids & set(tickets))
    phantoms: tuple[Phantom, ...] = ()
    if new_tickets:
        phantoms = tuple(Phantom(s.code, p) for s in state.office.services for p in (False, True))
    return simulate(state, observe_pace(state, tuning), expected_demand(state, tuning), targets, phantoms, tuning, seed)


def summarize(
    waits: list[float | None],
    tuning: Tuning,
    *,
    now: float,
    never_s: float,
    breaks: tuple[Span, ...] = (),
    closing_s: float = math.inf,
) -> WaitEstimate:
    """Point and range from the simulated waits; a future that does not call her today counts as ``never_s``
    (the rest of the day), so the figures only grow as her chances shrink.

    ``called_today`` is the share of futures that call her before closing (``closing_s`` from now: the
    end of the last session of a counter serving her service). The simulated clerks serve whoever is
    still waiting after closing, but a citizen cannot plan on that: a future calling her after closing
    is one that may not serve her today, and the screens say so below 0.9 (hardware/slip.py). For the
    same reason the range's top stops at closing while the point is before it: "40–820 phút" told her
    nothing that "may not be called today" does not tell better.
    """
    values = sorted(never_s if w is None else w for w in waits)
    point = _quantile(values, tuning.point_quantile)
    low = point - tuning.spread_low * max(0.0, point - _quantile(values, tuning.low_quantile)) - tuning.margin_s
    high = point + tuning.spread_high * max(0.0, _quantile(values, tuning.high_quantile) - point) + tuning.margin_s
    low = max(0.0, low)
    high = min(high, max(point, closing_s))
    return WaitEstimate(
        point_s=round(point),
        low_s=min(round(low), round(point)),
        high_s=max(round(high), round(point)),
        called_today=sum(w is not None and w <= closing_s for w in waits) / len(waits),
        break_in_wait=_break_within(breaks, now, point),
    )


def _quantile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks."""
    position = q * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def _break_within(breaks: tuple[Span, ...], now: float, wait_s: float) -> Span | None:
    return next((b for b in breaks if b.overlap(now, now + wait_s) > 0), None)


def service_breaks(state: LiveState, service: str) -> tuple[Span, ...]:
    """Today's stretches, from now on, when no counter serving ``service`` is in a session (as epoch spans)."""
    numbers = [c.number for c in state.office.counters_serving(service)]
    sessions = sorted((s for n in numbers for s in state.hours.spans(state.now, n)), key=lambda s: s.start)
    merged: list[Span] = []
    for span in sessions:
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(Span(a.end, b.start) for a, b in zip(merged, merged[1:], strict=False) if b.start > state.now)


def service_closing(state: LiveState, service: str) -> float:
    """When the last counter serving ``service`` ends its last session today (infinity: no session today,
    so nothing is said about closing; the service's closure says it is closed)."""
    ends = [c for n in state.office.counters_serving(service) if (c := state.hours.closing(state.now, n.number))]
    return max(ends, default=math.inf)


def closures(state: LiveState) -> dict[str, Closure]:
    """Services none of whose counters is in a session now, and when the first of them opens again."""
    return service_closures(state.office, state.hours, state.now)


def service_closures(office: Office, hours: OpeningHours, now: float) -> dict[str, Closure]:
    """``closures`` from the office and its hours alone: cheap enough to ask at every ticket issued."""
    result: dict[str, Closure] = {}
    for service in office.services:
        numbers = [c.number for c in office.counters_serving(service.code)]
        if any(hours.is_open(now, n) for n in numbers):
            continue
        openings = [t for n in numbers if (t := hours.next_opening(now, n)) is not None]
        started = any(span.start <= now for n in numbers for span in hours.spans(now, n))
        if not openings:
            result[service.code] = Closure(ClosureKind.CLOSED_TODAY, None)
        else:
            result[service.code] = Closure(ClosureKind.LUNCH if started else ClosureKind.NOT_OPEN_YET, min(openings))
    return result
