"""Start-up shared by every app: arguments, the object graph, fullscreen or --screenshot."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from client.api import ApiClient, ApiError
from client.args import check_client_args
from client.collector import collect_on_gui_thread
from client.events import ConnectionState, EventStream
from client.language import Language
from client.model import OfficeModel
from client.status import StatusReport
from client.tls import ssl_configuration
from server.errors import ConfigError

SCREENSHOT_TIMEOUT_MS = 15_000
# Fonts with every Vietnamese letter, most legible first.
FONTS = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Arial")


@dataclass
class ClientContext:
    """What every screen is built from; made once in ``run_window``."""

    api: ApiClient
    stream: EventStream
    model: OfficeModel
    language: Language
    # The app's version and optional parts, reported to the server for the supervisor.
    status: StatusReport = field(init=False)

    def __post_init__(self) -> None:
        self.status = StatusReport(self.api, self.stream)


def parse_size(text: str) -> QSize:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ConfigError(f"--size {text!r}: write it as WIDTHxHEIGHT, e.g. 1920x1080") from None
    return QSize(width, height)


def apply_style(app: QApplication) -> None:
    families = set(QFontDatabase.families())
    for family in FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSize(12)
            app.setFont(font)
            return


def application(offscreen: bool = False) -> QApplication:
    """The QApplication; ``offscreen`` (for screenshots) renders without a screen unless told otherwise."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        if offscreen:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Qt Multimedia lists every optional library it did not find (PipeWire, VA-API) at start-up;
        # the apps log what matters themselves (which voice, whether there is an audio device).
        os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
        app = QApplication(sys.argv[:1])
        apply_style(app)
    collect_on_gui_thread(app)
    return app


def make_context(args: argparse.Namespace) -> ClientContext:
    api = ApiClient(args.server, args.token, ssl=ssl_configuration(getattr(args, "ca", None)))
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    return ClientContext(api=api, stream=stream, model=model, language=Language(args.lang))


def run_window(args: argparse.Namespace, build: Callable[[ClientContext], QWidget], title: str) -> int:
    """Build the app's window from the shared parts and run it (or take its screenshot).

    Apps stop their own workers on ``QApplication.aboutToQuit``.
    """
    check_client_args(args)
    size = parse_size(args.size)
    app = application(offscreen=bool(args.screenshot))
    context = make_context(args)
    window = build(context)
    window.setWindowTitle(title)
    # Ctrl+C in the terminal closes the app cleanly.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    result = {"code": 0}
    if args.screenshot:
        window.resize(size)
        window.show()
        shoot(window, context, args.screenshot, result)
    elif args.windowed:
        window.resize(size)
        window.show()
    else:
        window.showFullScreen()
    context.stream.start()
    app.exec()
    context.stream.stop()
    context.api.close()
    return result["code"]


def shoot(window: QWidget, context: ClientContext, path: Path, result: dict[str, int]) -> None:
    """Save the window to ``path`` once the office's state has been shown, then quit."""
    app = QApplication.instance()
    assert app is not None

    def save() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(path)):
            print(f"onestop: could not write {path}", file=sys.stderr)
            result["code"] = 1
        else:
            print(f"screenshot: {path}")
        app.quit()

    def give_up() -> None:
        print("onestop: no answer from the server; no screenshot taken", file=sys.stderr)
        result["code"] = 1
        app.quit()

    def refused(error: ApiError) -> None:
        if error.status in (401, 403):  # a wrong token is not "no answer": say so at once
            print(f"onestop: the server refused this device: {error.message_en}", file=sys.stderr)
            result["code"] = 1
            app.quit()

    def on_connection_changed(state: str) -> None:
        # Online = the state is loaded and the live stream is open: the screen is as it will be.
        if state == ConnectionState.ONLINE:
            QTimer.singleShot(50, save)  # after the widgets have laid the state out

    context.stream.connection_changed.connect(on_connection_changed)
    context.stream.error.connect(refused)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, give_up)
