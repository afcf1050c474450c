"""What an app says about itself: its version and the state of its optional parts, once in the log and to the server.

A display without Qt's speech module, a PC without a sound device, a kiosk without a USB stack: each
app works on with the next option and says so — once in its log, and in the report the supervisor
sees (POST /api/devices/status). The report is sent when the app is online and again whenever a
part changes; one that could not be sent goes out at the next connection.
"""

from __future__ import annotations

import logging
from importlib import metadata
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import ApiClient, ApiError
from client.events import ConnectionState, EventStream

log = logging.getLogger("onestop.status")

OK, FALLBACK, MISSING, OFF, FAULT = "ok", "fallback", "missing", "off", "fault"
# Several parts change together at start: one report for all of them.
SETTLE_MS = 300


def app_version() -> str:
    try:
        return metadata.version("onestop")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


class StatusReport(QObject):
    """The app's parts (name → state, detail), reported to the office server.

    Signals:
        changed(str): a part changed (its name).
    """

    changed = Signal(str)

    def __init__(self, api: ApiClient, stream: EventStream, version: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._api = api
        self._stream = stream
        self.version = version or app_version()
        self.components: dict[str, dict[str, str]] = {}
        self._sent: dict[str, Any] | None = None
        self._sending: dict[str, Any] | None = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.send)
        stream.connection_changed.connect(self.on_stream_connection_changed)

    def set(self, name: str, state: str, detail: str = "") -> None:
        """A part's state; logged and reported only when it changes."""
        part = {"state": state, "detail": detail[:300]}
        if self.components.get(name) == part:
            return
        self.components[name] = part
        level = logging.INFO if state in (OK, OFF) else logging.WARNING
        log.log(level, "%s: %s%s", name, state, f" ({detail})" if detail else "")
        self.changed.emit(name)
        if self._stream.state == ConnectionState.ONLINE:
            self._settle.start()

    @property
    def delivered(self) -> bool:
        """The server has the report as it is now."""
        return self._sent == self.body()

    def body(self) -> dict[str, Any]:
        return {"version": self.version, "components": {name: dict(part) for name, part in self.components.items()}}

    def send(self) -> None:
        body = self.body()
        if self._sending is not None or body == self._sent:
            return
        if not (self._stream.running and self._stream.state == ConnectionState.ONLINE):
            return  # the app stopped (or lost the server) meanwhile: the next connection sends it
        self._sending = body
        reply = self._api.post("/api/devices/status", body)
        # Bound methods, never a lambda holding this object: destroying the reply would then drop
        # the last reference to this object and its client -- the reply's own parent -- mid-destruction.
        reply.finished.connect(self.on_reply_finished)
        reply.failed.connect(self.on_reply_failed)

    def on_reply_finished(self, _answer: object) -> None:
        self._sent, self._sending = self._sending, None
        if self.body() != self._sent:
            self._settle.start()  # a part changed while this report was on its way

    def on_reply_failed(self, error: ApiError) -> None:
        self._sending = None
        if not error.unreachable:
            log.warning("the server did not take this device's report: %s", error.message_en)
        # Sent again at the next connection.

    def on_stream_connection_changed(self, state: str) -> None:
        if state == ConnectionState.ONLINE:
            self._sent = None  # the server may have been restored from a backup: say it all again
            self._settle.start()
        else:
            self._settle.stop()
