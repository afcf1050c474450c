"""Every counter with what it is serving, and every service with its queue — painted to fit 2 to 30 counters."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from client.language import Language
from client.model import OfficeModel
from display.settings import DisplaySettings, state_words, wait_words
from display.widgets import RADIUS, colour, fitted, font

GAP = 12
# Tiles look best about this much wider than tall.
TILE_ASPECT = 1.5


def grid_shape(count: int, width: float, height: float) -> tuple[int, int]:
    """(columns, rows) giving the largest tiles of about TILE_ASPECT for ``count`` counters."""
    count = max(1, count)
    best = (1, count, 0.0)
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        size = min((width - GAP * (columns - 1)) / columns / TILE_ASPECT, (height - GAP * (rows - 1)) / rows)
        if size > best[2]:
            best = (columns, rows, size)
    return best[0], best[1]


class CounterBoard(QWidget):
    """A tile per counter: its name, the ticket it calls or serves, and its state."""

    def __init__(self, model: OfficeModel, language: Language, settings: DisplaySettings) -> None:
        super().__init__()
        self.model = model
        self.language = language
        self.settings = settings
        self.fresh_counter: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def tile_rects(self) -> dict[int, QRectF]:
        numbers = sorted(self.model.counters)
        columns, rows = grid_shape(len(numbers), self.width(), self.height())
        tile_w = (self.width() - GAP * (columns - 1)) / columns
        tile_h = (self.height() - GAP * (rows - 1)) / rows
        return {
            number: QRectF((i % columns) * (tile_w + GAP), (i // columns) * (tile_h + GAP), tile_w, tile_h)
            for i, number in enumerate(numbers)
        }

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = self.begin_painter()
        for number, rect in self.tile_rects().items():
            self._paint_tile(painter, self.model.counters[number], rect)
        painter.end()

    def begin_painter(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colour(self.settings, "background"))
        return painter

    def _paint_tile(self, painter: QPainter, counter: dict[str, Any], rect: QRectF) -> None:
        state = counter["state"]
        fresh = counter["number"] == self.fresh_counter
        dim = state in ("signed_out", "paused")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(self.settings, "highlight" if fresh else "panel", 0.55 if dim else 1.0))
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        if state in ("calling", "serving") and not fresh:
            bar = QRectF(rect)
            bar.setWidth(max(6.0, rect.width() * 0.03))
            painter.setBrush(colour(self.settings, "highlight" if state == "calling" else "accent"))
            painter.drawRoundedRect(bar, RADIUS / 2, RADIUS / 2)
        h, w = rect.height(), rect.width()
        alpha = 0.5 if dim else 1.0
        name = counter["name"] if self.language.code == "vi" else counter["name"].replace("Quầy", "Counter")
        painter.setPen(colour(self.settings, "text", 0.9 * alpha))
        painter.setFont(fitted(name, h * 0.2, w * 0.9))
        painter.drawText(QRectF(rect.x(), rect.y() + h * 0.04, w, h * 0.26), Qt.AlignmentFlag.AlignCenter, name)
        ticket = counter.get("ticket")
        number = ticket["number"] if ticket else "—"
        painter.setPen(colour(self.settings, "text" if fresh else "accent", alpha))
        painter.setFont(fitted(number, h * 0.42, w * 0.88, bold=True))
        painter.drawText(QRectF(rect.x(), rect.y() + h * 0.27, w, h * 0.46), Qt.AlignmentFlag.AlignCenter, number)
        words = state_words(state, self.language.code)
        painter.setPen(colour(self.settings, "text", 0.85 * alpha))
        painter.setFont(fitted(words, h * 0.15, w * 0.9))
        painter.drawText(QRectF(rect.x(), rect.y() + h * 0.72, w, h * 0.24), Qt.AlignmentFlag.AlignCenter, words)


class QueueStrip(QWidget):
    """A tile per service: its code and name, how many wait and the estimated wait."""

    def __init__(self, model: OfficeModel, language: Language, settings: DisplaySettings) -> None:
        super().__init__()
        self.model = model
        self.language = language
        self.settings = settings
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colour(self.settings, "background"))
        services = self.model.services
        if not services:
            painter.end()
            return
        h = self.height()
        tile_w = (self.width() - GAP * (len(services) - 1)) / len(services)
        for i, service in enumerate(services):
            rect = QRectF(i * (tile_w + GAP), 0, tile_w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour(self.settings, "panel"))
            painter.drawRoundedRect(rect, RADIUS, RADIUS)
            pad = h * 0.15
            inner = rect.adjusted(pad, 0, -pad, 0)
            painter.setPen(colour(self.settings, "accent"))
            painter.setFont(font(h * 0.36, bold=True))
            code_w = h * 0.45
            painter.drawText(QRectF(inner.x(), rect.y() + h * 0.06, code_w, h * 0.45), Qt.AlignmentFlag.AlignVCenter,
                             service["code"])
            name = service["name_vi"] if self.language.code == "vi" else service["name_en"]
            painter.setPen(colour(self.settings, "text", 0.9))
            name_w = inner.width() - code_w
            painter.setFont(font(h * 0.25))
            elided = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(name_w))
            painter.drawText(QRectF(inner.x() + code_w, rect.y() + h * 0.06, name_w, h * 0.45),
                             Qt.AlignmentFlag.AlignVCenter, elided)
            figures = wait_words(self.model.queues.get(service["code"]), self.language.code)
            painter.setPen(colour(self.settings, "text"))
            area = QRectF(inner.x(), rect.y() + h * 0.48, inner.width(), h * 0.46)
            one_line = fitted(figures, h * 0.34, inner.width(), bold=True)
            if one_line.pixelSize() >= h * 0.22 or " · " not in figures:
                painter.setFont(one_line)
                painter.drawText(area, Qt.AlignmentFlag.AlignVCenter, figures)
            else:
                # Too small on one line (a lunch break's words): the count, and below it the rest.
                count, rest = figures.split(" · ", 1)
                painter.setFont(fitted(rest, h * 0.2, inner.width(), bold=True))
                for i, line in enumerate((count, rest)):
                    half = QRectF(area.x(), area.y() + i * area.height() / 2, area.width(), area.height() / 2)
                    painter.drawText(half, Qt.AlignmentFlag.AlignVCenter, line)
        painter.end()
