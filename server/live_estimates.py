"""Every waiting ticket's wait, recomputed as the office changes: off the database thread, at most every 10 s.

    snapshot (database thread, a few ms) → estimate (worker process) → post (database thread) → publish

A batch starts when the state changed and ``MIN_INTERVAL_S`` of office time
have passed since the last one began, and at least every ``REFRESH_S``
regardless (time alone moves things on: a service under way, the lunch
break). It estimates every waiting ticket and a new ticket of each service
and class (core.wait_estimate.estimate_waits) in the worker process
(server/estimate_worker.py); the database thread only takes the snapshot and
posts the result, so issuing a ticket never waits for a simulation: it prints
the latest batch's estimate for a new ticket (server/storage/views.py).

The past the estimator leans on — the same weekday's tickets per service and
hour over ``HISTORY_WEEKS`` weeks, each clerk's pace and the counters usually
staffed over ``CLERK_DAYS`` days — is read a day at a time, once per office
day, and kept.

Times are the office clock's (a test's or the demo's may not run at the wall's
pace): ``due`` says when the next batch is, in office time, and ``settle``
runs what is due now; the background ``run`` waits for a change or for the
next due moment.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ParamSpec, Protocol, TypeVar

from core.clock import office_day
from core.wait_state import ClerkHistory, HourlyHistory
from server import estimate_worker
from server.storage.wait_board import Batch
from server.store import Event, Store

log = logging.getLogger("onestop.estimates")

MIN_INTERVAL_S = 10.0
REFRESH_S = 60.0
# Never more often than this in real time (the demo's clock runs a day in minutes).
MIN_WALL_S = 1.0
HISTORY_WEEKS = 4
CLERK_DAYS = 28

P = ParamSpec("P")
T = TypeVar("T")


class Caller(Protocol):
    """Runs a Store method on the database thread (OfficeServer.call)."""

    def __call__(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Awaitable[T]: ...


Past = tuple[tuple[HourlyHistory, ...], tuple[ClerkHistory, ...], frozenset[int]]


class LiveEstimates:
    """Lives on the event loop: ``poke`` after every commit, ``run`` as a task, ``settle`` to catch up now."""

    def __init__(
        self,
        store: Store,
        call: Caller,
        publish: Callable[[list[Event]], None],
        clock: Callable[[], float],
    ) -> None:
        self._store = store
        self._call = call
        self._publish = publish
        self._clock = clock
        # Office seconds per real second (the demo's ScaledClock has a speed; real and test clocks, 1).
        self._rate = float(getattr(clock, "speed", 1.0))
        self._lock = asyncio.Lock()
        self._poked = asyncio.Event()
        self._started: float | None = None  # office time the last batch began
        self._started_wall = 0.0
        self._changed_since: float | None = None  # office time of the first change since then
        self._past: tuple[str, Past] | None = None
        self._last_published: Any = None
        self.batches = 0
        # How long the last batches took in the worker (ms), for the benches.
        self.compute_ms: deque[float] = deque(maxlen=10_000)

    def poke(self) -> None:
        """The state changed (events were committed)."""
        if self._changed_since is None:
            self._changed_since = self._clock()
        self._poked.set()

    def due(self) -> float:
        """When the next batch is due, in office time."""
        if self._started is None:
            return self._clock()
        if self._changed_since is not None:
            return max(self._started + MIN_INTERVAL_S, self._changed_since)
        return self._started + REFRESH_S

    async def settle(self) -> None:
        """Run the batches that are due by the office clock now, one after another, and wait for them."""
        while True:
            async with self._lock:
                if self.due() > self._clock():
                    return
                await self._batch()

    async def run(self) -> None:
        """Forever: wait for a change or for the due moment, then settle."""
        while True:
            wait_s = max((self.due() - self._clock()) / self._rate, self._started_wall + MIN_WALL_S - time.monotonic())
            if wait_s > 0:
                self._poked.clear()
                try:
                    await asyncio.wait_for(self._poked.wait(), timeout=wait_s)
                    continue  # changed: the due moment may have come closer
                except TimeoutError:
                    pass
            try:
                await self.settle()
            except Exception:  # a bug: keep the last batch, try again at the next change or refresh
                log.exception("wait estimate failed")
                self._started = self._clock()
                self._started_wall = time.monotonic()
                self._changed_since = None

    async def _batch(self) -> None:
        store = self._store
        self._started = self._clock()
        self._started_wall = time.monotonic()
        self._changed_since = None
        state, seq = await self._call(store.wait_inputs.live)
        day = office_day(state.now, state.hours.tz)
        counters = [c.number for c in state.counters]
        history, clerks, expected = await self._past_of(day, state.hours.timezone, counters)
        state = dataclasses.replace(state, history=history, clerk_history=clerks, expected_counters=expected)
        began = time.perf_counter()
        estimates = await self._in_worker(estimate_worker.estimate, state)
        compute_ms = (time.perf_counter() - began) * 1000
        event = await self._call(store.post_estimates, Batch(day, state.now, seq, estimates, compute_ms))
        self.batches += 1
        self.compute_ms.append(compute_ms)
        if event["estimates"] is None:
            return  # the office clock ran on past it meanwhile (a test's or the demo's clock, a clock jump)
        # Unchanged figures are not sent again (a quiet hour refreshes the same numbers every minute).
        figures = (event["estimates"]["tickets"], event["estimates"]["services"], event["estimates"]["closures"])
        if figures != self._last_published:
            self._last_published = figures
            self._publish([event])

    async def _past_of(self, day: str, timezone: str, counters: list[int]) -> Past:
        """The history, the clerks' paces and the counters usually staffed for ``day``: read and worked out
        once per office day."""
        if self._past is not None and self._past[0] == day:
            return self._past[1]
        today = dt.date.fromisoformat(day)
        days = [(today - dt.timedelta(days=n)).isoformat() for n in range(CLERK_DAYS, 0, -1)]
        weeks = {(today - dt.timedelta(weeks=n)).isoformat() for n in range(1, HISTORY_WEEKS + 1)}
        rows = []
        for past_day in days:  # a day per call: the database thread is never held for weeks of rows
            found = await self._call(self._store.wait_inputs.past_day, past_day)
            rows.append((found.tickets, found.calls))
        same_weekday = [i for i, d in enumerate(days) if d in weeks]
        past = await self._in_worker(estimate_worker.past, rows, same_weekday, timezone, counters)
        self._past = (day, past)
        return past

    async def _in_worker(self, fn: Callable[..., T], *args: Any) -> T:
        pool = estimate_worker.pool()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        except BrokenProcessPool:
            log.warning("the wait estimator's process stopped; starting another")
            estimate_worker.discard(pool)
            return await asyncio.get_running_loop().run_in_executor(estimate_worker.pool(), fn, *args)
