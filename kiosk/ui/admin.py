"""The admin's screens behind the hidden gesture: a PIN pad, then the kiosk's settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from client.language import Language
from hardware.errors import PrinterError
from kiosk.ui.common import button, label

MAX_PIN = 8


class PinScreen(QWidget):
    """A big keypad for the admin PIN.

    Signals:
        pin_entered(str): the digits typed, on OK.
        cancelled(): back home.
        typed(): any key was pressed (keeps the screen from timing out).
    """

    pin_entered = Signal(str)
    cancelled = Signal()
    typed = Signal()

    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.pin = ""
        self.title = label("title")
        self.dots = label("pin-dots")
        self.message = label("message")
        self.keys: dict[str, QPushButton] = {}
        pad = QGridLayout()
        pad.setSpacing(18)
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            widget = button("key", key)
            widget.clicked.connect(lambda _checked=False, k=key: self.on_key_clicked(k))
            pad.addWidget(widget, i // 3, i % 3)
            self.keys[key] = widget
        self.cancel_button = button("back")
        self.cancel_button.clicked.connect(self.cancelled)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addLayout(pad)
        centre.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 20, 80, 28)
        layout.addWidget(self.title)
        layout.addWidget(self.dots)
        layout.addWidget(self.message)
        layout.addLayout(centre, 1)
        layout.addLayout(bottom)
        language.changed.connect(self.on_language_changed)
        self.reset()

    def reset(self) -> None:
        self.pin = ""
        self.message.setText("")
        self._render()

    def show_rejected(self, vi: str, en: str) -> None:
        self.pin = ""
        self.message.setText(self._language.pick(vi, en))
        self._render()

    def on_key_clicked(self, key: str) -> None:
        self.typed.emit()
        if key == "OK":
            self.pin_entered.emit(self.pin)
            return
        if key == "⌫":
            self.pin = self.pin[:-1]
        elif len(self.pin) < MAX_PIN:
            self.pin += key
        self.message.setText("")
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        self.title.setText(self._language.pick("Quản trị kiosk — nhập mã PIN", "Kiosk admin — enter the PIN"))
        self.dots.setText("●" * len(self.pin) or "–")
        self.cancel_button.setText(self._language.pick("‹ Quay lại", "‹ Back"))


class SettingsScreen(QWidget):
    """The kiosk's settings: printer state, test print, reprint, language, exit.

    Signals:
        test_print(), reprint(), language(), exit(), back(): what the admin tapped.
    """

    test_print = Signal()
    reprint = Signal()
    language = Signal()
    exit = Signal()
    back = Signal()

    def __init__(self, language: Language, printer_uri: str, server_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._printer_uri = printer_uri
        self._server_url = server_url
        self._fault: PrinterError | None = None
        self._online = False
        self._unprinted = 0
        self._message = ("", "")
        self.title = label("title")
        self.printer_line = label("setting")
        self.server_line = label("setting")
        self.message = label("subtitle")
        self.test_button = button("choice")
        self.reprint_button = button("choice")
        self.language_button = button("choice")
        self.exit_button = button("choice")
        self.back_button = button("back")
        for widget, signal in (
            (self.test_button, self.test_print),
            (self.reprint_button, self.reprint),
            (self.language_button, self.language),
            (self.exit_button, self.exit),
            (self.back_button, self.back),
        ):
            widget.clicked.connect(signal)
        grid = QGridLayout()
        grid.setSpacing(22)
        grid.addWidget(self.test_button, 0, 0)
        grid.addWidget(self.reprint_button, 0, 1)
        grid.addWidget(self.language_button, 1, 0)
        grid.addWidget(self.exit_button, 1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 20, 80, 28)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.printer_line)
        layout.addWidget(self.server_line)
        layout.addWidget(self.message)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(bottom)
        language.changed.connect(self.on_language_changed)
        self._render()

    def set_printer_fault(self, error: PrinterError | None) -> None:
        self._fault = error
        self._render()

    def set_online(self, online: bool) -> None:
        self._online = online
        self._render()

    def set_unprinted(self, count: int) -> None:
        self._unprinted = count
        self._render()

    def set_message(self, vi: str, en: str) -> None:
        self._message = (vi, en)
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        pick = self._language.pick
        self.title.setText(pick("Cài đặt kiosk", "Kiosk settings"))
        if self._fault is None:
            state = pick("sẵn sàng", "ready")
        else:
            state = pick(self._fault.message_vi, self._fault.message_en) + f" ({self._fault})"
        self.printer_line.setText(pick("Máy in", "Printer") + f": {self._printer_uri} — {state}")
        server_state = pick("đã kết nối", "connected") if self._online else pick("mất kết nối", "not connected")
        self.server_line.setText(pick("Máy chủ", "Server") + f": {self._server_url} — {server_state}")
        self.message.setText(pick(*self._message))
        self.test_button.setText(pick("In thử", "Test print"))
        self.reprint_button.setText(
            pick(f"In lại vé chưa in ({self._unprinted})", f"Reprint unprinted ticket ({self._unprinted})")
        )
        self.language_button.setText("English" if self._language.code == "vi" else "Tiếng Việt")
        self.exit_button.setText(pick("Thoát ứng dụng", "Exit the kiosk"))
        self.back_button.setText(pick("‹ Quay lại", "‹ Back"))
