"""Office statistics from tickets and counter events (DOMAIN.md "Figures a supervisor wants").

Pure: the office server (server/stats.py) and the report command read the
rows and hand them over as the plain records below; everything a supervisor
reads is computed here, once, the same way for the API, the dashboard and
the reports.

What each figure means — decided here, tested in tests/core/test_stats.py:

* A ticket belongs to the office day and the office-local hour it was
  **issued**, and to the service it **ended in** (a transferred ticket counts
  in the service it was transferred to, where the work was done), to the
  counter and clerk that **called it last**.
* issued = served + no_show + cancelled + waiting + in_service, by final status.
  ``cancelled`` includes the tickets the day roll-over closed (``cancelled_day_end``).
* **wait** = issue → the last call, measured on tickets whose call resolved
  (served or no-show). A recall moves the last call, so it lengthens the wait.
  A transferred ticket's wait runs to its last call at the new service (its
  first service time is part of it: the citizen was still not done).
  A **requeued no-show** waits twice: issue → the call she missed (the first
  call) plus requeue → the last call; the time she was away is not the office's.
  A ticket waiting over the lunch break waits through it: opening hours are
  not configuration, and the citizen did wait.
* **service time** = the last call (or the start, when pressed) → finish, on
  served tickets; for a transferred ticket, at the last counter.
* **service level** = tickets whose wait ≤ their service's target ÷ (tickets
  with a wait + tickets cancelled uncalled after waiting longer than the
  target, the day-end closures included): a citizen who gave up was not served
  in time.
* **no-show rate** = no_show ÷ (served + no_show).
* **open time** of a counter = signed in and not paused; a session ends at
  sign-out, pause, the day roll-over, or at the latest at local midnight (a
  clerk who forgets to sign out does not open the counter all night).
  **busy time** = the service times of the tickets it served plus the time
  tickets spent at it before being transferred away. **utilisation** =
  busy ÷ open; **served per counter-hour** = served ÷ open hours.
* **response rate** = rated ÷ served; **satisfaction rate** = (rated − "not
  satisfied") ÷ rated (core.rating, the national index).
* **priority share** = priority tickets ÷ issued; **priority wait** their mean wait.
* **estimate accuracy**, on tickets with a wait that were neither transferred
  nor requeued (the printed estimate was for another queue): mean absolute
  error of the printed wait, share within ±5 min, share underestimated (the
  citizen waited longer than printed), and the share whose wait fell inside
  the printed range (low ≤ wait ≤ high; tickets printed with a range only).

Shares are percentages (0–100), like the national satisfaction rate; times
are seconds. A figure with nothing to measure is None.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from core.clock import office_day
from core.stats_figures import WAIT_BINS_MIN, Acc, Figures, percentile, seconds

DEFAULT_TARGET_S = 900.0
__all__ = [
    "WAIT_BINS_MIN",
    "DayPart",
    "Figures",
    "compute",
    "compute_parts",
    "day_parts",
    "hourly_cells",
    "open_spans",
    "queue_length",
]

DONE, NO_SHOW, CANCELLED, WAITING = "done", "no_show", "cancelled", "waiting"
IN_SERVICE = ("called", "serving")


class TicketFacts(NamedTuple):
    """One ticket as the statistics see it (a row of the office's tickets table).

    A NamedTuple: a year holds ~300k of them, and a tuple is made fast.
    """

    id: int
    day: str  # office-local day of issue, YYYY-MM-DD
    hour: int  # office-local hour of issue
    service: str  # the service it ended in
    priority: bool
    status: str
    issued_at: float
    queued_at: float  # the issue time, or the requeue time of a returning no-show
    first_called_at: float | None
    called_at: float | None  # the last call
    started_at: float | None
    finished_at: float | None
    counter: int | None  # the counter that called it last
    clerk: str | None
    estimated_wait_s: float
    requeued: bool = False
    transferred: bool = False
    close_reason: str | None = None
    rating: int | None = None  # the level value, if rated
    # The range printed with the estimate (None on tickets printed before ranges were).
    estimated_low_s: float | None = None
    estimated_high_s: float | None = None


@dataclass(frozen=True, slots=True)
class CounterEvent:
    """A change of a counter's openness: ``kind`` is signed_in, signed_out, paused, resumed or day_started.

    ``day_started`` (the roll-over) has no counter: it signs every counter out.
    """

    at: float
    kind: str
    counter: int | None
    clerk: str | None = None


@dataclass(frozen=True, slots=True)
class OpenSpan:
    """A stretch of time a counter was open (signed in, not paused), within one office day."""

    counter: int
    clerk: str | None
    day: str
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class TransferSpan:
    """Time a ticket spent at a counter before it was transferred away: busy time for that counter."""

    counter: int
    clerk: str | None
    day: str
    seconds: float


# -- one ticket's times -----------------------------------------------------------------


def wait_s(t: TicketFacts) -> float | None:
    """Issue → last call, for a ticket whose call resolved (served or no-show); see the module doc."""
    if t.status not in (DONE, NO_SHOW) or t.called_at is None:
        return None
    if t.requeued and t.first_called_at is not None:
        return max(0.0, t.first_called_at - t.issued_at) + max(0.0, t.called_at - t.queued_at)
    return max(0.0, t.called_at - t.issued_at)


def service_s(t: TicketFacts) -> float | None:
    """Last call (or start) → finish, for a served ticket."""
    if t.status != DONE or t.finished_at is None:
        return None
    begin = t.started_at if t.started_at is not None else t.called_at
    if begin is None:
        return None
    return max(0.0, t.finished_at - begin)


# -- counters' open time ------------------------------------------------------------------


def _next_midnight(epoch_s: float, tz: ZoneInfo) -> float:
    local = datetime.fromtimestamp(epoch_s, tz)
    following = (local + timedelta(days=1)).date()
    return datetime(following.year, following.month, following.day, tzinfo=tz).timestamp()


def open_spans(events: Iterable[CounterEvent], tz: ZoneInfo, now: float) -> list[OpenSpan]:
    """When each counter was open, from its sign-in/out and pause/resume events (in time order).

    A counter still open at ``now`` is counted up to ``now``; no span crosses a local midnight.
    """
    spans: list[OpenSpan] = []
    opened: dict[int, tuple[float, str | None]] = {}  # counter → (since, clerk)
    clerks: dict[int, str | None] = {}

    def close(counter: int, at: float) -> None:
        since = opened.pop(counter, None)
        if since is None:
            return
        start, clerk = since
        end = min(at, _next_midnight(start, tz))
        if end > start:
            spans.append(OpenSpan(counter, clerk, office_day(start, tz), start, end))

    for event in sorted(events, key=lambda e: e.at):
        if event.kind == "day_started" or event.counter is None:
            for counter in list(opened):
                close(counter, event.at)
            clerks.clear()
            continue
        n = event.counter
        if event.kind == "signed_in":
            close(n, event.at)
            clerks[n] = event.clerk
            opened[n] = (event.at, event.clerk)
        elif event.kind == "signed_out":
            close(n, event.at)
            clerks.pop(n, None)
        elif event.kind == "paused":
            close(n, event.at)
        elif event.kind == "resumed" and n in clerks and n not in opened:
            opened[n] = (event.at, clerks[n])
    for counter in list(opened):
        close(counter, now)
    return spans


# -- aggregation ------------------------------------------------------------------------------


GROUPINGS = ("by_service", "by_counter", "by_clerk", "by_hour", "by_day")
# The name each grouping's key takes in its rows.
KEY_NAMES = {"by_service": "service", "by_counter": "counter", "by_clerk": "clerk", "by_hour": "hour", "by_day": "day"}
# Groupings whose counters' open time is known (an hour or a service has no open time of its own).
TIMED = ("by_counter", "by_clerk", "by_day")


@dataclass
class Stats:
    totals: Figures
    groups: dict[str, list[tuple[Hashable, Figures]]]

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"totals": self.totals.as_dict()}
        for name, rows in self.groups.items():
            result[name] = [{KEY_NAMES[name]: key, **figures.as_dict()} for key, figures in rows]
        return result


@dataclass(frozen=True, slots=True)
class DayPart:
    """One office day's tickets, summed up for its groups; any range of days merges from these.

    ``total`` is also the day's by_day row; ``groups`` has by_service, by_hour,
    by_counter and by_clerk. Past days do not change, so the server keeps these
    (server/stats.py). Read-only once made: merging copies out of them.
    """

    day: str
    total: Acc
    groups: dict[str, dict[Hashable, Acc]]


def day_parts(tickets: Iterable[TicketFacts], targets: Mapping[str, float] | None = None) -> list[DayPart]:
    """Each ticket added to its (service, hour, day) cell, its counter and its clerk; a part per day.

    A day's service, hour and total figures are merged from its cells, in the
    order the cells first appear; the days come in the order they first appear.
    """
    targets = targets or {}
    # Per day: (service, hour) cells, counters, clerks. A year of ~300k tickets is ~20k cells.
    days: dict[str, tuple[dict[tuple[str, int], Acc], dict[Hashable, Acc], dict[Hashable, Acc]]] = {}
    for t in tickets:
        wait, service, target = wait_s(t), service_s(t), targets.get(t.service, DEFAULT_TARGET_S)
        day = days.get(t.day)
        if day is None:
            day = days[t.day] = ({}, {}, {})
        cells, counters, clerks = day
        key = (t.service, t.hour)
        acc = cells.get(key)
        if acc is None:
            acc = cells[key] = Acc()
        acc.add(t, wait, service, target)
        for groups, k in ((counters, t.counter), (clerks, t.clerk)):
            if k is None:
                continue
            acc = groups.get(k)
            if acc is None:
                acc = groups[k] = Acc()
            acc.add(t, wait, service, target)
    parts = []
    for name, (cells, counters, clerks) in days.items():
        total, by_service, by_hour = Acc(), dict[Hashable, Acc](), dict[Hashable, Acc]()
        for (service_code, hour), cell in cells.items():
            total.merge(cell)
            for groups, k in ((by_service, service_code), (by_hour, hour)):
                acc = groups.get(k)
                if acc is None:
                    acc = groups[k] = Acc()
                acc.merge(cell)
        part = DayPart(
            name, total, {"by_service": by_service, "by_hour": by_hour, "by_counter": counters, "by_clerk": clerks}
        )
        # Sorted runs: a range's waits then sort in a fraction of the time (their order counts for nothing).
        for acc in (total, *by_service.values(), *by_hour.values(), *counters.values(), *clerks.values()):
            acc.waits.sort()
            acc.services.sort()
        parts.append(part)
    return parts


def compute(
    tickets: Iterable[TicketFacts],
    spans: Iterable[OpenSpan] = (),
    transfers: Iterable[TransferSpan] = (),
    *,
    negative: frozenset[int] = frozenset(),
    targets: Mapping[str, float] | None = None,
) -> Stats:
    """Every figure, for the office and by service, counter, clerk, hour and day."""
    return compute_parts(day_parts(tickets, targets), spans, transfers, negative=negative)


def compute_parts(
    parts: Iterable[DayPart],
    spans: Iterable[OpenSpan] = (),
    transfers: Iterable[TransferSpan] = (),
    *,
    negative: frozenset[int] = frozenset(),
) -> Stats:
    """Every figure of the days of ``parts`` (in day order), with the counters' open and transfer times.

    Each group is extended day after day (Acc.extend): the same sums in the
    same order as one pass over the tickets, so cached days change nothing.
    """
    total = Acc()
    accs: dict[str, dict[Hashable, Acc]] = {name: {} for name in GROUPINGS}
    for part in parts:
        total.extend(part.total)
        day = accs["by_day"][part.day] = Acc()
        day.extend(part.total)
        for name, groups in part.groups.items():
            into = accs[name]
            for key, acc in groups.items():
                mine = into.get(key)
                if mine is None:
                    mine = into[key] = Acc()
                mine.extend(acc)

    def time_acc(name: str, key: Hashable) -> Acc:
        acc = accs[name].get(key)
        if acc is None:
            acc = accs[name][key] = Acc()
        acc.has_time = True
        return acc

    for span in spans:
        total.open_s += span.seconds
        total.has_time = True
        time_acc("by_counter", span.counter).open_s += span.seconds
        time_acc("by_day", span.day).open_s += span.seconds
        if span.clerk is not None:
            time_acc("by_clerk", span.clerk).open_s += span.seconds
    for tr in transfers:
        total.busy_s += tr.seconds
        time_acc("by_counter", tr.counter).busy_s += tr.seconds
        time_acc("by_day", tr.day).busy_s += tr.seconds
        if tr.clerk is not None:
            time_acc("by_clerk", tr.clerk).busy_s += tr.seconds

    rows = {
        name: [(key, accs[name][key].figures(negative, name in TIMED)) for key in sorted(accs[name], key=_sort_key)]
        for name in GROUPINGS
    }
    return Stats(total.figures(negative, True), rows)


def _sort_key(key: Hashable) -> tuple[str, float, str]:
    if isinstance(key, int | float):
        return ("", float(key), "")
    return ("~", 0.0, str(key))


# -- the sync agent's hourly cells ---------------------------------------------------------------


def hourly_cells(tickets: Iterable[TicketFacts]) -> list[dict[str, Any]]:
    """One cell per (day, hour of issue, service) with any ticket: what /api/stats/hourly returns."""
    cells: dict[tuple[str, int, str], _Cell] = {}
    for t in tickets:
        key = (t.day, t.hour, t.service)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = _Cell()
        cell.add(t)
    return [{"day": d, "hour": h, "service": s, **cells[(d, h, s)].as_dict()} for d, h, s in sorted(cells)]


class _Cell:
    __slots__ = ("issued", "served", "no_show", "cancelled", "waits", "services", "ratings")

    def __init__(self) -> None:
        self.issued = self.served = self.no_show = self.cancelled = 0
        self.waits: list[float] = []
        self.services: list[float] = []
        self.ratings: Counter[int] = Counter()

    def add(self, t: TicketFacts) -> None:
        self.issued += 1
        if t.status == DONE:
            self.served += 1
            if t.rating is not None:
                self.ratings[t.rating] += 1
        elif t.status == NO_SHOW:
            self.no_show += 1
        elif t.status == CANCELLED:
            self.cancelled += 1
        wait = wait_s(t)
        if wait is not None:
            self.waits.append(wait)
        service = service_s(t)
        if service is not None:
            self.services.append(service)

    def as_dict(self) -> dict[str, Any]:
        waits = sorted(self.waits)
        return {
            "issued": self.issued,
            "served": self.served,
            "no_show": self.no_show,
            "cancelled": self.cancelled,
            "wait_mean_s": seconds(statistics.fmean(waits)) if waits else None,
            "wait_p90_s": seconds(percentile(waits, 0.9)) if waits else None,
            "wait_max_s": seconds(waits[-1]) if waits else None,
            "service_mean_s": seconds(statistics.fmean(self.services)) if self.services else None,
            "ratings": {str(level): n for level, n in sorted(self.ratings.items(), reverse=True)},
        }


# -- queue length over a day ------------------------------------------------------------------------


def queue_length(tickets: Iterable[TicketFacts], start: float, end: float, step_s: float = 900.0) -> list[int]:
    """How many tickets were waiting at ``start``, ``start + step`` … up to ``end``.

    A ticket waits from issue to its first call (or its cancellation); a
    requeued no-show waits again from its requeue to its last call.
    A transferred ticket's second wait is not counted (it is not in the
    tickets table's columns; the dashboard follows it live).
    """
    intervals: list[tuple[float, float]] = []
    for t in tickets:
        first_end = t.first_called_at if t.first_called_at is not None else t.finished_at
        intervals.append((t.issued_at, first_end if first_end is not None else math.inf))
        if t.requeued:
            second_end = t.called_at if t.called_at is not None and t.called_at >= t.queued_at else t.finished_at
            intervals.append((t.queued_at, second_end if second_end is not None else math.inf))
    points: list[int] = []
    at = start
    while at <= end:
        points.append(sum(1 for a, b in intervals if a <= at < b))
        at += step_s
    return points
