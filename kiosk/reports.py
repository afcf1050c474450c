"""What the kiosk tells the server: printed/unprinted tickets, the printer alert, procedures looked up and printed.

A report the server did not take (it was away) is kept and sent again when the
event stream is back online, so the supervisor's picture is right after an outage.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient, ApiError
from client.events import ConnectionState, EventStream
from hardware.errors import PrinterError
from kiosk.printing import fault_state
from kiosk.slips import printed_body

log = logging.getLogger("onestop.kiosk.reports")

# What the supervisor reads: where the fault is and what it is (the citizen's message says "tell a staff member").
SUPERVISOR_TEXT = {
    "paper_out": ("Máy in vé ở {source} đã hết giấy", "The ticket printer at {source} is out of paper"),
    "cover_open": ("Nắp máy in vé ở {source} đang mở", "The ticket printer cover at {source} is open"),
    "offline": ("Máy in vé ở {source} đang tắt hoặc mất kết nối", "The ticket printer at {source} is off or unplugged"),
    "no_answer": ("Máy in vé ở {source} không phản hồi", "The ticket printer at {source} does not answer"),
    "config": ("Máy in vé ở {source} cài đặt sai", "The ticket printer at {source} is set up wrongly"),
    "error": ("Máy in vé ở {source} gặp sự cố", "The ticket printer at {source} has a problem"),
}
TICKETS_ON_SCREEN_VI = " — vé được hiển thị trên màn hình kiosk"
TICKETS_ON_SCREEN_EN = " — tickets are shown on the kiosk's screen"


def alert_body(source: str, error: PrinterError | None) -> dict[str, Any]:
    """The POST /api/alerts body that raises (``error``) or clears (None) this kiosk's printer alert."""
    if error is None:
        return {"source": source, "kind": "printer", "state": "ready", "active": False}
    state = fault_state(error)
    vi, en = SUPERVISOR_TEXT[state]
    return {
        "source": source,
        "kind": "printer",
        "state": state,
        "active": True,
        "message_vi": vi.format(source=source) + TICKETS_ON_SCREEN_VI,
        "message_en": en.format(source=source) + TICKETS_ON_SCREEN_EN,
    }


class ServerReports(QObject):
    """Sends reports; keeps the ones the server could not take and re-sends them once it is back.

    Reports are keyed: a newer report with the same key replaces an unsent older one
    (only the last printer state matters; each ticket has one print state). Each
    procedure use has a key of its own: every look-up counts.

    Signals:
        delivered(str): the key of a report the server accepted.
    """

    delivered = Signal(str)

    def __init__(self, api: ApiClient, stream: EventStream, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._waiting: dict[str, tuple[str, dict[str, Any]]] = {}
        self._in_flight: set[str] = set()
        # Each reply's report (key, body). Slots are bound methods, never lambdas holding this object:
        # a reply, destroyed, must not drop the last reference to what owns its own parent.
        self._replies: dict[QObject, tuple[str, dict[str, Any]]] = {}
        self._uses = 0  # numbers each procedure use: every one is its own report
        self.source = "kiosk"
        stream.connection_changed.connect(self.on_stream_connection_changed)
        stream.state_loaded.connect(self.on_stream_state_loaded)

    def printed(self, ticket_id: int, printed: bool, detail: str | None = None) -> None:
        self._send(f"ticket:{ticket_id}", f"/api/tickets/{ticket_id}/printed", printed_body(printed, detail))

    def procedure_used(self, code: str, use: str) -> None:
        """A procedure looked up (``looked-up``) or its checklist printed (``checklist-printed``): each one counts."""
        self._uses += 1
        self._send(f"procedure:{self._uses}", f"/api/procedures/{code}/{use}", {})

    def printer_alert(self, error: PrinterError | None) -> None:
        self._send("printer", "/api/alerts", alert_body(self.source, error))

    @property
    def pending(self) -> list[str]:
        return sorted(self._waiting)

    def _send(self, key: str, path: str, body: dict[str, Any]) -> None:
        self._waiting[key] = (path, body)
        if key in self._in_flight:
            return  # sent again when the call in flight answers
        self._in_flight.add(key)
        reply = self._api.post(path, body)
        self._replies[reply] = (key, body)
        reply.finished.connect(self.on_reply_finished)
        reply.failed.connect(self.on_reply_failed)

    def on_reply_finished(self, _result: object) -> None:
        report = self._replies.pop(self.sender(), None)
        if report is not None:
            self._on_done(report[0], report[1])

    def on_reply_failed(self, error: ApiError) -> None:
        report = self._replies.pop(self.sender(), None)
        if report is not None:
            self._on_failed(report[0], report[1], error)

    def _on_done(self, key: str, body: dict[str, Any]) -> None:
        self._in_flight.discard(key)
        current = self._waiting.get(key)
        if current is not None and current[1] is body:
            del self._waiting[key]
            self.delivered.emit(key)
        elif current is not None:
            self._send(key, *current)  # a newer report came meanwhile

    def _on_failed(self, key: str, body: dict[str, Any], error: ApiError) -> None:
        self._in_flight.discard(key)
        if not error.unreachable:
            # The server refused it (a bug here, or a ticket gone): re-sending cannot help.
            log.error("server refused report %s: %s", key, error.message_en)
            current = self._waiting.get(key)
            if current is not None and current[1] is body:
                del self._waiting[key]
        # Unreachable: kept, and sent again when the stream is back online.

    def on_stream_state_loaded(self, state: dict[str, Any]) -> None:
        you = state.get("you") or {}
        self.source = str(you.get("device") or self.source)

    def on_stream_connection_changed(self, state: str) -> None:
        if state != ConnectionState.ONLINE:
            return
        for key, (path, body) in list(self._waiting.items()):
            if key not in self._in_flight:
                self._send(key, path, body)
