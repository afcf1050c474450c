"""The ticket on screen: the number very large, and -- when the printer failed -- its QR code to photograph."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from client.language import Language
from client.model import OfficeModel
from hardware.slip import appointment_text, closure_words, wait_text
from kiosk.controller import PrintState, TicketView
from kiosk.slips import priority_name
from kiosk.ui.common import QrView, button, label
from kiosk.ui.style import NAVY


class TicketScreen(QWidget):
    """Shows the ticket just issued.

    Signals:
        done(): the citizen is finished here; back home.
    """

    done = Signal()

    def __init__(self, model: OfficeModel, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._language = language
        self.view: TicketView | None = None
        self._color = NAVY
        self.caption = label("caption")
        self.number = label("number", wrap=False)
        self.service = label("ticket-service")
        self.priority = label("info")
        self.appointment = label("info")
        self.ahead = label("info")
        self.wait = label("info")
        self.closed = label("closed")
        self.status = label("status-ok")
        self.fault = self._fault_panel()
        self.qr = QrView()
        self.qr_caption = label("qr-caption")
        self.qr_box = QWidget()
        qr_layout = QVBoxLayout(self.qr_box)
        qr_layout.setContentsMargins(0, 0, 0, 0)
        qr_layout.addWidget(self.qr, 1)
        qr_layout.addWidget(self.qr_caption)
        self.done_button = button("big")
        self.done_button.clicked.connect(self.done)

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.caption)
        left.addWidget(self.number)
        left.addWidget(self.service)
        left.addWidget(self.priority)
        left.addWidget(self.appointment)
        left.addWidget(self.ahead)
        left.addWidget(self.wait)
        left.addWidget(self.closed)
        left.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(40)
        body.addLayout(left, 3)
        body.addWidget(self.qr_box, 2)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.done_button, 2)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 20, 60, 28)
        layout.setSpacing(16)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.fault)
        layout.addLayout(bottom)
        language.changed.connect(self.on_language_changed)

    def _fault_panel(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "fault")
        self.fault_vi = label("fault-vi")
        self.fault_en = label("fault-en")
        self.fault_photo = label("fault-photo")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(30, 16, 30, 16)
        layout.setSpacing(6)
        layout.addWidget(self.fault_vi)
        layout.addWidget(self.fault_en)
        layout.addWidget(self.fault_photo)
        return panel

    def set_color(self, color: str) -> None:
        self._color = color

    def show_ticket(self, view: TicketView, color: str) -> None:
        if self.view is None or self.view.ticket["id"] != view.ticket["id"]:
            self.qr.set_data(view.qr)
        self.view = view
        self._color = color
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        view = self.view
        pick = self._language.pick
        self.done_button.setText(pick("Xong", "Done"))
        if view is None:
            return
        ticket = view.ticket
        self.caption.setText(pick("Số thứ tự của ông/bà", "Your queue number"))
        self.number.setText(ticket["number"])
        self.number.setStyleSheet(f"color: {self._color};")
        self.service.setText(pick(view.service.get("name_vi", ""), view.service.get("name_en", "")))
        group = priority_name(self._model.office, ticket.get("priority"))
        self.priority.setVisible(group is not None)
        if group is not None:
            self.priority.setText(pick(f"Ưu tiên: {group}", f"Priority: {group}"))
        slot = ticket.get("booked_slot")
        self.appointment.setVisible(bool(slot))
        if slot:
            hhmm = datetime.fromisoformat(slot).strftime("%H:%M")
            self.appointment.setText(appointment_text(hhmm, self._language.code))
        ahead = int(ticket["waiting_ahead"])
        self.ahead.setText(pick(f"Số người chờ trước: {ahead}", f"People ahead of you: {ahead}"))
        wait = wait_text(
            int(ticket["estimated_wait_s"]),
            self._language.code,
            capital=False,
            low_s=ticket.get("estimated_low_s"),
            high_s=ticket.get("estimated_high_s"),
            called_today=ticket.get("estimated_called_today"),
        )
        self.wait.setText(pick(f"Thời gian chờ dự kiến: {wait}", f"Expected wait: {wait}"))
        closed = closure_words(ticket.get("closure"), self._language.code)
        self.closed.setText(closed)
        self.closed.setVisible(bool(closed))
        failed = view.print_state is PrintState.FAILED
        # The fault's message and the QR code need room: the number shrinks a little, still the largest thing.
        role = "number-fault" if failed else "number"
        if self.number.property("role") != role:
            self.number.setProperty("role", role)
            self.number.style().unpolish(self.number)
            self.number.style().polish(self.number)
        self.qr_box.setVisible(failed)
        self.fault.setVisible(failed)
        self.status.setVisible(not failed)
        self.qr_caption.setText(pick("Mã QR của vé", "The ticket's QR code"))
        if view.print_state is PrintState.PRINTING:
            self.status.setText(pick("Đang in vé…", "Printing your ticket…"))
        elif view.print_state is PrintState.PRINTED:
            self.status.setText(pick("Mời ông/bà nhận vé ở khe bên dưới", "Please take your ticket from the slot"))
        elif view.error is not None:
            # Both languages: the citizen may not know which button to press to switch.
            self.fault_vi.setText(view.error.message_vi)
            self.fault_en.setText(view.error.message_en)
            self.fault_photo.setText(
                "Vé của ông/bà vẫn có hiệu lực — vui lòng chụp ảnh màn hình này.\n"
                "Your ticket is valid — please take a photo of this screen."
            )
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
