"""One citizen's rating, from "how satisfied were you?" to "thank you", without any widget."""

from __future__ import annotations

import enum
from typing import Any
from urllib.parse import quote

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import ApiClient, ApiError
from client.language import Language

# The thank-you stays this long before the screen goes back to idle.
THANKS_MS = 5000


class Page(enum.StrEnum):
    IDLE = "idle"
    SCALE = "scale"
    REASONS = "reasons"
    THANKS = "thanks"


class RatingController(QObject):
    """Asks one ticket's citizen for a rating and sends it to the office server.

    IDLE → begin(ticket) → SCALE → choose(level) → [REASONS (negative level with reasons configured)
    → submit()] → THANKS → IDLE. With no choice in ``show_ms`` (the office's ``rating.show_seconds``
    unless given) the screen goes back to IDLE; THANKS lasts ``thanks_ms``.

    Signals:
        page_changed(str): the Page to show.
        scale_loaded(): the office's scale (levels, reasons) is known; redraw the buttons.
        sending_changed(bool): a rating went out (True) or its answer came (False).
        reasons_changed(): the chosen reasons changed.
        message(str): a line for the citizen ("" clears it).
        rated(dict): the rating the server stored.
    """

    page_changed = Signal(str)
    scale_loaded = Signal()
    sending_changed = Signal(bool)
    reasons_changed = Signal()
    message = Signal(str)
    rated = Signal(dict)

    def __init__(
        self,
        api: ApiClient,
        language: Language,
        show_ms: int | None = None,
        thanks_ms: int = THANKS_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self.language = language
        self._show_ms = show_ms
        self._thanks_ms = thanks_ms
        self.levels: list[dict[str, Any]] = []
        self.reasons: list[dict[str, Any]] = []
        self.page = Page.IDLE
        self.ticket: dict[str, Any] | None = None
        # The ticket's code the citizen showed at a kiosk (its QR, or typed): the kiosk's authority to rate.
        self.code: str | None = None
        self.dossier_code: str | None = None
        self.level: int | None = None
        self.chosen_reasons: list[str] = []
        self.sending = False
        self._scale_show_ms = 30_000  # until the office's scale says otherwise
        # The dossier code and ticket code of the ticket being looked up.
        self._lookup: tuple[str | None, str | None] = (None, None)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self.on_timeout_timeout)

    @property
    def show_ms(self) -> int:
        """How long the question waits for an answer: the constructor's, else the office's."""
        return self._show_ms if self._show_ms is not None else self._scale_show_ms

    def load_scale(self) -> None:
        """Fetch the office's scale (again: call it on every (re)connection)."""
        reply = self._api.get("/api/rating-scale")
        reply.finished.connect(self.on_scale_finished)
        reply.failed.connect(self.on_scale_failed)

    def level_info(self, value: int) -> dict[str, Any]:
        return next(lv for lv in self.levels if lv["value"] == value)

    # -- intents -----------------------------------------------------------------

    def begin(self, ticket: dict[str, Any], dossier_code: str | None = None, code: str | None = None) -> None:
        """Ask the citizen of ``ticket`` (a ticket as the API gives it) for her rating."""
        self.ticket = ticket
        self.code = code
        self.dossier_code = dossier_code
        self.level = None
        self.chosen_reasons = []
        self.message.emit("")
        self._go(Page.SCALE, self.show_ms)

    def begin_ticket_id(self, ticket_id: int, code: str, dossier_code: str | None = None) -> None:
        """As ``begin``, fetching the ticket first (a kiosk that scanned the ticket's QR, with its code)."""
        self._fetch_then_begin(f"/api/tickets/{int(ticket_id)}?c={quote(code)}", dossier_code, code)

    def begin_number(self, number: str, code: str, dossier_code: str | None = None) -> None:
        """As ``begin``, finding today's ticket by its printed number and the code under its QR (typed at a kiosk)."""
        number = number.strip().upper()
        code = "".join(code.split()).upper()
        if not number.isalnum():
            self._say("Hãy nhập số thứ tự in trên phiếu, ví dụ A012", "Enter the number on your ticket, e.g. A012")
            return
        if not code.isalnum():
            self._say(
                "Hãy nhập cả mã đánh giá in dưới mã QR trên phiếu (8 ký tự), hoặc quét mã QR",
                "Also type the rating code printed under the QR code on your ticket (8 characters), or scan the QR",
            )
            return
        self._fetch_then_begin(f"/api/tickets/by-number/{number}?c={quote(code)}", dossier_code, code)

    def choose(self, value: int) -> None:
        if self.page is not Page.SCALE or self.sending:
            return
        self.level = value
        if self.level_info(value)["negative"] and self.reasons:
            self.chosen_reasons = []
            self._go(Page.REASONS, self.show_ms)
        else:
            self.submit()

    def toggle_reason(self, code: str) -> None:
        if code in self.chosen_reasons:
            self.chosen_reasons.remove(code)
        else:
            self.chosen_reasons.append(code)
        self._timeout.start(self.show_ms)  # still there, still choosing
        self.reasons_changed.emit()

    def submit(self) -> None:
        if self.ticket is None or self.level is None or self.sending:
            return
        body: dict[str, Any] = {"level": self.level, "reasons": self.chosen_reasons}
        if self.dossier_code:
            body["dossier_code"] = self.dossier_code
        self._set_sending(True)
        query = f"?c={quote(self.code)}" if self.code else ""
        reply = self._api.post(f"/api/tickets/{self.ticket['id']}/rating{query}", body)
        reply.finished.connect(self.on_rating_finished)
        reply.failed.connect(self.on_rating_failed)

    def submit_without_reasons(self) -> None:
        self.chosen_reasons.clear()
        self.reasons_changed.emit()
        self.submit()

    def cancel(self) -> None:
        self._go(Page.IDLE)

    # -- inside ------------------------------------------------------------------

    def _fetch_then_begin(self, path: str, dossier_code: str | None, code: str | None) -> None:
        # A bound method, not a partial holding this controller (see counter/controller.py _post).
        self._lookup = (dossier_code, code)
        reply = self._api.get(path)
        reply.finished.connect(self.on_lookup_finished)
        reply.failed.connect(self.on_lookup_failed)

    def on_lookup_finished(self, ticket: dict[str, Any]) -> None:
        dossier_code, code = self._lookup
        self._begin_if_served(ticket, dossier_code=dossier_code, code=code)

    def _begin_if_served(self, ticket: dict[str, Any], *, dossier_code: str | None, code: str | None) -> None:
        if ticket.get("rating"):
            self._say(f"Số {ticket['number']} đã được đánh giá. Xin cảm ơn!",
                      f"{ticket['number']} has been rated already. Thank you!")
        elif ticket["status"] != "done":
            self._say(f"Số {ticket['number']} chưa được phục vụ xong nên chưa thể đánh giá.",
                      f"{ticket['number']} has not been served yet, so it cannot be rated.")
        else:
            self.begin(ticket, dossier_code, code)

    def _go(self, page: Page, timeout_ms: int | None = None) -> None:
        self.page = page
        if timeout_ms is None:
            self._timeout.stop()
        else:
            self._timeout.start(timeout_ms)
        if page is Page.IDLE:
            self.ticket = None
            self.code = None
        self.page_changed.emit(page.value)

    def _set_sending(self, sending: bool) -> None:
        self.sending = sending
        self.sending_changed.emit(sending)

    def _say(self, vi: str, en: str) -> None:
        self.message.emit(self.language.pick(vi, en))

    # -- slots -------------------------------------------------------------------

    def on_scale_finished(self, scale: dict[str, Any]) -> None:
        self.levels = scale["levels"]
        self.reasons = scale["reasons"]
        self._scale_show_ms = int(scale["show_seconds"]) * 1000
        self.scale_loaded.emit()

    def on_scale_failed(self, error: ApiError) -> None:
        self.message.emit(error.message(self.language.code))

    def on_rating_finished(self, rating: dict[str, Any]) -> None:
        self._set_sending(False)
        self.rated.emit(rating)
        if self.ticket is not None and rating.get("ticket_id") != self.ticket.get("id"):
            # The clerk finished the next citizen while this rating was on its way: she is
            # being asked now; the thank-you was for the one before.
            return
        self._go(Page.THANKS, self._thanks_ms)

    def on_rating_failed(self, error: ApiError) -> None:
        self._set_sending(False)
        if error.code == "already_rated":
            self._say("Phiếu này đã được đánh giá. Xin cảm ơn!", "This ticket has been rated already. Thank you!")
            self._go(Page.THANKS, self._thanks_ms)
        elif error.unreachable:
            # Kept on screen with the choice made: the citizen (or the clerk) can press again.
            self._say("Chưa gửi được đánh giá — mất kết nối. Xin ông/bà bấm lại.",
                      "The rating was not sent — no connection. Please press again.")
            self._timeout.start(self.show_ms)
        else:
            self.message.emit(error.message(self.language.code))

    def on_lookup_failed(self, error: ApiError) -> None:
        self.message.emit(error.message(self.language.code))

    def on_timeout_timeout(self) -> None:
        self._go(Page.IDLE)
