"""GET /api/stats on a year of history: how long for a day, a month, a year — and what kiosks feel meanwhile.

Prints figures; asserts nothing about time. Run:

    .venv/bin/python bench/bench_stats.py | tee bench/stats-figures.txt

A 30-counter office made by ``onestop init`` gets a year of closed tickets and
their events written straight into SQLite (bench_history.build_history), then
the real server runs as a process (``onestop server``) and the API is asked
over HTTP with a supervisor's token. While a year is being computed a kiosk
keeps issuing tickets: its latency shows whether the statistics hold up the
database thread (they read a month at a time). A range of days is asked cold
(the first year after the start: every past day read, computed and saved in
the server's memory) and warm (the saved days combined; server/stats.py DayCache).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_history import build_history, working_days_before  # noqa: E402
from common import ONESTOP, free_port, header, init_office, onestop, proc_status_kb, summary_ms  # noqa: E402

from server.config import load_config  # noqa: E402

TIMEOUT = 120


def timed_get(url: str, token: str, reps: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(reps):
        t = time.perf_counter()
        r = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)
        times.append(time.perf_counter() - t)
        r.raise_for_status()
        size = len(r.content)
    return times, size


def issue_latencies(base: str, token: str, stop: threading.Event, out: list[float]) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        r = requests.post(
            base + "/api/tickets", json={"service": "B"}, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
        )
        out.append(time.perf_counter() - t)
        r.raise_for_status()
        time.sleep(0.02)


def kiosk_during(base: str, token: str, work: Callable[[], object]) -> list[float]:
    """A kiosk issuing tickets back to back (20 ms apart) while ``work`` runs: its latencies."""
    out: list[float] = []
    stop = threading.Event()
    worker = threading.Thread(target=issue_latencies, args=(base, token, stop, out))
    worker.start()
    try:
        work()
    finally:
        stop.set()
        worker.join()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=300_000)
    parser.add_argument("--days", type=int, default=300, help="working days of history (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="onestop-stats-"))
    server = None
    try:
        print(header("bench_stats: /api/stats with a year of history"))
        data = root / "office"
        init_office(data)
        office = load_config(data / "office.toml").office
        today = datetime.now(ZoneInfo(office.timezone)).date()
        t = time.perf_counter()
        made = build_history(data / "office.db", office, today, args.days, args.tickets, args.seed)
        os.sync()
        print(
            f"history: {made['tickets']:,} tickets, {made['events']:,} events over {made['days']} working days, "
            f"written in {time.perf_counter() - t:.1f} s; "
            f"office.db {(data / 'office.db').stat().st_size / 2**20:.0f} MiB"
        )
        supervisor = onestop("device", "add", "sup", "--role", "supervisor", data=data).strip().splitlines()[-1]
        sync = onestop("device", "add", "sync", "--role", "sync", data=data).strip().splitlines()[-1]
        kiosk = onestop("device", "add", "kiosk1", "--role", "kiosk", data=data).strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port), "--insecure-http"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/api/health", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        last = working_days_before(today, 1)[0]
        year_url = f"{base}/api/stats?from={last - timedelta(days=365)}&to={last}"
        # A day is never taken from the cache (queue_length needs its tickets): read and computed every time.
        print(f"\n{'GET /api/stats':<30} {'p50 ms':>9} {'max ms':>9} {'reps':>5} {'bytes':>9}")

        def row(label: str, times: list[float], size: int) -> None:
            s = summary_ms(times)
            print(f"{label:<30} {s['p50']:>9.0f} {s['max']:>9.0f} {len(times):>5} {size:>9,}")

        day_url = f"{base}/api/stats?from={last}&to={last}"
        timed_get(day_url, supervisor, 1)  # warm the page cache
        row("a day (1 d)", *timed_get(day_url, supervisor, 20))

        idle = kiosk_during(base, kiosk, lambda: time.sleep(3))
        # Cold: nothing saved yet (the server just started), every past day read and computed — once.
        cold: list[tuple[list[float], int]] = []
        during_cold = kiosk_during(base, kiosk, lambda: cold.append(timed_get(year_url, supervisor, 1)))
        row("a year (366 d), cold", *cold[0])
        # Warm: the past days from the server's memory; only their counter events and transfers are read.
        warm: list[tuple[list[float], int]] = []
        during_warm = kiosk_during(base, kiosk, lambda: warm.append(timed_get(year_url, supervisor, 10)))
        row("a year (366 d), warm", *warm[0])
        month_url = f"{base}/api/stats?from={last - timedelta(days=30)}&to={last}"
        row("a month (31 d), warm", *timed_get(month_url, supervisor, 10))

        print(f"\n{'GET /api/stats/hourly':<30} {'p50 ms':>9} {'max ms':>9} {'reps':>5} {'bytes':>9}")
        row("a day", *timed_get(f"{base}/api/stats/hourly?from={last}&to={last}", sync, 20))
        row("a month", *timed_get(f"{base}/api/stats/hourly?from={last - timedelta(days=30)}&to={last}", sync, 10))

        print(f"\n{'kiosk POST /api/tickets':<30} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'n':>5}")
        for label, times in (
            ("idle", idle),
            (f"during the cold year ({sum(cold[0][0]):.1f} s)", during_cold),
            (f"during 10 warm years ({sum(warm[0][0]):.1f} s)", during_warm),
        ):
            k = summary_ms(times)
            print(f"{label:<30} {k['p50']:>9.1f} {k['p99']:>9.1f} {k['max']:>9.1f} {k['n']:>5}")
        rss = proc_status_kb(server.pid, "VmRSS")
        print(f"\nserver RSS after the year requests: {rss / 1024 if rss else float('nan'):.0f} MiB")
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
