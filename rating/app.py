"""The rating app's object graph on the shared client parts (Qt; imported only when it runs)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from client.app import ClientContext
from rating.controller import THANKS_MS, RatingController
from rating.station import RatingStation
from rating.watcher import CounterWatcher

SIZE = "1280x800"


def build(context: ClientContext, show_ms: int | None = None, thanks_ms: int = THANKS_MS) -> QWidget:
    """The station's object graph; the timeouts are the office's and 5 s unless given (tests shorten them)."""
    controller = RatingController(context.api, context.language, show_ms=show_ms, thanks_ms=thanks_ms)
    watcher = CounterWatcher(context.stream, context.model)
    # The scale is configuration: fetch it on every (re)connection, in case the office changed it.
    context.stream.state_loaded.connect(lambda _state: controller.load_scale())
    station = RatingStation(controller, watcher, context.model)
    context.stream.connection_changed.connect(station.on_stream_connection_changed)
    controller.setParent(station)
    watcher.setParent(station)
    return station
