"""The lobby's content zone: the office's own slides (posters, short videos, texts), and a call over them.

While a call is fresh (the display's ``highlight_s``) the zone shows the call instead — the
number and the counter on the highlight colour — and the video underneath pauses; the call's
own paint is a few rectangles and words, so a playing video never delays it (bench/
bench_call_over_video.py measures it). Images are scaled to fit, keeping their shape.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from client.language import Language
from client.model import OfficeModel
from display.settings import DisplaySettings
from display.slideshow import SlideShow
from display.widgets import RADIUS, colour, draw_call, font


class PlaylistZone(QWidget):
    """Paints the slide on show, or the newest call while it is fresh.

    Signals:
        painted(str): after a paint, the number the call overlay showed ("" when it showed a slide).
    """

    painted = Signal(str)

    def __init__(
        self, model: OfficeModel, language: Language, settings: DisplaySettings, show: SlideShow
    ) -> None:
        super().__init__()
        self.model = model
        self.language = language
        self.settings = settings
        self.show_ = show
        self.item: dict[str, Any] | None = None
        self.image = QImage()
        self.frame = QImage()
        self.calling = False
        self._calm = QTimer(self)
        self._calm.setSingleShot(True)
        self._calm.timeout.connect(self.on_calm_timeout)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        show.slide_changed.connect(self.on_show_slide_changed)
        if show.video is not None:
            show.video.frame.connect(self.on_video_frame)

    @property
    def has_content(self) -> bool:
        return self.item is not None

    def call(self) -> None:
        """A call: it takes the zone for ``highlight_s``; the video waits under it."""
        self.calling = True
        self._calm.start(self.settings.highlight_s * 1000)
        if self.show_.video is not None:
            self.show_.video.want_frames = False
            self.show_.video.pause()
        self.update()

    def on_calm_timeout(self) -> None:
        self.calling = False
        if self.show_.video is not None:
            self.show_.video.want_frames = True
            if self.item is not None and self.item["kind"] == "video":
                self.show_.video.resume()
        self.update()

    def on_show_slide_changed(self, item: dict[str, Any] | None) -> None:
        self.item = item
        self.frame = QImage()
        self.image = QImage(str(item["path"])) if item is not None and item["kind"] == "image" else QImage()
        if self.calling and self.show_.video is not None:
            self.show_.video.pause()  # a new video started under a call waits for it
        self.update()

    def on_video_frame(self, image: QImage) -> None:
        if not self.calling:
            self.frame = image
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        if self.show_.video is not None:
            self.show_.video.fit = self.size() - QSize(RADIUS, RADIUS)
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colour(self.settings, "background"))
        rect = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(self.settings, "highlight" if self.calling else "panel"))
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        number = ""
        if self.calling:
            number = draw_call(painter, rect, self.model, self.language, self.settings, fresh=True)
        elif self.item is not None:
            kind = self.item["kind"]
            if kind == "text":
                self._paint_text(painter, rect)
            else:
                picture = self.image if kind == "image" else self.frame
                if not picture.isNull():
                    self._paint_picture(painter, rect, picture)
        painter.end()
        self.painted.emit(number)

    def _paint_picture(self, painter: QPainter, rect: QRectF, picture: QImage) -> None:
        inner = rect.adjusted(RADIUS / 2, RADIUS / 2, -RADIUS / 2, -RADIUS / 2)
        size = picture.size().toSizeF().scaled(inner.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(
            inner.x() + (inner.width() - size.width()) / 2, inner.y() + (inner.height() - size.height()) / 2,
            size.width(), size.height(),
        )  # fmt: skip
        if picture.size() != size.toSize():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # a poster; a video frame comes fitted
        painter.drawImage(target, picture)

    def _paint_text(self, painter: QPainter, rect: QRectF) -> None:
        assert self.item is not None
        words = self.item["text_vi"] or ""
        if self.language.code == "en" and self.item["text_en"]:
            words = self.item["text_en"]
        pad = rect.width() * 0.06
        area = rect.adjusted(pad, pad, -pad, -pad)
        painter.setPen(colour(self.settings, "text"))
        # The largest size at which the words, wrapped, fit the zone.
        pixels = area.height() / 3
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        while pixels > 14:
            painter.setFont(font(pixels, bold=True))
            needed = painter.boundingRect(area, int(flags), words)
            if needed.height() <= area.height() and needed.width() <= area.width():
                break
            pixels *= 0.9
        painter.drawText(area, int(flags), words)

