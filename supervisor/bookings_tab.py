"""The supervisor's "Lịch hẹn / Appointments" tab: a day's bookings per slot and service — booked, arrived,
missed, cancelled — with the day's totals, and cancelling one with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiError
from client.language import Language
from client.model import OfficeModel
from supervisor.bookings import BookingsLoader

# status → (vi, en, colour)
STATUS = {
    "booked": ("Đã đặt", "Booked", "#1f6fb2"),
    "checked_in": ("Đã đến", "Arrived", "#2e8b57"),
    "missed": ("Không đến", "Missed", "#ef6c00"),
    "cancelled": ("Đã hủy", "Cancelled", "#757575"),
}
COLUMNS = (
    ("Giờ", "Time"), ("Lĩnh vực", "Service"), ("Mã", "Code"), ("Họ tên", "Name"), ("Điện thoại", "Phone"),
    ("Trạng thái", "Status"), ("Số vé / lý do hủy", "Ticket / why cancelled"),
)  # fmt: skip
# Events after which the day shown is read again (a check-in issues a ticket; its call makes it on time).
REFRESH_ON = ("ticket.issued", "ticket.called", "day.started")


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


class BookingsTab(QWidget):
    """Renders a BookingsLoader's day; it has no signals."""

    def __init__(
        self,
        loader: BookingsLoader,
        model: OfficeModel,
        language: Language,
        today: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._model = model
        self._language = language
        self._today = today
        self.day = ""
        self.body: dict[str, Any] | None = None
        self.rows: list[dict[str, Any]] = []
        self.title = QLabel()
        self.title.setFont(_font(20, True))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setFont(_font(14))
        self.date.dateChanged.connect(self.on_date_date_changed)
        self.previous, self.today_button, self.next = QPushButton("◀"), QPushButton(), QPushButton("▶")
        for button in (self.previous, self.today_button, self.next):
            button.setFont(_font(14))
            button.setMinimumHeight(40)
        self.previous.clicked.connect(lambda: self.show_day(self._shift(-1)))
        self.next.clicked.connect(lambda: self.show_day(self._shift(1)))
        self.today_button.clicked.connect(lambda: self.show_day(self._today()))
        self.totals = QLabel()
        self.totals.setFont(_font(15))
        self.totals.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.setAlternatingRowColors(True)
        self.table.setFont(_font(13))
        self.table.itemSelectionChanged.connect(self.on_table_selection_changed)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setFont(_font(14))
        self.reason.setMinimumHeight(40)
        self.cancel_button = QPushButton()
        self.cancel_button.setFont(_font(14, True))
        self.cancel_button.setMinimumHeight(40)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.message = QLabel()
        self.message.setFont(_font(13))
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.previous)
        top.addWidget(self.date)
        top.addWidget(self.next)
        top.addWidget(self.today_button)
        cancel = QHBoxLayout()
        cancel.addWidget(self.reason, 1)
        cancel.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)
        layout.addLayout(cancel)
        layout.addWidget(self.message)

        loader.loaded.connect(self.on_loader_loaded)
        loader.cancelled.connect(self.on_loader_cancelled)
        loader.failed.connect(self.on_loader_failed)
        model.event_applied.connect(self.on_model_event_applied)
        language.changed.connect(self.on_language_changed)
        self._render()

    # -- which day -------------------------------------------------------------------

    def _shift(self, days: int) -> str:
        base = dt.date.fromisoformat(self.day or self._today())
        return (base + dt.timedelta(days=days)).isoformat()

    def show_day(self, day: str) -> None:
        """Show ``day`` (YYYY-MM-DD): asks the server, the table follows its answer."""
        if not day:
            return
        self.day = day
        d = dt.date.fromisoformat(day)
        self.date.blockSignals(True)
        self.date.setDate(QDate(d.year, d.month, d.day))
        self.date.blockSignals(False)
        self._loader.fetch(day)

    def on_date_date_changed(self, date: QDate) -> None:
        self.show_day(date.toString("yyyy-MM-dd"))

    def on_state_loaded(self, state: dict[str, Any]) -> None:
        """The office's state (at start and after a reconnect): today at first, else the day shown, again."""
        self.show_day(self.day or str(state.get("day") or ""))

    def on_model_event_applied(self, event: dict[str, Any]) -> None:
        if event.get("type") in REFRESH_ON and self.day and self.day == self._today():
            self._loader.fetch(self.day)

    # -- cancelling ----------------------------------------------------------------------

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def on_table_selection_changed(self) -> None:
        self._render_cancel()

    def on_cancel_clicked(self) -> None:
        booking, reason = self.selected(), " ".join(self.reason.text().split())
        pick = self._language.pick
        if booking is None:
            return
        if not reason:
            self.message.setText(pick("Xin ghi lý do hủy lịch hẹn.", "Please give the reason for cancelling."))
            return
        self.cancel_button.setEnabled(False)
        self._loader.cancel(booking["code"], reason)

    def on_loader_cancelled(self, booking: dict[str, Any]) -> None:
        pick = self._language.pick
        self.reason.clear()
        self.message.setText(pick(f"Đã hủy lịch hẹn {booking['code']} ({booking['time']}).",
                                  f"Appointment {booking['code']} ({booking['time']}) cancelled."))  # fmt: skip
        self._loader.fetch(self.day)

    # -- drawing ----------------------------------------------------------------------------

    def on_loader_loaded(self, body: dict[str, Any]) -> None:
        if body.get("day") != self.day:
            return
        self.body = body
        self.rows = [b for slot in body["slots"] for b in slot["bookings"]]
        self._render()

    def on_loader_failed(self, error: ApiError) -> None:
        self.message.setText(error.message(self._language.code))
        self._render_cancel()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        pick = self._language.pick
        self.title.setText(pick("Lịch hẹn trong ngày", "Appointments of the day"))
        self.today_button.setText(pick("Hôm nay", "Today"))
        self.reason.setPlaceholderText(pick("Lý do hủy (bắt buộc), ví dụ: cơ quan nghỉ đột xuất",
                                            "Why it is cancelled (required), e.g. the office closes"))  # fmt: skip
        self.cancel_button.setText(pick("Hủy lịch hẹn đã chọn", "Cancel the selected appointment"))
        self.table.setHorizontalHeaderLabels([pick(vi, en) for vi, en in COLUMNS])
        totals = (self.body or {}).get("totals")
        if totals is None:
            self.totals.setText("")
        else:
            t = totals
            self.totals.setText(pick(
                f"Đã đặt: {t['booked']}  ·  Đã đến: {t['checked_in']}  ·  Đúng giờ: {t['on_time']}  ·  "
                f"Không đến: {t['missed']}  ·  Chưa đến giờ: {t['waiting']}  ·  Đã hủy: {t['cancelled']}",
                f"Booked: {t['booked']}  ·  Arrived: {t['checked_in']}  ·  Called on time: {t['on_time']}  ·  "
                f"Missed: {t['missed']}  ·  To come: {t['waiting']}  ·  Cancelled: {t['cancelled']}",
            ))  # fmt: skip
        self.table.setRowCount(len(self.rows))
        for r, booking in enumerate(self.rows):
            vi, en, colour = STATUS.get(booking["status"], (booking["status"], booking["status"], "#000000"))
            service = self._model.service(booking["service"])
            name = pick(service["name_vi"], service["name_en"]) if service else ""
            last = booking.get("cancel_reason") or ""
            if booking.get("ticket_id") is not None:
                last = pick(f"vé #{booking['ticket_id']}", f"ticket #{booking['ticket_id']}")
            cells = (booking["time"], f"{booking['service']} · {name}", booking["code"], booking.get("name") or "—",
                     booking.get("phone") or "—", pick(vi, en), last)  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setForeground(QColor(colour))
                    item.setFont(_font(13, True))
                self.table.setItem(r, c, item)
        if not self.rows and self.body is not None:
            self.message.setText(pick("Không có lịch hẹn nào trong ngày này.", "No appointments on this day."))
        elif self.message.text().startswith(("Không có lịch hẹn", "No appointments")):
            self.message.setText("")
        self._render_cancel()

    def _render_cancel(self) -> None:
        booking = self.selected()
        self.cancel_button.setEnabled(booking is not None and booking["status"] == "booked")
