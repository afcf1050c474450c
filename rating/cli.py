"""``onestop rating``: the citizen-facing rating tablet at a counter (the device token says which)."""

from __future__ import annotations

import argparse
from typing import Any

from PySide6.QtWidgets import QWidget

from client.app import ClientContext, add_client_args, run_window
from rating.controller import THANKS_MS, RatingController
from rating.station import RatingStation
from rating.watcher import CounterWatcher

SIZE = "1280x800"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rating",
        help="the citizen's rating tablet at a counter",
        description="Shows the satisfaction rating when the clerk at this device's counter finishes a ticket. "
        "Make its token with 'onestop device add NAME --role rating --counter N'.",
    )
    add_client_args(parser, default_size=SIZE)
    parser.set_defaults(func=cmd_rating)


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


def cmd_rating(args: argparse.Namespace) -> int:
    return run_window(args, build, "onestop — đánh giá")
