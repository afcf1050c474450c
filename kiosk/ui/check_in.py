""""Tôi đã đặt lịch hẹn / I have an appointment": scan the booking's QR on the phone, or type its code."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from client.language import Language
from kiosk.ui.common import button, digit_pad, label, lay_out_code_page
from server.credentials import CODE_ALPHABET, CODE_LENGTH

CODE_COLUMNS = 6


class CheckInScreen(QWidget):
    """The booking code, scanned (the window's scanner) or typed here; then a ticket, or why not.

    Signals:
        code_entered(str): the code typed, on OK.
        normal_ticket(): the citizen takes a normal ticket instead (home).
        back(): home.
        typed(): a key was pressed (keeps the screen from timing out).
    """

    code_entered = Signal(str)
    normal_ticket = Signal()
    back = Signal()
    typed = Signal()

    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.code = ""
        self.title = label("title")
        self.scan_hint = label("rate-scan")
        self.hint = label("subtitle")
        self.code_field = button("rate-field")
        self.code_field.setProperty("active", True)
        self.message = label("message")
        self.keys: dict[str, QPushButton] = {}
        letters = QGridLayout()
        letters.setSpacing(12)
        for i, letter in enumerate(c for c in CODE_ALPHABET if c.isalpha()):
            letters.addWidget(self._key(letter), *divmod(i, CODE_COLUMNS))
        self.back_button = button("back")
        self.back_button.clicked.connect(self.back)
        self.normal_button = button("choice")
        self.normal_button.clicked.connect(self.normal_ticket)
        self.normal_button.hide()

        fields: list[QWidget] = [self.code_field, self.message, self.normal_button]
        lay_out_code_page(self, self.title, self.scan_hint, self.hint, fields, letters, digit_pad(self._key),
                          self.back_button)  # fmt: skip
        language.changed.connect(self.on_language_changed)
        self._render()

    def _key(self, key: str) -> QPushButton:
        widget = button("rate-key", key)
        widget.clicked.connect(lambda _checked=False, k=key: self.on_key_clicked(k))
        self.keys[key] = widget
        return widget

    def reset(self) -> None:
        self.code = ""
        self.show_message("")
        self._render()

    def show_message(self, text: str) -> None:
        """Why the code gave no ticket; the way to a normal ticket shows with it."""
        self.message.setText(text)
        self.normal_button.setVisible(bool(text))

    def on_key_clicked(self, key: str) -> None:
        self.typed.emit()
        if key == "OK":
            if self.code:
                self.code_entered.emit(self.code)
            return
        if key == "⌫":
            self.code = self.code[:-1]
        elif len(self.code) < CODE_LENGTH:
            self.code += key
        self.show_message("")
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        pick = self._language.pick
        self.title.setText(pick("Tôi đã đặt lịch hẹn", "I have an appointment"))
        self.scan_hint.setText(
            pick(
                "Đưa mã QR đặt lịch trên điện thoại vào máy quét bên dưới",
                "Hold the booking QR code on your phone to the scanner below",
            )
        )
        self.hint.setText(pick("Hoặc nhập mã đặt lịch:", "Or type your booking code:"))
        code = f"{self.code[:4]} {self.code[4:]}".strip() if self.code else "_ _ _ _  _ _ _ _"
        self.code_field.setText(pick("Mã đặt lịch", "Booking code") + ":  " + code)
        self.back_button.setText(pick("‹ Quay lại", "‹ Back"))
        self.normal_button.setText(pick("Lấy số thông thường", "Take a normal ticket"))
