"""Big face buttons for the satisfaction scale, drawn with QPainter (no emoji font needed)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QWidget

# Best to worst; a scale of n levels takes n colours spread over these.
GRADIENT = (QColor("#1e8e3e"), QColor("#7cb342"), QColor("#f9a825"), QColor("#ef6c00"), QColor("#d93025"))


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def level_colour(index: int, count: int) -> QColor:
    """The colour of level ``index`` (0 = best) on a scale of ``count``: green … red."""
    if count <= 1:
        return GRADIENT[0]
    position = index / (count - 1) * (len(GRADIENT) - 1)
    low = int(position)
    if low >= len(GRADIENT) - 1:
        return GRADIENT[-1]
    return mix(GRADIENT[low], GRADIENT[low + 1], position - low)


def level_mood(index: int, count: int) -> float:
    """+1 a broad smile (best) … -1 a frown (worst)."""
    return 1.0 if count <= 1 else 1.0 - 2.0 * index / (count - 1)


class FaceButton(QAbstractButton):
    """A level of the scale: a face whose smile follows ``mood``, in ``colour``, its words below."""

    def __init__(self, mood: float, colour: QColor, framed: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mood = mood
        self.colour = colour
        self.framed = framed
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(180, 260)

    def sizeHint(self) -> QSize:
        return QSize(230, 320)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        pressed = self.isDown()
        if self.framed:
            painter.setPen(QPen(self.colour, 4))
            painter.setBrush(mix(self.colour, QColor("white"), 0.55 if pressed else 0.88))
            painter.drawRoundedRect(rect, 22, 22)

        text_height = min(96.0, rect.height() * 0.3) if self.text() else 0.0
        face_area = rect.adjusted(16, 16, -16, -text_height - 8)
        size = min(face_area.width(), face_area.height())
        face = QRectF(0, 0, size, size)
        face.moveCenter(face_area.center())
        painter.setPen(QPen(self.colour.darker(130), max(3.0, size * 0.03)))
        painter.setBrush(self.colour)
        painter.drawEllipse(face)

        # Eyes.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        eye = size * 0.075
        for dx in (-0.18, 0.18):
            painter.drawEllipse(QPointF(face.center().x() + dx * size, face.top() + size * 0.38), eye, eye * 1.25)
        # Mouth: a quadratic curve whose middle dips (smile) or rises (frown) with the mood.
        pen = QPen(QColor("white"), size * 0.07)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        y = face.top() + size * (0.68 - 0.04 * self.mood)
        half = size * (0.22 + 0.04 * abs(self.mood))
        mouth = QPainterPath(QPointF(face.center().x() - half, y))
        mouth.quadTo(QPointF(face.center().x(), y + size * 0.26 * self.mood), QPointF(face.center().x() + half, y))
        painter.drawPath(mouth)

        font = QFont(self.font())
        font.setPixelSize(int(min(34, max(20, rect.width() * 0.12))))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.colour.darker(150))
        text_rect = QRectF(rect.left() + 8, rect.bottom() - text_height - 4, rect.width() - 16, text_height)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text())
        painter.end()
