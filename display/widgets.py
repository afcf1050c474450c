"""The lobby display's painted parts: header, the newest call, recent calls, the notice ticker.

Each part paints itself from the OfficeModel and the DisplaySettings it is given, with font
sizes taken from its own height, so the same code fills a 1080p TV or a 720p one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from client.language import Language
from client.model import OfficeModel
from display.settings import DisplaySettings, date_words

RADIUS = 12
TICKER_STEP_MS = 40  # 25 frames a second: smooth enough, cheap when idle


def colour(settings: DisplaySettings, name: str, alpha: float = 1.0) -> QColor:
    result = QColor(settings.colors[name])
    result.setAlphaF(alpha)
    return result


def font(pixels: float, bold: bool = False) -> QFont:
    result = QFont()
    result.setPixelSize(max(8, int(pixels)))
    result.setBold(bold)
    return result


def fitted(text: str, pixels: float, width: float, bold: bool = False) -> QFont:
    """The font at ``pixels`` high, made smaller until ``text`` fits in ``width``."""
    chosen = font(pixels, bold)
    measured = QFontMetricsF(chosen).horizontalAdvance(text)
    if measured > width > 0:
        chosen.setPixelSize(max(8, int(pixels * width / measured)))
    return chosen


class Part(QWidget):
    """A rounded panel in the display's colours."""

    def __init__(self, model: OfficeModel, language: Language, settings: DisplaySettings) -> None:
        super().__init__()
        self.model = model
        self.language = language
        self.settings = settings
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def begin(self, fill: str = "panel") -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colour(self.settings, "background"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(self.settings, fill))
        painter.drawRoundedRect(QRectF(self.rect()), RADIUS, RADIUS)
        painter.setPen(colour(self.settings, "text"))
        return painter

    def words(self, vi: str, en: str) -> str:
        return self.language.pick(vi, en)


class Header(Part):
    """Logo, office name, date and clock."""

    def __init__(
        self, model: OfficeModel, language: Language, settings: DisplaySettings, now: Callable[[], float]
    ) -> None:
        super().__init__(model, language, settings)
        self.now = now
        self.logo = QPixmap()

    def set_logo(self, data: bytes | None) -> None:
        self.logo = QPixmap()
        if data:
            self.logo.loadFromData(data)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = self.begin()
        h, w = self.height(), self.width()
        pad = h * 0.25
        x = pad
        if not self.logo.isNull():
            scaled = self.logo.scaledToHeight(int(h * 0.78), Qt.TransformationMode.SmoothTransformation)
            painter.drawPixmap(int(x), int((h - scaled.height()) / 2), scaled)
            x += scaled.width() + pad
        zone = ZoneInfo(self.model.office.get("timezone", "Asia/Ho_Chi_Minh"))
        moment = datetime.fromtimestamp(self.now(), zone)
        clock_w = h * 3.4
        painter.setFont(font(h * 0.5, bold=True))
        painter.setPen(colour(self.settings, "accent"))
        painter.drawText(QRectF(w - clock_w - pad, 0, clock_w, h * 0.66), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignBottom, f"{moment:%H:%M}")
        painter.setFont(font(h * 0.22))
        painter.setPen(colour(self.settings, "text"))
        painter.drawText(QRectF(w - clock_w - pad, h * 0.64, clock_w, h * 0.3), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignTop, date_words(moment, self.language.code))
        name = self.model.office.get("name", "")
        name_w = w - x - clock_w - 2 * pad
        painter.setFont(fitted(name, h * 0.4, name_w, bold=True))
        painter.drawText(QRectF(x, 0, name_w, h), Qt.AlignmentFlag.AlignVCenter, name)
        painter.end()


class CallBanner(Part):
    """The newest call, large: "A023" over "→ Quầy 3"; on a highlight colour while it is fresh.

    Signals:
        painted(str): the ticket number this paint showed (the bench times calls by it).
    """

    painted = Signal(str)

    def __init__(self, model: OfficeModel, language: Language, settings: DisplaySettings) -> None:
        super().__init__(model, language, settings)
        self.fresh = False
        self._blink = False
        self._blinker = QTimer(self)
        self._blinker.setInterval(600)
        self._blinker.timeout.connect(self.on_blinker_timeout)
        self._calm = QTimer(self)
        self._calm.setSingleShot(True)
        self._calm.timeout.connect(self.on_calm_timeout)

    def highlight(self) -> None:
        """Show the newest call as fresh for the configured seconds."""
        self.fresh = True
        self._blink = False
        self._blinker.start()
        self._calm.start(self.settings.highlight_s * 1000)
        self.update()

    def on_blinker_timeout(self) -> None:
        self._blink = not self._blink
        self.update()

    def on_calm_timeout(self) -> None:
        self.fresh = False
        self._blinker.stop()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = self.begin("highlight" if self.fresh and not self._blink else "panel")
        number = draw_call(painter, QRectF(self.rect()), self.model, self.language, self.settings, self.fresh)
        painter.end()
        self.painted.emit(number)


def draw_call(
    painter: QPainter, rect: QRectF, model: OfficeModel, language: Language, settings: DisplaySettings, fresh: bool
) -> str:
    """The newest call's words in ``rect`` (the banner, and the playlist zone's overlay); its number."""
    x, y, h, w = rect.x(), rect.y(), rect.height(), rect.width()
    latest = model.recent_calls[0] if model.recent_calls else None
    number = latest["ticket"]["number"] if latest else "—"
    painter.setFont(font(h * 0.075))
    painter.setPen(colour(settings, "text", 0.85))
    painter.drawText(QRectF(x, y + h * 0.04, w, h * 0.1), Qt.AlignmentFlag.AlignCenter,
                     language.pick("MỜI CÔNG DÂN CÓ SỐ", "NOW CALLING"))
    painter.setPen(colour(settings, "text" if fresh else "accent"))
    painter.setFont(fitted(number, h * 0.46, w * 0.92, bold=True))
    painter.drawText(QRectF(x, y + h * 0.12, w, h * 0.52), Qt.AlignmentFlag.AlignCenter, number)
    if latest and latest.get("counter"):
        where = "→ " + counter_name(model, language, latest["counter"])
        painter.setPen(colour(settings, "text"))
        painter.setFont(fitted(where, h * 0.2, w * 0.92, bold=True))
        painter.drawText(QRectF(x, y + h * 0.64, w, h * 0.3), Qt.AlignmentFlag.AlignCenter, where)
    return str(number)


def counter_name(model: OfficeModel, language: Language, counter: dict[str, object]) -> str:
    number = int(str(counter["number"]))
    current = model.counters.get(number, counter)
    name = str(current.get("name") or f"Quầy {number}")
    return name if language.code == "vi" else name.replace("Quầy", "Counter")


class RecentCalls(Part):
    """The calls before the newest, newest first."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = self.begin()
        h, w = self.height(), self.width()
        pad = w * 0.05
        title_h = h * 0.12
        painter.setFont(font(title_h * 0.55))
        painter.setPen(colour(self.settings, "text", 0.85))
        painter.drawText(QRectF(pad, 0, w - 2 * pad, title_h), Qt.AlignmentFlag.AlignVCenter,
                         self.words("SỐ VỪA GỌI", "RECENT CALLS"))
        # Two columns: rows tall enough to read from the back of the hall.
        count = max(1, self.settings.recent_calls)
        rows = math.ceil(count / 2)
        calls = self.model.recent_calls[1 : count + 1]
        col_w = (w - 3 * pad) / 2
        row_h = (h - title_h - pad * 0.5) / rows
        for i, call in enumerate(calls):
            left = pad + (i // rows) * (col_w + pad)
            top = title_h + (i % rows) * row_h
            painter.setPen(colour(self.settings, "text", 0.15))
            painter.drawLine(int(left), int(top + row_h), int(left + col_w), int(top + row_h))
            number = call["ticket"]["number"]
            painter.setFont(fitted(number, row_h * 0.6, col_w * 0.5, bold=True))
            painter.setPen(colour(self.settings, "accent"))
            painter.drawText(QRectF(left, top, col_w / 2, row_h), Qt.AlignmentFlag.AlignVCenter, number)
            counter = call.get("counter") or {}
            name = str(counter.get("name", ""))
            if self.language.code == "en":
                name = name.replace("Quầy", "Counter")
            painter.setFont(fitted(name, row_h * 0.45, col_w * 0.48))
            painter.setPen(colour(self.settings, "text"))
            painter.drawText(QRectF(left + col_w / 2, top, col_w / 2, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, name)
        painter.end()


class Ticker(Part):
    """The scrolling notice, and at its right the connection and the voice, small."""

    def __init__(self, model: OfficeModel, language: Language, settings: DisplaySettings) -> None:
        super().__init__(model, language, settings)
        self.status = ""
        self.status_ok = False
        self.offset = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICKER_STEP_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._timer.start()

    def set_status(self, text: str, ok: bool) -> None:
        self.status, self.status_ok = text, ok
        self.update()

    def status_width(self) -> float:
        return QFontMetricsF(font(self.height() * 0.28)).horizontalAdvance(self.status) + self.height() * 1.2

    def on_timer_timeout(self) -> None:
        self.offset += max(1.0, self.height() * 0.04)
        self.update(0, 0, int(self.width() - self.status_width()), self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = self.begin()
        h, w = self.height(), self.width()
        status_w = self.status_width()
        text_w = w - status_w - h * 0.3
        notice = self.words(self.settings.notice_vi, self.settings.notice_en)
        painter.setFont(font(h * 0.48))
        left = h * 0.3
        room = text_w - left
        width = QFontMetricsF(painter.font()).horizontalAdvance(notice)
        painter.setClipRect(QRectF(left, 0, room, h))
        if width <= room:
            painter.drawText(QRectF(left, 0, room, h), Qt.AlignmentFlag.AlignVCenter, notice)  # fits: stands still
        else:
            # Two copies a gap apart, scrolling left: the notice never runs out.
            period = width + room * 0.35
            x = left - self.offset % period
            for start in (x, x + period):
                painter.drawText(QRectF(start, 0, width + 10, h), Qt.AlignmentFlag.AlignVCenter, notice)
        painter.setClipping(False)
        dot = h * 0.16
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2a9d8f") if self.status_ok else colour(self.settings, "highlight"))
        painter.drawEllipse(QRectF(w - status_w + h * 0.3, (h - dot) / 2, dot, dot))
        painter.setPen(colour(self.settings, "text", 0.7))
        painter.setFont(font(h * 0.28))
        painter.drawText(QRectF(w - status_w + h * 0.3 + dot * 1.6, 0, status_w, h), Qt.AlignmentFlag.AlignVCenter,
                         self.status)
        painter.end()
