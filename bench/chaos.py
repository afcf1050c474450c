"""A chaos run: a busy office day against the real server while the PC, the disk, the clock, the network and
the printer misbehave; then the figures that say whether anything was lost, doubled or left stale.

    .venv/bin/python bench/chaos.py --minutes 10

What runs (each its own process, on loopback, in a fresh folder under /tmp):

- the office server (bench/chaos_parts.py ``server``: ``onestop server``'s own code on a clock the run can
  step), its data folder on a small tmpfs (mounted if this machine lets us: root and mount(8)) so the disk can
  be filled;
- the real kiosk with a ``file:`` printer and citizens tapping it (~40 an office minute), four real counter
  apps, the lobby display — all through a TCP proxy (bench/chaos_proxy.py) that can cut and delay;
- ``onestop sync`` pushing the office's figures to ``onestop district serve`` (SQLite).

Meanwhile, every ``--kill-every`` seconds the server is SIGKILLed and started again, and between two kills one
other fault, in turn: the proxy cuts every connection and withholds a third of the answers; the proxy delays
every chunk; the printer's device vanishes; the data folder's disk is filled for 20 s; the PC's clock jumps
two hours ahead and back; it jumps three minutes ahead and back.

At the end (no more faults, taps stop, counters serve whoever waits) it prints, one per line: tickets
acknowledged vs tickets in the database, numbers reused, duplicates caused by retries, each screen's time to
agree with the server after the faults (p95 and max), the district's totals vs the office's, and 5xx answers.
Figures go to bench/chaos-figures.txt as well.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")

import requests  # noqa: E402

from bench.chaos_parts import PARTS, state_digest  # noqa: E402
from bench.chaos_proxy import FaultyProxy  # noqa: E402
from bench.common import ONESTOP, free_port, header, percentile, wait_until  # noqa: E402

FIGURES = ROOT / "bench" / "chaos-figures.txt"
TIMEOUT = 5
TAP_EVERY_S = 1.5  # a citizen at the kiosk every 1.5 s on average: ~400 tickets in 10 minutes
TARGET_AGREE_S = 2.0
FAULTS = ("network_cut", "network_slow", "printer_gone", "disk_full", "clock_jump_2h", "clock_jump_3min")
SCREENS = ("kiosk", "counter1", "counter2", "counter3", "counter4", "display")
TMPFS_KIB = 64 * 1024
# The roles whose view of the office the screens show: the kiosk is not shown counters' tickets.
VIEWS = ("supervisor", "kiosk")


@dataclass
class Fault:
    kind: str
    began: float
    ended: float = 0.0
    seq: int = -1  # the server's seq once the fault was over: screens must reach it
    agree_s: dict[str, float] = field(default_factory=dict)


class Office:
    """The run's processes, folders and ports, and the faults done to them."""

    def __init__(self, work: Path, minutes: float, seed: int, tmpfs: bool) -> None:
        self.work = work
        self.data = work / "office"
        self.data.mkdir()
        self.disk = "plain folder (no tmpfs: not root or no mount)"
        if tmpfs:
            done = _run("mount", "-t", "tmpfs", "-o", f"size={TMPFS_KIB}k", "tmpfs", str(self.data))
            if done.returncode == 0:
                self.disk = f"tmpfs of {TMPFS_KIB // 1024} MiB"
        self.mounted = self.disk.startswith("tmpfs")
        self.offset_file = work / "clock-offset"
        self.offset_file.write_text("0")
        # The printer's device: a file on a tmpfs of its own, which stops taking bytes when filled (ENOSPC, as a
        # pulled USB printer's device fails with EIO). The kiosk keeps the file open, so renaming it away (the
        # fallback without tmpfs) is noticed only at the kiosk's next open.
        self.printer_dir = work / "usb"
        self.printer_dir.mkdir()
        self.printer_mounted = self.mounted and _run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs",
                                                     str(self.printer_dir)).returncode == 0  # fmt: skip
        self.port = free_port()
        self.direct = f"https://127.0.0.1:{self.port}"
        self.ca = self.data / "tls" / "ca.pem"  # made by 'onestop init'; the apps get it as --ca does
        self.proxy = FaultyProxy(self.port, seed)
        self.via_proxy = f"https://127.0.0.1:{self.proxy.port}"  # what the apps are told is the server
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.me = [sys.executable, str(Path(__file__).resolve())]
        tz = ZoneInfo("Asia/Ho_Chi_Minh")
        today = datetime.now(tz).date()
        # Office time is 09:00 today when the run starts, whenever it is run: a whole day ahead of midnight.
        self.shift = datetime(today.year, today.month, today.day, 9, tzinfo=tz).timestamp() - time.time()
        self.minutes = minutes
        self.tokens: dict[str, str] = {}
        self.district_port = free_port()
        self.district_url = f"http://127.0.0.1:{self.district_port}"
        self.district_tokens: dict[str, str] = {}

    # -- set-up -------------------------------------------------------------------------------------------

    def prepare(self) -> None:
        from tests.helpers.office import register_devices

        _onestop("init", "--data", str(self.data))
        self.tokens = register_devices(self.data, lambda: time.time() + self.shift)
        os.environ["ONESTOP_CA"] = str(self.ca)  # for the apps (their --ca) and this script's requests
        district = self.work / "district"
        _onestop("district", "init", "--data", str(district))
        self.district_tokens["office"] = _last_line(
            _onestop("district", "office", "add", "chaos", "--name", "Chaos office", "--data", str(district))
        )
        self.district_tokens["reader"] = _last_line(_onestop("district", "user", "add", "reader", "--data",
                                                             str(district)))  # fmt: skip

    def spawn(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = (self.work / f"{name}.log").open("ab")
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.work)
        self.procs[name] = proc
        return proc

    def start_server(self) -> None:
        self.spawn("server", [*self.me, "server", str(self.data), str(self.port), str(self.shift),
                              str(self.offset_file)])  # fmt: skip
        if not wait_until(self.healthy, 60, 0.02):
            raise SystemExit(f"the server did not start: see {self.work / 'server.log'}")

    def healthy(self) -> bool:
        try:
            return requests.get(f"{self.direct}/api/health", timeout=1, verify=str(self.ca)).status_code in (200, 503)
        except requests.RequestException:
            return False

    def start_everything(self, taps: list[tuple[float, str]]) -> None:
        self.start_server()
        self.proxy.start()
        district = self.work / "district"
        self.spawn("district", [ONESTOP, "district", "serve", "--data", str(district), "--host", "127.0.0.1",
                                "--port", str(self.district_port)])  # fmt: skip
        url = self.via_proxy
        (self.work / "taps.json").write_text(json.dumps(taps))
        self.spawn("display", [*self.me, "display", url, self.tokens["display"], str(self.work / "display.jsonl")])
        counters = {str(n): self.tokens[f"counter{n}"] for n in range(1, 5)}
        self.spawn("counters", [*self.me, "counters", url, json.dumps(counters), str(self.work / "counters.jsonl"),
                                "1"])  # fmt: skip
        self.spawn("kiosk", [*self.me, "kiosk", url, self.tokens["kiosk"], f"file:{self.printer_dir / 'lp0'}",
                             str(self.work / "taps.json"), str(self.work / "kiosk.jsonl")])  # fmt: skip
        if not wait_until(lambda: _up(self.district_url), 60):
            raise SystemExit(f"the district server did not start: see {self.work / 'district.log'}")
        self.spawn("sync", self.sync_command("--interval", "5"))

    def sync_command(self, *extra: str) -> list[str]:
        return [ONESTOP, "sync", "--data", str(self.work / "sync"), "--server",
                self.via_proxy, "--ca-bundle", str(self.ca), "--token",
                self.tokens["sync"], "--upstream", self.district_url, "--upstream-token",
                self.district_tokens["office"], "--office", "chaos", "--timeout", "5", *extra]  # fmt: skip

    # -- faults -------------------------------------------------------------------------------------------

    def kill_server(self) -> None:
        proc = self.procs["server"]
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.start_server()

    def fault(self, kind: str, hold: Callable[[float], None]) -> None:
        """Do ``kind`` to the office, hold it (``hold(seconds)``), and undo it."""
        if kind == "network_cut":
            self.proxy.cut_answers(0.33)
            self.proxy.drop_all()
            hold(8)
            self.proxy.heal()
        elif kind == "network_slow":
            self.proxy.delay(0.8)
            hold(10)
            self.proxy.heal()
        elif kind == "printer_gone" and self.printer_mounted:
            from tests.helpers.filesystems import fill

            filler = fill(self.printer_dir)
            hold(10)
            filler.unlink()
        elif kind == "printer_gone":
            gone = self.printer_dir.with_name("usb-unplugged")
            self.printer_dir.rename(gone)
            hold(10)
            gone.rename(self.printer_dir)
        elif kind == "disk_full":
            if not self.mounted:
                return
            from tests.helpers.filesystems import fill

            filler = fill(self.data)
            hold(20)
            filler.unlink()
        elif kind.startswith("clock_jump"):
            step = 2 * 3600 if kind.endswith("2h") else 180
            self.offset_file.write_text(str(step))
            hold(15)
            self.offset_file.write_text("0")

    def stop(self) -> None:
        for name in ("kiosk", "counters", "display", "sync", "server", "district"):
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self.proxy.stop()

    def unmount(self) -> None:
        """Keep the database for a post-mortem (beside the logs), then unmount the tmpfs."""
        for name in ("office.db", "office.db-wal"):
            with contextlib.suppress(OSError):
                shutil.copyfile(self.data / name, self.work / name)
        for where, mounted in ((self.data, self.mounted), (self.printer_dir, self.printer_mounted)):
            if mounted and _run("umount", str(where)).returncode != 0:
                _run("umount", "-l", str(where))


# -- the run ----------------------------------------------------------------------------------------------


class Watcher(threading.Thread):
    """Samples the server's state (directly, not through the proxy) twice a second: (time, seq, digest).

    As a supervisor sees it, and as the kiosk does (its role is not shown counters' tickets): each screen is
    compared with its own role's view.
    """

    def __init__(self, url: str, tokens: dict[str, str], ca: Path) -> None:
        super().__init__(daemon=True, name="chaos-watcher")
        self.url, self.tokens, self.ca = url, tokens, ca
        self.samples: dict[str, list[tuple[float, int, str]]] = {view: [] for view in VIEWS}
        self.stopping = threading.Event()

    def state(self, view: str = "supervisor") -> dict[str, Any] | None:
        try:
            response = requests.get(f"{self.url}/api/state", headers={"Authorization": f"Bearer {self.tokens[view]}"},
                                    timeout=TIMEOUT, verify=str(self.ca))  # fmt: skip
        except requests.RequestException:
            return None
        if response.status_code != 200:
            return None
        state: dict[str, Any] = response.json()
        self.samples[view].append((time.time(), int(state["seq"]), state_digest(state)))
        return state

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            for view in VIEWS:
                self.state(view)


def schedule(minutes: float, seed: int) -> list[tuple[float, str]]:
    """(seconds from the start, service) of each citizen's arrival: the demand mix, at random times."""
    from bench.common import SERVICE_MIX

    rng = random.Random(seed)
    taps, at = [], 2.0
    services, weights = list(SERVICE_MIX), list(SERVICE_MIX.values())
    while at < minutes * 60:
        taps.append((round(at, 3), rng.choices(services, weights)[0]))
        at += rng.expovariate(1 / TAP_EVERY_S)
    return taps


def run(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="onestop-chaos-"))
    office = Office(work, args.minutes, args.seed, tmpfs=os.geteuid() == 0 and shutil.which("mount") is not None)
    print(f"chaos: {args.minutes:g} min in {work} (data on a {office.disk})", flush=True)
    office.prepare()
    taps = schedule(args.minutes, args.seed)
    faults: list[Fault] = []
    watcher = Watcher(office.direct, office.tokens, office.ca)
    begun = time.time()
    try:
        office.start_everything(taps)
        watcher.start()
        if not wait_until(lambda: _all_online(work), 180, 0.5):
            raise SystemExit(f"the apps did not come online within 3 minutes: see the logs in {work}")
        print(f"chaos: every screen online after {time.time() - begun:.0f} s; faults begin", flush=True)
        kinds = [k for k in FAULTS if k in args.faults]
        cycle = 0
        end = time.time() + args.minutes * 60
        first = time.time()
        while max(time.time(), first + cycle * args.kill_every) + args.kill_every <= end + 1:
            cycle_start = max(time.time(), first + cycle * args.kill_every)  # kills on a grid, restarts within
            if kinds:
                _sleep_until(cycle_start + 3)
                kind = kinds[cycle % len(kinds)]
                fault = Fault(kind, time.time())
                office.fault(kind, lambda s: _sleep_until(time.time() + s))
                _over(fault, watcher, faults)
            _sleep_until(cycle_start + args.kill_every)
            if "server_kill" in args.faults:
                fault = Fault("server_kill", time.time())
                office.kill_server()
                _over(fault, watcher, faults)
            _progress(work, begun, faults)
            cycle += 1
        _sleep_until(end)
        print("chaos: faults over; the last citizens get their numbers and are served", flush=True)
        _settle(office, watcher, len(taps))
        subprocess.run(office.sync_command("--once"), capture_output=True, timeout=120)
        figures = measure(office, watcher, faults, taps, args)
    finally:
        watcher.stopping.set()
        office.stop()
        office.unmount()
    text = "\n".join([header(f"chaos: {args.minutes:g} minutes of a busy day under faults").rstrip(), *figures])
    print(text, flush=True)
    if args.record:
        FIGURES.write_text(text + "\n", encoding="utf-8")
    print(f"logs: {work}")


def _over(fault: Fault, watcher: Watcher, faults: list[Fault]) -> None:
    fault.ended = time.time()
    state = None
    while state is None and time.time() - fault.ended < 30:
        state = watcher.state()
    fault.seq = int(state["seq"]) if state else -1
    faults.append(fault)


def _settle(office: Office, watcher: Watcher, citizens: int, limit_s: float = 120) -> None:
    """Until every citizen has her number and nobody waits or stands at a counter (or ``limit_s``)."""
    deadline = time.time() + limit_s
    while time.time() < deadline:
        acks = [e for e in _journal(office.work / "kiosk.jsonl") if e.get("event") == "ack"]
        state = watcher.state()
        busy = state is None or state["waiting"] or any(c.get("ticket") for c in state["counters"])
        if len({e["citizen"] for e in acks}) >= citizens and not busy:
            time.sleep(3)  # the screens' last reports
            return
        time.sleep(1)


def _all_online(work: Path) -> bool:
    last: dict[str, bool] = {}
    for name, reports in _screens(work).items():
        last[name] = bool(reports[-1]["online"])
    return all(last.get(name) for name in SCREENS)


def _sleep_until(when: float) -> None:
    time.sleep(max(0.0, when - time.time()))


def _progress(work: Path, begun: float, faults: list[Fault]) -> None:
    acks = sum(1 for e in _journal(work / "kiosk.jsonl") if e.get("event") == "ack")
    done = ", ".join(f"{f.kind}" for f in faults[-2:])
    print(f"{time.time() - begun:6.0f} s: {acks} tickets acknowledged; faults so far {len(faults)} ({done})",
          flush=True)  # fmt: skip


# -- the figures ------------------------------------------------------------------------------------------


def measure(office: Office, watcher: Watcher, faults: list[Fault], taps: list[tuple[float, str]],
            args: argparse.Namespace) -> list[str]:  # fmt: skip
    kiosk = _journal(office.work / "kiosk.jsonl")
    acks = [e for e in kiosk if e.get("event") == "ack"]
    acked_ids = {e["id"] for e in acks}
    db = sqlite3.connect(f"file:{office.data / 'office.db'}?mode=ro", uri=True)
    rows = db.execute("SELECT id, day, label, status FROM tickets").fetchall()
    waits = db.execute("SELECT min(first_called_at - issued_at), max(first_called_at - issued_at) FROM tickets"
                       ).fetchone()  # fmt: skip
    db.close()
    db_ids = {r[0] for r in rows}
    labels: dict[tuple[str, str], int] = {}
    for _id, day, label, _status in rows:
        labels[(day, label)] = labels.get((day, label), 0) + 1
    reused = sum(n - 1 for n in labels.values() if n > 1)
    shown_twice = len(acks) - len({(e["day"], e["number"]) for e in acks})
    ghosts = len(db_ids - acked_ids)
    lost = len(acked_ids - db_ids)
    unfinished = sum(1 for r in rows if r[3] in ("waiting", "called", "serving"))
    screens = _screens(office.work)
    for fault in faults:
        for name in SCREENS:
            fault.agree_s[name] = _agree_s(screens.get(name, []), fault)
    mismatches = _mismatches(screens, watcher.samples)
    office_totals, district_totals = _totals(office)
    fivexx, by_status = _server_errors(office.work / "server.log")
    tapped = sum(1 for e in kiosk if e.get("event") == "tap")
    unprinted = len({e["id"] for e in kiosk if e.get("event") == "unprinted"})
    kinds = {f.kind for f in faults}
    lines = [
        f"run: {args.minutes:g} min ({_span_min(faults):.1f} min from the first fault to the last), "
        f"{len(taps)} citizens ({tapped} taps), 4 counters, data on a {office.disk}; "
        f"faults: {len(faults)} ({', '.join(f'{k} ×{sum(f.kind == k for f in faults)}' for k in sorted(kinds))}); "
        f"proxy cut {office.proxy.dropped} connections and withheld {office.proxy.cut} answers; "
        f"{unprinted} tickets not printed (printer away); the server took {_restart_s(faults)} to restart",
        f"tickets acknowledged vs in the database: {len(acked_ids)} vs {len(db_ids)} "
        f"({'equal' if acked_ids == db_ids else f'{lost} acknowledged but missing, {ghosts} nobody was given'})",
        f"numbers reused: {reused} (in the database), {shown_twice} (shown twice at the kiosk)",
        f"duplicates caused by retries: {ghosts} (tickets in the database no citizen was given); "
        f"{unfinished} tickets left waiting or at a counter at the end",
    ]
    for name in SCREENS:
        values = sorted(f.agree_s[name] for f in faults)
        never = sum(1 for v in values if v == float("inf"))
        finite = [v for v in values if v != float("inf")]
        worst = max(faults, key=lambda f: f.agree_s[name]) if faults else None
        lines.append(
            f"time to agree with the server after a fault, {name}: p95 {percentile(values, 95):.2f} s, "
            f"max {max(finite, default=float('nan')):.2f} s{f' (after {worst.kind})' if worst else ''}"
            f"{f', never within 60 s: {never}' if never else ''}; "
            f"states that differed from the server's at the same seq: {mismatches.get(name, 0)}"
        )
    by_kind = []
    for kind in sorted(kinds):
        values = sorted(v for f in faults if f.kind == kind for v in f.agree_s.values())
        by_kind.append(f"{kind} {percentile(values, 95):.2f} s")
    lines.append("time to agree, p95 over all screens, by fault: " + ", ".join(by_kind))
    days = sorted({r[1] for r in rows})
    lines.append(f"office days in the database: {len(days)} ({', '.join(days)}); waits from {waits[0] or 0:.0f} s "
                 f"to {waits[1] or 0:.0f} s (the clock jumps made no new day and no negative or absurd wait)")
    same = office_totals == district_totals
    lines.append(f"district's totals vs the office's: {_show(district_totals)} vs {_show(office_totals)} "
                 f"({'equal' if same else 'DIFFERENT'})")  # fmt: skip
    fives = {k: v for k, v in by_status.items() if k.startswith("5")}
    fours = {k: v for k, v in by_status.items() if k.startswith("4")}
    lines.append(f"5xx answers: {fivexx} ({_show(fives) or 'none'}; a 503 is the storage faults' answer, any other "
                 f"5xx a bug); 4xx for the record: {_show(fours) or 'none'}")  # fmt: skip
    return lines


def _span_min(faults: list[Fault]) -> float:
    return (faults[-1].ended - faults[0].began) / 60 if faults else 0.0


def _restart_s(faults: list[Fault]) -> str:
    took = sorted(f.ended - f.began for f in faults if f.kind == "server_kill")
    return f"{percentile(took, 50):.1f} s (median), {max(took, default=float('nan')):.1f} s (max)"


def _show(values: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in values.items())


def _journal(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            out.append(json.loads(line))
    return out


def _screens(work: Path) -> dict[str, list[dict[str, Any]]]:
    screens: dict[str, list[dict[str, Any]]] = {}
    for name in ("kiosk", "counters", "display"):
        for entry in _journal(work / f"{name}.jsonl"):
            if "screen" in entry:
                screens.setdefault(entry["screen"], []).append(entry)
    return screens


def _agree_s(reports: list[dict[str, Any]], fault: Fault, within: float = 60) -> float:
    """Seconds from the fault's end until the screen is online with everything the server had then."""

    def agrees(entry: dict[str, Any]) -> bool:
        return bool(entry["online"]) and int(entry["seq"]) >= fault.seq

    before = [e for e in reports if e["t"] <= fault.ended]
    if before and agrees(before[-1]) and fault.kind != "server_kill":
        return 0.0
    for entry in reports:
        if fault.ended < entry["t"] <= fault.ended + within and agrees(entry):
            return float(entry["t"] - fault.ended)
    return float("inf")


def _mismatches(screens: dict[str, list[dict[str, Any]]], samples: dict[str, list[tuple[float, int, str]]]
                ) -> dict[str, int]:  # fmt: skip
    """Per screen: states reported at a seq the watcher also saw, with a different picture of the office."""
    out: dict[str, int] = {}
    for name, reports in screens.items():
        truth: dict[int, set[str]] = {}
        for _t, seq, digest in samples["kiosk" if name == "kiosk" else "supervisor"]:
            truth.setdefault(seq, set()).add(digest)
        out[name] = sum(1 for e in reports if e["seq"] in truth and e["digest"] not in truth[e["seq"]])
    return out


def _totals(office: Office) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = ("issued", "served", "no_show", "cancelled")
    day = datetime.fromtimestamp(time.time() + office.shift, ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    headers = {"Authorization": f"Bearer {office.tokens['supervisor']}"}
    ours = requests.get(f"{office.direct}/api/stats", params={"from": day, "to": day}, headers=headers,
                        timeout=TIMEOUT, verify=str(office.ca)).json()["totals"]  # fmt: skip
    theirs = requests.get(f"{office.district_url}/api/offices/chaos/stats", params={"from": day, "to": day},
                          headers={"Authorization": f"Bearer {office.district_tokens['reader']}"},
                          timeout=TIMEOUT).json()["totals"]  # fmt: skip
    return {k: ours.get(k) for k in keys}, {k: theirs.get(k) for k in keys}


ACCESS = re.compile(r'" (\d{3}) ')


def _server_errors(log: Path) -> tuple[int, dict[str, int]]:
    """5xx answers in the server's access log (every run of it), and tracebacks uvicorn turned into 500s."""
    by_status: dict[str, int] = {}
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        m = ACCESS.search(line)
        if m and m.group(1)[0] in "45":
            by_status[m.group(1)] = by_status.get(m.group(1), 0) + 1
        elif "Exception in ASGI application" in line:
            by_status["500 (traceback)"] = by_status.get("500 (traceback)", 0) + 1
    return sum(n for status, n in by_status.items() if status.startswith("5")), by_status


# -- helpers ------------------------------------------------------------------------------------------------


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


def _onestop(*args: str) -> str:
    done = subprocess.run([ONESTOP, *args], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise SystemExit(f"onestop {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1].strip()


def _up(url: str) -> bool:
    try:
        return requests.get(f"{url}/api/health", timeout=1).ok
    except requests.RequestException:
        return False


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in PARTS:
        PARTS[sys.argv[1]](*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the day runs under faults")
    parser.add_argument("--kill-every", type=float, default=30.0, help="seconds between server kills")
    parser.add_argument("--faults", default=",".join(("server_kill", *FAULTS)),
                        help="which faults, comma-separated (default: all)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-record", dest="record", action="store_false",
                        help="do not write bench/chaos-figures.txt")  # fmt: skip
    args = parser.parse_args()
    args.faults = set(args.faults.split(","))
    run(args)


if __name__ == "__main__":
    main()
