"""Asking the server for a day's appointments and cancelling one, without blocking the screen."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from PySide6.QtCore import Signal

from supervisor.loader import LatestRequest


class BookingsLoader(LatestRequest):
    """A day's bookings (GET /api/bookings?day=), the latest day asked only; cancelling one with a reason.

    Signals (besides LatestRequest's ``loaded`` and ``failed``):
        loaded(dict): the day's bookings per slot and service, with its totals.
        cancelled(dict): the booking just cancelled.
    """

    cancelled = Signal(dict)

    def fetch(self, day: str) -> None:
        self.get_latest(f"/api/bookings?day={quote(day)}")

    def cancel(self, code: str, reason: str) -> None:
        reply = self._api.post(f"/api/bookings/{quote(code)}/cancel", {"reason": reason})
        reply.finished.connect(self.on_cancel_finished)
        reply.failed.connect(self.failed)

    def on_cancel_finished(self, body: dict[str, Any]) -> None:
        self.cancelled.emit(body)
