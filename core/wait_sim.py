"""The office's next hours, simulated many times over from the live state: when is each ticket called?

Each simulated future ("replica") runs the counters forward event by event.
A free counter calls the ticket ``core.queue.pick_next`` picks — the very
rule the office server applies — from the heads of its per-service queues
(the head of each service and class is its oldest, so the heads are enough);
service times are lognormal around today's pace (core/pace.py); citizens keep
arriving as the demand expects (core/demand.py), priority ones among them;
counters stop calling at the end of their session, pick up again after the
break, and serve those still waiting after closing. A paused counter comes back
after a drawn pause; a signed-out one stays closed unless it comes back for the
next session. A counter nobody has signed in to yet today is expected early in
the first session, and through it when the office's past says it is staffed
(``LiveState.expected_counters``): the clerk is late, and comes like one back
from a pause; after the office's first session ends it is closed for the day.

"Phantoms" answer "how long would a new ticket wait": a ticket issued now for
each service and class, called like any other but taking no time, so it
delays nobody (and, taking no time, does not count for the interleave rule).

Random numbers are tied to what they describe — a ticket's service time to
the ticket, a counter's pause to the counter — not drawn in turn, so two
states that differ by one ticket simulate the same futures otherwise. That
keeps the estimator's monotonicity properties out of reach of sampling noise.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from statistics import NormalDist

from core.demand import Demand
from core.model import PriorityPolicy
from core.pace import Pace
from core.queue import QueueEntry, pick_next
from core.wait_booked import enqueue, queue_order
from core.wait_state import Activity, CounterNow, LiveState
from core.wait_tuning import Tuning

PHANTOM_BASE = 2**62  # above every real ticket id: a phantom queues behind everyone already waiting
ARRIVAL_BASE = 2**61  # ids of simulated arrivals
_MASK = 2**64 - 1
_TABLE = 1024
_NORMAL = NormalDist()
# Standard normal quantiles at the midpoints of 1024 equal slices: a fast, coupled draw.
_Z = tuple(_NORMAL.inv_cdf((i + 0.5) / _TABLE) for i in range(_TABLE))
_U54 = 2.0**-54
# Salts that keep the draws about different things apart.
_MEAN, _DEMAND, _CURRENT, _PAUSE, _REACT, _CHANGE, _RETURN = 2, 3, 4, 5, 6, 7, 8

_COUNTER, _ARRIVAL, _BOOKING = 0, 1, 2


def _mix(x: int) -> int:
    """splitmix64's finaliser: a well-spread 64-bit hash."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _unit(base: int, salt: int, key: int) -> float:
    """A uniform draw in (0, 1) tied to (replica, salt, key)."""
    return ((_mix(base ^ _mix(salt * 0x1000193 + key)) >> 10) + 0.5) * _U54


@dataclass(frozen=True)
class Phantom:
    service: str
    priority: bool


@dataclass
class SimResult:
    """``waits[key][replica]``: seconds from now to the call, None if not called today.

    Keys: the target ticket ids, and PHANTOM_BASE + i for ``phantoms[i]``.
    """

    waits: dict[int, list[float | None]]
    phantoms: tuple[Phantom, ...]


@dataclass
class _Counter:
    number: int
    services: tuple[str, ...]
    keys: tuple[tuple[str, bool], ...]
    spans: tuple[tuple[float, float], ...]
    state: CounterNow


class _Plan:
    """What every replica shares: the queues as they stand, counters' hours, the figures of the day."""

    def __init__(
        self,
        state: LiveState,
        pace: Pace,
        demand: Demand,
        targets: Collection[int],
        phantoms: tuple[Phantom, ...],
        tuning: Tuning,
    ) -> None:
        self.now = state.now
        self.policy: PriorityPolicy = state.office.priority
        self.pace = pace
        self.demand = demand
        self.tuning = tuning
        self.sigma = math.sqrt(math.log(1 + tuning.cv * tuning.cv))
        self.lognormal = tuple(math.exp(self.sigma * z - self.sigma * self.sigma / 2) for z in _Z)
        codes = [s.code for s in state.office.services]
        self.service_index = {code: i for i, code in enumerate(codes)}
        fallback_mean = sum(pace.mean_s.values()) / len(pace.mean_s) if pace.mean_s else 480.0
        self.mean_s = {code: pace.mean_s.get(code, fallback_mean) for code in codes}
        self.queues: dict[tuple[str, bool], list[QueueEntry]] = {(s, p): [] for s in codes for p in (True, False)}
        last_key = state.now
        for ticket in queue_order(state.waiting):
            self.queues.setdefault((ticket.service, ticket.priority), []).append(ticket.entry())
            last_key = max(last_key, ticket.queue_key)
        for i, phantom in enumerate(phantoms):
            entry = QueueEntry(PHANTOM_BASE + i, phantom.service, phantom.priority, last_key)
            self.queues.setdefault((phantom.service, phantom.priority), []).append(entry)
        self.keys: list[int] = [t for t in targets] + [PHANTOM_BASE + i for i in range(len(phantoms))]
        self.counters: list[_Counter] = []
        for c in sorted(state.counters, key=lambda c: c.number):
            spans = [(s.start, s.end) for s in state.hours.spans(state.now, c.number)]
            if spans:
                # After the day's last session the counter serves those still waiting (no one new comes).
                spans[-1] = (spans[-1][0], math.inf)
            keys = tuple((s, p) for s in c.services for p in (True, False))
            self.counters.append(_Counter(c.number, c.services, keys, tuple(spans), c))
        self.by_service: dict[str, list[int]] = {}
        for ci, counter in enumerate(self.counters):
            for s in counter.services:
                self.by_service.setdefault(s, []).append(ci)
        self.bookings = sorted(
            (b.at, b.service, b.priority) for b in state.bookings for _ in range(b.count) if b.at > state.now
        )
        self.horizon = state.hours.next_day_start(state.now)
        # A signed-out counter nobody has used yet today is expected early in the day's first session.
        day = [s for c in self.counters for s in c.spans]
        self.first_open = min((s for s, _ in day), default=math.inf)
        self.expected = state.expected_counters
        self.first_close = min((c.spans[0][1] for c in self.counters if c.spans), default=-math.inf)


def simulate(
    state: LiveState,
    pace: Pace,
    demand: Demand,
    targets: Collection[int],
    phantoms: tuple[Phantom, ...],
    tuning: Tuning,
    seed: int = 0,
) -> SimResult:
    plan = _Plan(state, pace, demand, targets, phantoms, tuning)
    waits: dict[int, list[float | None]] = {key: [None] * tuning.replicas for key in plan.keys}
    for r in range(tuning.replicas):
        _Replica(plan, seed, r, waits).run()
    return SimResult(waits, phantoms)


class _Replica:
    def __init__(self, plan: _Plan, seed: int, r: int, waits: dict[int, list[float | None]]) -> None:
        self.plan = plan
        self.r = r
        self.waits = waits
        self.base = _mix(_mix(seed) ^ r)
        # The arrival stream only: every other draw is tied to what it describes, so the stream is the
        # same whatever the counters do.
        self.rng = random.Random(seed * 1_000_003 + r)
        tuning, pace = plan.tuning, plan.pace
        cv = tuning.cv
        # A clerk's speed is taken as fitted; the pace's uncertainty is drawn per service, for all counters
        # alike, so counters working at one pace keep doing so. (Drawn per counter, the speeds would differ
        # and one more citizen ahead could reshuffle who serves whom, letting a later ticket be called sooner.)
        self.speed = [pace.speed.get(c.number, 1.0) for c in plan.counters]
        self.mean_s = {
            s: m * self._lognormal_noise(cv / math.sqrt(pace.mean_n.get(s, 1.0)), _MEAN, plan.service_index[s])
            for s, m in plan.mean_s.items()
        }
        self.demand_factor = self._lognormal_noise(tuning.demand_sd, _DEMAND, 0)
        self.queues = {key: deque(entries) for key, entries in plan.queues.items()}
        n = len(plan.counters)
        self.span_index = [0] * n
        self.version = [0] * n
        self.parked = [False] * n
        self.since = [c.state.regular_since_priority for c in plan.counters]
        self.heap: list[tuple[float, int, int, int, int]] = []
        self.order = 0
        self.arrivals: dict[int, QueueEntry] = {}
        self.next_id = ARRIVAL_BASE
        self.remaining = set(plan.keys)

    def _lognormal_noise(self, sd: float, salt: int, key: int) -> float:
        u = _unit(self.base, salt, key)
        return math.exp(sd * _NORMAL.inv_cdf(u) - sd * sd / 2)

    def push(self, t: float, kind: int, a: int, b: int = 0) -> None:
        self.order += 1
        heapq.heappush(self.heap, (t, self.order, kind, a, b))

    # -- the day ----------------------------------------------------------------------

    def run(self) -> None:
        plan = self.plan
        for ci in range(len(plan.counters)):
            t = self._first_ready(ci)
            if t is not None:
                self.push(t, _COUNTER, ci, 0)
        self._schedule_arrival(plan.now)
        for i, (at, _, _) in enumerate(plan.bookings):
            self.push(at, _BOOKING, i)
        heap = self.heap
        while heap and self.remaining:
            t, _, kind, a, b = heapq.heappop(heap)
            if t >= plan.horizon:
                break
            if kind == _COUNTER:
                if b == self.version[a]:
                    self._ready(a, t)
            elif kind == _ARRIVAL:
                self._arrive(self.arrivals.pop(a), t)
                self._schedule_arrival(t)
            else:
                _, service, priority = plan.bookings[a]
                self.next_id += 1
                self._arrive(QueueEntry(self.next_id, service, priority, t, booked_slot=t), t)

    def _first_ready(self, ci: int) -> float | None:
        """When the counter can first call someone (None: not today)."""
        plan = self.plan
        now, tuning, pace = plan.now, plan.tuning, plan.pace
        counter = plan.counters[ci]
        c = counter.state
        spans = counter.spans
        current = next((i for i, (s, e) in enumerate(spans) if s <= now < e), None)
        reaction = pace.reaction_s * self._overhead(_unit(self.base, _REACT, c.number))
        if c.activity is Activity.IDLE:
            return now + reaction
        if c.activity in (Activity.CALLING, Activity.SERVING):
            service = c.current_service if c.current_service in self.mean_s else None
            mean = self.mean_s[service] if service else sum(self.mean_s.values()) / max(1, len(self.mean_s))
            mean *= self.speed[ci]
            elapsed = max(0.0, now - c.since) if c.since is not None else 0.0
            u = _unit(self.base, _CURRENT, c.number)
            if c.activity is Activity.CALLING:
                rest = max(0.0, pace.walkup_s - elapsed) + mean * plan.lognormal[int(u * _TABLE)]
            else:
                rest = self._remaining_service(mean, elapsed, u)
            return now + rest + pace.changeover_s * self._overhead(_unit(self.base, _CHANGE, c.number))
        if c.activity is Activity.PAUSED:
            if current is None:
                return now  # on a break: back when the next session starts (_ready moves it there)
            # Back after a drawn pause, then as quick as an idle clerk (never sooner than one).
            return now + reaction - math.log(1 - _unit(self.base, _PAUSE, c.number)) * pace.pause_s
        # Signed out.
        if current is not None:
            if not c.signed_in_today and current == 0 and now < plan.first_open + tuning.sign_in_grace_s:
                return now + self._start_delay(ci)
            if not c.signed_in_today and current == 0 and c.number in plan.expected and now < plan.first_close:
                # A clerk the office's past expects and who has not come yet is late: she comes like one
                # back from a pause. Only in the office's first session; after it nobody is expected any more.
                return now + reaction - math.log(1 - _unit(self.base, _PAUSE, c.number)) * pace.pause_s
            if c.signed_in_today and current + 1 < len(spans):
                return spans[current + 1][0] + self._start_delay(ci)
            return None
        before_first = not spans or now < spans[0][0]
        if c.signed_in_today or before_first:
            return now  # _ready moves it to the next session, if there is one
        return None

    def _remaining_service(self, mean: float, elapsed: float, u: float) -> float:
        """A lognormal service time drawn given that it has lasted ``elapsed`` already, minus that."""
        sigma = self.plan.sigma
        if sigma <= 0:
            return max(0.0, mean - elapsed)
        if elapsed <= 0:
            return mean * math.exp(sigma * _NORMAL.inv_cdf(u) - sigma * sigma / 2)
        mu = math.log(mean) - sigma * sigma / 2
        done = _NORMAL.cdf((math.log(elapsed) - mu) / sigma)
        q = min(done + u * (1 - done), 1 - 1e-12)
        return max(0.0, math.exp(mu + sigma * _NORMAL.inv_cdf(q)) - elapsed)

    def _ready(self, ci: int, t: float) -> None:
        """The counter is free at ``t``: call the next ticket, or wait for the next session or citizen."""
        plan = self.plan
        counter = plan.counters[ci]
        spans = counter.spans
        k = self.span_index[ci]
        while k < len(spans) and t >= spans[k][1]:
            k += 1
        self.span_index[ci] = k
        if k == len(spans):
            return  # done for the day
        if t < spans[k][0]:
            self.push(spans[k][0] + self._start_delay(ci), _COUNTER, ci, self.version[ci])
            return
        queues = self.queues
        while True:
            heads = [q[0] for key in counter.keys if (q := queues[key])]
            if not heads:
                self.parked[ci] = True
                if k + 1 < len(spans):
                    self.push(spans[k + 1][0] + self._start_delay(ci), _COUNTER, ci, self.version[ci])
                return
            entry = pick_next(counter.services, heads, plan.policy, self.since[ci])
            assert entry is not None
            queues[(entry.service, entry.priority)].popleft()
            tid = entry.ticket_id
            if tid in self.remaining:
                self.waits[tid][self.r] = t - plan.now
                self.remaining.discard(tid)
                if not self.remaining:
                    return
            if tid >= PHANTOM_BASE:
                continue  # takes no time, counts for nothing
            self.since[ci] = 0 if entry.priority else self.since[ci] + 1
            self.parked[ci] = False
            self.push(t + self._occupancy(ci, entry), _COUNTER, ci, self.version[ci])
            return

    def _occupancy(self, ci: int, entry: QueueEntry) -> float:
        """Call → the counter's next call: walk-up, service (or the no-show's wait), changeover."""
        plan, pace = self.plan, self.plan.pace
        # Tied to the ticket (a simulated arrival's id is its place in the arrival stream).
        h = _mix(self.base ^ entry.ticket_id)
        u_show, z = (h >> 10) * _U54, h & (_TABLE - 1)
        h = _mix(h)
        u_walk, u_change = (h & 0xFFFFFFFF) / 2**32, (h >> 32) / 2**32
        changeover = pace.changeover_s * self._overhead(u_change)
        if u_show < pace.no_show_share:
            return pace.no_show_s + changeover
        mean = self.mean_s.get(entry.service) or plan.mean_s.get(entry.service, 480.0)
        return pace.walkup_s * self._overhead(u_walk) + mean * self.speed[ci] * plan.lognormal[z] + changeover

    def _start_delay(self, ci: int) -> float:
        """How long after a session starts this counter's clerk calls: each her own, so counters coming back
        together do not tie (who calls first would then depend on the order of the simulation's bookkeeping)."""
        u = _unit(self.base, _RETURN, self.plan.counters[ci].number)
        return self.plan.tuning.start_delay_s * self._overhead(u)

    def _overhead(self, u: float) -> float:
        """A walk-up, changeover or reaction as a multiple of its mean: uniform around 1, as wide as tuned."""
        return 1.0 + self.plan.tuning.overhead_spread * (2 * u - 1)

    # -- citizens arriving -------------------------------------------------------------

    def _schedule_arrival(self, t: float) -> None:
        demand = self.plan.demand
        while t < self.plan.horizon:
            rate, hour_end = demand.hour_rate(t)
            per_s = rate.per_hour * self.demand_factor / 3600
            if per_s <= 0:
                if hour_end == math.inf:
                    return
                t = hour_end
                continue
            t_next = t + self.rng.expovariate(per_s)
            if t_next < hour_end:
                i = rate.draw(self.rng.random())
                priority = self.rng.random() < rate.priority_share[i]
                self.next_id += 1
                self.arrivals[self.next_id] = QueueEntry(self.next_id, rate.services[i], priority, t_next)
                self.push(t_next, _ARRIVAL, self.next_id)
                return
            t = hour_end

    def _arrive(self, entry: QueueEntry, t: float) -> None:
        queue = self.queues.get((entry.service, entry.priority))
        if queue is None:
            return  # a service the office no longer has
        enqueue(queue, entry)
        for ci in self.plan.by_service.get(entry.service, ()):
            if self.parked[ci] and self._open_at(ci, t):
                self.parked[ci] = False
                self.version[ci] += 1
                reaction = self.plan.pace.reaction_s * self._overhead(_unit(self.base, _REACT, entry.ticket_id))
                self.push(t + reaction, _COUNTER, ci, self.version[ci])
                return

    def _open_at(self, ci: int, t: float) -> bool:
        return any(s <= t < e for s, e in self.plan.counters[ci].spans)
