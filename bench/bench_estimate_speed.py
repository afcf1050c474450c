"""How long the wait estimator takes at a 30-counter centre with 200 citizens waiting.

Prints figures; asserts nothing. Run:

    .venv/bin/python bench/bench_estimate_speed.py [--runs 5]

The live state is made up in the shape a busy centre has at 09:30: the 30
counters of bench/common.py (1–2 services each) with a clerk serving at each,
200 tickets waiting (5 % priority), the morning's finished calls (about 25 a
counter-hour's worth), two months of same-weekday history for every service
and hour, and every clerk's past pace. Timed, for strict and interleaved
priority:

* every waiting ticket and a new ticket of each service and class — what the
  server would recompute at most every 10 s (phase 2) — in total and per ticket;
* the ticket just issued alone (last in line: the whole queue is simulated);
* a new ticket of each service alone (the kiosk's tiles).

Timings are this process's CPU time (``time.process_time``): the estimator is
single-threaded pure Python, and on a machine shared with other runs the wall
time says more about the others than about it. The load average is printed
beside them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import COUNTER_SERVICES, PRIORITY_SHARE, SERVICE_MIX, header, loadavg  # noqa: E402

from core.clock import local_epoch  # noqa: E402
from core.hours import SAMPLE_HOURS  # noqa: E402
from core.model import Counter, PriorityPolicy, PriorityStrategy  # noqa: E402
from core.reference_day import ARRIVALS, service_time_s  # noqa: E402
from core.wait_estimate import estimate_waits  # noqa: E402
from core.wait_state import (  # noqa: E402
    Activity,
    ClerkHistory,
    CounterNow,
    FinishedCall,
    HourlyHistory,
    Issued,
    LiveState,
    WaitingTicket,
)
from server.config import load_config  # noqa: E402

DAY = date(2026, 11, 27)
WAITING = 200
SCALE = 4.5  # DOMAIN.md: a busy centre is the commune's reference day × 4.5


def busy_centre(seed: int, strategy: PriorityStrategy, minute: int) -> LiveState:
    rng = random.Random(seed)
    tz = ZoneInfo(SAMPLE_HOURS.timezone)
    sample = load_config(Path(__file__).resolve().parent.parent / "server" / "sample_office.toml").office
    counters = tuple(Counter(i + 1, f"Quầy {i + 1}", s) for i, s in enumerate(COUNTER_SERVICES))
    office = replace(sample, counters=counters, priority=PriorityPolicy(strategy, 3))
    mean = {s.code: s.mean_service_s for s in office.services}
    now = local_epoch(DAY, minute, tz)
    codes, weights = list(SERVICE_MIX), list(SERVICE_MIX.values())
    waiting = tuple(
        WaitingTicket(10_000 + i, service, rng.random() < PRIORITY_SHARE, now - (WAITING - i) * 9)
        for i, service in enumerate(rng.choices(codes, weights, k=WAITING))
    )
    finished, live = [], []
    for c in counters:
        clerk = f"clerk{c.number}"
        t = local_epoch(DAY, 7 * 60 + 30, tz)
        while True:
            service = c.services[0] if rng.random() < 0.8 else c.services[-1]
            duration = service_time_s(rng, mean[service])
            if t + 30 + duration > now:
                live.append(CounterNow(c.number, c.services, Activity.SERVING, t + 30, service, rng.randint(0, 3),
                                       True, clerk))  # fmt: skip
                break
            finished.append(FinishedCall(c.number, service, t - 300, t, t + 30, t + 30 + duration, clerk=clerk))
            t += 30 + duration + 20
    history = tuple(
        HourlyHistory(s, start // 60, count * SCALE * share * 60 / (end - start), PRIORITY_SHARE, mean[s], 8)
        for start, end, count in ARRIVALS
        for s, share in SERVICE_MIX.items()
    )
    issued = tuple(Issued(f.service, False, f.queued_at) for f in finished) + tuple(
        Issued(w.service, w.priority, w.queue_key) for w in waiting
    )
    clerks = tuple(ClerkHistory(f"clerk{c.number}", rng.uniform(0.8, 1.25), 400) for c in counters)
    return LiveState(now, office, SAMPLE_HOURS, waiting, tuple(live), tuple(finished), (), issued, history, clerks)


def timed_ms(fn: object) -> float:
    started = time.process_time()
    fn()  # type: ignore[operator]
    return (time.process_time() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="states timed per strategy (different seeds)")
    args = parser.parse_args()
    print(header("wait estimator: time at a 30-counter centre, 200 waiting"))
    print(f"{len(COUNTER_SERVICES)} counters, {WAITING} waiting at 09:30, {args.runs} states per strategy, "
          f"CPU ms (min / median / max over the states); load average {loadavg()}\n")  # fmt: skip
    print(f"{'priority':<11} {'all 200 + 12 new: total':>26} {'per ticket':>22} {'the last ticket alone':>24} "
          f"{'12 new tickets alone':>22}")  # fmt: skip
    worst_per_ticket = 0.0
    for strategy in PriorityStrategy:
        batch, per, last, new = [], [], [], []
        for seed in range(args.runs):
            state = busy_centre(seed, strategy, 9 * 60 + 30)
            last_id = max(w.ticket_id for w in state.waiting)
            estimate_waits(state, tickets=[last_id], new_tickets=False)  # warm-up (imports, tables)
            total = timed_ms(lambda s=state: estimate_waits(s))
            batch.append(total)
            per.append(total / (WAITING + 2 * len(state.office.services)))
            last.append(timed_ms(lambda s=state, t=last_id: estimate_waits(s, tickets=[t], new_tickets=False)))
            new.append(timed_ms(lambda s=state: estimate_waits(s, tickets=[])))
        worst_per_ticket = max(worst_per_ticket, max(per))

        def fmt(values: list[float]) -> str:
            return f"{min(values):6.1f} {statistics.median(values):6.1f} {max(values):6.1f}"

        print(f"{strategy.value:<11} {fmt(batch):>26} {fmt(per):>22} {fmt(last):>24} {fmt(new):>22}")
    print(f"\nper ticket, worst state: {worst_per_ticket:.2f} ms of CPU (budget 20 ms); load average {loadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
