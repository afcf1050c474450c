"""Issuing a ticket while the server's wait estimator runs: a 30-counter centre with 200 waiting.

Prints figures; asserts nothing. Run:

    .venv/bin/python bench/bench_estimate_issue.py [--seconds 90] [--rate 5]

The real server runs as its own process (``onestop server --insecure-http``)
on a fresh office: the 30 counters of bench/common.py, opening hours the
whole day (the wall clock decides the office time here, and the bench must not
depend on when it runs), a clerk signed in and serving at every counter, and
200 tickets waiting (5 % priority). Then for ``--seconds`` a kiosk takes
``--rate`` tickets a second (POST /api/tickets, timed end to end) while the
counters call the next citizen at the same pace, so the queue stays near 200
and the state changes all the time: the estimator recomputes every waiting
ticket and a new ticket of each service every 10 s (server/live_estimates.py,
in its worker process). A supervisor follows the event stream and reads each
batch's ``compute_ms``. Issuing itself never runs the estimator: it prints
the latest batch's figure for the service, so its latency should not depend
on the batch being computed.

Per ticket, the estimator's cost is a batch's time divided by the estimates
it holds (waiting tickets + a regular and a priority new ticket per service).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import (  # noqa: E402
    ONESTOP,
    PRIORITY_GROUPS,
    PRIORITY_SHARE,
    SERVICE_MIX,
    free_port,
    header,
    loadavg,
    proc_cpu_s,
    proc_status_kb,
    rewrite_counters,
    summary_ms,
)

from tests.helpers.office import PIN, prepare_data, register_devices  # noqa: E402

WAITING = 200
TIMEOUT = 10
ALL_DAY = '["00:00-23:59"]'


def open_all_day(config: Path) -> None:
    """office.toml's [hours]: every day, the whole day (the bench runs whenever it is run)."""
    text = config.read_text(encoding="utf-8")
    days = "\n".join(f"{d} = {ALL_DAY}" for d in ("weekdays", "saturday", "sunday"))
    text, count = re.subn(r"^weekdays = \[.*\].*$", days, text, count=1, flags=re.M)
    assert count == 1, "office.toml has no [hours] weekdays line"
    config.write_text(text, encoding="utf-8")


class Office:
    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        self.base = base
        self.tokens = tokens
        self.http = requests.Session()

    def post(self, device: str, path: str, body: dict[str, Any] | None = None) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.tokens[device]}"}
        return self.http.post(self.base + path, json=body, headers=headers, timeout=TIMEOUT)

    def get(self, device: str, path: str) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[device]}"}
        response = self.http.get(self.base + path, headers=headers, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()


def children(pid: int) -> list[int]:
    """The server's child processes (the estimator's worker, multiprocessing's helpers)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def cpu_s(pids: list[int]) -> float:
    return sum(proc_cpu_s(p) or 0.0 for p in pids)


def draw_ticket(rng: random.Random) -> dict[str, Any]:
    service = rng.choices(list(SERVICE_MIX), weights=list(SERVICE_MIX.values()))[0]
    priority = rng.choice(PRIORITY_GROUPS) if rng.random() < PRIORITY_SHARE else None
    return {"service": service, "priority": priority}


class BatchWatcher(threading.Thread):
    """A supervisor on the event stream: each estimates.updated's compute_ms and size."""

    def __init__(self, ws_url: str) -> None:
        super().__init__(daemon=True)
        self.ws_url = ws_url
        self.batches: list[tuple[float, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with connect(self.ws_url) as ws:
            while not self.stop.is_set():
                try:
                    message = json.loads(ws.recv(timeout=0.5))
                except TimeoutError:
                    continue
                if message.get("type") == "estimates.updated" and message.get("estimates"):
                    found = message["estimates"]
                    size = len(found["tickets"]) + 2 * len(found["services"])
                    self.batches.append((float(found["compute_ms"]), size))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--rate", type=float, default=5, help="tickets a second (and calls)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(header("bench_estimate_issue: issuing with the wait estimator on, 30 counters, 200 waiting"))
    with tempfile.TemporaryDirectory(prefix="onestop-estimate-issue-") as tmp:
        data = Path(tmp) / "office"
        # office.toml before the database exists: the database takes its counters from it once, at
        # creation (`onestop init` would create it with the sample's four first).
        prepare_data(data)
        rewrite_counters(data / "office.toml")
        open_all_day(data / "office.toml")
        tokens = register_devices(data, time.time)
        port = free_port()
        server = subprocess.Popen(
            [ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port), "--insecure-http"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(base + "/api/health", timeout=1).ok:
                        break
                except requests.RequestException:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            office = Office(base, tokens)
            counters = [c["number"] for c in office.get("supervisor", "/api/state")["counters"]]
            for n in counters:
                sign_in = {"username": f"clerk{n}", "pin": PIN}
                office.post(f"counter{n}", f"/api/counters/{n}/sign-in", sign_in).raise_for_status()
            for _ in range(WAITING + len(counters)):
                office.post("kiosk", "/api/tickets", draw_ticket(rng)).raise_for_status()
            for n in counters:
                office.post(f"counter{n}", f"/api/counters/{n}/call-next")
            waiting = len(office.get("supervisor", "/api/state")["waiting"])
            print(f"counters: {len(counters)}, all serving; waiting: {waiting}")
            watcher = BatchWatcher(f"{base.replace('http', 'ws')}/api/events?token={tokens['supervisor']}")
            watcher.start()
            time.sleep(12)  # the first batch of the full queue
            workers = children(server.pid)
            # CPU time, not wall time: on a shared machine a batch waits for a core; what it costs is its CPU.
            cpu_before = (proc_cpu_s(server.pid) or 0.0, cpu_s(workers), len(watcher.batches))
            load_before = loadavg()
            latencies: list[float] = []
            refused = 0
            step = 1 / args.rate
            start = time.monotonic()
            k = 0
            while time.monotonic() - start < args.seconds:
                t0 = time.perf_counter()
                response = office.post("kiosk", "/api/tickets", draw_ticket(rng))
                latencies.append(time.perf_counter() - t0)
                refused += response.status_code != 201
                n = counters[k % len(counters)]
                k += 1
                # The clerk finishes and calls the next one (nobody left for her services: she stays idle).
                office.post(f"counter{n}", f"/api/counters/{n}/call-next")
                time.sleep(max(0.0, start + k * step - time.monotonic()))
            cpu_after = (proc_cpu_s(server.pid) or 0.0, cpu_s(workers), len(watcher.batches))
            load_after = loadavg()
            watcher.stop.set()
            watcher.join(5)
            state = office.get("supervisor", "/api/state")
            rss = proc_status_kb(server.pid, "VmRSS")
        finally:
            server.terminate()
            server.wait(30)
    s = summary_ms(latencies)
    print(f"\nkiosk POST /api/tickets over {args.seconds:.0f} s at {args.rate:g}/s, counters calling at the same pace")
    print(f"{'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  refused")
    print(f"{s['n']:>5} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['p99']:>8.1f} {s['max']:>8.1f}  {refused}")
    print(f"waiting at the end: {len(state['waiting'])}; server RSS {rss / 1024 if rss else float('nan'):.0f} MiB")
    print(f"load average before / after: {load_before} / {load_after} (2 cores; other engineers' runs share them)")
    server_cpu = cpu_after[0] - cpu_before[0]
    print(f"server process CPU: {server_cpu:.1f} s for {2 * len(latencies)} requests"
          f" ({1000 * server_cpu / max(1, 2 * len(latencies)):.1f} ms a request, the event stream included)")
    if watcher.batches:
        times = sorted(ms for ms, _ in watcher.batches)
        per = sorted(ms / size for ms, size in watcher.batches)
        sizes = [size for _, size in watcher.batches]
        print(f"\nestimator batches during the run: {len(times)} (one at most every 10 s of change)")
        print(f"  estimates a batch: {min(sizes)}-{max(sizes)} (waiting tickets + 2 new-ticket ones per service)")
        print(f"  batch ms in the worker: median {statistics.median(times):.0f}, max {times[-1]:.0f}")
        print(f"  wall ms per estimate: median {statistics.median(per):.2f}, max {per[-1]:.2f}")
        batches = cpu_after[2] - cpu_before[2]
        worker_cpu = cpu_after[1] - cpu_before[1]
        if batches:
            per_batch = 1000 * worker_cpu / batches
            print(f"  worker CPU over the run: {worker_cpu:.1f} s for {batches} batches = {per_batch:.0f} ms a batch,"
                  f" {per_batch / statistics.median(sizes):.2f} ms per estimate (target ≤ 20)")
    else:
        print("\nno estimator batch seen")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
