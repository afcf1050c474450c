"""Small widgets every kiosk screen uses: labels with a style role, the header, the QR code."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import qrcode
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from client.language import Language


def label(role: str, text: str = "", wrap: bool = True) -> QLabel:
    """A centred label styled by its ``role`` (see kiosk.ui.style)."""
    widget = QLabel(text)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def touch_scroll_area(content: QWidget) -> QScrollArea:
    """``content`` in a frameless area that scrolls up and down, dragged by a finger (a kiosk has no wheel)."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setProperty("role", "touch-list")  # a scroll bar wide enough to touch (kiosk.ui.style)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area


def button(role: str, text: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setProperty("role", role)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


class CornerZone(QWidget):
    """An invisible square in the header's corner: the first half of the admin's way in.

    Signals:
        tapped(): the zone was touched.
    """

    tapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("corner")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.tapped.emit()
        event.accept()


class Header(QWidget):
    """Office name, the time and the one-tap language button.

    Signals:
        language_tapped(): switch between Vietnamese and English.
        corner_tapped(): the hidden corner was touched.
    """

    language_tapped = Signal()
    corner_tapped = Signal()

    def __init__(
        self, language: Language, clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self._clock = clock
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._language = language
        self._tz: ZoneInfo | None = None
        self.corner = CornerZone()
        self.corner.tapped.connect(self.corner_tapped)
        self.office = QLabel()
        self.office.setObjectName("office")
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.language_button = QPushButton()
        self.language_button.setObjectName("language")
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.clicked.connect(self.language_tapped)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 24, 0)
        layout.addWidget(self.corner)
        layout.addWidget(self.office, 1)
        layout.addWidget(self.clock)
        layout.addSpacing(32)
        layout.addWidget(self.language_button)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.on_tick_timeout)
        self._tick.start(10_000)
        self.on_tick_timeout()
        language.changed.connect(self.on_language_changed)
        self.on_language_changed(language.code)

    def set_office(self, name: str, timezone: str | None) -> None:
        self.office.setText(name)
        if timezone:
            self._tz = ZoneInfo(timezone)
            self.on_tick_timeout()

    def rescale(self, scale: float) -> None:
        self.setFixedHeight(round(110 * scale))
        self.corner.setFixedWidth(round(130 * scale))

    def on_tick_timeout(self) -> None:
        # The office's time, whatever the kiosk PC's own timezone says.
        self.clock.setText(datetime.fromtimestamp(self._clock(), self._tz).strftime("%H:%M  %d/%m/%Y"))

    def on_language_changed(self, code: str) -> None:
        # The button names the language it switches to, in that language.
        self.language_button.setText("English" if code == "vi" else "Tiếng Việt")


class QrView(QWidget):
    """A QR code drawn from its modules (the ``qrcode`` package), sharp at any size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] = []
        self.data = ""

    def set_data(self, data: str) -> None:
        self.data = data
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
        code.add_data(data)
        code.make(fit=True)
        self._matrix = code.get_matrix()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        painter = QPainter(self)
        side = min(self.width(), self.height())
        n = len(self._matrix)
        module = side / n
        left = (self.width() - side) / 2
        top = (self.height() - side) / 2
        painter.fillRect(QRectF(left, top, side, side), QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    # A hair of overlap so no seams show between modules.
                    painter.drawRect(QRectF(left + x * module, top + y * module, module + 0.5, module + 0.5))
        painter.end()


def digit_pad(key: Callable[[str], QPushButton]) -> QGridLayout:
    """The digits, ⌫ and OK of a code pad, three columns; ``key`` makes each key's button."""
    digits = QGridLayout()
    digits.setSpacing(12)
    for i, name in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
        digits.addWidget(key(name), i // 3, i % 3)
    return digits


def lay_out_code_page(
    page: QWidget,
    title: QLabel,
    scan_hint: QLabel,
    hint: QLabel,
    fields: list[QWidget],
    letters: QGridLayout,
    digits: QGridLayout,
    back: QPushButton,
) -> None:
    """The kiosk's pages where a code is typed (rating, appointment check-in): the title; the QR hint, the
    hint and ``fields`` (the fields, the message …) on the left, the letter and digit pads on the right;
    "back" below."""
    left = QVBoxLayout()
    left.setSpacing(14)
    left.addStretch(1)
    left.addWidget(scan_hint)
    left.addSpacing(8)
    left.addWidget(hint)
    for field in fields:
        left.addWidget(field)
    left.addStretch(1)
    pad = QHBoxLayout()
    pad.setSpacing(24)
    pad.addLayout(letters)
    pad.addLayout(digits)
    body = QHBoxLayout()
    body.setSpacing(28)
    body.addLayout(left, 1)
    body.addLayout(pad)
    bottom = QHBoxLayout()
    bottom.addWidget(back)
    bottom.addStretch(1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(48, 20, 48, 28)
    layout.setSpacing(16)
    layout.addWidget(title)
    layout.addLayout(body, 1)
    layout.addLayout(bottom)
