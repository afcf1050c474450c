"""Load figures for the office server: a real server process, 30 counters, 3 kiosks, 5 screens.

Prints figures; asserts nothing about time. Run:

    .venv/bin/python bench/bench_server.py                 # closed loop, 20 s
    .venv/bin/python bench/bench_server.py --rate 300      # open loop at 300 requests/s

Closed loop: each of the 3 kiosks issues tickets back to back (service mix
B 35 %, A 20 %, C 15 %, F 13 %, D 12 %, E 5 %; 5 % with a priority group), and
each of the 30 counters presses call-next and, when it got a ticket, finish,
back to back. An empty-queue call-next is an operation too. With no think time
the offered load is whatever the client can push, so on a small machine these
numbers measure client + server together.

Open loop (--rate R): requests start on a fixed schedule, R per second in all
(1/3 issue, 2/3 counter actions: call-next or finish depending on whether the
counter holds a ticket); latency is measured from the *scheduled* start, so a
request delayed by a busy client or server counts its waiting (no coordinated
omission).

The server is ``onestop server`` in a subprocess (uvicorn, its own process);
the load generator is this one asyncio process, one httpx.AsyncClient (HTTP/1.1
keep-alive) per simulated device, plus 5 WebSocket listeners on /api/events.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    ONESTOP,
    PRIORITY_GROUPS,
    PRIORITY_SHARE,
    SERVICE_MIX,
    free_port,
    fs_type,
    header,
    init_office,
    loadavg,
    machine_busy_s,
    mark,
    onestop,
    proc_cpu_s,
    proc_status_kb,
    summary_ms,
    wait_until,
)

N_KIOSKS = 3
N_COUNTERS = 30
N_LISTENERS = 5
TIMEOUT_S = 10.0
TARGET_P99_MS = 25.0
TARGET_OPS = 300.0
WARMUP_S = 1.0


# -- setup ---------------------------------------------------------------------


def prepare(data: Path, workers: int = 3) -> dict[str, str]:
    """The office through the CLI, as a technician would set it up; returns device tokens."""
    init_office(data)
    jobs: list[tuple[str, list[str]]] = []
    for k in range(1, N_KIOSKS + 1):
        jobs.append((f"kiosk{k}", ["device", "add", f"kiosk{k}", "--role", "kiosk"]))
    for n in range(1, N_COUNTERS + 1):
        jobs.append((f"counter{n}", ["device", "add", f"counter{n}", "--role", "counter", "--counter", str(n)]))
    for s in range(1, N_LISTENERS + 1):
        jobs.append((f"display{s}", ["device", "add", f"display{s}", "--role", "display"]))
    for n in range(1, N_COUNTERS + 1):
        jobs.append((f"clerk{n}", ["clerk", "add", f"clerk{n}", "--pin", "246810", "--name", f"Cán bộ {n}"]))
    tokens: dict[str, str] = {}
    # A few CLI processes at a time (each opens the DB; SQLite's busy timeout serialises the writes).
    with ThreadPoolExecutor(workers) as pool:
        for name, out in zip((j[0] for j in jobs), pool.map(lambda j: onestop(*j[1], data=data), jobs), strict=True):
            if not name.startswith("clerk"):
                tokens[name] = out.strip().splitlines()[-1]
    return tokens


def start_server(data: Path, port: int) -> tuple[subprocess.Popen[bytes], Any]:
    log = open(data / "server.log", "wb")  # noqa: SIM115 - closed by the caller
    proc = subprocess.Popen(
        [ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port), "--insecure-http"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def up() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {(data / 'server.log').read_text()[-2000:]}")
        try:
            return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    if not wait_until(up, 30):
        proc.terminate()
        raise RuntimeError("server did not answer /api/health within 30 s")
    return proc, log


def stop_server(proc: subprocess.Popen[bytes]) -> int:
    proc.terminate()
    try:
        return proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(timeout=5)


# -- measuring -----------------------------------------------------------------


@dataclass
class Stats:
    recording: bool = False
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)  # "op status" → count
    calls_with_ticket: int = 0
    calls_empty: int = 0
    # ticket id → perf_counter when the HTTP response arrived (for listener lag)
    issued_at: dict[int, float] = field(default_factory=dict)
    called_at: dict[int, float] = field(default_factory=dict)
    late_starts: list[float] = field(default_factory=list)  # open loop: actual − scheduled start

    def record(self, op: str, seconds: float) -> None:
        if self.recording:
            self.latencies[op].append(seconds)


def pick_service(rng: random.Random) -> str:
    return rng.choices(list(SERVICE_MIX), weights=list(SERVICE_MIX.values()))[0]


@dataclass
class Device:
    name: str
    client: httpx.AsyncClient
    counter: int | None = None
    holding: bool = False  # a counter with a called ticket


async def request(stats: Stats, dev: Device, op: str, path: str, body: Any, start: float | None = None) -> Any:
    """POST; record latency (from ``start`` if given: the scheduled time in open loop)."""
    t0 = time.perf_counter()
    try:
        resp = await dev.client.post(path, json=body)
    except httpx.HTTPError as exc:
        if stats.recording:
            stats.errors[f"{op} {type(exc).__name__}"] += 1
        return None
    t1 = time.perf_counter()
    stats.record(op, t1 - (start if start is not None else t0))
    if not 200 <= resp.status_code < 300:
        if stats.recording:
            stats.errors[f"{op} HTTP {resp.status_code} {resp.text[:80]}"] += 1
        return None
    data = resp.json()
    data["_t"] = t1
    return data


async def issue(stats: Stats, dev: Device, rng: random.Random, start: float | None = None) -> None:
    priority = rng.choice(PRIORITY_GROUPS) if rng.random() < PRIORITY_SHARE else None
    data = await request(
        stats, dev, "issue", "/api/tickets", {"service": pick_service(rng), "priority": priority}, start
    )
    if data is not None and stats.recording:
        stats.issued_at[data["id"]] = data["_t"]


async def counter_step(stats: Stats, dev: Device, start: float | None = None, *, finish_first: bool = True) -> None:
    """One counter press: finish if holding a ticket (open loop), else call-next."""
    n = dev.counter
    if dev.holding and finish_first:
        data = await request(stats, dev, "finish", f"/api/counters/{n}/finish", None, start)
        if data is not None:
            dev.holding = False
        return
    data = await request(stats, dev, "call-next", f"/api/counters/{n}/call-next", None, start)
    if data is None:
        return
    ticket = data["ticket"]
    if stats.recording:
        if ticket is None:
            stats.calls_empty += 1
        else:
            stats.calls_with_ticket += 1
            stats.called_at[ticket["id"]] = data["_t"]
    dev.holding = ticket is not None


@dataclass
class Listener:
    name: str
    hello_seq: int = 0
    count: int = 0
    last_seq: int = 0
    gaps: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    emit_lag: list[float] = field(default_factory=list)  # event "at" (server wall clock) → arrival
    issued_arrival: dict[int, float] = field(default_factory=dict)
    called_arrival: dict[int, float] = field(default_factory=dict)
    closed: str | None = None  # set when the server closed it (not our own close at the end)
    ws: Any = None
    stopping: bool = False


async def listen(url: str, listener: Listener, ready: asyncio.Event) -> None:
    """Count events until the connection is closed (the runner closes it: cancelling recv() can hang)."""
    async with websockets.connect(url, max_size=2**22, ping_interval=None, close_timeout=2) as ws:
        listener.ws = ws
        hello = json.loads(await ws.recv())
        listener.hello_seq = listener.last_seq = hello["seq"]
        ready.set()
        try:
            async for raw in ws:
                arrival, wall = time.perf_counter(), time.time()
                event = json.loads(raw)
                listener.count += 1
                if event["seq"] != listener.last_seq + 1:
                    listener.gaps += 1
                listener.last_seq = event["seq"]
                kind = event["type"]
                listener.by_type[kind] += 1
                listener.emit_lag.append(wall - datetime.fromisoformat(event["at"]).timestamp())
                ticket = event.get("ticket")
                if ticket is not None:
                    if kind == "ticket.issued":
                        listener.issued_arrival[ticket["id"]] = arrival
                    elif kind == "ticket.called":
                        listener.called_arrival[ticket["id"]] = arrival
        except websockets.ConnectionClosed as exc:
            listener.closed = f"{exc.code} {exc.reason}"
            return
        if ws.close_code not in (None, 1000) or listener.stopping is False:
            listener.closed = f"{ws.close_code} {ws.close_reason}"


# -- the run -------------------------------------------------------------------


async def run_load(args: argparse.Namespace, port: int, tokens: dict[str, str], server_pid: int) -> dict[str, Any]:
    base = f"http://127.0.0.1:{port}"
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)

    def client(token: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT_S, limits=limits
        )

    kiosks = [Device(f"kiosk{k}", client(tokens[f"kiosk{k}"])) for k in range(1, N_KIOSKS + 1)]
    counters = [Device(f"counter{n}", client(tokens[f"counter{n}"]), n) for n in range(1, N_COUNTERS + 1)]
    stats = Stats()

    # Sign the 30 clerks in (PIN check: ~30 ms of scrypt each on the server).
    for dev in counters:
        r = await dev.client.post(
            f"/api/counters/{dev.counter}/sign-in", json={"username": f"clerk{dev.counter}", "pin": "246810"}
        )
        if r.status_code != 200:
            raise RuntimeError(f"sign-in counter {dev.counter}: {r.status_code} {r.text}")

    listeners = [Listener(f"display{s}") for s in range(1, N_LISTENERS + 1)]
    readies = [asyncio.Event() for _ in listeners]
    listen_tasks = [
        asyncio.create_task(listen(f"ws://127.0.0.1:{port}/api/events?token={tokens[lis.name]}", lis, ev))
        for lis, ev in zip(listeners, readies, strict=True)
    ]
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in readies)), 10)

    rss_before = proc_status_kb(server_pid, "VmRSS")
    rng = random.Random(args.seed)
    deadline_box = [0.0]

    if args.rate:
        await open_loop(args, stats, kiosks, counters, rng, deadline_box)
    else:
        await closed_loop(args, stats, kiosks, counters, rng, deadline_box)

    # Let the last events reach the screens, then stop listening.
    await asyncio.sleep(1.0)
    for lis in listeners:
        lis.stopping = True
        await lis.ws.close()
    await asyncio.wait_for(asyncio.gather(*listen_tasks, return_exceptions=True), 10)
    state = (await kiosks[0].client.get("/api/state")).json()
    for dev in kiosks + counters:
        await dev.client.aclose()
    return {
        "stats": stats,
        "listeners": listeners,
        "final_seq": state["seq"],
        "waiting_at_end": sum(q["waiting"] for q in state["queues"].values()),
        "rss_before_kb": rss_before,
        "measured_s": deadline_box[0],
    }


async def _measure_window(args: argparse.Namespace, stats: Stats, server_pid: int, box: list[float]) -> None:
    await asyncio.sleep(WARMUP_S)
    stats.recording = True
    cpu0 = proc_cpu_s(server_pid), os.times(), machine_busy_s()
    t0 = time.perf_counter()
    await asyncio.sleep(args.seconds)
    stats.recording = False
    cpu1 = proc_cpu_s(server_pid), os.times(), machine_busy_s()
    box[0] = time.perf_counter() - t0
    server_s = (cpu1[0] or 0) - (cpu0[0] or 0)
    client_s = (cpu1[1].user + cpu1[1].system) - (cpu0[1].user + cpu0[1].system)
    args._cpu = (server_s, client_s, max(0.0, cpu1[2] - cpu0[2] - server_s - client_s))


async def closed_loop(
    args: argparse.Namespace,
    stats: Stats,
    kiosks: list[Device],
    counters: list[Device],
    rng: random.Random,
    box: list[float],
) -> None:
    done = asyncio.Event()

    async def kiosk_loop(dev: Device) -> None:
        while not done.is_set():
            await issue(stats, dev, rng)

    async def counter_loop(dev: Device) -> None:
        while not done.is_set():
            await counter_step(stats, dev, finish_first=False)
            if dev.holding and not done.is_set():
                await counter_step(stats, dev)  # finish the ticket just called

    tasks = [asyncio.create_task(kiosk_loop(d)) for d in kiosks] + [
        asyncio.create_task(counter_loop(d)) for d in counters
    ]
    await _measure_window(args, stats, args._server_pid, box)
    done.set()
    await asyncio.gather(*tasks)


async def open_loop(
    args: argparse.Namespace,
    stats: Stats,
    kiosks: list[Device],
    counters: list[Device],
    rng: random.Random,
    box: list[float],
) -> None:
    """R requests/s on a fixed schedule: 1/3 issue (round-robin over the kiosks), 2/3 a counter press.

    A counter press waits for a counter with no request in flight (its wait counts in the latency):
    one counter never presses twice at once. With 30 counters that wait is rare below saturation.
    """
    free_counters: asyncio.Queue[Device] = asyncio.Queue()
    for d in counters:
        free_counters.put_nowait(d)
    inflight: set[asyncio.Task[None]] = set()

    async def one(i: int, scheduled: float) -> None:
        if i % 3 == 0:
            # Issuing is stateless: a kiosk's client may overlap requests (up to 4 connections).
            await issue(stats, kiosks[(i // 3) % len(kiosks)], rng, scheduled)
        else:
            dev = await free_counters.get()
            try:
                await counter_step(stats, dev, scheduled)
            finally:
                free_counters.put_nowait(dev)

    measure = asyncio.create_task(_measure_window(args, stats, args._server_pid, box))
    interval = 1.0 / args.rate
    t_start = time.perf_counter()
    i = 0
    while not measure.done():
        scheduled = t_start + i * interval
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if stats.recording:
            stats.late_starts.append(time.perf_counter() - scheduled)
        task = asyncio.create_task(one(i, scheduled))
        inflight.add(task)
        task.add_done_callback(inflight.discard)
        i += 1
    await asyncio.gather(*inflight)


# -- report --------------------------------------------------------------------


def report(args: argparse.Namespace, result: dict[str, Any], server: dict[str, Any]) -> str:
    stats: Stats = result["stats"]
    secs = result["measured_s"]
    lines = []
    mode = f"open loop at {args.rate:g} req/s" if args.rate else "closed loop (no think time)"
    lines.append(
        f"mode: {mode}; measured {secs:.1f} s after {WARMUP_S:g} s warm-up; "
        f"{N_KIOSKS} kiosks, {N_COUNTERS} counters (30 clerks signed in), {N_LISTENERS} WebSocket listeners"
    )
    lines.append(
        f"client and server share the same {os.cpu_count()} cores: load generator = this one asyncio process "
        f"({'uvloop' if args.uvloop else 'asyncio'} loop, httpx, 1 client per device); server = 'onestop server' "
        f"(uvicorn) pid {server['pid']}"
    )
    lines.append(f"data dir on {server['fs']} (SQLite WAL, synchronous=FULL: one fsync per write commit)")
    srv_cpu, cli_cpu, other_cpu = getattr(args, "_cpu", (0.0, 0.0, 0.0))
    lines.append(
        f"CPU during the window (100 % = one core): server {100 * srv_cpu / secs:.0f} %, "
        f"load generator {100 * cli_cpu / secs:.0f} %, everything else on the machine {100 * other_cpu / secs:.0f} %"
        f"{'  <- other work competed: figures are pessimistic' if other_cpu / secs > 0.15 else ''}"
    )
    lines.append("")
    lines.append(
        f"{'operation':<10} {'count':>7} {'ops/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
        f"  p99 ≤ {TARGET_P99_MS:g} ms"
    )
    total = 0
    all_lat: list[float] = []
    for op in ("issue", "call-next", "finish"):
        lat = stats.latencies.get(op, [])
        if not lat:
            continue
        s = summary_ms(lat)
        total += len(lat)
        all_lat += lat
        lines.append(
            f"{op:<10} {s['n']:>7} {s['n'] / secs:>7.1f} {s['p50']:>8.2f} {s['p95']:>8.2f} {s['p99']:>8.2f} "
            f"{s['max']:>8.2f}  {mark(s['p99'] <= TARGET_P99_MS)}"
        )
    s = summary_ms(all_lat)
    lines.append(
        f"{'all':<10} {s['n']:>7} {total / secs:>7.1f} {s['p50']:>8.2f} {s['p95']:>8.2f} {s['p99']:>8.2f} "
        f"{s['max']:>8.2f}  {mark(s['p99'] <= TARGET_P99_MS)}"
    )
    ops = total / secs
    # Open loop: requests scheduled in the window but answered after it are not counted; allow 1 %.
    ok = ops >= TARGET_OPS * (0.99 if args.rate else 1.0)
    lines.append(
        f"throughput: {ops:.1f} ops/s (target ≥ {TARGET_OPS:g}{', 1 % edge allowance' if args.rate else ''}) {mark(ok)}"
    )
    if args.rate:
        ls = summary_ms(stats.late_starts)
        lines.append(
            f"open loop: offered {args.rate:g}/s (1/3 issue, 2/3 call-next/finish), achieved {ops:.1f}/s; "
            f"client start lateness p50 {ls['p50']:.2f} ms, "
            f"p99 {ls['p99']:.2f} ms, max {ls['max']:.2f} ms (latency above counts from the scheduled start)"
        )
    calls = stats.calls_with_ticket + stats.calls_empty
    lines.append(
        f"call-next: {stats.calls_with_ticket} of {calls} got a ticket, {stats.calls_empty} found the queue empty; "
        f"{result['waiting_at_end']} tickets still waiting at the end"
    )
    if stats.errors:
        lines.append(f"non-2xx / failed requests: {sum(stats.errors.values())}")
        for what, n in stats.errors.most_common():
            lines.append(f"  {n:>6} × {what}")
    else:
        lines.append("non-2xx / failed requests: 0")
    lines.append("")
    lines.append(
        "listeners (events received; lag = HTTP response seen by the client → the same ticket's event seen by the "
        "listener; emit lag = the event's server timestamp → arrival):"
    )
    expected = result["final_seq"]
    for lis in result["listeners"]:
        http_lag = [lis.issued_arrival[t] - at for t, at in stats.issued_at.items() if t in lis.issued_arrival]
        http_lag += [lis.called_arrival[t] - at for t, at in stats.called_at.items() if t in lis.called_arrival]
        h, e = summary_ms(http_lag), summary_ms(lis.emit_lag)
        lines.append(
            f"  {lis.name}: {lis.count} events (seq {lis.hello_seq}→{lis.last_seq}, server at {expected}; "
            f"gaps {lis.gaps}{', closed ' + lis.closed if lis.closed else ''}); "
            f"lag p50 {h['p50']:.1f} / p99 {h['p99']:.1f} ms over {h['n']} tickets; "
            f"emit lag p50 {e['p50']:.1f} / p99 {e['p99']:.1f} ms"
        )
    kinds = result["listeners"][0].by_type
    lines.append("  event types: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    lines.append("")
    lines.append(
        f"server memory: VmRSS {server['rss_kb'] / 1024:.1f} MiB at the end "
        f"({(result['rss_before_kb'] or 0) / 1024:.1f} MiB before the load), "
        f"peak VmHWM {server['hwm_kb'] / 1024:.1f} MiB; "
        f"office.db {server['db_kb'] / 1024:.1f} MiB + WAL {server['wal_kb'] / 1024:.1f} MiB; "
        f"server stopped with SIGTERM: exit {server['exit']}, "
        f"{'graceful (lifespan shutdown completed)' if server['graceful'] else 'NOT graceful: see server.log'}"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration (default 20)")
    parser.add_argument("--rate", type=float, default=0.0, help="open loop: requests per second (default: closed loop)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-uvloop", dest="uvloop", action="store_false", help="plain asyncio loop in the client")
    parser.add_argument("--tmp", type=Path, default=None, help="where to make the temp data dir (default: system temp)")
    args = parser.parse_args()
    if args.uvloop:
        try:
            import uvloop  # noqa: F401
        except ImportError:
            args.uvloop = False

    # A terminated bench still stops its server and removes its temp dir.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data = Path(tempfile.mkdtemp(prefix="onestop-bench-", dir=args.tmp))
    proc = None
    log = None
    try:
        t = time.perf_counter()
        tokens = prepare(data)
        setup_s = time.perf_counter() - t
        port = free_port()
        proc, log = start_server(data, port)
        args._server_pid = proc.pid
        print(header("bench_server: live office under load"))
        print(
            f"setup through the CLI (init + 38 devices + 30 clerks): {setup_s:.1f} s; server on 127.0.0.1:{port}; "
            f"load average before the run: {loadavg()}"
        )
        if args.uvloop:
            import uvloop

            result = uvloop.run(run_load(args, port, tokens, proc.pid))
        else:
            result = asyncio.run(run_load(args, port, tokens, proc.pid))
        server = {
            "pid": proc.pid,
            "fs": fs_type(data),
            "rss_kb": proc_status_kb(proc.pid, "VmRSS") or 0,
            "hwm_kb": proc_status_kb(proc.pid, "VmHWM") or 0,
        }
        server["exit"] = stop_server(proc)
        server["graceful"] = "Application shutdown complete" in (data / "server.log").read_text(errors="replace")
        server["db_kb"] = (data / "office.db").stat().st_size / 1024
        wal = data / "office.db-wal"
        server["wal_kb"] = wal.stat().st_size / 1024 if wal.exists() else 0.0
        proc = None
        print(report(args, result, server))
        return 0
    finally:
        if proc is not None:
            stop_server(proc)
        if log is not None:
            log.close()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
