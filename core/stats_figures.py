"""The figures of one group of tickets, and the accumulator that collects them (see core/stats.py).

Kept apart from the definitions in core/stats.py: this module only counts,
averages and ranks; what a wait or an open hour *is* is decided there.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.rating import satisfaction_rate

if TYPE_CHECKING:
    from core.stats import TicketFacts

ESTIMATE_TOLERANCE_S = 300.0
# Wait distribution bins (minutes); the last bin is "60 and more".
WAIT_BINS_MIN = (0, 5, 10, 15, 20, 30, 45, 60)
_EDGES_S = [m * 60 for m in WAIT_BINS_MIN[1:]]

COUNTS = (
    "issued",
    "served",
    "no_show",
    "cancelled",
    "cancelled_day_end",
    "waiting",
    "in_service",
    "transferred",
    "requeued",
    "priority",
)
(ISSUED, SERVED, NO_SHOW, CANCELLED, DAY_END, WAITING, IN_SERVICE, TRANSFERRED, REQUEUED, PRIORITY) = range(10)
_STATUS_SLOT = {"done": SERVED, "no_show": NO_SHOW, "cancelled": CANCELLED, "waiting": WAITING}


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below it."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def histogram(sorted_waits: Sequence[float]) -> list[int]:
    """How many waits fall in each WAIT_BINS_MIN bin (the last is open-ended); the waits sorted.

    A wait w is in bin i when edge[i-1] <= w < edge[i]: on sorted waits the
    count below each edge is one bisection, not one per wait (a year: 300k).
    """
    below = [0, *(bisect.bisect_left(sorted_waits, edge) for edge in _EDGES_S), len(sorted_waits)]
    return [b - a for a, b in itertools.pairwise(below)]


def median(sorted_values: Sequence[float]) -> float:
    """statistics.median of values already sorted (it would sort them again)."""
    n = len(sorted_values)
    if n % 2:
        return sorted_values[n // 2]
    return (sorted_values[n // 2 - 1] + sorted_values[n // 2]) / 2


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def pct(part: float, whole: float) -> float | None:
    return None if whole <= 0 else round(part / whole * 100, 1)


@dataclass
class Figures:
    """The figures of one group of tickets (an office, a service, a counter, a clerk, an hour or a day)."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    cancelled_day_end: int = 0
    waiting: int = 0
    in_service: int = 0
    transferred: int = 0
    requeued: int = 0
    priority: int = 0
    priority_share: float | None = None
    wait_mean_s: float | None = None
    wait_median_s: float | None = None
    wait_p90_s: float | None = None
    wait_max_s: float | None = None
    priority_wait_mean_s: float | None = None
    service_mean_s: float | None = None
    service_median_s: float | None = None
    service_level: float | None = None
    no_show_rate: float | None = None
    open_s: float | None = None
    busy_s: float | None = None
    utilisation: float | None = None
    served_per_counter_hour: float | None = None
    ratings: int = 0
    ratings_by_level: dict[str, int] = field(default_factory=dict)
    response_rate: float | None = None
    satisfaction_rate: float | None = None
    estimate_mae_s: float | None = None
    estimate_within_5min: float | None = None
    estimate_under: float | None = None
    estimate_in_range: float | None = None
    wait_histogram: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class Acc:
    """Collects a group's tickets (``add``) or other groups (``merge``); ``figures()`` reads them out."""

    __slots__ = (
        "counts",
        "waits",
        "priority_waits",
        "services",
        "met",
        "judged",
        "ratings",
        "estimated",
        "error_sum",
        "error_terms",
        "error_close",
        "error_under",
        "ranged",
        "in_range",
        "open_s",
        "busy_s",
        "busy_terms",
        "has_time",
    )

    def __init__(self) -> None:
        self.counts = [0] * len(COUNTS)
        self.waits: list[float] = []
        self.priority_waits: list[float] = []
        self.services: list[float] = []
        self.met = 0  # waits within the target
        self.judged = 0  # tickets the service level judges
        self.ratings: dict[int, int] = {}
        # The printed estimates judged, and their errors (actual wait − printed).
        self.estimated = 0
        self.error_sum = 0.0  # of absolute errors
        # What error_sum and busy_s were summed from, in order: a ticket's value (add) or a group's sum (merge).
        # Float addition is not associative; replaying the same terms in the same order (extend) makes a
        # range merged from cached days give the very same figures as one summed ticket by ticket.
        self.error_terms: list[float] = []
        self.busy_terms: list[float] = []
        self.error_close = 0  # within ±ESTIMATE_TOLERANCE_S
        self.error_under = 0  # the citizen waited longer than printed
        self.ranged = 0  # printed with a range
        self.in_range = 0  # and waited within it
        self.open_s = 0.0
        self.busy_s = 0.0
        self.has_time = False

    def add(self, t: TicketFacts, wait: float | None, service: float | None, target_s: float) -> None:
        c = self.counts
        c[ISSUED] += 1
        status = t.status
        c[_STATUS_SLOT.get(status, IN_SERVICE)] += 1
        if status == "cancelled" and t.close_reason == "day_end":
            c[DAY_END] += 1
        if t.transferred:
            c[TRANSFERRED] += 1
        if t.requeued:
            c[REQUEUED] += 1
        if t.priority:
            c[PRIORITY] += 1
        if wait is not None:
            self.waits.append(wait)
            self.judged += 1
            if wait <= target_s:
                self.met += 1
            if t.priority:
                self.priority_waits.append(wait)
            if not t.transferred and not t.requeued:
                error = wait - t.estimated_wait_s
                self.estimated += 1
                self.error_sum += abs(error)
                self.error_terms.append(abs(error))
                if abs(error) <= ESTIMATE_TOLERANCE_S:
                    self.error_close += 1
                if error > 0:
                    self.error_under += 1
                low, high = t.estimated_low_s, t.estimated_high_s
                if low is not None and high is not None:
                    self.ranged += 1
                    if low <= wait <= high:
                        self.in_range += 1
        elif (
            status == "cancelled"
            and t.first_called_at is None
            and t.finished_at is not None
            and t.finished_at - t.issued_at > target_s
        ):
            self.judged += 1  # gave up (or the day ended) after waiting past the target
        if service is not None:
            self.services.append(service)
            self.busy_s += service
            self.busy_terms.append(service)
            if t.rating is not None:
                self.ratings[t.rating] = self.ratings.get(t.rating, 0) + 1

    def merge(self, other: Acc) -> None:
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        self.waits += other.waits
        self.priority_waits += other.priority_waits
        self.services += other.services
        self.met += other.met
        self.judged += other.judged
        for level, n in other.ratings.items():
            self.ratings[level] = self.ratings.get(level, 0) + n
        self.estimated += other.estimated
        self.error_sum += other.error_sum
        self.error_terms.append(other.error_sum)
        self.error_close += other.error_close
        self.error_under += other.error_under
        self.ranged += other.ranged
        self.in_range += other.in_range
        self.busy_s += other.busy_s
        self.busy_terms.append(other.busy_s)

    def extend(self, other: Acc) -> None:
        """Take in another group's tickets as if they had been added (or merged) here one by one, in order.

        Unlike merge(), the sums continue over the other's terms rather than adding its total, so
        extending day after day gives exactly the floats of one pass over the whole range.
        """
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        self.waits += other.waits
        self.priority_waits += other.priority_waits
        self.services += other.services
        self.met += other.met
        self.judged += other.judged
        for level, n in other.ratings.items():
            self.ratings[level] = self.ratings.get(level, 0) + n
        self.estimated += other.estimated
        # reduce(add), not sum(): it adds left to right in every Python (3.12's sum() compensates).
        self.error_sum = functools.reduce(operator.add, other.error_terms, self.error_sum)
        self.error_terms += other.error_terms
        self.error_close += other.error_close
        self.error_under += other.error_under
        self.ranged += other.ranged
        self.in_range += other.in_range
        self.busy_s = functools.reduce(operator.add, other.busy_terms, self.busy_s)
        self.busy_terms += other.busy_terms

    def figures(self, negative: frozenset[int], with_time: bool) -> Figures:
        c = self.counts
        f = Figures(c[ISSUED], c[SERVED], c[NO_SHOW], c[CANCELLED], c[DAY_END], c[WAITING], c[IN_SERVICE])
        f.transferred, f.requeued, f.priority = c[TRANSFERRED], c[REQUEUED], c[PRIORITY]
        f.priority_share = pct(f.priority, f.issued)
        waits = sorted(self.waits)
        if waits:
            f.wait_mean_s = seconds(_mean(waits))
            f.wait_median_s = seconds(median(waits))
            f.wait_p90_s = seconds(percentile(waits, 0.9))
            f.wait_max_s = seconds(waits[-1])
        f.wait_histogram = histogram(waits)
        if self.priority_waits:
            f.priority_wait_mean_s = seconds(_mean(self.priority_waits))
        if self.services:
            f.service_mean_s = seconds(_mean(self.services))
            f.service_median_s = seconds(median(sorted(self.services)))
        f.service_level = pct(self.met, self.judged)
        f.no_show_rate = pct(f.no_show, f.served + f.no_show)
        if with_time and self.has_time:
            f.open_s = seconds(self.open_s)
            f.busy_s = seconds(self.busy_s)
            f.utilisation = pct(self.busy_s, self.open_s)
            f.served_per_counter_hour = round(f.served / (self.open_s / 3600), 2) if self.open_s > 0 else None
        f.ratings = sum(self.ratings.values())
        f.ratings_by_level = {str(level): n for level, n in sorted(self.ratings.items(), reverse=True)}
        f.response_rate = pct(f.ratings, f.served)
        rate = satisfaction_rate(self.ratings, negative)
        f.satisfaction_rate = None if rate is None else round(rate, 1)
        if self.estimated:
            f.estimate_mae_s = seconds(self.error_sum / self.estimated)
            f.estimate_within_5min = pct(self.error_close, self.estimated)
            f.estimate_under = pct(self.error_under, self.estimated)
            f.estimate_in_range = pct(self.in_range, self.ranged)
        return f
