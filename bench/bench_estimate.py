"""How good is the printed wait? The server's own estimate against the queue-length baseline, on simulated days.

Prints figures; asserts nothing. Run:

    .venv/bin/python bench/bench_estimate.py                 # every scenario, the report seed
    .venv/bin/python bench/bench_estimate.py --only commune --seed 7
    .venv/bin/python bench/bench_estimate.py --dump /tmp/waits.jsonl   # each ticket's estimates and wait

For each scenario (bench/estimate_day.py) a real office server runs in this
process on loopback with a real database and a FakeClock, configured with the
scenario's counters and opening hours. The same weekday of the ``--history``
weeks before is simulated first (ordinary days: no pause, no slow clerk) so
the office has a history. Then the measured day: every ticket the kiosk takes
carries the server's printed estimate — its point and range, from the
server's wait estimator (server/live_estimates.py) — and the bench works out,
from what the event stream told it, the queue-length baseline the server used
to print (core/estimate.py). When the day is over, each ticket's actual wait
(issue → last call, as core/stats.py counts it) is compared with both.

The server's estimator runs on office time: a batch at most every 10 s when
the state changed, at least every minute. The fake clock only moves when the
bench moves it, so before each thing a citizen or clerk does at time t the
bench lets the estimator run the batches that would have run before t, at
their own moments, and after it the batch the change makes due at once
(``LiveEstimates.due`` and ``settle``) — what a real server's timer does, and
the same figures on every run.

Figures per day: MAE, share within ±5 min, share underestimated (waited
longer than said), mean error (actual − said), the range's coverage, and the
estimator's batches (how many, ms each in its worker process).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import header, mark, rewrite_counters  # noqa: E402
from estimate_day import SCENARIOS, Day, Issue, Scenario  # noqa: E402
from estimate_feed import BaselineFeed, epoch  # noqa: E402

from core.clock import local_epoch  # noqa: E402
from core.hours import OpeningHours, Session  # noqa: E402
from server.config import CONFIG_NAME, DATABASE_NAME, load_config  # noqa: E402
from server.config_hours import DAYS  # noqa: E402
from server.live_estimates import REFRESH_S  # noqa: E402
from server.office import OfficeServer  # noqa: E402
from server.store import Store  # noqa: E402
from tests.helpers.office import PIN, FakeClock, prepare_data, register_devices, start_office  # noqa: E402

MEASURED_DAY = date(2026, 11, 27)  # a Friday
# The estimator's constants were chosen on seeds 1–3 (core/wait_tuning.py); the report is on seeds they never saw.
REPORT_SEED = 4
TOLERANCE_S = 300
SAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "server" / "sample_office.toml"


def sessions_toml(sessions: tuple[Session, ...]) -> str:
    return "[" + ", ".join(f'"{str(s).replace("–", "-")}"' for s in sessions) + "]"


def hours_toml(hours: OpeningHours) -> str:
    """The scenario's opening hours as office.toml's [hours] table."""
    lines = ["[hours]", *(f"{name} = {sessions_toml(day)}" for name, day in zip(DAYS, hours.week, strict=True))]
    for number, week in sorted(hours.counters.items()):
        lines += ["", "[[hours.counters]]", f"numbers = [{number}]"]
        lines += [f"{name} = {sessions_toml(day)}" for name, day in zip(DAYS, week, strict=True)]
    return "\n".join(lines) + "\n"


def config_text(sc: Scenario, folder: Path) -> str:
    path = folder / "office.toml"
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    text = re.sub(r'^strategy = "\w+"', f'strategy = "{sc.strategy}"', text, flags=re.M)
    text = re.sub(r"^every = \d+", f"every = {sc.every}", text, flags=re.M)
    text = re.sub(r"^\[hours\]\n(.*\n)*?(?=\n\[priority\])", hours_toml(sc.hours), text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    rewrite_counters(path, sc.config_counters())
    return path.read_text(encoding="utf-8")


def add_trainees(data: Path, clock: FakeClock, counters: int) -> None:
    """A clerk new to the office per counter (``trainee<N>``): the scenario's slow clerk signs in as one."""
    config = load_config(data / CONFIG_NAME)
    store = Store(data / DATABASE_NAME, config.office, clock)
    for n in range(1, counters + 1):
        store.accounts.add_clerk(f"trainee{n}", PIN, f"Học việc {n}")
    store.close()


def office_state(url: str, token: str) -> dict[str, Any]:
    response = requests.get(url + "/api/state", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


class Pacer:
    """Moves the fake clock the way the server's estimator would have seen the time pass (see the module doc)."""

    def __init__(self, server: Any, clock: FakeClock) -> None:
        self.server = server
        self.clock = clock

    def move_to(self, when: float) -> None:
        while (due := self.server.run(_due)) <= when:
            # Nothing changed since: of a quiet stretch only the last refresh before ``when`` is seen.
            skipped = (when - due) // REFRESH_S
            self.clock.now = max(self.clock.now, due + skipped * REFRESH_S)
            self.settle()
        self.clock.now = when

    def settle(self) -> None:
        self.server.run(lambda office: office.estimates.settle(), timeout=120)

    def timings(self) -> list[float]:
        return list(self.server.run(_timings))


async def _due(office: OfficeServer) -> float:
    return office.estimates.due()


async def _timings(office: OfficeServer) -> list[float]:
    return list(office.estimates.compute_ms)


def run_scenario(sc: Scenario, seed: int, history_weeks: int, dump: Any | None) -> tuple[list[Issue], list[float]]:
    with tempfile.TemporaryDirectory(prefix=f"estimate-{sc.name}-") as tmp:
        data = Path(tmp) / "office"
        prepare_data(data, config_text(sc, Path(tmp)))
        tz = sc.hours.tz
        clock = FakeClock(local_epoch(MEASURED_DAY - timedelta(weeks=history_weeks), 6 * 60 + 50, tz))
        tokens = register_devices(data, clock)
        add_trainees(data, clock, len(sc.counters))
        office = start_office(data, clock, tokens)
        try:
            config = load_config(data / CONFIG_NAME)
            assert config.office.hours == sc.hours, "office.toml's [hours] are the scenario's"
            start_seq = office_state(office.url, tokens["supervisor"])["seq"]
            history = [MEASURED_DAY - timedelta(weeks=k) for k in range(history_weeks, 0, -1)]
            for i, day in enumerate(history):
                clock.now = local_epoch(day, 6 * 60 + 50, tz)
                Day(office.url, tokens, clock, sc, day, seed * 1000 + i, today=False).run()
            feed = BaselineFeed(office.url, tokens["supervisor"], config.office, start_seq)
            pacer = Pacer(office.server, clock)
            before = len(pacer.timings())
            pacer.move_to(local_epoch(MEASURED_DAY, 6 * 60 + 50, tz))
            issues: list[Issue] = []

            def on_issue(ticket: dict[str, Any]) -> None:
                feed.follow_to_issue(ticket["id"])
                issues.append(
                    Issue(
                        ticket,
                        float(feed.baseline(ticket["service"], ticket["waiting_ahead"])),
                        float(ticket["estimated_wait_s"]),
                        ticket["estimated_low_s"],
                        ticket["estimated_high_s"],
                        ticket.get("closure") is not None,
                    )
                )

            Day(office.url, tokens, clock, sc, MEASURED_DAY, seed * 1000 + 999, today=True, on_issue=on_issue,
                move_clock=pacer.move_to, after_action=pacer.settle).run()  # fmt: skip
            feed.follow(office_state(office.url, tokens["supervisor"])["seq"])
            for issue in issues:
                called = feed.last_call.get(issue.ticket["id"])
                issued = epoch(issue.ticket["issued_at"])
                if called is not None and issued is not None:
                    issue.actual_s = called - issued
            if dump is not None:
                for issue in issues:
                    t = issue.ticket
                    dump.write(json.dumps({"scenario": sc.name, "id": t["id"], "actual": issue.actual_s,
                                           "baseline": issue.baseline_s, "point": issue.point_s, "low": issue.low_s,
                                           "high": issue.high_s, "issued_at": t["issued_at"], "service": t["service"],
                                           "priority": t["priority"], "closed": issue.closed}) + "\n")  # fmt: skip
            timings = pacer.timings()[before:]
            feed.close()
            return issues, timings
        finally:
            office.stop()


# -- figures -----------------------------------------------------------------------------------


def figures(pairs: list[tuple[float, float]], ranges: list[tuple[float, float, float]] | None) -> dict[str, float]:
    """MAE, within ±5 min, underestimated, mean error (min / %) from (said, actual) pairs; coverage from ranges."""
    errors = [actual - said for said, actual in pairs]
    result = {
        "mae_min": statistics.fmean(abs(e) for e in errors) / 60,
        "within5": 100 * sum(abs(e) <= TOLERANCE_S for e in errors) / len(errors),
        "under": 100 * sum(e > 0 for e in errors) / len(errors),
        "mean_min": statistics.fmean(errors) / 60,
    }
    if ranges is not None:
        result["coverage"] = 100 * sum(low <= actual <= high for low, high, actual in ranges) / len(ranges)
    return result


def table_row(sc: Scenario, issues: list[Issue], timings: list[float]) -> tuple[str, dict[str, bool]]:
    done = [i for i in issues if i.actual_s is not None]
    ranged = [i for i in done if i.low_s is not None and i.high_s is not None]
    new = figures(
        [(i.point_s, float(i.actual_s or 0)) for i in done],
        [(float(i.low_s or 0), float(i.high_s or 0), float(i.actual_s or 0)) for i in ranged],
    )
    base = figures([(i.baseline_s, float(i.actual_s or 0)) for i in done], None)
    actual = [float(i.actual_s or 0) / 60 for i in done]
    compute = sorted(timings) or [0.0]
    p95 = compute[int(0.95 * (len(compute) - 1))]
    checks = {
        "MAE ≤ ½ baseline": new["mae_min"] <= 0.5 * base["mae_min"],
        "under ≤ 45 %": new["under"] <= 45,
        "mean err ±3 min": abs(new["mean_min"]) <= 3,
        "coverage 75–90 %": 75 <= new["coverage"] <= 90,
    }
    if sc.name == "commune":
        checks["±5 min ≥ 75 %"] = new["within5"] >= 75
    row = (
        f"{sc.name:<15} {len(done):>4} {statistics.fmean(actual):>5.1f} {max(actual):>5.0f} │"
        f" {new['mae_min']:>5.1f} {base['mae_min']:>5.1f} │ {new['within5']:>5.1f} {base['within5']:>5.1f} │"
        f" {new['under']:>5.1f} {base['under']:>5.1f} │ {new['mean_min']:>+6.1f} {base['mean_min']:>+6.1f} │"
        f" {new['coverage']:>5.1f} {len(done) - len(ranged):>3} │ {len(timings):>5} {statistics.fmean(compute):>5.0f}"
        f" {p95:>5.0f} │ {' '.join(mark(ok) for ok in checks.values())}"
    )
    return row, checks


def closed_row(sc: Scenario, issues: list[Issue]) -> str:
    """The tickets taken while every counter for their service was between sessions (before opening, lunch)."""
    closed = [i for i in issues if i.closed and i.actual_s is not None]
    uncalled = sum(1 for i in issues if i.actual_s is None)
    if not closed:
        return f"{sc.name:<15} {0:>4}{'':>41}│ never called: {uncalled}"
    new = figures([(float(i.point_s or 0), float(i.actual_s or 0)) for i in closed],
                  [(float(i.low_s or 0), float(i.high_s or 0), float(i.actual_s or 0)) for i in closed])  # fmt: skip
    base = figures([(i.baseline_s, float(i.actual_s or 0)) for i in closed], None)
    wait = statistics.fmean(float(i.actual_s or 0) for i in closed) / 60
    return (
        f"{sc.name:<15} {len(closed):>4} {wait:>6.1f} │ {new['mae_min']:>5.1f} {base['mae_min']:>5.1f} │"
        f" {new['within5']:>5.1f} {base['within5']:>5.1f} │ {new['coverage']:>5.1f} │ never called: {uncalled}"
    )


CLOSED_HEAD = (
    "taken while the service was closed (before 07:30, at lunch):\n"
    "scenario        tickets  wait │  MAE (min)  │ ±5 min (%)  │ cover │\n"
    "                         mean │   new  base │   new  base │       │"
)

HEAD = (
    "                       wait (min) │  MAE (min)  │ ±5 min (%)  │  under (%)  │ mean err (min)│   range   │"
    "  batches (ms)   │\n"
    "scenario        tickets mean  max │   new  base │   new  base │   new  base │    new   base │ cover none│"
    "     n  mean  p95 │ targets"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=REPORT_SEED)
    parser.add_argument("--history", type=int, default=2, help="weeks of history before the measured day")
    parser.add_argument("--only", action="append", help="scenario name (repeatable)")
    parser.add_argument("--dump", type=Path, help="write each ticket's estimates and actual wait here (JSON lines)")
    args = parser.parse_args()
    chosen = [sc for sc in SCENARIOS if not args.only or sc.name in args.only]
    print(header("wait estimate: the server's printed estimate vs the queue-length baseline"))
    print(f"seed {args.seed}, {args.history} weeks of history, measured day {MEASURED_DAY} ({MEASURED_DAY:%A})")
    for sc in chosen:
        print(f"  {sc.name}: {sc.title}")
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    rows, closed_rows = [], []
    all_ok = True
    started = time.monotonic()
    try:
        for sc in chosen:
            t0 = time.monotonic()
            issues, timings = run_scenario(sc, args.seed, args.history, dump)
            row, checks = table_row(sc, issues, timings)
            rows.append(row)
            closed_rows.append(closed_row(sc, issues))
            all_ok &= all(checks.values())
            print(f"  … {sc.name} in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    finally:
        if dump:
            dump.close()
    print()
    print(HEAD)
    for row in rows:
        print(row)
    print()
    print("targets: MAE ≤ ½ baseline · underestimated ≤ 45 % · mean error within ±3 min · coverage 75–90 %"
          " · commune also ±5 min ≥ 75 %")  # fmt: skip
    print(f"all targets met: {mark(all_ok)}    ({time.monotonic() - started:.0f} s)")
    print()
    print(CLOSED_HEAD)
    for row in closed_rows:
        print(row)
    print("\nnew: the server's printed estimate (its wait estimator's latest batch); base: the queue-length baseline")
    print("range none: tickets printed without a range (before the estimator's first batch); batches: the")
    print("measured day's, in the estimator's worker process")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
