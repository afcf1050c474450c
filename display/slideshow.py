"""Which slide the lobby's content zone shows now, and the video player behind it.

``SlideShow`` walks the playlist (core/playlist.py chooses the next slide by the hours of the
day, in the office's time zone, by the server's clock) and holds each slide for its duration; a
video without one holds until it ends. ``VideoSurface`` plays a video muted (it never fights
the lobby's voice) into a QVideoSink, whose frames the zone paints itself — the zone stays one
painted widget, grabbable offscreen, and a call's overlay is drawn over the frame in the same paint.

Qt Multimedia is optional (client/optional.py): where it cannot load, ``VideoSurface.create``
returns None and the show skips videos, keeping images and texts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage

from client.optional import MULTIMEDIA, qt_module, why_missing
from core.playlist import Hours, Slide, next_slide, seconds_on_screen

log = logging.getLogger("onestop.display.slideshow")
# Frames painted a second at most (a 25 or 30 fps video shows every second or third frame less).
FRAME_RATE_CAP = 12.5
# With nothing to show now (outside every slide's hours), look again this often.
IDLE_CHECK_MS = 30_000


class VideoSurface(QObject):
    """One muted QMediaPlayer whose frames arrive as QImages.

    Signals:
        frame(QImage): the latest frame.
        ended(): the video reached its end, or could not play.
    """

    frame = Signal(QImage)
    ended = Signal()

    @classmethod
    def create(cls) -> VideoSurface | None:
        """A surface, or None where Qt Multimedia cannot load (logged once by client/optional.py)."""
        if qt_module(MULTIMEDIA) is None:
            return None
        return cls()

    def __init__(self) -> None:
        super().__init__()
        multimedia: Any = qt_module(MULTIMEDIA)
        self.playing: Path | None = None
        # No audio output at all: a lobby video is silent by design (the voice calls the numbers).
        self._player = multimedia.QMediaPlayer(self)
        self._sink = multimedia.QVideoSink(self)
        self._player.setVideoSink(self._sink)
        # Queued to this (the UI) thread. Converting on the player's thread instead (a direct connection into
        # Python there) deadlocked against the UI thread's calls into the player (GIL against Qt's lock).
        self._sink.videoFrameChanged.connect(self.on_sink_frame)
        self._player.mediaStatusChanged.connect(self.on_player_status)
        self._player.errorOccurred.connect(self.on_player_error)
        self.want_frames = True
        # The zone's size: frames arrive scaled to fit it (set by the zone when it is resized).
        self.fit = QSize()
        self._last_frame = 0.0

    def play(self, path: Path) -> None:
        """Play ``path`` from its start (the same file again: rewound, as setSource would not)."""
        if path == self.playing:
            self._player.setPosition(0)
        else:
            self.playing = path
            self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def pause(self) -> None:
        self._player.pause()

    def resume(self) -> None:
        if self.playing is not None:
            self._player.play()

    def stop(self) -> None:
        self.playing = None
        self._player.stop()
        self._player.setSource(QUrl())

    def on_sink_frame(self, frame: Any) -> None:
        if not self.want_frames or not frame.isValid():
            return
        # At most FRAME_RATE_CAP a second: each frame is converted on the UI thread (see __init__), and a
        # lobby's poster-like video needs no more; the time left is the calls' (bench_call_over_video.py).
        now = time.monotonic()
        if now - self._last_frame < 1 / FRAME_RATE_CAP:
            return
        self._last_frame = now
        image = frame.toImage()
        fit = self.fit
        if fit.isValid() and not image.isNull():
            image = image.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
        self.frame.emit(image)

    def on_player_status(self, status: Any) -> None:
        media_status = type(status)
        if self.playing is not None and status in (media_status.EndOfMedia, media_status.InvalidMedia):
            self.ended.emit()

    def on_player_error(self, error: Any, message: str) -> None:
        log.error("the playlist's video %s cannot play: %s", self.playing.name if self.playing else "?", message)
        if self.playing is not None:
            self.ended.emit()


def minute_in(timezone: str, epoch: float) -> int:
    """Minutes after the office's local midnight at ``epoch``."""
    local = datetime.fromtimestamp(epoch, ZoneInfo(timezone or "Asia/Ho_Chi_Minh"))
    return local.hour * 60 + local.minute


class SlideShow(QObject):
    """The slide on show; the next one after its duration (a video: after its end, or its duration).

    Signals:
        slide_changed(object): the item (a dict of schemas.PlaylistItem with ``path``) now shown, or None.
    """

    slide_changed = Signal(object)

    def __init__(self, minute: Callable[[], int], video: VideoSurface | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minute = minute
        self.video = video
        self.items: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        if video is not None:
            video.ended.connect(self.on_video_ended)

    def set_items(self, items: list[dict[str, Any]]) -> None:
        """A new list: the slide on show stays if it is still there unchanged, else the next one starts."""
        if self.video is None:
            skipped = [i for i in items if i["kind"] == "video"]
            if skipped:
                log.warning("%d video(s) skipped: Qt Multimedia cannot load (%s)", len(skipped),
                            why_missing(MULTIMEDIA))
            items = [i for i in items if i["kind"] != "video"]
        self.items = items
        current = self.current
        if current is not None and any(i == current for i in items) and self._slide(current).shows_at(self.minute()):
            return
        self.advance(after=None if current is None else current["id"])

    def advance(self, after: int | None = None) -> None:
        slides = [self._slide(i) for i in self.items]
        chosen = next_slide(slides, after, self.minute())
        item = None if chosen is None else next(i for i in self.items if i["id"] == chosen.id)
        self._show(item, chosen)

    def stop(self) -> None:
        self._timer.stop()
        if self.video is not None:
            self.video.stop()

    def _show(self, item: dict[str, Any] | None, slide: Slide | None) -> None:
        was_video = self.current is not None and self.current["kind"] == "video"
        self.current = item
        if was_video and self.video is not None and (item is None or item["kind"] != "video"):
            self.video.stop()
        if item is None or slide is None:
            self._timer.start(IDLE_CHECK_MS)
        else:
            self._timer.start(seconds_on_screen(slide) * 1000)
            if item["kind"] == "video" and self.video is not None:
                self.video.play(Path(item["path"]))
        self.slide_changed.emit(item)

    @staticmethod
    def _slide(item: dict[str, Any]) -> Slide:
        hours = Hours.parse(item["show_from"], item["show_to"])
        return Slide(item["id"], item["kind"], item["duration_s"], hours, item["enabled"])

    def on_timer_timeout(self) -> None:
        self.advance(after=None if self.current is None else self.current["id"])

    def on_video_ended(self) -> None:
        current = self.current
        if current is None or current["kind"] != "video" or self.video is None:
            return
        if current["duration_s"] is None:
            self.advance(after=current["id"])
        else:
            self.video.play(Path(current["path"]))  # a set duration longer than the video: it loops
