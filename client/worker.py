"""Blocking work (printers, serial ports) on a thread of its own, results as signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot


class _Runner(QObject):
    done = Signal(int, object)
    error = Signal(int, object)

    @Slot(int, object)
    def run(self, job: int, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except Exception as exc:  # handed to the caller, who decides what it means
            self.error.emit(job, exc)
        else:
            self.done.emit(job, result)


class CallWorker(QObject):
    """Runs callables one at a time, in order, on its own QThread.

    Signals:
        finished(int, object): job id and the callable's result.
        failed(int, object): job id and the exception it raised.
    """

    finished = Signal(int, object)
    failed = Signal(int, object)
    _submit = Signal(int, object)

    def __init__(self, name: str = "onestop-worker", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._submit.connect(self._runner.run)
        self._runner.done.connect(self.finished)
        self._runner.error.connect(self.failed)
        self._thread.finished.connect(self._runner.deleteLater)
        self._thread.start()
        self._next = 0

    def submit(self, fn: Callable[[], Any]) -> int:
        self._next += 1
        self._submit.emit(self._next, fn)
        return self._next

    def stop(self) -> None:
        """Finish the job in hand and stop the thread (call before the app exits)."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
