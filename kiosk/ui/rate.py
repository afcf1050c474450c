"""Rating at the kiosk: type the ticket's number on a big keypad (or scan its QR), then the rating itself."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from client.language import Language
from client.model import OfficeModel
from kiosk.ui.common import button, label
from rating.widget import RatingWidget

MAX_NUMBER = 8
KEYPAD_ROWS = 4


def number_letters(model: OfficeModel) -> list[str]:
    """The letters the office's printed numbers start with (A, B … ; none for 1001-style numbers)."""
    letters: list[str] = []
    for service in model.services:
        prefix = re.match(r"[A-Za-z]*", str(service.get("label_format", "")))
        for letter in prefix.group(0).upper() if prefix else "":
            if letter not in letters:
                letters.append(letter)
    return letters


class RateButton(QPushButton):
    """Home's "Đánh giá dịch vụ / Rate our service": the screen's language large, the other below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "secondary")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.main = label("secondary-main", wrap=False)
        self.other = label("secondary-other", wrap=False)
        layout = self._lines = QVBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        layout.setSpacing(2)
        layout.addWidget(self.main)
        layout.addWidget(self.other)
        for child in (self.main, self.other):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # touches belong to the button

    # QPushButton sizes itself by its own (empty) text; this one is as big as its two lines.
    def sizeHint(self) -> QSize:
        return self._lines.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._lines.sizeHint()

    def render_texts(self, language: Language) -> None:
        vi, en = "Đánh giá dịch vụ", "Rate our service"
        self.main.setText("★  " + language.pick(vi, en))
        self.other.setText(language.pick(en, vi))


class RateEntryScreen(QWidget):
    """"Which ticket?": the number typed on a keypad of the office's letters and digits.

    Signals:
        number_entered(str): the number typed, on OK.
        back(): home without rating.
        typed(): a key was pressed (keeps the screen from timing out).
    """

    number_entered = Signal(str)
    back = Signal()
    typed = Signal()

    def __init__(self, model: OfficeModel, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._language = language
        self.number = ""
        self.title = label("title")
        self.hint = label("subtitle")
        self.scan_hint = label("rate-scan")
        self.display = label("rate-number", wrap=False)
        self.message = label("message")
        self.keys: dict[str, QPushButton] = {}
        self.letters = QGridLayout()
        self.letters.setSpacing(18)
        digits = QGridLayout()
        digits.setSpacing(18)
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            digits.addWidget(self._key(key), i // 3, i % 3)
        self.back_button = button("back")
        self.back_button.clicked.connect(self.back)

        left = QVBoxLayout()
        left.setSpacing(18)
        left.addStretch(1)
        left.addWidget(self.hint)
        left.addWidget(self.display)
        left.addWidget(self.message)
        left.addSpacing(12)
        left.addWidget(self.scan_hint)
        left.addStretch(1)
        pad = QHBoxLayout()
        pad.setSpacing(36)
        pad.addLayout(self.letters)
        pad.addLayout(digits)
        body = QHBoxLayout()
        body.setSpacing(48)
        body.addLayout(left, 1)
        body.addLayout(pad)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 20, 60, 28)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        model.reset.connect(self.on_model_reset)
        language.changed.connect(self.on_language_changed)
        self.on_model_reset()

    def _key(self, key: str) -> QPushButton:
        widget = button("key", key)
        widget.clicked.connect(lambda _checked=False, k=key: self.on_key_clicked(k))
        self.keys[key] = widget
        return widget

    def reset(self) -> None:
        self.number = ""
        self.message.setText("")
        self._render()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def on_model_reset(self) -> None:
        for letter, widget in list(self.keys.items()):
            if letter.isalpha() and letter != "OK":
                self.letters.removeWidget(widget)
                widget.deleteLater()
                del self.keys[letter]
        # Letters in columns as tall as the digit pad.
        for i, letter in enumerate(number_letters(self._model)):
            self.letters.addWidget(self._key(letter), i % KEYPAD_ROWS, i // KEYPAD_ROWS)
        self._render()

    def on_key_clicked(self, key: str) -> None:
        self.typed.emit()
        if key == "OK":
            self.number_entered.emit(self.number)
            return
        if key == "⌫":
            self.number = self.number[:-1]
        elif len(self.number) < MAX_NUMBER:
            self.number += key
        self.message.setText("")
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        pick = self._language.pick
        self.title.setText(pick("Đánh giá dịch vụ", "Rate our service"))
        self.hint.setText(pick("Nhập số thứ tự in trên phiếu của ông/bà", "Type the number printed on your ticket"))
        self.display.setText(self.number or "_ _ _ _")
        self.scan_hint.setText(
            pick(
                "Hoặc đưa mã QR trên phiếu vào máy quét",
                "Or hold the QR code on your ticket to the scanner",
            )
        )
        self.back_button.setText(pick("‹ Quay lại", "‹ Back"))


class RatingPage(QWidget):
    """The rating widget (faces, reasons, thank-you) with the kiosk's way back home.

    Signals:
        back(): home without rating.
    """

    back = Signal()

    def __init__(self, widget: RatingWidget, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.widget = widget
        self.back_button = button("back")
        self.back_button.clicked.connect(self.back)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(60, 0, 60, 12)  # the rating widget was made for 800 px high: room for it
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(widget, 1)
        layout.addLayout(bottom)
        language.changed.connect(self.on_language_changed)
        self.on_language_changed(language.code)

    def on_language_changed(self, _code: str) -> None:
        self.back_button.setText(self._language.pick("‹ Quay lại", "‹ Back"))
