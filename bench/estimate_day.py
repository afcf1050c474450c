"""Simulated office days for bench_estimate.py: the scenarios, and the citizens and clerks that live them.

The clock is the server's FakeClock: the driver pops the next event, moves the
clock there and does what a citizen or clerk would do through the real API —
nothing sleeps. Citizens arrive by an hourly profile (Poisson) and take
tickets; clerks call the next ticket (the server picks it), wait for the
citizen to walk up, serve her for a lognormal time, change over, and call
again; an idle clerk calls within seconds of a new ticket for her services;
clerks pause for lunch when they come free after their session ends and are
back a minute or two after it restarts; after closing they serve whoever is
still waiting, then sign out.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import requests

from core.clock import local_epoch
from core.hours import SAMPLE_HOURS, OpeningHours, Session
from core.reference_day import ARRIVALS as REFERENCE
from core.reference_day import NO_SHOW_SHARE as NO_SHOW
from core.reference_day import SERVICE_SHARE as SHARES
from core.reference_day import service_time_s
from tests.helpers.office import PIN

TIMEOUT_S = 10
GROUPS = ("elderly", "disabled", "pregnant", "merit", "child")

# What services really take in these offices (minutes) — not quite what office.toml says (9, 4, 14, 8, 12, 3).
TRUE_MEAN_MIN = {"A": 10.5, "B": 4.0, "C": 16.0, "D": 7.0, "E": 12.0, "F": 2.5}


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    counters: tuple[tuple[str, ...], ...]
    hours: OpeningHours
    scale: float  # × the reference day
    strategy: str = "strict"
    every: int = 3
    priority_share: float = 0.08
    # (start, end, low, high): arrivals in [start, end) minutes × a factor drawn in [low, high] each day.
    surge: tuple[int, int, float, float] | None = None
    # Arrivals per hour over the lunch break (offices with counters on lunch duty).
    lunch_per_hour: float = 0.0
    # Today only (the history days are ordinary): clerk speed (2 = twice as slow; she is new, a trainee),
    # pauses, chosen tickets.
    slow: dict[int, float] = field(default_factory=dict)
    pauses: tuple[tuple[int, int, int], ...] = ()  # (counter, minute, minutes)
    extra: tuple[tuple[float, str, bool], ...] = ()  # (minute, service, priority)

    def config_counters(self) -> list[tuple[str, ...]]:
        return list(self.counters)


WEEKDAYS = SAMPLE_HOURS.week
ALL_DAY = (Session.parse("07:30-17:00"),)
DISTRICT = (
    ("B", "F"),
    ("B", "A"),
    ("B", "D"),
    ("A", "B"),
    ("A", "C"),
    ("C", "E"),
    ("C", "D"),
    ("D", "F"),
    ("F", "B"),
    ("E", "C"),
)
COMMUNE = (("B", "A"), ("A", "B"), ("C", "E"), ("D", "F"), ("C", "D"))
LUNCH_DUTY = OpeningHours(
    SAMPLE_HOURS.timezone,
    SAMPLE_HOURS.week,
    {n: (ALL_DAY,) * 5 + ((), ()) for n in (6, 7, 8, 9, 10)},
)

SCENARIOS = (
    Scenario("commune", "commune office, 5 counters, ~170 tickets", COMMUNE, SAMPLE_HOURS, scale=0.75),
    Scenario(
        "district_surge",
        "district centre, 10 counters, morning surge",
        DISTRICT,
        SAMPLE_HOURS,
        scale=1.7,
        surge=(8 * 60, 9 * 60 + 30, 1.2, 1.8),
    ),
    Scenario(
        "district_pause",
        "district centre, counters 6 and 2 paused mid-morning, interleaved priority",
        DISTRICT,
        SAMPLE_HOURS,
        scale=1.6,
        strategy="interleave",
        pauses=((6, 9 * 60 + 40, 35), (2, 10 * 60 + 15, 15)),
    ),
    Scenario(
        "district_lunch",
        "district centre, counters 1–5 at lunch 11:30–13:30, 6–10 on duty",
        DISTRICT,
        LUNCH_DUTY,
        scale=1.6,
        lunch_per_hour=12,
        extra=((11 * 60 + 26, "A", False), (11 * 60 + 28, "A", False), (11 * 60 + 29, "B", False)),
    ),
    Scenario(
        "slow_clerk",
        "district centre, counter 4's clerk twice as slow, interleaved priority",
        DISTRICT,
        SAMPLE_HOURS,
        scale=1.5,
        strategy="interleave",
        slow={4: 2.0},
    ),
)


@dataclass
class Issue:
    """A ticket issued on the measured day: what the server printed, what the baseline would have, the wait."""

    ticket: dict[str, Any]
    baseline_s: float
    point_s: float
    low_s: float | None
    high_s: float | None
    closed: bool = False
    actual_s: float | None = None


class Day:
    """One office day of a scenario, driven through the API. ``on_issue`` sees each new ticket."""

    def __init__(
        self,
        base_url: str,
        tokens: dict[str, str],
        clock: Any,
        scenario: Scenario,
        day: date,
        seed: int,
        today: bool,
        on_issue: Callable[[dict[str, Any]], None] | None = None,
        move_clock: Callable[[float], None] | None = None,
        after_action: Callable[[], None] | None = None,
    ) -> None:
        """``move_clock(t)`` moves the clock forward to t (default: sets it); ``after_action`` runs after each
        thing a citizen or clerk did (bench_estimate.py lets the server's wait estimator catch up there)."""
        self.base_url = base_url
        self.tokens = tokens
        self.clock = clock
        self.sc = scenario
        self.day = day
        self.tz = scenario.hours.tz
        self.rng = random.Random(seed)
        self.today = today
        self.on_issue = on_issue
        self.move_clock = move_clock
        self.after_action = after_action
        self.http = requests.Session()
        self.events: list[tuple[float, int, Callable[[], None]]] = []
        self.order = itertools.count()
        self.idle: set[int] = set()
        self.waking: set[int] = set()
        self.done: set[int] = set()
        self.pause_due: dict[int, int] = {}
        self.lunching: set[int] = set()
        self.closed_arrivals = False
        self.issued = 0

    # -- plumbing ------------------------------------------------------------------

    def post(self, device: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.post(
            self.base_url + path,
            json=body or {},
            headers={"Authorization": f"Bearer {self.tokens[device]}"},
            timeout=TIMEOUT_S,
        )
        if response.status_code >= 400:
            raise RuntimeError(f"{device} {path}: {response.status_code} {response.text[:200]}")
        return response.json()

    def at(self, epoch_s: float, action: Callable[[], None]) -> None:
        heapq.heappush(self.events, (epoch_s, next(self.order), action))

    def after(self, seconds: float, action: Callable[[], None]) -> None:
        self.at(self.clock() + seconds, action)

    def minute(self, m: float) -> float:
        return local_epoch(self.day, m, self.tz)

    def run(self) -> None:
        self.plan()
        while self.events:
            when, _, action = heapq.heappop(self.events)
            if self.move_clock is not None:
                self.move_clock(max(self.clock.now, when))
            else:
                self.clock.now = max(self.clock.now, when)
            action()
            if self.after_action is not None:
                self.after_action()
        self.http.close()

    # -- the plan --------------------------------------------------------------------

    def plan(self) -> None:
        rng, sc = self.rng, self.sc
        surge = None
        if sc.surge:
            start, end, low, high = sc.surge
            surge = (start, end, rng.uniform(low, high))
        profile = list(REFERENCE)
        if sc.lunch_per_hour:
            profile.append((11 * 60 + 30, 13 * 60 + 30, sc.lunch_per_hour * 2 / sc.scale))
        codes, weights = list(SHARES), list(SHARES.values())
        for start, end, count in profile:
            t = float(start)
            while True:
                factor = surge[2] if surge and surge[0] <= t < surge[1] else 1.0
                t += rng.expovariate(count * sc.scale * factor / (end - start))
                if t >= end:
                    break
                service = rng.choices(codes, weights)[0]
                priority = rng.random() < sc.priority_share
                self.at(self.minute(t), lambda s=service, p=priority: self.arrive(s, p))
        if self.today:
            for minute, service, priority in sc.extra:
                self.at(self.minute(minute), lambda s=service, p=priority: self.arrive(s, p))
            for counter, minute, _ in sc.pauses:
                self.at(self.minute(minute), lambda n=counter: self.ask_pause(n))
        for n in range(1, len(sc.counters) + 1):
            spans = sc.hours.spans(self.minute(12 * 60), n)
            self.at(spans[0].start + rng.uniform(0, 90), lambda n=n: self.sign_in(n))
            for gap in sc.hours.breaks(self.minute(12 * 60), n):
                self.at(gap.start, lambda n=n: self.lunch_if_idle(n))
        closing = max(s.end for n in range(1, len(sc.counters) + 1) for s in sc.hours.spans(self.minute(12 * 60), n))
        self.at(closing, self.close_arrivals)

    # -- citizens ----------------------------------------------------------------------

    def arrive(self, service: str, priority: bool) -> None:
        group = self.rng.choice(GROUPS) if priority else None
        ticket = self.post("kiosk", "/api/tickets", {"service": service, "priority": group})
        self.issued += 1
        if self.on_issue:
            self.on_issue(ticket)
        for n in sorted(self.idle):
            if service in self.sc.counters[n - 1] and n not in self.waking:
                self.waking.add(n)
                self.after(self.rng.uniform(5, 30), lambda n=n: self.wake(n))

    def close_arrivals(self) -> None:
        self.closed_arrivals = True
        for n in sorted(self.idle):
            self.idle.discard(n)
            self.next(n)

    # -- clerks ------------------------------------------------------------------------

    def device(self, n: int) -> str:
        return f"counter{n}"

    def sign_in(self, n: int) -> None:
        # Today's slow clerk is new to the office: a trainee with no history of her own.
        username = f"trainee{n}" if self.today and n in self.sc.slow else f"clerk{n}"
        self.post(self.device(n), f"/api/counters/{n}/sign-in", {"username": username, "pin": PIN})
        self.next(n)

    def ask_pause(self, n: int) -> None:
        minutes = next(m for c, _, m in self.sc.pauses if c == n)
        self.pause_due[n] = minutes
        if n in self.idle:
            self.idle.discard(n)
            self.next(n)

    def lunch_if_idle(self, n: int) -> None:
        if n in self.idle:
            self.idle.discard(n)
            self.next(n)

    def wake(self, n: int) -> None:
        self.waking.discard(n)
        if n in self.idle:
            self.idle.discard(n)
            self.next(n)

    def next(self, n: int) -> None:
        """The clerk is free: pause if due, break if the session is over, else call the next ticket."""
        now = self.clock()
        path = f"/api/counters/{n}"
        if n in self.pause_due:
            minutes = self.pause_due.pop(n)
            self.post(self.device(n), path + "/pause", {"reason": "Họp"})
            self.after(minutes * 60, lambda: self.resume(n))
            return
        hours = self.sc.hours
        if not hours.is_open(now, n):
            opening = hours.next_opening(now, n)
            if opening is not None:
                self.post(self.device(n), path + "/pause", {"reason": "Nghỉ trưa"})
                self.at(opening + self.rng.uniform(0, 120), lambda: self.resume(n))
                return
        answer = self.post(self.device(n), path + "/call-next")
        ticket = answer["ticket"]
        if ticket is None:
            if self.closed_arrivals:
                self.post(self.device(n), path + "/sign-out")
                self.done.add(n)
            else:
                self.idle.add(n)
            return
        if self.rng.random() < NO_SHOW:
            self.after(60, lambda: self.post(self.device(n), path + "/recall"))
            self.after(150, lambda: self.no_show(n))
            return
        self.after(self.rng.uniform(15, 60), lambda: self.start(n, ticket["service"]))

    def resume(self, n: int) -> None:
        self.post(self.device(n), f"/api/counters/{n}/resume")
        self.next(n)

    def no_show(self, n: int) -> None:
        self.post(self.device(n), f"/api/counters/{n}/no-show", {"requeue": False})
        self.after(self.rng.uniform(10, 40), lambda: self.next(n))

    def start(self, n: int, service: str) -> None:
        self.post(self.device(n), f"/api/counters/{n}/start")
        speed = self.sc.slow.get(n, 1.0) if self.today else 1.0
        duration = service_time_s(self.rng, TRUE_MEAN_MIN[service] * 60 * speed)
        self.after(duration, lambda: self.finish(n))

    def finish(self, n: int) -> None:
        self.post(self.device(n), f"/api/counters/{n}/finish")
        self.after(self.rng.uniform(10, 40), lambda: self.next(n))
