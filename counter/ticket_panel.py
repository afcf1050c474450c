"""The ticket in hand: its number large, its service, priority, the wait and a running timer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter.controller import CounterController
from counter.style import AMBER, BLUE, GREEN, GREY


def clock_text(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


STATUS_STYLE = "font-size: 18px; font-weight: bold; color: white; border-radius: 6px; padding: 3px 10px;"


def minutes_text(seconds: int | None, pick: Callable[[str, str], str]) -> str:
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    return pick(f"{minutes} phút", f"{minutes} min") if minutes else pick("dưới 1 phút", "under 1 min")


class TicketPanel(QFrame):
    """Renders the counter's current ticket (or why there is none); it has no signals."""

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.setSpacing(4)
        head = QHBoxLayout()
        self.status = QLabel()
        self.priority = QLabel()
        self.priority.setStyleSheet(f"font-size: 18px; font-weight: bold; color: {AMBER};")
        head.addWidget(self.status)
        head.addStretch(1)
        head.addWidget(self.priority)
        layout.addLayout(head)
        self.number = QLabel()
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setStyleSheet("font-size: 104px; font-weight: bold;")
        self.service = QLabel()
        self.service.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service.setWordWrap(True)
        self.service.setStyleSheet("font-size: 22px;")
        layout.addWidget(self.number, 1)
        layout.addWidget(self.service)
        facts = QHBoxLayout()
        self.waited = QLabel()
        self.timer = QLabel()
        self.calls = QLabel()
        for label in (self.waited, self.timer, self.calls):
            label.setStyleSheet(f"font-size: 18px; color: {GREY};")
            facts.addWidget(label, 1, Qt.AlignmentFlag.AlignCenter)
        layout.addLayout(facts)
        controller.tick.connect(self.render_times)
        self.refresh()

    def _status(self, vi: str, en: str, colour: str) -> None:
        self.status.setText(self._controller.language.pick(vi, en))
        self.status.setStyleSheet(f"{STATUS_STYLE} background: {colour};")

    def refresh(self) -> None:
        c = self._controller
        pick = c.language.pick
        ticket = c.ticket
        counter = c.counter or {}
        self.priority.setText("")
        if c.state == "paused":
            self._status("Tạm dừng", "Paused", AMBER)
            self.number.setText(pick("Tạm dừng", "Paused"))
            self.number.setStyleSheet(f"font-size: 64px; font-weight: bold; color: {AMBER};")
            self.service.setText(pick("Lý do: ", "Reason: ") + (counter.get("pause_reason") or ""))
        elif ticket is None:
            self._status("Sẵn sàng", "Ready", GREY)
            self.number.setText("—")
            self.number.setStyleSheet(f"font-size: 104px; font-weight: bold; color: {GREY};")
            self.service.setText(pick("Chưa có công dân. Nhấn «Gọi số tiếp theo» (F1).",
                                      "No citizen yet. Press “Call next” (F1)."))
        else:
            if ticket["status"] == "serving":
                self._status("Đang phục vụ", "Serving", GREEN)
            else:
                self._status("Đang gọi", "Calling", BLUE)
            self.number.setText(ticket["number"])
            colour = AMBER if ticket["priority"] else "#1f1f1f"
            self.number.setStyleSheet(f"font-size: 104px; font-weight: bold; color: {colour};")
            self.service.setText(c.service_name(ticket["service"]))
            if ticket["priority"]:
                group = c.priority_name(ticket["priority"]) or ""
                self.priority.setText("★ " + pick("Ưu tiên: ", "Priority: ") + group)
        self.render_times()

    def render_times(self) -> None:
        c = self._controller
        pick = c.language.pick
        ticket = c.ticket
        counter = c.counter or {}
        if c.state == "paused":
            self.waited.setText(pick("Đã tạm dừng: ", "Paused for: ")
                                + clock_text(c.seconds_since(counter.get("paused_at"))))
            self.timer.setText("")
            self.calls.setText("")
            return
        if ticket is None:
            for label in (self.waited, self.timer, self.calls):
                label.setText("")
            return
        waited = c.seconds_since(ticket["issued_at"])
        called = c.seconds_since(ticket["first_called_at"])
        if waited is not None and called is not None:
            waited -= called
        self.waited.setText(pick("Đã chờ: ", "Waited: ") + minutes_text(waited, pick))
        if ticket["status"] == "serving":
            self.timer.setText(pick("Phục vụ: ", "Serving: ") + clock_text(c.seconds_since(ticket["started_at"])))
        else:
            self.timer.setText(pick("Từ lúc gọi: ", "Since call: ") + clock_text(c.seconds_since(ticket["called_at"])))
        self.calls.setText(pick(f"Số lần gọi: {ticket['call_count']}", f"Calls: {ticket['call_count']}"))
