"""`onestop demo`: the office server and every screen in one window, optionally with a simulated day."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

from client.app import ClientContext, application, make_context
from core.clock import ScaledClock, local_epoch
from demo.office import PIN, prepare
from demo.printed import PrintedTickets
from demo.simulate import DaySimulation
from server.config import CONFIG_NAME, load_config
from server.embedded import EmbeddedServer

log = logging.getLogger("onestop.demo")

# Each screen at the size it runs at: what --screenshot renders.
SIZES = {
    "kiosk": QSize(1920, 1080),
    "counter1": QSize(1366, 768),
    "counter2": QSize(1366, 768),
    "rating": QSize(1280, 800),
    "display": QSize(1920, 1080),
    "supervisor": QSize(1920, 1080),
    "ticket": QSize(640, 1000),
}
DAY_START_MINUTE = 7 * 60


@dataclass
class Demo:
    """Everything the demo runs; ``stop`` ends it all, in order, leaving nothing behind."""

    server: EmbeddedServer
    contexts: list[ClientContext] = field(default_factory=list)
    screens: dict[str, QWidget] = field(default_factory=dict)
    stoppers: list[Any] = field(default_factory=list)
    simulation: threading.Thread | None = None
    stop_simulation: threading.Event = field(default_factory=threading.Event)

    def stop(self) -> None:
        self.stop_simulation.set()
        if self.simulation is not None:
            self.simulation.join(10)
        for context in self.contexts:
            context.stream.stop()
            context.api.close()
        for stop in self.stoppers:
            stop()
        self.server.stop()


def _context(url: str, token: str, language: str, ca: Path | None) -> ClientContext:
    return make_context(argparse.Namespace(server=url, token=token, lang=language, ca=ca))


def build(args: argparse.Namespace) -> Demo:
    data: Path = args.data
    tokens = prepare(data)
    config = load_config(data / CONFIG_NAME)
    tz = ZoneInfo(config.office.timezone)
    clock: Any = time.time
    if args.simulate:
        today = datetime.now(tz).date()
        # A demo folder used again the same day goes on from where its last run stopped:
        # the office's time never runs backwards.
        start = max(local_epoch(today, DAY_START_MINUTE, tz), _last_event_at(data, config.office))
        clock = ScaledClock(start, args.speed)
    # HTTPS with the office's own CA, as a real office runs: the demo's apps trust DATA/tls/ca.pem.
    server = EmbeddedServer(data, clock, port=args.port, tls=True)
    url = server.start()
    log.info("office server at %s (data %s)", url, data)
    demo = Demo(server)

    def context(device: str) -> ClientContext:
        made = _context(url, tokens[device], args.lang, server.ca)
        demo.contexts.append(made)
        return made

    from counter.app import build as build_counter
    from hardware.printer import TicketPrinter
    from kiosk.app import build_kiosk
    from kiosk.config import KioskConfig
    from rating.app import build as build_rating

    tickets_dir = data / "printed"
    kiosk = build_kiosk(context("kiosk"), KioskConfig(), TicketPrinter(f"preview:{tickets_dir}"), lockdown=False,
                        quit_app=False)
    demo.stoppers.append(kiosk.printer.stop)
    demo.screens["kiosk"] = kiosk.window
    demo.screens["counter1"] = build_counter(context("counter1"))
    demo.screens["counter2"] = build_counter(context("counter2"))
    demo.screens["rating"] = build_rating(context("rating1"))
    demo.screens["display"] = _display(context("display"), demo, voice=not args.screenshot)
    demo.screens["supervisor"] = _supervisor(context("supervisor"))
    demo.screens["ticket"] = PrintedTickets(tickets_dir)

    if args.simulate:
        simulation = DaySimulation(
            url,
            tokens,
            clock,
            tz,
            counters={c.number: list(c.services) for c in config.office.counters},
            mean_service_s={s.code: s.mean_service_s for s in config.office.services},
            seed=args.seed,
            ca=server.ca,
        )
        demo.simulation = threading.Thread(
            target=simulation.run, args=(demo.stop_simulation,), name="demo-simulation", daemon=True
        )
    return demo


def _last_event_at(data: Path, office: Any) -> float:
    from server.config import DATABASE_NAME
    from server.store import Store

    store = Store(data / DATABASE_NAME, office, time.time, read_only=True)
    try:
        return store.events.last_event_at()
    finally:
        store.close()


def _display(context: ClientContext, demo: Demo, voice: bool) -> QWidget:
    from display.app import VoiceHookup
    from display.cli import default_clips_dir
    from display.window import DisplayWindow, SettingsLoader

    loader = SettingsLoader(context.api, context.stream)
    loader.fetch()
    # The office's clock, not the PC's: in a simulated day they differ.
    window = DisplayWindow(context, loader, now=context.model.clock)
    if voice:
        voice_args = SimpleNamespace(voice="auto", clips=default_clips_dir(), tts_engine=None)
        hookup = VoiceHookup(voice_args, context, window)  # type: ignore[arg-type]
        loader.loaded.connect(hookup.on_loader_loaded)
        demo.stoppers.append(hookup.stop)
    return window


def _supervisor(context: ClientContext) -> QWidget:
    from supervisor.app import build as build_supervisor

    widget: QWidget = build_supervisor(context)
    return widget


TAB_TITLES = {
    "kiosk": "Kiosk lấy số",
    "counter1": "Quầy 1",
    "counter2": "Quầy 2",
    "rating": "Đánh giá (quầy 1)",
    "display": "Màn hình sảnh",
    "supervisor": "Giám sát",
    "ticket": "Vé đã in",
}


def _window(demo: Demo) -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("onestop — demo")
    tabs = QTabWidget()
    for name, screen in demo.screens.items():
        tabs.addTab(screen, TAB_TITLES[name])
    window.setCentralWidget(tabs)
    return window


def run(args: argparse.Namespace) -> int:
    app = application(offscreen=bool(args.screenshot))
    demo = build(args)
    app.aboutToQuit.connect(demo.stop)
    for context in demo.contexts:
        context.stream.start()
    if demo.simulation is not None:
        demo.simulation.start()
    if args.screenshot:
        return _screenshots(app, demo, args)
    window = _window(demo)
    # Ctrl+C in the terminal closes the demo the same clean way as closing its window.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    # The screens are made for 1080p; the demo takes the whole screen it has.
    window.showMaximized()
    print(f"onestop demo: server {demo.server.url}; clerks clerk1…clerk4, PIN {PIN}; close the window to stop")
    return app.exec()


def _screenshots(app: QApplication, demo: Demo, args: argparse.Namespace) -> int:
    """Let the office run for ``--run-seconds``, print one ticket at the kiosk, save every screen."""
    out: Path = args.screenshot
    out.mkdir(parents=True, exist_ok=True)
    result = {"code": 0}

    def print_one() -> None:
        kiosk = demo.screens["kiosk"]
        kiosk.controller.choose_service("A")  # type: ignore[attr-defined]
        kiosk.controller.choose_priority(None)  # type: ignore[attr-defined]

    def shoot() -> None:
        printed = demo.screens["ticket"]
        assert isinstance(printed, PrintedTickets)
        printed.refresh()
        # Each screen as its own window at the size it runs at (a tab would squeeze it).
        for name, screen in demo.screens.items():
            screen.resize(SIZES[name])
            screen.show()
        QTimer.singleShot(300, save)

    def save() -> None:
        # Stop the simulation first and let pending layout requests run, so no screen
        # is caught between a new text and its new size.
        demo.stop_simulation.set()
        app.processEvents()
        for name, screen in demo.screens.items():
            path = out / f"{name}.png"
            if not screen.grab().save(str(path)):
                print(f"onestop: could not write {path}")
                result["code"] = 1
            else:
                print(f"screenshot: {path}")
        app.quit()

    # Early enough for the kiosk to be back on its home screen when the pictures are taken.
    QTimer.singleShot(int(args.run_seconds * 1000 * 0.2), print_one)
    QTimer.singleShot(int(args.run_seconds * 1000), shoot)
    app.exec()
    return result["code"]
