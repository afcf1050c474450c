"""Memory over a busy centre's day: the server, the lobby display, a kiosk and a counter app run a simulated day
(30 counters, 1,500 tickets) and their resident memory (RSS) is recorded from start to end.

Prints figures and writes them to bench/soak-figures.txt; asserts nothing. Run:

    .venv/bin/python bench/soak.py [--tickets 1500] [--speed 20]

Each part is a process of its own, as in an office:

- the office server (``create_app`` under uvicorn, the settings `onestop server` uses) on a clock that runs
  ``--speed`` times faster than the wall, from 07:00 today: a 10-hour day in 30 minutes at 20;
- ``onestop display --windowed`` (offscreen; no sound device here, so the chime's length in silence);
- the real kiosk (kiosk.app.build_kiosk, a ``file:`` printer) tapped at the arrivals of the reference
  day ×6.7: each tap issues, prints and goes home;
- the real counter app for counter 1, its clerk pressing "call next" and "finish" (lognormal service times);
- counters 2-30 as plain HTTP clients of this script (their apps would be 29 more copies of the one above).

"start" is RSS once a tenth of the tickets are issued (imports, fonts and caches loaded); "end" once the
day is over; "peak" the highest sample. Memory that grows with the calls made (the display's announcer
used to keep every utterance) shows as end − start, and per 1,000 tickets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")

import requests  # noqa: E402

from bench.common import free_port, header, init_office, proc_status_kb, wait_until  # noqa: E402
from tests.helpers.office import PIN  # noqa: E402  (the clerks' PIN register_devices gives them)

FIGURES = ROOT / "bench" / "soak-figures.txt"
TIMEOUT = 10
DAY_START = 7 * 60
MEAN_SERVICE_S = {"A": 540, "B": 240, "C": 840, "D": 480, "E": 720, "F": 180}


# -- the parts, each in its own process -------------------------------------------------------------------


def part_server(data: str, port: str, speed: str, start: str) -> None:
    import uvicorn

    from core.clock import ScaledClock
    from server.app import create_app
    from server.config import CONFIG_NAME, load_config
    from server.listening import uvicorn_settings

    app = create_app(load_config(Path(data) / CONFIG_NAME), Path(data), ScaledClock(float(start), float(speed)))
    sys.setswitchinterval(0.0005)  # as server/run.py
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning", **uvicorn_settings())


def part_kiosk(url: str, token: str, printer: str, schedule: str) -> None:
    """The kiosk, tapped at the schedule's times (seconds from now): each tap a ticket, printed, then home."""
    from PySide6.QtCore import QTimer

    from client.app import application, make_context
    from hardware.printer import TicketPrinter
    from kiosk.app import build_kiosk
    from kiosk.config import KioskConfig

    app = application(offscreen=True)
    context = make_context(argparse.Namespace(server=url, token=token, lang="vi"))
    kiosk = build_kiosk(context, KioskConfig(ask_priority=False, confirm_s=0.2), TicketPrinter(printer),
                        lockdown=False, quit_app=False)  # fmt: skip
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    taps = json.loads(Path(schedule).read_text())
    begun = time.monotonic()
    state = {"next": 0}

    def on_tick() -> None:
        now = time.monotonic() - begun
        while state["next"] < len(taps) and taps[state["next"]][0] <= now:
            if kiosk.controller.screen != "home" or kiosk.controller.busy:
                return  # the citizen before her is still at the screen: she taps in a moment
            kiosk.controller.choose_service(taps[state["next"]][1])
            state["next"] += 1

    timer = QTimer()
    timer.timeout.connect(on_tick)
    timer.start(20)
    context.stream.start()
    app.exec()
    kiosk.stop()


def part_counter(url: str, token: str, speed: str, seed: str) -> None:
    """The counter app for its counter, with a clerk who calls the next citizen as soon as she is free."""
    from PySide6.QtCore import QTimer

    from client.app import application, make_context
    from core.reference_day import service_time_s
    from counter.app import build
    from counter.intents import Intent

    app = application(offscreen=True)
    context = make_context(argparse.Namespace(server=url, token=token, lang="vi"))
    window = build(context)
    window.resize(1366, 768)
    window.show()
    controller = window.controller  # type: ignore[attr-defined]
    rng = random.Random(int(seed))
    state = {"until": 0.0}

    def on_tick() -> None:
        if not controller.online or controller.busy is not None or time.monotonic() < state["until"]:
            return
        if controller.state == "signed_out":
            controller.sign_in("clerk1", PIN)
        elif controller.state == "calling":  # she comes to the counter and is served
            mean = MEAN_SERVICE_S.get(controller.ticket["service"], 360)
            state["until"] = time.monotonic() + service_time_s(rng, mean) / float(speed)
            controller.perform(Intent.START)
        elif controller.state == "serving":
            controller.perform(Intent.FINISH)
        elif controller.state == "idle":
            state["until"] = time.monotonic() + 30 / float(speed)  # nobody waiting: look again in half a minute
            controller.perform(Intent.CALL_NEXT)

    timer = QTimer()
    timer.timeout.connect(on_tick)
    timer.start(50)
    context.stream.start()
    app.exec()


PARTS = {"server": part_server, "kiosk": part_kiosk, "counter": part_counter}


# -- the day ----------------------------------------------------------------------------------------------


class HttpCounter(threading.Thread):
    """One of counters 2-30: sign in, then call, serve and finish, on the office's fast clock."""

    def __init__(self, url: str, number: int, token: str, speed: float, seed: int, stop: threading.Event) -> None:
        super().__init__(daemon=True, name=f"counter{number}")
        self.url, self.number, self.speed, self.stop = url, number, speed, stop
        self.rng = random.Random(seed)
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.served = 0

    def post(self, action: str, body: dict[str, object] | None = None) -> dict[str, object] | None:
        try:
            response = self.session.post(f"{self.url}/api/counters/{self.number}/{action}", json=body, timeout=TIMEOUT)
        except requests.RequestException:
            return None
        return response.json() if response.ok else None

    def run(self) -> None:
        from core.reference_day import service_time_s

        # 29 sign-ins at once each check a PIN hash: on a busy PC some time out; they try again.
        for _ in range(20):
            if self.post("sign-in", {"username": f"clerk{self.number}", "pin": PIN}) is not None:
                break
            self.stop.wait(1)
        else:
            print(f"counter {self.number}: sign-in refused; this counter serves nobody", file=sys.stderr, flush=True)
            return
        while not self.stop.is_set():
            answer = self.post("call-next")
            ticket = answer.get("ticket") if answer else None
            if not isinstance(ticket, dict):
                self.stop.wait(30 / self.speed)  # nobody waits: look again half a minute later
                continue
            self.post("start")
            self.stop.wait(service_time_s(self.rng, MEAN_SERVICE_S.get(str(ticket["service"]), 360)) / self.speed)
            if self.post("finish"):
                self.served += 1


def schedule(tickets: int, speed: float, seed: int) -> list[tuple[float, str]]:
    """(seconds from the start of the run, service) of each tap: the reference day's shape, scaled."""
    from core.reference_day import arrivals

    day = arrivals(random.Random(seed), scale=tickets / 224)[:tickets]
    return [((a.minute - DAY_START) * 60 / speed, a.service) for a in sorted(day, key=lambda a: a.minute)]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in PARTS:
        PARTS[sys.argv[1]](*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1500)
    parser.add_argument("--speed", type=float, default=20.0, help="office time runs this much faster than the wall")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from tests.helpers.office import register_devices

    work = Path(tempfile.mkdtemp(prefix="onestop-soak-"))
    data = work / "office"
    init_office(data)
    tokens = register_devices(data, time.time)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    today = datetime.now(tz).date()
    start = datetime(today.year, today.month, today.day, DAY_START // 60, tzinfo=tz).timestamp()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    taps = schedule(args.tickets, args.speed, args.seed)
    (work / "taps.json").write_text(json.dumps(taps))
    logs = {name: (work / f"{name}.log").open("wb") for name in ("server", "display", "kiosk", "counter")}
    me = [sys.executable, str(Path(__file__).resolve())]

    def spawn(name: str, command: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(command, stdout=logs[name], stderr=subprocess.STDOUT, cwd=work)

    procs = {"server": spawn("server", [*me, "server", str(data), str(port), str(args.speed), str(start)])}
    if not wait_until(lambda: _healthy(url), 30):
        raise SystemExit(f"the server did not start: see {work / 'server.log'}")
    procs["display"] = spawn("display", [sys.executable, "-m", "onestop", "display", "--server", url, "--token",
                                         tokens["display"], "--windowed"])  # fmt: skip
    procs["counter"] = spawn("counter", [*me, "counter", url, tokens["counter1"], str(args.speed), str(args.seed)])
    stop = threading.Event()
    counters = [HttpCounter(url, n, tokens[f"counter{n}"], args.speed, args.seed + n, stop) for n in range(2, 31)]
    for counter in counters:
        counter.start()
    procs["kiosk"] = spawn("kiosk", [*me, "kiosk", url, tokens["kiosk"], f"file:{work / 'lp0'}",
                                     str(work / "taps.json")])  # fmt: skip
    samples: dict[str, list[tuple[int, int]]] = {name: [] for name in procs}  # (tickets issued, RSS kB)
    begun = time.monotonic()
    issued = 0
    try:
        while True:
            issued, waiting = _progress(url, tokens["supervisor"])
            for name, proc in procs.items():
                if proc.poll() is not None:
                    raise SystemExit(f"{name} exited ({proc.returncode}): see {work / (name + '.log')}")
                rss = proc_status_kb(proc.pid, "VmRSS")
                if rss:
                    samples[name].append((issued, rss))
            print(f"{time.monotonic() - begun:6.0f} s: {issued} issued, {waiting} waiting; RSS MiB "
                  + ", ".join(f"{n} {s[-1][1] / 1024:.0f}" for n, s in samples.items() if s), flush=True)
            # Over when every tap made its ticket, or a minute after the last tap (a tap on a kiosk that was
            # busy or reconnecting makes none: the report says how many), and nobody waits any more.
            taps_done = issued >= args.tickets or time.monotonic() - begun > taps[-1][0] + 60
            if taps_done and waiting == 0:
                break
            time.sleep(10)
    except KeyboardInterrupt:
        print("interrupted: the figures so far", flush=True)
    finally:
        stop.set()
        for proc in reversed(list(procs.values())):
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    served = sum(c.served for c in counters)
    _report(samples, args, issued, served, time.monotonic() - begun)


def _healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/api/health", timeout=1).ok
    except requests.RequestException:
        return False


def _progress(url: str, token: str) -> tuple[int, int]:
    try:
        stats = requests.get(f"{url}/api/stats", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT).json()
        totals = stats["totals"]
        return int(totals["issued"]), int(totals["waiting"])
    except (requests.RequestException, KeyError, ValueError):
        return 0, -1


def _report(samples: dict[str, list[tuple[int, int]]], args: argparse.Namespace, issued: int, served: int,
            took_s: float) -> None:  # fmt: skip
    lines = [header("soak: a busy centre's day, memory from start to end").rstrip(),
             f"day: {issued} tickets issued for {args.tickets} taps over 30 counters "
             f"({served} served by counters 2-30 over HTTP), "
             f"office clock ×{args.speed:g}, {took_s / 60:.1f} min of wall time",
             f"{'process':<9} {'start MiB':>10} {'end MiB':>8} {'peak MiB':>9} {'growth':>8} "
             f"{'per 1,000 tickets':>18}"]
    for name, points in samples.items():
        warm = [p for p in points if p[0] >= issued * 0.1] or points
        first, last = warm[0], warm[-1]
        peak = max(rss for _, rss in points)
        per_thousand = (last[1] - first[1]) / max(1, last[0] - first[0]) * 1000
        lines.append(f"{name:<9} {first[1] / 1024:>10.1f} {last[1] / 1024:>8.1f} {peak / 1024:>9.1f} "
                     f"{(last[1] - first[1]) / 1024:>+7.1f}M {per_thousand / 1024:>+17.2f}M")  # fmt: skip
    text = "\n".join(lines) + "\n"
    print(text)
    FIGURES.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
