"""Small inline forms for the actions that need a word more: pause reason, transfer, call a number.

Inline rather than dialogs: the queue stays in sight, and nothing modal blocks the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter.controller import CounterController

PAUSE_REASONS = (
    ("Nghỉ giải lao", "Short break"),
    ("Nghỉ trưa", "Lunch break"),
    ("Họp", "Meeting"),
    ("Xử lý hồ sơ", "Processing dossiers"),
    ("Sự cố kỹ thuật", "Technical problem"),
)


class Form(QWidget):
    """A titled form with Cancel (Esc is handled by the window, which owns the keys).

    Signals:
        submitted(str): the value chosen (reason, service code or ticket number).
        cancelled(): the clerk backed out.
    """

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self._layout.addWidget(self.title)
        self.body = QGridLayout()
        self.body.setSpacing(10)
        self._layout.addLayout(self.body)
        self._layout.addStretch(1)
        bottom = QHBoxLayout()
        self.cancel = QPushButton()
        self.cancel.setMinimumHeight(52)
        self.cancel.clicked.connect(self.cancelled)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel)
        self._layout.addLayout(bottom)

    def open(self) -> None:
        """Reset the form for a new use."""
        self.refresh()

    def refresh(self) -> None:
        self.cancel.setText(self._controller.language.pick("Huỷ  [Esc]", "Cancel  [Esc]"))


def _big(text: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setMinimumHeight(58)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class PauseForm(Form):
    """Pick a preset reason or type one."""

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.presets: list[QPushButton] = []
        for index in range(len(PAUSE_REASONS)):
            button = _big()
            button.clicked.connect(lambda _checked=False, i=index: self.submitted.emit(PAUSE_REASONS[i][0]))
            self.body.addWidget(button, index // 3, index % 3)
            self.presets.append(button)
        self.other = QLineEdit()
        self.other.setMaxLength(120)
        self.other.returnPressed.connect(self.on_other_return_pressed)
        self.go = _big()
        self.go.clicked.connect(self.on_other_return_pressed)
        self.body.addWidget(self.other, 2, 0, 1, 2)
        self.body.addWidget(self.go, 2, 2)

    def open(self) -> None:
        self.other.clear()
        super().open()
        self.other.setFocus()

    def refresh(self) -> None:
        super().refresh()
        pick = self._controller.language.pick
        self.title.setText(pick("Tạm dừng quầy — chọn lý do", "Pause the counter — choose a reason"))
        for button, (vi, en) in zip(self.presets, PAUSE_REASONS, strict=True):
            button.setText(pick(vi, en))
        self.other.setPlaceholderText(pick("Lý do khác…", "Another reason…"))
        self.go.setText(pick("Tạm dừng  [Enter]", "Pause  [Enter]"))

    def on_other_return_pressed(self) -> None:
        if self.other.text().strip():
            self.submitted.emit(self.other.text().strip())


class TransferForm(Form):
    """Pick the service to send the current ticket to."""

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.choices: dict[str, QPushButton] = {}

    def refresh(self) -> None:
        super().refresh()
        c = self._controller
        pick = c.language.pick
        ticket = c.ticket
        number = ticket["number"] if ticket else ""
        self.title.setText(pick(f"Chuyển số {number} sang lĩnh vực:", f"Transfer {number} to:"))
        for index, service in enumerate(c.all_services()):
            code = service["code"]
            if code not in self.choices:
                button = _big()
                button.clicked.connect(lambda _checked=False, code=code: self.submitted.emit(code))
                self.body.addWidget(button, index // 3, index % 3)
                self.choices[code] = button
            button = self.choices[code]
            button.setText(f"{code} · {pick(service['name_vi'], service['name_en'])}")
            button.setEnabled(ticket is not None and ticket["service"] != code)


class CallNumberForm(Form):
    """Type a number to call (a citizen who missed her turn, or one called out of order)."""

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.number = QLineEdit()
        self.number.setMaxLength(12)
        self.number.setStyleSheet("font-size: 32px;")
        self.number.returnPressed.connect(self.on_number_return_pressed)
        self.go = _big()
        self.go.clicked.connect(self.on_number_return_pressed)
        self.body.addWidget(self.number, 0, 0, 1, 2)
        self.body.addWidget(self.go, 0, 2)

    def open(self) -> None:
        self.number.clear()
        super().open()
        self.number.setFocus()

    def refresh(self) -> None:
        super().refresh()
        pick = self._controller.language.pick
        self.title.setText(pick("Gọi số cụ thể", "Call a given number"))
        self.number.setPlaceholderText(pick("Ví dụ: A012", "e.g. A012"))
        self.go.setText(pick("Gọi  [Enter]", "Call  [Enter]"))

    def on_number_return_pressed(self) -> None:
        if self.number.text().strip():
            self.submitted.emit(self.number.text().strip())
