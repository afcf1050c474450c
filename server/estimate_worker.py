"""The wait estimator's own process: the simulation runs there, never on the server's threads.

At a 30-counter centre with 200 waiting, estimating every ticket takes
300–500 ms of pure Python (bench/bench_estimate_speed.py). On a thread of the
server it would hold Python's lock that long, in 5 ms turns, while kiosks
issue and counters call; in a process of its own it only shares the CPU, and
at a lower priority. One worker process serves every office server of this
process (the tests run many), started on first use; it imports the core
alone, and the snapshots it is sent are the core's frozen dataclasses.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from zoneinfo import ZoneInfo

from core.pace import clerk_paces
from core.wait_estimate import Estimates, estimate_waits
from core.wait_history import PastTicket, expected_counters, hourly_history
from core.wait_state import ClerkHistory, FinishedCall, HourlyHistory, LiveState
from core.wait_tuning import DEFAULT_TUNING

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
# Below the server's threads: the estimate can wait a little, a kiosk's ticket should not.
NICE = 5
# How often the worker checks that its server still runs.
PARENT_CHECK_S = 1.0


def _init_worker() -> None:
    # Ctrl-C in 'onestop server' stops the server, which stops this process; no traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICE)
    # A server stopped by SIGTERM or killed never tells its pool: the worker would wait for work forever.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


def pool() -> ProcessPoolExecutor:
    """The worker process (started on first use; a fresh one after ``discard``)."""
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the server has threads (the database's, uvicorn's) a fork would copy mid-step.
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init_worker)
        return _pool


def discard(broken: ProcessPoolExecutor) -> None:
    """Forget a pool whose process died (killed, out of memory): the next ``pool()`` starts another."""
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


# -- what runs in the worker ------------------------------------------------------------------


def estimate(state: LiveState) -> Estimates:
    """Every waiting ticket's estimate and a new ticket's per service and class."""
    return estimate_waits(state)


def past(
    days: Sequence[tuple[Sequence[PastTicket], Sequence[FinishedCall]]],
    same_weekday: Sequence[int],
    timezone: str,
    counters: Sequence[int],
) -> tuple[tuple[HourlyHistory, ...], tuple[ClerkHistory, ...], frozenset[int]]:
    """The history of the same weekday (``same_weekday``: indexes into ``days``), each clerk's pace over all,
    and which of the configured ``counters`` are usually staffed."""
    history = hourly_history([days[i][0] for i in same_weekday], ZoneInfo(timezone))
    calls = [call for _, day_calls in days for call in day_calls]
    expected = expected_counters([day_calls for _, day_calls in days], counters)
    return history, clerk_paces(calls, DEFAULT_TUNING), expected
