"""The follow-up visit form, in place of the queue while it is open: service, day, slot (with its free
places), the citizen's name and phone; then the booking code, large, for her to write down."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.controller import CounterController
from counter.follow_up import FollowUp
from counter.style import BLUE, GREY, RED

SLOT_COLUMNS = 4
WEEKDAYS = (("Thứ Hai", "Mon"), ("Thứ Ba", "Tue"), ("Thứ Tư", "Wed"), ("Thứ Năm", "Thu"), ("Thứ Sáu", "Fri"),
            ("Thứ Bảy", "Sat"), ("Chủ Nhật", "Sun"))  # fmt: skip


def _button(height: int = 44) -> QPushButton:
    button = QPushButton()
    button.setMinimumHeight(height)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class FollowUpPanel(QFrame):
    """Renders a FollowUp for the counter's clerk.

    Signals:
        closed(): the clerk is done (Cancel, Esc, or Done after a booking).
    """

    closed = Signal()

    def __init__(self, controller: CounterController, follow_up: FollowUp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._controller = controller
        self._follow_up = follow_up
        self.service: str | None = None
        self.day: str | None = None
        self.slot: str | None = None
        self._days: list[dict[str, Any]] = []
        self._slots: list[dict[str, Any]] = []
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setStyleSheet(f"color: {GREY}; font-size: 14px;")
        self.service_title, self.day_title, self.slot_title = QLabel(), QLabel(), QLabel()
        self.services: dict[str, QPushButton] = {}
        # One per line: a service's name is longer than half the panel.
        self._service_row = QVBoxLayout()
        self._service_row.setSpacing(4)
        self.days = QComboBox()
        self.days.setMinimumHeight(40)
        self.days.setStyleSheet("font-size: 17px;")
        self.days.activated.connect(self.on_days_activated)
        self._slot_grid = QGridLayout()
        self._slot_grid.setSpacing(6)
        self.slot_buttons: list[QPushButton] = []
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.name.setMaxLength(80)
        self.phone.setMaxLength(20)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        for field in (self.name, self.phone):
            field.returnPressed.connect(self.on_book_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {RED}; font-size: 15px;")
        self.book = _button(52)
        self.book.setObjectName("finish")
        self.book.clicked.connect(self.on_book_clicked)
        self.cancel = _button(52)
        self.cancel.clicked.connect(self.closed)

        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(6)
        for widget in (self.service_title,):
            form.addWidget(widget)
        form.addLayout(self._service_row)
        form.addWidget(self.day_title)
        form.addWidget(self.days)
        form.addWidget(self.slot_title)
        form.addLayout(self._slot_grid)
        form.addWidget(self.name)
        form.addWidget(self.phone)
        form.addWidget(self.why)
        form.addWidget(self.message)
        form.addStretch(1)

        # After booking: the code, large, and when.
        self.done = QWidget()
        done = QVBoxLayout(self.done)
        done.setContentsMargins(0, 0, 0, 0)
        self.done_caption = QLabel()
        self.done_caption.setWordWrap(True)
        self.done_caption.setStyleSheet("font-size: 18px;")
        self.code = QLabel()
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet(f"font-size: 46px; font-weight: bold; color: {BLUE}; letter-spacing: 2px;")
        self.when = QLabel()
        self.when.setWordWrap(True)
        self.when.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.when.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.done_hint = QLabel()
        self.done_hint.setWordWrap(True)
        self.done_hint.setStyleSheet(f"color: {GREY}; font-size: 15px;")
        done.addWidget(self.done_caption)
        done.addWidget(self.code)
        done.addWidget(self.when)
        done.addWidget(self.done_hint)
        done.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.book, 2)
        buttons.addWidget(self.cancel, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.done, 1)
        layout.addLayout(buttons)

        follow_up.days_loaded.connect(self.on_follow_up_days_loaded)
        follow_up.slots_loaded.connect(self.on_follow_up_slots_loaded)
        follow_up.booked.connect(self.on_follow_up_booked)
        follow_up.failed.connect(self.on_follow_up_failed)
        self.booking: dict[str, Any] | None = None
        self.refresh()

    # -- opening -------------------------------------------------------------------

    def open(self) -> None:
        """A fresh form; the first bookable service of this counter (else of the office) chosen."""
        self.booking = None
        self.name.clear()
        self.phone.clear()
        self.message.clear()
        self.service = self.day = self.slot = None
        self._days, self._slots = [], []
        bookable = self._controller.bookable_services()
        mine = [s["code"] for s in self._controller.services() if s["code"] in bookable]
        first = (mine or bookable or [None])[0]
        if first is not None:
            self.choose_service(first)
        self.refresh()
        self.name.setFocus()

    def choose_service(self, code: str) -> None:
        self.service, self.day, self.slot = code, None, None
        self._days, self._slots = [], []
        self._follow_up.load_days(code)
        self.refresh()

    def choose_day(self, day: str) -> None:
        self.day, self.slot = day, None
        self._slots = []
        if self.service:
            self._follow_up.load_slots(self.service, day)
        self.refresh()

    def choose_slot(self, start: str) -> None:
        self.slot = start
        self.message.clear()
        self.refresh()

    # -- slots ---------------------------------------------------------------------------

    def on_days_activated(self, index: int) -> None:
        if 0 <= index < len(self._days):
            self.choose_day(self._days[index]["day"])

    def on_book_clicked(self) -> None:
        pick = self._controller.language.pick
        if self.booking is not None or self._follow_up.booking:
            return
        if not (self.service and self.slot):
            self.message.setText(pick("Hãy chọn ngày và giờ hẹn.", "Choose the day and the time."))
            return
        if not self.name.text().strip() or not self.phone.text().strip():
            self.message.setText(pick("Hãy nhập họ tên và số điện thoại của công dân.",
                                      "Enter the citizen's name and phone number."))  # fmt: skip
            return
        if self._controller.number is None or not self._controller.online:
            self.message.setText(pick("Mất kết nối với máy chủ — chưa đặt được lịch.",
                                      "Not connected to the server — nothing was booked."))  # fmt: skip
            return
        self.message.clear()
        self._follow_up.book(self._controller.number, self.service, self.slot, self.name.text().strip(),
                             self.phone.text().strip())  # fmt: skip
        self.refresh()

    def on_follow_up_days_loaded(self, service: str, days: list[dict[str, Any]]) -> None:
        if service != self.service:
            return  # the clerk chose another service meanwhile
        self._days = days
        free = [d for d in days if d["free"] > 0]
        if self.day is None and free:
            # Tomorrow or later first: a follow-up is rarely today.
            later = [d for d in free if d["day"] > self._controller.today()]
            self.choose_day((later or free)[0]["day"])
        self.refresh()

    def on_follow_up_slots_loaded(self, service: str, slots: list[dict[str, Any]]) -> None:
        if service != self.service or (slots and self.day and not slots[0]["start"].startswith(self.day)):
            return
        self._slots = slots
        self.refresh()

    def on_follow_up_booked(self, booking: dict[str, Any]) -> None:
        self.booking = booking
        self.refresh()

    def on_follow_up_failed(self, text: str) -> None:
        self.message.setText(text)
        if self.service and self.day:  # a slot that filled meanwhile: show the places as they are now
            self._follow_up.load_slots(self.service, self.day)
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------

    def _day_words(self, day: str) -> str:
        d = date.fromisoformat(day)
        return self._controller.language.pick(f"{WEEKDAYS[d.weekday()][0]} {d:%d/%m/%Y}",
                                              f"{WEEKDAYS[d.weekday()][1]} {d:%d/%m/%Y}")  # fmt: skip

    def refresh(self) -> None:
        c = self._controller
        pick = c.language.pick
        done = self.booking is not None
        self.form.setVisible(not done)
        self.done.setVisible(done)
        self.book.setVisible(not done)
        self.title.setText(pick("Đặt lịch hẹn cho công dân", "Book a visit for the citizen"))
        self.cancel.setText(pick("Xong  [Esc]", "Done  [Esc]") if done else pick("Huỷ  [Esc]", "Cancel  [Esc]"))
        if done and self.booking is not None:
            code = self.booking["code"]
            self.done_caption.setText(pick("Đã đặt lịch. Mã đặt lịch của công dân:", "Booked. The citizen's code:"))
            self.code.setText(f"{code[:4]} {code[4:]}")
            self.when.setText(f"{c.service_name(self.booking['service'])}\n{self.booking['time']} — "
                              f"{self._day_words(self.booking['day'])}")  # fmt: skip
            self.done_hint.setText(pick(
                "Mời công dân ghi lại hoặc chụp ảnh mã này. Khi đến, nhập mã ở kiosk "
                "(«Tôi đã đặt lịch hẹn») để lấy số — từ 30 phút trước đến 15 phút sau giờ hẹn.",
                "Ask the citizen to write down or photograph this code. On the day, she types it at the kiosk "
                "(“I have an appointment”) for her ticket — from 30 minutes before to 15 after the time.",
            ))  # fmt: skip
            return
        self.service_title.setText(pick("Lĩnh vực", "Service"))
        self.day_title.setText(pick("Ngày", "Day"))
        self.slot_title.setText(pick("Giờ (số chỗ còn trống)", "Time (places left)"))
        self.why.setText(pick(
            "Họ tên và số điện thoại chỉ dùng cho lịch hẹn này và được xoá 30 ngày sau ngày hẹn.",
            "The name and phone number serve only this appointment and are deleted 30 days after it.",
        ))  # fmt: skip
        self.name.setPlaceholderText(pick("Họ tên công dân", "Citizen's full name"))
        self.phone.setPlaceholderText(pick("Số điện thoại, ví dụ 0912 345 678", "Phone, e.g. 0912 345 678"))
        busy = self._follow_up.booking
        self.book.setText(pick("Đang đặt…", "Booking…") if busy else pick("Đặt lịch  [Enter]", "Book  [Enter]"))
        self.book.setEnabled(not busy and self.slot is not None)
        self._render_services()
        self._render_days()
        self._render_slots()

    def _render_services(self) -> None:
        for code in self._controller.bookable_services():
            if code not in self.services:
                button = _button()
                button.setObjectName("toggle")
                button.setCheckable(True)
                button.clicked.connect(lambda _checked=False, code=code: self.choose_service(code))
                self._service_row.addWidget(button)
                self.services[code] = button
        for code, button in self.services.items():
            button.setText(f"{code} · {self._controller.service_name(code)}")
            button.setChecked(code == self.service)

    def _render_days(self) -> None:
        pick = self._controller.language.pick
        self.days.blockSignals(True)
        self.days.clear()
        for day in self._days:
            self.days.addItem(f"{self._day_words(day['day'])} — " + pick(f"{day['free']} chỗ trống",
                                                                         f"{day['free']} places"))  # fmt: skip
        index = next((i for i, d in enumerate(self._days) if d["day"] == self.day), -1)
        self.days.setCurrentIndex(index)
        self.days.blockSignals(False)

    def _render_slots(self) -> None:
        pick = self._controller.language.pick
        while len(self.slot_buttons) < len(self._slots):
            button = _button(38)
            button.setObjectName("toggle")
            button.setStyleSheet("font-size: 16px; padding: 2px;")
            button.setCheckable(True)
            i = len(self.slot_buttons)
            button.clicked.connect(lambda _checked=False, i=i: self.choose_slot(self._slots[i]["start"]))
            self._slot_grid.addWidget(button, *divmod(i, SLOT_COLUMNS))
            self.slot_buttons.append(button)
        for i, button in enumerate(self.slot_buttons):
            if i >= len(self._slots):
                button.hide()
                continue
            slot = self._slots[i]
            free = int(slot["free"])
            button.setText(f"{slot['time']} · {free}" if free else f"{slot['time']} · " + pick("hết", "full"))
            button.setEnabled(free > 0)
            button.setChecked(slot["start"] == self.slot)
            button.show()
