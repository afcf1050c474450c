"""Vietnamese by default, English one tap away."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

LANGUAGES = ("vi", "en")


class Language(QObject):
    """The screen's current language.

    Signals:
        changed(str): the new language code, "vi" or "en".
    """

    changed = Signal(str)

    def __init__(self, code: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        if code not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {code!r}")
        self.code = code

    def set(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {code!r}")
        if code != self.code:
            self.code = code
            self.changed.emit(code)

    def toggle(self) -> None:
        self.set("en" if self.code == "vi" else "vi")

    def pick(self, vi: str, en: str) -> str:
        return vi if self.code == "vi" else en
