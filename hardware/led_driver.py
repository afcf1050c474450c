"""Keeps the counters' LED boards showing what the office does: a call (or recall) shows its number,
a counter that signs out goes blank; after a (re)connection every board is set from the full state."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from client.model import OfficeModel
from client.worker import CallWorker
from hardware.led import LedBoards

log = logging.getLogger("onestop.led")


class LedDriver(QObject):
    """Model changes in, frames out on the worker thread (serial writes block).

    Signals:
        sent(int, bytes): counter and the frame written to its board.
        failed(str): the line failed (logged once until it works again).
    """

    sent = Signal(int, bytes)
    failed = Signal(str)

    def __init__(self, model: OfficeModel, boards: LedBoards, worker: CallWorker) -> None:
        super().__init__()
        self.model = model
        self.boards = boards
        self.worker = worker
        self.shown: dict[int, str] = {}
        self._jobs: dict[int, int] = {}
        self._broken = False
        model.reset.connect(self.on_model_reset)
        model.called.connect(self.on_model_called)
        model.counter_changed.connect(self.on_model_counter_changed)
        worker.finished.connect(self.on_worker_finished)
        worker.failed.connect(self.on_worker_failed)

    def show(self, counter: int, text: str, force: bool = False) -> None:
        if counter not in self.boards.addresses or (not force and self.shown.get(counter) == text):
            return
        self.shown[counter] = text
        job = self.worker.submit(lambda: self.boards.show(counter, text))
        self._jobs[job] = counter

    def on_model_reset(self) -> None:
        for number, counter in self.model.counters.items():
            self.show(number, self._text(counter), force=True)

    def on_model_called(self, event: dict[str, Any]) -> None:
        # Recalls too: boards blink on every new frame, which is the point of a recall.
        counter, ticket = event.get("counter"), event.get("ticket")
        if counter and ticket:
            self.show(int(counter["number"]), ticket["number"], force=True)

    def on_model_counter_changed(self, number: int) -> None:
        counter = self.model.counters[number]
        if counter["state"] == "signed_out":
            self.show(number, "")

    @staticmethod
    def _text(counter: dict[str, Any]) -> str:
        # The board keeps the last number served until the next call, as clerks expect; closed is blank.
        ticket = counter.get("ticket")
        return "" if counter["state"] == "signed_out" or ticket is None else ticket["number"]

    def on_worker_finished(self, job: int, data: object) -> None:
        counter = self._jobs.pop(job, None)
        if counter is None:
            return
        if self._broken:
            log.info("LED boards: %s works again", self.boards.line.uri)
            self._broken = False
        if isinstance(data, bytes):
            self.sent.emit(counter, data)

    def on_worker_failed(self, job: int, error: object) -> None:
        counter = self._jobs.pop(job, None)
        if counter is None:
            return
        # Try again with the next change; until then the board shows something old, not nothing.
        self.shown.pop(counter, None)
        if not self._broken:
            log.error("%s", error)
            self._broken = True
        self.failed.emit(str(error))
