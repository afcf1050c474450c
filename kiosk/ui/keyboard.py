"""The on-screen Vietnamese keyboard: big keys for the letters (ă â đ ê ô ơ ư too), the five tones, space."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from client.language import Language
from kiosk.ui.common import button
from kiosk.vi_input import TONES, add_tone

MAX_TEXT = 60
# (key, column span) per row; a tone key shows its mark on a.
ROWS: tuple[tuple[tuple[str, int], ...], ...] = (
    tuple((k, 1) for k in "qwertyuiop"),
    tuple((k, 1) for k in "asdfghjklđ"),
    (*((k, 1) for k in "zxcvbnm"), ("⌫", 3)),
    (*((k, 1) for k in "ăâêôơư"), ("clear", 4)),
    (*((tone, 1) for tone in TONES), ("space", 5)),
)
TONE_FACES = {"sắc": "á", "huyền": "à", "hỏi": "ả", "ngã": "ã", "nặng": "ạ"}


class VietnameseKeyboard(QWidget):
    """Edits one line of text; a tone key marks the last word (kiosk/vi_input.py).

    Signals:
        text_changed(str): the text after a key press.
    """

    text_changed = Signal(str)

    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.text = ""
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        for row, keys in enumerate(ROWS):
            column = 0
            for key, span in keys:
                widget = button("kbd-tone" if key in TONES else "kbd", TONE_FACES.get(key, key))
                widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                widget.clicked.connect(lambda _checked=False, k=key: self.press(k))
                grid.addWidget(widget, row, column, 1, span)
                self.keys[key] = widget
                column += span
        language.changed.connect(self.on_language_changed)
        self.on_language_changed(language.code)

    def set_text(self, text: str) -> None:
        self.text = text

    def press(self, key: str) -> None:
        """What a tap on ``key`` does (the tests press keys by name)."""
        text = self.text
        if key == "⌫":
            text = text[:-1]
        elif key == "clear":
            text = ""
        elif key == "space":
            text = text + " " if text and not text.endswith(" ") else text
        elif key in TONES:
            text = add_tone(text, key)
        elif len(text) < MAX_TEXT:
            text += key
        if text != self.text:
            self.text = text
            self.text_changed.emit(text)

    def on_language_changed(self, _code: str) -> None:
        pick = self._language.pick
        self.keys["clear"].setText(pick("Xóa hết", "Clear"))
        self.keys["space"].setText(pick("Dấu cách", "Space"))
