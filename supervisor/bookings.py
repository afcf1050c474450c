"""Asking the server for a day's appointments and cancelling one, without blocking the screen."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient, ApiError, ApiReply


class BookingsLoader(QObject):
    """A day's bookings (GET /api/bookings?day=), one request at a time; cancelling one with a reason.

    Signals:
        loaded(dict): the day's bookings per slot and service, with its totals.
        cancelled(dict): the booking just cancelled.
        failed(object): an ApiError.
    """

    loaded = Signal(dict)
    cancelled = Signal(dict)
    failed = Signal(object)

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._pending: ApiReply | None = None

    def fetch(self, day: str) -> None:
        if self._pending is not None:  # a newer day replaces the one in flight
            pending, self._pending = self._pending, None
            pending.finished.disconnect()
            pending.failed.disconnect()
            pending.abort()
        reply = self._api.get(f"/api/bookings?day={quote(day)}")
        reply.finished.connect(self.on_reply_finished)
        reply.failed.connect(self.on_reply_failed)
        self._pending = reply

    def cancel(self, code: str, reason: str) -> None:
        reply = self._api.post(f"/api/bookings/{quote(code)}/cancel", {"reason": reason})
        reply.finished.connect(self.on_cancel_finished)
        reply.failed.connect(self.failed)

    def on_reply_finished(self, body: dict[str, Any]) -> None:
        self._pending = None
        self.loaded.emit(body)

    def on_reply_failed(self, error: ApiError) -> None:
        self._pending = None
        self.failed.emit(error)

    def on_cancel_finished(self, body: dict[str, Any]) -> None:
        self.cancelled.emit(body)
