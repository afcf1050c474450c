"""The lobby TV: header, the newest call, recent calls, the counters, the queues and the notice."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from client.api import ApiClient, ApiError, ApiReply
from client.app import ClientContext
from client.events import ConnectionState, EventStream, blocking_problem
from display.board import GAP, CounterBoard, QueueStrip
from display.playlist_zone import PlaylistZone
from display.settings import DisplaySettings
from display.slideshow import SlideShow
from display.widgets import CallBanner, Header, RecentCalls, Ticker

CONNECTION_WORDS = {
    ConnectionState.ONLINE: ("Đã kết nối", "Connected"),
    ConnectionState.CONNECTING: ("Đang kết nối…", "Connecting…"),
    ConnectionState.OFFLINE: ("Mất kết nối, đang thử lại", "Connection lost, retrying"),
}


class SettingsLoader(QObject):
    """GET /api/display at start and after every (re)connection: a changed office.toml shows up.

    Signals:
        loaded(object): the DisplaySettings.
    """

    loaded = Signal(object)

    def __init__(self, api: ApiClient, stream: EventStream) -> None:
        super().__init__()
        self.api = api
        self.settings: DisplaySettings | None = None
        self._reply: ApiReply | None = None
        stream.state_loaded.connect(self.on_stream_state_loaded)

    def fetch(self) -> None:
        if self._reply is not None:
            return
        self._reply = self.api.get("/api/display")
        self._reply.finished.connect(self.on_reply_finished)
        self._reply.failed.connect(self.on_reply_failed)

    def on_stream_state_loaded(self, state: dict[str, Any]) -> None:
        self.fetch()

    def on_reply_finished(self, body: dict[str, Any]) -> None:
        self._reply = None
        self.settings = DisplaySettings.from_json(body)
        self.loaded.emit(self.settings)

    def on_reply_failed(self, error: ApiError) -> None:
        # The stream reconnects and asks again; the screen keeps its last settings meanwhile.
        self._reply = None


class DisplayWindow(QWidget):
    """Everything on the lobby TV, live from the OfficeModel; L (or a tap) switches the language."""

    def __init__(
        self,
        context: ClientContext,
        loader: SettingsLoader,
        now: Callable[[], float] = time.time,
        show: SlideShow | None = None,
    ) -> None:
        """``show``: the lobby playlist's slides (display/app.py makes it); None: no content zone."""
        super().__init__()
        self.context = context
        self.loader = loader
        self.settings = loader.settings or DisplaySettings()
        self.voice_words: tuple[str, str] | None = None
        model, language = context.model, context.language
        self.header = Header(model, language, self.settings, now)
        self.banner = CallBanner(model, language, self.settings)
        self.recent = RecentCalls(model, language, self.settings)
        self.board = CounterBoard(model, language, self.settings)
        self.strip = QueueStrip(model, language, self.settings)
        self.ticker = Ticker(model, language, self.settings)
        self.parts: list[Any] = [self.header, self.banner, self.recent, self.board, self.strip, self.ticker]
        self.zone: PlaylistZone | None = None
        if show is not None:
            self.zone = PlaylistZone(model, language, self.settings, show)
            self.zone.setVisible(False)
            self.parts.append(self.zone)
            show.slide_changed.connect(self.on_show_slide_changed)
        self._layout()
        self._fresh = QTimer(self)
        self._fresh.setSingleShot(True)
        self._fresh.timeout.connect(self.on_fresh_timeout)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self.header.update)
        self._clock.start(1000)
        loader.loaded.connect(self.on_loader_loaded)
        model.reset.connect(self.on_model_reset)
        model.counter_changed.connect(self.on_model_counter_changed)
        model.queues_changed.connect(self.strip.update)
        model.called.connect(self.on_model_called)
        language.changed.connect(self.on_language_changed)
        context.stream.connection_changed.connect(self.on_stream_connection_changed)
        context.stream.health_changed.connect(self.on_stream_health_changed)
        self.apply_settings(self.settings)
        self.on_stream_connection_changed(context.stream.state)

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.setSpacing(GAP)
        left.addWidget(self.banner, 55)
        left.addWidget(self.recent, 45)
        self.middle = middle = QHBoxLayout()
        middle.setSpacing(GAP)
        middle.addLayout(left, 38)
        middle.addWidget(self.board, 62)
        if self.zone is not None:
            middle.addWidget(self.zone, 0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(GAP, GAP, GAP, GAP)
        outer.setSpacing(GAP)
        outer.addWidget(self.header, 9)
        outer.addLayout(middle, 70)
        outer.addWidget(self.strip, 9)
        outer.addWidget(self.ticker, 6)

    def apply_settings(self, settings: DisplaySettings) -> None:
        self.settings = settings
        for part in self.parts:
            part.settings = settings
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(settings.colors["background"]))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.header.set_logo(settings.logo)
        self.update_all()

    def set_voice(self, words: tuple[str, str]) -> None:
        self.voice_words = words
        self.on_stream_connection_changed(self.context.stream.state)

    def update_all(self) -> None:
        for part in self.parts:
            part.update()

    def on_loader_loaded(self, settings: DisplaySettings) -> None:
        self.apply_settings(settings)

    def on_model_reset(self) -> None:
        self.update_all()

    def on_model_counter_changed(self, number: int) -> None:
        self.board.update()

    def on_show_slide_changed(self, item: dict[str, Any] | None) -> None:
        """Slides to show: the zone takes a third of the middle; none (or none at this hour): it gives it back."""
        assert self.zone is not None
        shown = item is not None
        if shown == self.zone.isVisible():
            return
        self.zone.setVisible(shown)
        for index, stretch in enumerate((30, 34, 36) if shown else (38, 62, 0)):
            self.middle.setStretch(index, stretch)

    def on_model_called(self, event: dict[str, Any]) -> None:
        if self.zone is not None and self.zone.has_content:
            self.zone.call()  # first: a call takes the content zone's place at once
        self.banner.highlight()
        self.recent.update()
        counter = event.get("counter") or {}
        self.board.fresh_counter = counter.get("number")
        self.board.update()
        self._fresh.start(self.settings.highlight_s * 1000)

    def on_fresh_timeout(self) -> None:
        self.board.fresh_counter = None
        self.board.update()

    def on_language_changed(self, code: str) -> None:
        self.on_stream_connection_changed(self.context.stream.state)
        self.update_all()

    def on_stream_health_changed(self, health: dict[str, Any]) -> None:
        self.on_stream_connection_changed(self.context.stream.state)

    def on_stream_connection_changed(self, state: str) -> None:
        vi, en = CONNECTION_WORDS.get(state, (state, state))
        problem = blocking_problem(self.context.stream.health)
        if problem is not None:  # the technician's hint; the lobby keeps showing the calls it has
            vi, en = "Máy chủ gặp sự cố", "Server problem"
        if self.voice_words:
            vi += f" · Loa: {self.voice_words[0]}"
            en += f" · Voice: {self.voice_words[1]}"
        ok = state == ConnectionState.ONLINE and problem is None
        self.ticker.set_status(self.context.language.pick(vi, en), ok)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_L:
            self.context.language.toggle()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        self.context.language.toggle()
