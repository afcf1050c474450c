"""The wait printed on a ticket (first baseline; a later model replaces it).

Queue-length baseline (Ibrahim & Whitt): (n + 1) × mean service time ÷ the
counters serving that service. The mean is taken over the service's recent
completed services so a slow morning shows on the next ticket; with too few
of those, the configured mean stands in.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

# Enough recent services to smooth one odd dossier, few enough to follow the day.
RECENT_SERVICES = 20
MIN_SAMPLES = 3


def recent_mean_service_s(recent_durations_s: Sequence[float], configured_mean_s: float) -> float:
    usable = [d for d in recent_durations_s[-RECENT_SERVICES:] if d > 0]
    if len(usable) < MIN_SAMPLES:
        return configured_mean_s
    return statistics.fmean(usable)


def estimate_wait_s(waiting_ahead: int, mean_service_s: float, counters_open: int) -> int:
    """Seconds until the ticket is called: (n + 1) × mean ÷ counters.

    With no counter open for the service, one is assumed: the ticket will be
    served once someone signs in, and "0 counters" must not print as infinity.
    """
    if waiting_ahead < 0:
        raise ValueError("waiting_ahead cannot be negative")
    counters = max(1, counters_open)
    return int(math.ceil((waiting_ahead + 1) * mean_service_s / counters))


def estimate_with_bookings_s(
    waiting_ahead: int, mean_service_s: float, counters_open: int, booked_slots: Sequence[float], now: float
) -> int:
    """The walk-in's wait when booked citizens expected to arrive will be served first (core/queue.py).

    ``booked_slots``: the slot starts (epoch s) of bookings of the service not checked in yet and not
    missed. Those whose slot starts before the walk-in would be called go ahead of her; each one counted
    pushes her call later, so the count is taken again until it settles (at most once per booking).
    """
    wait = estimate_wait_s(waiting_ahead, mean_service_s, counters_open)
    for _ in range(len(booked_slots) + 1):
        expected = sum(1 for slot in booked_slots if slot <= now + wait)
        longer = estimate_wait_s(waiting_ahead + expected, mean_service_s, counters_open)
        if longer == wait:
            break
        wait = longer
    return wait
