"""The office's past for the wait estimator: the same weekday's tickets per service and hour, in the core's shapes.

The office server reads the past days' tickets (server/storage/wait_inputs.py)
once a day and turns them into ``LiveState.history`` here; each clerk's pace
over past days is core.pace.clerk_paces over the same days' calls, and the
counters usually staffed (``LiveState.expected_counters``) come from them too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.wait_state import FinishedCall, HourlyHistory


@dataclass(frozen=True)
class PastTicket:
    service: str  # the service it ended in
    priority: bool
    issued_at: float
    service_s: float | None  # served: the last call (or the start) → finish, as core.stats counts it


def hourly_history(days: Sequence[Sequence[PastTicket]], tz: ZoneInfo) -> tuple[HourlyHistory, ...]:
    """Per service and office-local hour of issue: tickets an hour (the mean over the days that had any),
    their mean service time, and the priority share.

    The priority share is the hour's, over all services: a service's share in one hour of a few past
    days is a handful of tickets (the estimator was tuned on the hour's share, bench/bench_estimate.py).
    """
    open_days = [day for day in days if day]
    if not open_days:
        return ()
    issued: dict[tuple[str, int], int] = defaultdict(int)
    served_s: dict[tuple[str, int], list[float]] = defaultdict(list)
    hour_tickets: dict[int, int] = defaultdict(int)
    hour_priority: dict[int, int] = defaultdict(int)
    for day in open_days:
        for t in day:
            hour = datetime.fromtimestamp(t.issued_at, tz).hour
            issued[(t.service, hour)] += 1
            hour_tickets[hour] += 1
            hour_priority[hour] += t.priority
            if t.service_s is not None:
                served_s[(t.service, hour)].append(t.service_s)
    return tuple(
        HourlyHistory(
            service=service,
            hour=hour,
            tickets_per_hour=n / len(open_days),
            priority_share=hour_priority[hour] / hour_tickets[hour],
            mean_service_s=sum(times) / len(times) if (times := served_s.get((service, hour))) else None,
            days=len(open_days),
        )
        for (service, hour), n in sorted(issued.items())
    )


def expected_counters(days: Sequence[Sequence[FinishedCall]], configured: Sequence[int]) -> frozenset[int]:
    """The counters that called on at least half of the past working days (days with any call).

    A new office has no past: every configured counter is expected, as office.toml says.
    """
    working = [{call.counter for call in day} for day in days if day]
    if not working:
        return frozenset(configured)
    return frozenset(n for n in configured if 2 * sum(n in used for used in working) >= len(working))
