"""Which tickets this rating station asks about: those its own counter finishes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from client.events import EventStream
from client.model import OfficeModel


class CounterWatcher(QObject):
    """Watches the office for tickets finished at the station's counter (from the token's ``you``).

    A ticket finished by "call next" (``auto``) was served too, so it is rated as well.

    Signals:
        finished(dict): a ticket this counter has just finished.
        bound(int): the station now knows its counter number.
    """

    finished = Signal(dict)
    bound = Signal(int)

    def __init__(self, stream: EventStream, model: OfficeModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.counter: int | None = None
        stream.state_loaded.connect(self.on_stream_state_loaded)
        model.event_applied.connect(self.on_model_event)

    def on_stream_state_loaded(self, state: dict[str, Any]) -> None:
        number = (state.get("you") or {}).get("counter")
        if number is not None and number != self.counter:
            self.counter = int(number)
            self.bound.emit(self.counter)

    def on_model_event(self, event: dict[str, Any]) -> None:
        if event.get("type") != "ticket.finished" or self.counter is None:
            return
        counter = event.get("counter") or {}
        if counter.get("number") == self.counter and event.get("ticket"):
            self.finished.emit(event["ticket"])
