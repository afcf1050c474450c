"""Eight parallel replays never stall the office (issue 11: 8 × ?since=0 took a server from 464 MB to 1.4 GB and
stalled ticket issuing for 5.7 s).

An office with 60,000 events of history and a busy centre's full day today (7,200 events); the real server in
a process of its own. Four displays replay the day, four supervisors the whole history, all at once, read as
fast as they come by another process; meanwhile a kiosk issues a ticket every 100 ms. Measured: the slowest
tickets against the slowest of 100 issued the same way before (99 % at most 100 ms more; every one well under
the seconds of the issue), and the server's resident memory above its level before (at most 50 MB).
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.store import Store
from tests.helpers.office import prepare_data, register_devices

pytestmark = pytest.mark.slow
HISTORY, TODAY = 60_000, 7_200
ONESTOP = [sys.executable, "-m", "onestop"]

READERS = """
import json, sys, threading
from websockets.sync.client import connect
url, jobs = sys.argv[1], json.loads(sys.argv[2])
counts = [0] * len(jobs)
def read(i, token, since, expected):
    # Counted, not decoded: this process shares the two cores with the server.
    with connect(f"{url}/api/events?token={token}&since={since}", max_size=None) as ws:
        ws.recv(timeout=60)
        while counts[i] < expected:
            ws.recv(timeout=60)
            counts[i] += 1
threads = [threading.Thread(target=read, args=(i, *job)) for i, job in enumerate(jobs)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(counts))
"""


def fill(data: Path) -> int:
    """History and today as the store writes them: real payloads, copied. Returns the seq before today."""
    config = load_config(data / CONFIG_NAME)
    store = Store(data / DATABASE_NAME, config.office, time.time)  # the server runs on the real clock
    midnight = dt.datetime.combine(dt.datetime.now(config.tz).date(), dt.time(), config.tz).timestamp()
    from server.snapshots import Actor

    ticket = store.tickets.issue("A", None, Actor("kiosk"))
    row = store.db.conn.execute("SELECT payload FROM events ORDER BY id DESC LIMIT 1").fetchone()
    store.close()
    payload = json.loads(row[0])
    # A called ticket with its counter, the heaviest kind of event (~1.5 KB).
    payload["counter"] = {"number": 1, "name": "Quầy 1", "services": ["B", "A"], "state": "calling",
                          "clerk": {"username": "clerk1", "name": "Cán bộ 1"}, "signed_in_at": None, "paused": False,
                          "pause_reason": None, "paused_at": None, "ticket": payload["ticket"]}  # fmt: skip
    text = json.dumps(payload | {"type": "ticket.called"}, ensure_ascii=False)
    with sqlite3.connect(data / DATABASE_NAME) as db:
        rows = [(midnight - 86400 * 30 + i * 40, "ticket.called", ticket["id"], 1, "counter1", "clerk1", text)
                for i in range(HISTORY)]  # fmt: skip
        db.executemany("INSERT INTO events (at, type, ticket_id, counter, device, clerk, payload) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)  # fmt: skip
        floor = int(db.execute("SELECT MAX(id) FROM events").fetchone()[0])
        rows = [(midnight + 1 + i * 0.001, "ticket.called", ticket["id"], 1, "counter1", "clerk1", text)
                for i in range(TODAY)]  # fmt: skip
        db.executemany("INSERT INTO events (at, type, ticket_id, counter, device, clerk, payload) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)  # fmt: skip
    return floor


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_eight_parallel_replays_neither_stall_tickets_nor_grow_memory(tmp_path: Path) -> None:
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, time.time)
    floor = fill(data)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    log = (data / "server.log").open("wb")
    server = subprocess.Popen([*ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port),
                               "--insecure-http"], stdout=log, stderr=subprocess.STDOUT, cwd=data)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # a condition awaited
            try:
                if requests.get(url + "/api/health", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        kiosk = requests.Session()
        kiosk.headers["Authorization"] = f"Bearer {tokens['kiosk']}"

        def issue() -> float:
            start = time.perf_counter()
            assert kiosk.post(url + "/api/tickets", json={"service": "A"}, timeout=10).status_code == 201
            return time.perf_counter() - start

        issue()  # warm: the connection, the day's roll-over
        # Control: the same cadence with no replay, for what this shared machine does to a ticket by itself.
        idle = []
        for _ in range(100):
            idle.append(issue())
            time.sleep(0.1)
        idle.sort()
        own, noise = idle[len(idle) // 2], idle[-1]
        before = rss_mb(server.pid)
        day, everything = TODAY + 20, floor + TODAY + 20  # the warm-up's tickets too
        jobs = [(tokens["display"], floor, day)] * 4 + [(tokens["supervisor"], 0, everything)] * 4
        readers = subprocess.Popen([sys.executable, "-c", READERS, url.replace("http", "ws"), json.dumps(jobs)],
                                   stdout=subprocess.PIPE, text=True)  # fmt: skip
        waits: list[float] = []
        peak = before
        stop = threading.Event()

        def watch_memory() -> None:
            nonlocal peak
            while not stop.wait(0.05):
                peak = max(peak, rss_mb(server.pid))

        watcher = threading.Thread(target=watch_memory)
        watcher.start()
        started = time.monotonic()
        while readers.poll() is None and time.monotonic() - started < 150:
            waits.append(issue())
            time.sleep(0.1)
        stop.set()
        watcher.join()
        out, _ = readers.communicate(timeout=60)
        counts = json.loads(out)
    finally:
        server.terminate()
        server.wait(10)
        log.close()
    seconds = time.monotonic() - started
    waits.sort()
    print(f"\n8 replays ({counts}) in {seconds:.1f} s; {len(waits)} tickets meanwhile: "
          f"median {waits[len(waits) // 2] * 1000:.1f} ms, p99 {waits[int(len(waits) * 0.99)] * 1000:.1f} ms, "
          f"slowest {waits[-1] * 1000:.1f} ms; without replays: median {own * 1000:.1f} ms, slowest "
          f"{noise * 1000:.1f} ms; RSS {before:.0f} MB before, peak {peak:.0f} MB "
          f"(+{peak - before:.1f} MB)")  # fmt: skip
    assert counts == [day] * 4 + [everything] * 4  # the day to displays, everything to supervisors
    assert len(waits) >= 5
    # The delay the replays add, against the slowest ticket without them (this machine's two cores are shared
    # with other work: a ticket now and then waits for the CPU, or for a WAL checkpoint, whatever the replays
    # do). 99 tickets in 100 are held to the 100 ms; the slowest one, measured and printed, to the stall the
    # issue saw (seconds) never coming back.
    p99 = waits[int(len(waits) * 0.99)]
    assert p99 - noise <= 0.100, f"the replays delayed 1% of tickets by {(p99 - noise) * 1000:.0f} ms or more"
    assert waits[-1] - noise <= 0.500, f"a ticket waited {waits[-1] * 1000:.0f} ms during the replays"
    assert peak - before <= 50, f"the server grew by {peak - before:.0f} MB"
