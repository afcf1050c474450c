"""The processes of a chaos run (bench/chaos.py), each started as ``chaos.py PART ARGS…``.

- ``server``: the office server exactly as ``onestop server`` runs it (server/run.py), but on a PC whose wall
  clock the run can step: the wall clock is ``time.time()`` + a shift to 09:00 today + the offset written in
  a file, and the server's own guard (core/clock_guard.py) sits in between, as in tests/server/test_clock_jumps.py.
- ``kiosk``: the real kiosk (kiosk.app.build_kiosk, a ``file:`` printer) and citizens who tap it on a schedule;
  a citizen who gets no number taps the same service again until she has one.
- ``counters``: four real counter apps (counter.app.build) in one process, clerks calling, serving, finishing.
- ``display``: the lobby display's window (voice off: this machine has no sound) following the event stream.

Every app reports what its screen shows (``digest``) whenever it changes, one JSON line in its ``out`` file,
so the run can tell when each screen agrees with the server again after a fault.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

# Service times on the run's compressed day (wall seconds): a busy morning every few minutes.
MEAN_SERVICE_S = 5.0
REPORT_MS = 50
# The office's certificate authority (DATA/tls/ca.pem), as every app is given it with --ca.
CA = Path(os.environ["ONESTOP_CA"]) if "ONESTOP_CA" in os.environ else None


def digest(day: str, counters: list[dict[str, Any]], waiting: list[dict[str, Any]]) -> str:
    """What a screen shows of the office, as a short hash: each counter's state and ticket, who waits."""
    shown = {
        "day": day,
        "counters": sorted((c["number"], c["state"], (c.get("ticket") or {}).get("id")) for c in counters),
        "waiting": sorted(t["id"] for t in waiting),
    }
    return hashlib.sha1(json.dumps(shown).encode()).hexdigest()[:12]


def state_digest(state: dict[str, Any]) -> str:
    return digest(state["day"], state["counters"], state["waiting"])


class Journal:
    """Lines of JSON, flushed as written: the run reads them while this process may be killed."""

    def __init__(self, path: str) -> None:
        self._out: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life

    def write(self, **fields: Any) -> None:
        self._out.write(json.dumps({"t": time.time(), **fields}) + "\n")
        self._out.flush()


def report_screens(journal: Journal, screens: dict[str, Any]) -> Any:
    """A timer that writes each screen's (seq, online, digest) whenever it changes; keep it referenced."""
    from PySide6.QtCore import QTimer

    from client.events import ConnectionState

    last: dict[str, tuple[int, bool, str]] = {}

    def on_tick() -> None:
        for name, context in screens.items():
            model = context.model
            if not model.loaded:
                continue
            now = (context.stream.seq, context.stream.state == ConnectionState.ONLINE,
                   digest(model.day, list(model.counters.values()), list(model.waiting.values())))  # fmt: skip
            if last.get(name) != now:
                last[name] = now
                journal.write(screen=name, seq=now[0], online=now[1], digest=now[2])

    timer = QTimer()
    timer.timeout.connect(on_tick)
    timer.start(REPORT_MS)
    return timer


def _context(url: str, token: str) -> Any:
    from client.app import make_context

    return make_context(argparse.Namespace(server=url, token=token, lang="vi", ca=CA))


# -- the parts ---------------------------------------------------------------------------------------------


def part_server(data: str, port: str, shift: str, offset_file: str) -> None:
    """``onestop server --data DATA --host 127.0.0.1 --port PORT`` (HTTPS), its clock the one difference."""
    import server.run
    from core.clock_guard import GuardedClock
    from server.app import create_app
    from server.config import OfficeConfig

    offset = Path(offset_file)
    cache = [0.0, 0.0]  # when the offset file was read, its value

    def wall() -> float:
        now = time.time()
        if now - cache[0] > 0.2:
            try:
                cache[1] = float(offset.read_text() or 0)
            except (OSError, ValueError):
                pass  # being rewritten: the last value holds
            cache[0] = now
        return now + float(shift) + cache[1]

    def on_this_pc(config: OfficeConfig, data_dir: Path) -> Any:
        return create_app(config, data_dir, GuardedClock(wall=wall))

    server.run.create_app = on_this_pc  # type: ignore[attr-defined,assignment]  # serve() as it is, on the run's PC clock
    server.run.serve(Path(data), "127.0.0.1", int(port))


def part_kiosk(url: str, token: str, printer: str, taps_file: str, out: str) -> None:
    """The kiosk and its citizens: each taps her service at her time, and again while she has no number."""
    from PySide6.QtCore import QTimer

    from client.app import application
    from hardware.printer import TicketPrinter
    from kiosk.app import build_kiosk
    from kiosk.config import KioskConfig
    from kiosk.controller import Screen

    app = application(offscreen=True)
    context = _context(url, token)
    kiosk = build_kiosk(context, KioskConfig(ask_priority=False, confirm_s=0.3, fault_s=0.3), TicketPrinter(printer),
                        lockdown=False, quit_app=False)  # fmt: skip
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    journal = Journal(out)
    taps: list[tuple[float, str]] = [tuple(t) for t in json.loads(Path(taps_file).read_text())]
    controller = kiosk.controller
    begun = time.monotonic()
    state: dict[str, Any] = {"next": 0, "asking": None, "again_at": 0.0}

    def on_ticket_changed(view: Any) -> None:
        if state["asking"] is not None and view.print_state == "printing":
            journal.write(event="ack", citizen=state["asking"], id=view.ticket["id"], number=view.ticket["number"],
                          service=view.ticket["service"], day=view.ticket["day"])  # fmt: skip
            state["asking"] = None

    def on_notice(vi: str, en: str) -> None:
        if en and state["asking"] is not None and not controller.busy:
            journal.write(event="no_number", citizen=state["asking"], notice=en)
            state["again_at"] = time.monotonic() + 1.0  # she reads it, and taps again

    controller.ticket_changed.connect(on_ticket_changed)
    kiosk.printer.failed.connect(lambda ticket, error: journal.write(event="unprinted", id=ticket["id"],
                                                                     error=str(error)))  # fmt: skip
    controller.notice.connect(on_notice)

    def on_tick() -> None:
        if state["asking"] is None and state["next"] < len(taps) and taps[state["next"]][0] <= time.monotonic() - begun:
            state["asking"] = state["next"]
            state["next"] += 1
        if state["asking"] is None or controller.busy or time.monotonic() < state["again_at"]:
            return
        if controller.screen is not Screen.HOME:
            controller.go_home()  # the citizen before her has taken her ticket
        if not controller.online or controller.problem is not None:
            return  # the screen says to wait: she waits
        journal.write(event="tap", citizen=state["asking"], service=taps[state["asking"]][1])
        state["again_at"] = time.monotonic() + 1.0
        controller.choose_service(taps[state["asking"]][1])

    timer = QTimer()
    timer.timeout.connect(on_tick)
    timer.start(20)
    reporter = report_screens(journal, {"kiosk": context})
    context.stream.start()
    app.exec()
    del timer, reporter
    kiosk.stop()


def part_counters(url: str, tokens: str, out: str, seed: str) -> None:
    """Counters 1-4, each its own app (context, stream, model, window), clerks working as fast as they can."""
    from PySide6.QtCore import QTimer

    from client.app import application
    from counter.app import build

    app = application(offscreen=True)
    journal = Journal(out)
    rng = random.Random(int(seed))
    contexts: dict[str, Any] = {}
    ticks: list[Callable[[], None]] = []
    for number, token in json.loads(tokens).items():
        context = _context(url, token)
        window = build(context)
        window.resize(1366, 768)
        window.show()
        contexts[f"counter{number}"] = context
        ticks.append(_clerk(window.controller, number, rng))  # type: ignore[attr-defined]

    timer = QTimer()
    timer.timeout.connect(lambda: [tick() for tick in ticks])
    timer.start(50)
    reporter = report_screens(journal, contexts)
    for context in contexts.values():
        context.stream.start()
    app.exec()
    del timer, reporter


def _clerk(controller: Any, number: str, rng: random.Random) -> Callable[[], None]:
    from counter.intents import Intent
    from tests.helpers.office import PIN

    state = {"until": 0.0}

    def tick() -> None:
        if not controller.online or controller.busy is not None or time.monotonic() < state["until"]:
            return
        if controller.state == "signed_out":
            controller.sign_in(f"clerk{number}", PIN)
        elif controller.state == "calling":  # she comes to the counter and is served
            state["until"] = time.monotonic() + rng.expovariate(1 / MEAN_SERVICE_S)
            controller.perform(Intent.START)
        elif controller.state == "serving":
            controller.perform(Intent.FINISH)
        elif controller.state == "idle":
            state["until"] = time.monotonic() + 0.5  # nobody waiting: look again in a moment
            controller.perform(Intent.CALL_NEXT)

    return tick


def part_display(url: str, token: str, out: str) -> None:
    from client.app import application
    from display.window import DisplayWindow, SettingsLoader

    app = application(offscreen=True)
    context = _context(url, token)
    loader = SettingsLoader(context.api, context.stream)
    loader.fetch()
    window = DisplayWindow(context, loader, now=context.model.clock)
    context.status.set("voice", "off", "chaos run: no sound device")
    window.resize(1920, 1080)
    window.show()
    reporter = report_screens(Journal(out), {"display": context})
    context.stream.start()
    app.exec()
    del reporter


PARTS: dict[str, Callable[..., None]] = {
    "server": part_server,
    "kiosk": part_kiosk,
    "counters": part_counters,
    "display": part_display,
}
