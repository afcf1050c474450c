"""Rating at the kiosk: scan the ticket's QR, or type its number and the code under the QR; then the rating itself."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from client.language import Language
from client.model import OfficeModel
from kiosk.ui.common import button, digit_pad, label, lay_out_code_page
from rating.widget import RatingWidget
from server.credentials import CODE_ALPHABET, CODE_LENGTH

MAX_NUMBER = 8
KEYPAD_ROWS = 4
CODE_ROWS = 4
CODE_COLUMNS = 6


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
        layout.setContentsMargins(20, 5, 20, 5)
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
    """"Which ticket?": scan its QR code, or type its number and the rating code printed under the QR.

    A number alone is not enough (anyone can read it off the lobby screen): the code on the citizen's
    own slip is what lets her rate here. Two fields, one keypad: the letters shown are those of the
    field being typed (the office's number letters, or the code's alphabet).

    Signals:
        number_entered(str, str): the number and the code typed, on OK.
        back(): home without rating.
        typed(): a key was pressed (keeps the screen from timing out).
    """

    number_entered = Signal(str, str)
    back = Signal()
    typed = Signal()

    def __init__(self, model: OfficeModel, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._language = language
        self.number = ""
        self.code = ""
        self.field = "number"
        self.title = label("title")
        self.scan_hint = label("rate-scan")
        self.hint = label("subtitle")
        self.number_field = button("rate-field")
        self.code_field = button("rate-field")
        self.number_field.clicked.connect(lambda: self._select("number"))
        self.code_field.clicked.connect(lambda: self._select("code"))
        self.message = label("message")
        self.keys: dict[str, QPushButton] = {}
        self.letters = QGridLayout()
        self.letters.setSpacing(12)
        self.back_button = button("back")
        self.back_button.clicked.connect(self.back)

        fields: list[QWidget] = [self.number_field, self.code_field, self.message]
        lay_out_code_page(self, self.title, self.scan_hint, self.hint, fields, self.letters, digit_pad(self._key),
                          self.back_button)  # fmt: skip
        model.reset.connect(self.on_model_reset)
        language.changed.connect(self.on_language_changed)
        self.on_model_reset()

    def _key(self, key: str) -> QPushButton:
        widget = button("rate-key", key)
        widget.clicked.connect(lambda _checked=False, k=key: self.on_key_clicked(k))
        self.keys[key] = widget
        return widget

    def reset(self) -> None:
        self.number = self.code = ""
        self.message.setText("")
        self._select("number")

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _select(self, field: str) -> None:
        self.field = field
        self._lay_letters()
        self._render()

    def _lay_letters(self) -> None:
        for letter, widget in list(self.keys.items()):
            if letter.isalpha() and letter != "OK":
                self.letters.removeWidget(widget)
                widget.hide()  # deleted later: until then it would still be drawn where it was
                widget.deleteLater()
                del self.keys[letter]
        if self.field == "number":
            letters = number_letters(self._model)
            rows = KEYPAD_ROWS
        else:
            letters = [c for c in CODE_ALPHABET if c.isalpha()]
            rows = CODE_ROWS
        # Letters in columns as tall as the digit pad (the code's alphabet in rows of six).
        for i, letter in enumerate(letters):
            row, column = (i % rows, i // rows) if self.field == "number" else divmod(i, CODE_COLUMNS)
            self.letters.addWidget(self._key(letter), row, column)

    def on_model_reset(self) -> None:
        self._lay_letters()
        self._render()

    def on_key_clicked(self, key: str) -> None:
        self.typed.emit()
        if key == "OK":
            if self.field == "number" and self.number and not self.code:
                self._select("code")  # the number first, then its code
                return
            self.number_entered.emit(self.number, self.code)
            return
        value = self.number if self.field == "number" else self.code
        if key == "⌫":
            value = value[:-1]
        elif len(value) < (MAX_NUMBER if self.field == "number" else CODE_LENGTH):
            value += key
        if self.field == "number":
            self.number = value
        else:
            self.code = value
        self.message.setText("")
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        pick = self._language.pick
        self.title.setText(pick("Đánh giá dịch vụ", "Rate our service"))
        self.scan_hint.setText(
            pick("Đưa mã QR trên phiếu vào máy quét bên dưới", "Hold the QR code on your ticket to the scanner below")
        )
        self.hint.setText(
            pick(
                "Hoặc nhập số thứ tự và mã đánh giá in dưới mã QR:",
                "Or type the number and the rating code printed under the QR code:",
            )
        )
        code = f"{self.code[:4]} {self.code[4:]}".strip() if self.code else "_ _ _ _  _ _ _ _"
        self.number_field.setText(pick("Số thứ tự", "Number") + ":  " + (self.number or "_ _ _ _"))
        self.code_field.setText(pick("Mã đánh giá", "Rating code") + ":  " + code)
        for field, widget in (("number", self.number_field), ("code", self.code_field)):
            widget.setProperty("active", field == self.field)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
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
