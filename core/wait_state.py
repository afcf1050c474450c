"""What the wait estimator knows of the office at one moment: a typed snapshot of the live state.

The office server (phase 2) or a client of its API (bench/bench_estimate.py)
fills it in; core/wait_estimate.py turns it into estimates. All times are
epoch seconds; "today" is the office-local day of ``now``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.hours import OpeningHours
from core.model import Office
from core.queue import QueueEntry


class Activity(enum.StrEnum):
    """What a counter is doing (the names of server/snapshots.py's counter ``state``)."""

    SIGNED_OUT = "signed_out"
    PAUSED = "paused"
    IDLE = "idle"
    CALLING = "calling"
    SERVING = "serving"


@dataclass(frozen=True)
class WaitingTicket:
    ticket_id: int
    service: str
    priority: bool
    # The moment that sets its place: issue time, or the requeue time of a returning no-show.
    queue_key: float
    # A booked citizen's slot start (she checked in with her booking): called before the walk-ins.
    booked_slot: float | None = None

    def entry(self) -> QueueEntry:
        return QueueEntry(self.ticket_id, self.service, self.priority, self.queue_key, self.booked_slot)


@dataclass(frozen=True)
class CounterNow:
    number: int
    services: tuple[str, ...]  # in the order the counter calls them
    activity: Activity
    # calling: when the ticket was called; serving: when service started; paused: when it paused.
    since: float | None = None
    current_service: str | None = None  # the ticket at the counter, when calling or serving
    # Regular tickets called here since the last priority one (the interleave rule's count).
    regular_since_priority: int = 0
    # Was a clerk signed in here earlier today: a counter signed out over lunch comes back.
    signed_in_today: bool = False
    clerk: str | None = None  # who is signed in: a clerk's pace goes with her, not with the counter


@dataclass(frozen=True)
class FinishedCall:
    """A call that ended today, served (finished) or not (no-show): how fast each counter works."""

    counter: int
    service: str
    queued_at: float
    called_at: float
    started_at: float | None  # None when the clerk finished without pressing start
    finished_at: float
    no_show: bool = False
    clerk: str | None = None


@dataclass(frozen=True)
class PauseSpan:
    """A pause that ended today (resumed), for how long pauses last."""

    counter: int
    start: float
    end: float


@dataclass(frozen=True)
class Issued:
    """A ticket issued today (any status): how busy today is against the history."""

    service: str
    priority: bool
    at: float


@dataclass(frozen=True)
class HourlyHistory:
    """The office's history for one service in one office-local hour, on the same weekday as today.

    ``tickets_per_hour``: mean tickets issued in that hour over ``days`` past days;
    ``mean_service_s``: their mean service time (None when none was served).
    """

    service: str
    hour: int
    tickets_per_hour: float
    priority_share: float
    mean_service_s: float | None
    days: int


@dataclass(frozen=True)
class ClerkHistory:
    """A clerk's pace over past days: her services took ``speed`` × the office's mean (core.pace.clerk_paces)."""

    clerk: str
    speed: float
    services: int


@dataclass(frozen=True)
class Booking:
    """Booked visits expected in a coming slot: the day's bookings not checked in yet and not missed.

    The estimator counts them as arrivals at ``at`` (the slot's start), each going ahead of the
    walk-ins of her service (core/wait_booked.py), as the booked-first rule calls them.
    """

    service: str
    at: float
    count: int = 1
    priority: bool = False


@dataclass(frozen=True)
class LiveState:
    now: float
    office: Office
    hours: OpeningHours
    waiting: tuple[WaitingTicket, ...]
    counters: tuple[CounterNow, ...]
    finished_today: tuple[FinishedCall, ...] = ()
    pauses_today: tuple[PauseSpan, ...] = ()
    issued_today: tuple[Issued, ...] = ()
    history: tuple[HourlyHistory, ...] = ()
    clerk_history: tuple[ClerkHistory, ...] = ()
    bookings: tuple[Booking, ...] = ()
    # Counters the office's past says are staffed on a working day (core.wait_history.expected_counters):
    # one nobody has signed in to yet today is late, not closed, while the day's first session runs.
    expected_counters: frozenset[int] = frozenset()
