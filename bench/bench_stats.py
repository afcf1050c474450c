"""GET /api/stats on a year of history: how long for a day, a month, a year — and what kiosks feel meanwhile.

Prints figures; asserts nothing about time. Run:

    .venv/bin/python bench/bench_stats.py | tee bench/stats-figures.txt

A 30-counter office made by ``onestop init`` gets a year of closed tickets and
their events written straight into SQLite (bench_history.build_history), then
the real server runs as a process (``onestop server``) and the API is asked
over HTTP with a supervisor's token. While a year is being computed a kiosk
keeps issuing tickets: its latency shows whether the statistics hold up the
database thread (they read a month at a time).
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
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_history import build_history, working_days_before  # noqa: E402
from common import ONESTOP, free_port, header, init_office, onestop, summary_ms  # noqa: E402

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
            [ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port)],
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
        ranges: list[tuple[str, date, int]] = [
            ("a day", last, 20),
            ("a month", last - timedelta(days=30), 10),
            ("a year", last - timedelta(days=365), 5),
        ]
        print(f"\n{'GET /api/stats':<22} {'p50 ms':>9} {'max ms':>9} {'reps':>5} {'bytes':>9}")
        for name, first, reps in ranges:
            url = f"{base}/api/stats?from={first}&to={last}"
            timed_get(url, supervisor, 1)  # warm the page cache
            times, size = timed_get(url, supervisor, reps)
            s = summary_ms(times)
            label = f"{name} ({(last - first).days + 1} d)"
            print(f"{label:<22} {s['p50']:>9.0f} {s['max']:>9.0f} {reps:>5} {size:>9,}")
        print(f"\n{'GET /api/stats/hourly':<22} {'p50 ms':>9} {'max ms':>9} {'reps':>5} {'bytes':>9}")
        for name, first, reps in ranges[:2]:
            times, size = timed_get(f"{base}/api/stats/hourly?from={first}&to={last}", sync, reps)
            s = summary_ms(times)
            print(f"{name:<22} {s['p50']:>9.0f} {s['max']:>9.0f} {reps:>5} {size:>9,}")

        idle: list[float] = []
        stop = threading.Event()
        worker = threading.Thread(target=issue_latencies, args=(base, kiosk, stop, idle))
        worker.start()
        time.sleep(3)
        stop.set()
        worker.join()
        busy: list[float] = []
        stop = threading.Event()
        worker = threading.Thread(target=issue_latencies, args=(base, kiosk, stop, busy))
        worker.start()
        year_times, _ = timed_get(f"{base}/api/stats?from={last - timedelta(days=365)}&to={last}", supervisor, 3)
        stop.set()
        worker.join()
        i, b = summary_ms(idle), summary_ms(busy)
        print(
            f"\nkiosk POST /api/tickets (ms)   idle: p50 {i['p50']:.1f} max {i['max']:.1f} (n={i['n']})   "
            f"while 3 year-stats ran ({sum(year_times):.1f} s): p50 {b['p50']:.1f} p99 {b['p99']:.1f} "
            f"max {b['max']:.1f} (n={b['n']})"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
