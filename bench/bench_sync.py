"""Sync speed: a month offline delivered after reconnect, and a province's hourly ingest.

Prints figures and writes them to bench/sync-figures.txt; asserts nothing about time. Run:

    .venv/bin/python bench/bench_sync.py                  # both
    .venv/bin/python bench/bench_sync.py --offices 1000 --backlog-days 30

1. **Backlog.** A 20-counter office (``onestop init`` with 20 counters, ~800
   tickets per working day) whose last 30 days of tickets are written straight
   into SQLite (bench_history.build_history). The office server runs as a
   process (``onestop server``); the district too (``onestop district serve``).
   The agent runs one cycle with the district unreachable (30 batches go to its
   outbox), then the district comes back and one cycle delivers the backlog:
   that cycle is the figure (target ≤ 10 s). The district's totals are checked
   against the office's GET /api/stats.
2. **Ingest.** 1,000 offices registered at the district, each sending the
   batch of its day so far (8 hours × 6 services), gzipped, from 16 threads
   with keep-alive sessions: wall time for all (target ≤ 5 s), latency per
   batch, bytes on the wire.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import gzip
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_history import build_history  # noqa: E402
from common import (  # noqa: E402
    COUNTER_SERVICES,
    ONESTOP,
    free_port,
    header,
    init_office,
    onestop,
    proc_cpu_s,
    summary_ms,
)

from district.database import database_url  # noqa: E402
from district.store import DistrictStore  # noqa: E402
from server.config import load_config  # noqa: E402
from sync.agent import SyncAgent  # noqa: E402
from sync.batches import Scale, build  # noqa: E402
from sync.http import make_session  # noqa: E402
from sync.office import OfficeClient  # noqa: E402
from sync.outbox import OUTBOX_NAME, Outbox  # noqa: E402
from sync.upstream import DistrictClient  # noqa: E402

FIGURES = Path(__file__).resolve().parent / "sync-figures.txt"
COUNTERS = 20
TICKETS_PER_DAY = 800


def start(args: list[str], url: str, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    proc = subprocess.Popen([ONESTOP, *args], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/api/health", timeout=1).ok:
                return proc
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{args[0]} did not start: {log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(20)


def weekdays_in(last_days: int, today: dt.date) -> int:
    return sum(1 for i in range(1, last_days + 1) if (today - dt.timedelta(days=i)).weekday() < 5)


class Counting(requests.Session):
    """A session that counts the bytes it sends (gzip bodies) and the requests."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0
        self.requests = 0
        self._lock = threading.Lock()

    def request(self, method: str | bytes, url: str | bytes, *a: Any, **kw: Any) -> requests.Response:  # type: ignore[override]
        data = kw.get("data")
        with self._lock:
            if str(url).endswith("/api/batches"):
                self.requests += 1
                self.sent += len(data) if isinstance(data, bytes | bytearray) else 0
        return super().request(method, url, *a, **kw)


def bench_backlog(root: Path, days: int) -> list[str]:
    office_dir, district_dir = root / "office", root / "district"
    init_office(office_dir, COUNTER_SERVICES[:COUNTERS])
    config = load_config(office_dir / "office.toml")
    today = dt.datetime.now(ZoneInfo(config.office.timezone)).date()  # the office's day, as the agent sees it
    workdays = weekdays_in(days - 1, today)  # the working days before today, all inside the window
    t = time.perf_counter()
    made = build_history(office_dir / "office.db", config.office, today, workdays, workdays * TICKETS_PER_DAY, seed=1)
    history_s = time.perf_counter() - t
    sync_token = onestop("device", "add", "sync", "--role", "sync", data=office_dir).strip().splitlines()[-1]
    onestop("district", "init", data=district_dir)
    office_token = onestop("district", "office", "add", "ky-son", "--name", "Bench", data=district_dir)
    office_token = office_token.strip().splitlines()[-1]
    reader = onestop("district", "user", "add", "bench", data=district_dir).strip().splitlines()[-1]

    office_port, district_port = free_port(), free_port()
    office_url, district_url = f"http://127.0.0.1:{office_port}", f"http://127.0.0.1:{district_port}"
    office = start(["server", "--data", str(office_dir), "--host", "127.0.0.1", "--port", str(office_port),
                    "--insecure-http"], office_url, root / "office.log")  # fmt: skip
    lines = []
    try:
        session = Counting()
        outbox = Outbox(root / "agent" / OUTBOX_NAME)
        down = DistrictClient(make_session(), f"http://127.0.0.1:{free_port()}", office_token)
        agent = SyncAgent(outbox, OfficeClient(session, office_url, sync_token), down, "ky-son",
                          retries=0, first_run_days=days, sleep=lambda s: None)  # fmt: skip
        t = time.perf_counter()
        assert not agent.cycle()
        offline_s = time.perf_counter() - t
        backlog = outbox.backlog()
        cells = sum(len(json.loads(p.body)["cells"]) for p in outbox.pending())

        district = start(
            ["district", "serve", "--data", str(district_dir), "--host", "127.0.0.1", "--port", str(district_port)],
            district_url, root / "district.log",
        )  # fmt: skip
        try:
            agent.district = DistrictClient(session, district_url, office_token)
            session.sent = session.requests = 0
            t = time.perf_counter()
            delivered = agent.cycle()
            catch_up_s = time.perf_counter() - t
            posts, sent = session.requests, session.sent
            first, last = (today - dt.timedelta(days=days - 1)).isoformat(), today.isoformat()
            office_auth = {"Authorization": f"Bearer {sync_token}"}
            mine = requests.get(f"{office_url}/api/stats?from={first}&to={last}", headers=office_auth, timeout=120)
            mine = mine.json()["totals"]
            district_auth = {"Authorization": f"Bearer {reader}"}
            theirs_all = requests.get(
                f"{district_url}/api/offices/ky-son/stats?from={first}&to={last}", headers=district_auth, timeout=60
            ).json()
            theirs = theirs_all["totals"]
            hourly = requests.get(f"{office_url}/api/stats/hourly?from={first}&to={last}", headers=office_auth,
                                  timeout=120).json()["cells"]  # fmt: skip
            per_day: dict[str, int] = {}
            for c in hourly:
                per_day[c["day"]] = per_day.get(c["day"], 0) + c["issued"]
            at_district = {d["day"]: d["issued"] for d in theirs_all["by_day"]}
            if per_day != at_district:
                print("office per day:  ", per_day, "\ndistrict per day:", at_district, "\nrejected:",
                      outbox.rejected_count(), outbox.get("last_error"))  # fmt: skip
        finally:
            stop(district)
    finally:
        stop(office)
    equal = all(mine[k] == theirs[k] for k in ("issued", "served", "no_show", "cancelled"))
    lines += [
        f"-- 1. a {days}-day offline backlog of a {COUNTERS}-counter office, delivered after reconnect --",
        f"history: {made['tickets']:,} tickets on {workdays} working days (written in {history_s:.1f} s)",
        f"offline cycle (read {days} days, store {backlog} batches, {cells:,} cells): {offline_s:.2f} s",
        f"catch-up cycle after reconnect: {catch_up_s:.2f} s  (target ≤ 10 s) — "
        f"{'delivered' if delivered else 'NOT delivered'}, {posts} batch POSTs, "
        f"{sent:,} bytes gzipped on the wire ({sent / max(posts, 1):,.0f} per batch)",
        f"district equals office: {equal} (issued {theirs['issued']:,} / {mine['issued']:,}; "
        f"mean wait {theirs['wait_mean_s']} / {mine['wait_mean_s']} s; p90 {theirs['wait_p90_s']} "
        f"interpolated / {mine['wait_p90_s']} exact)",
    ]
    return lines


def day_batch(office: str, rng: random.Random, day: str) -> dict[str, Any]:
    cells = []
    for hour in range(7, 15):
        for service in "ABCDEF":
            issued = rng.randint(2, 30)
            served = issued - rng.randint(0, 2)
            rated = rng.randint(0, served)
            bad = rng.randint(0, rated // 5)
            mean = rng.uniform(120, 1500)
            cells.append({
                "day": day, "hour": hour, "service": service, "issued": issued, "served": served, "no_show": 0,
                "cancelled": 0, "wait_mean_s": round(mean, 1), "wait_p90_s": round(mean * 1.7, 1),
                "wait_max_s": round(mean * 2.5, 1), "service_mean_s": round(rng.uniform(120, 900), 1),
                "ratings": {"3": rated - bad, "1": bad},
            })  # fmt: skip
    scale = Scale(("3", "2", "1"), ("1",))
    return build(office, day, day, cells, scale, 1, dt.datetime.now(dt.UTC)).body


def bench_ingest(root: Path, offices: int, threads: int) -> list[str]:
    district_dir = root / "province"
    district_dir.mkdir(parents=True)
    store = DistrictStore.open(database_url(None, district_dir), upgrade=True)
    t = time.perf_counter()
    tokens = {f"office-{i:04d}": store.accounts.add_office(f"office-{i:04d}", f"UBND xã {i}") for i in range(offices)}
    register_s = time.perf_counter() - t
    store.close()
    rng = random.Random(7)
    today = dt.date.today().isoformat()
    bodies = {o: gzip.compress(json.dumps(day_batch(o, rng, today)).encode()) for o in tokens}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    district = start(["district", "serve", "--data", str(district_dir), "--host", "127.0.0.1", "--port", str(port)],
                     url, root / "province.log")  # fmt: skip
    local = threading.local()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def send(office: str) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        t0 = time.perf_counter()
        response = session.post(url + "/api/batches", data=bodies[office], timeout=(5, 60), headers={
            "Authorization": f"Bearer {tokens[office]}", "Content-Type": "application/json",
            "Content-Encoding": "gzip"})  # fmt: skip
        elapsed = time.perf_counter() - t0
        with lock:
            latencies.append(elapsed)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    try:
        t, cpu_server, cpu_self = time.perf_counter(), proc_cpu_s(district.pid) or 0.0, time.process_time()
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            list(pool.map(send, tokens))
        wall = time.perf_counter() - t
        cpu_server = (proc_cpu_s(district.pid) or 0.0) - cpu_server
        cpu_self = time.process_time() - cpu_self
        reader_store = DistrictStore.open(database_url(None, district_dir))
        stored = sum(len(reader_store.reads.hourly(office, today)) for office in tokens)
        reader_store.close()
    finally:
        stop(district)
    lat = summary_ms(latencies)
    size = sum(len(b) for b in bodies.values())
    return [
        f"-- 2. district ingest: the hourly batches of {offices:,} offices, {threads} sending at once --",
        f"registering {offices:,} offices: {register_s:.1f} s (one transaction each)",
        f"all batches in: {wall:.2f} s  (target ≤ 5 s), {offices / wall:,.0f} batches/s; statuses {statuses}",
        f"CPU: district server {cpu_server:.2f} s, the sending threads {cpu_self:.2f} s (2 cores, one machine)",
        f"latency per batch ms: p50 {lat['p50']:.1f}, p95 {lat['p95']:.1f}, p99 {lat['p99']:.1f}, max {lat['max']:.1f}",
        f"bytes on the wire: {size:,} gzipped ({size / offices:,.0f} per batch of 48 cells); cells stored {stored:,}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog-days", type=int, default=30)
    parser.add_argument("--offices", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onestop-bench-sync-") as tmp:
        root = Path(tmp)
        lines = [header("sync: backlog after reconnect, district ingest").rstrip()]
        lines += bench_backlog(root, args.backlog_days)
        lines += bench_ingest(root, args.offices, args.threads)
    text = "\n".join(lines) + "\n"
    print(text, end="")
    FIGURES.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
