"""Booking a follow-up visit for the citizen at the counter: what can be booked, and the booking itself.

The server's rules and limits are /book's (server/storage/bookings.py); this part only asks. It
holds no widget: counter/follow_up_panel.py renders it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient, ApiError, new_idempotency_key
from client.language import Language


class FollowUp(QObject):
    """The free days and slots of a bookable service, and booking one for the citizen at counter ``number``.

    Signals:
        days_loaded(str, list): (service, [{"day", "free"}]) — the days that can still be booked.
        slots_loaded(str, list): (service, [{"start", "time", "free"}]) — one day's slots still ahead.
        booked(dict): the booking (its ``code`` for the citizen).
        failed(str): why a question or the booking failed, in the clerk's language.
    """

    days_loaded = Signal(str, list)
    slots_loaded = Signal(str, list)
    booked = Signal(dict)
    failed = Signal(str)

    def __init__(self, api: ApiClient, language: Language, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._language = language
        self.booking = False  # a booking in flight: the panel's button waits

    def load_days(self, service: str) -> None:
        reply = self._api.get(f"/api/bookings/free?{urlencode({'service': service})}")
        reply.finished.connect(self.on_days_finished)
        reply.failed.connect(self.on_reply_failed)

    def load_slots(self, service: str, day: str) -> None:
        reply = self._api.get(f"/api/bookings/free?{urlencode({'service': service, 'day': day})}")
        reply.finished.connect(self.on_slots_finished)
        reply.failed.connect(self.on_reply_failed)

    def book(self, counter: int, service: str, slot: str, name: str, phone: str) -> None:
        self.booking = True
        body = {"service": service, "slot": slot, "name": name, "phone": phone}
        # One key per press: a lost answer is retried and the server answers the same booking.
        reply = self._api.post(f"/api/counters/{counter}/follow-up", body, idempotency_key=new_idempotency_key())
        reply.finished.connect(self.on_book_finished)
        reply.failed.connect(self.on_book_failed)

    def on_days_finished(self, body: Any) -> None:
        self.days_loaded.emit(body["service"], list(body["days"]))

    def on_slots_finished(self, body: Any) -> None:
        self.slots_loaded.emit(body["service"], list(body["slots"]))

    def on_reply_failed(self, error: ApiError) -> None:
        self.failed.emit(error.message(self._language.code))

    def on_book_finished(self, body: Any) -> None:
        self.booking = False
        self.booked.emit(dict(body))

    def on_book_failed(self, error: ApiError) -> None:
        self.booking = False
        self.failed.emit(error.message(self._language.code))
