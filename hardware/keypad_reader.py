"""The keypad, read on its own thread: each key press arrives in the UI as a signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from client.worker import CallWorker
from hardware.keypad import KeypadDevice, KeypadError

# After the keypad failed (unplugged), try to open it again this often.
RETRY_MS = 3000


class KeypadReader(QObject):
    """Reads a KeypadDevice on a CallWorker thread, one short blocking read after another.

    Signals:
        pressed(str): an action name from the keypad's key map (next, recall, finish, …).
        failed(object): a KeypadError; the reader tries again after RETRY_MS.
        ready(): the keypad answered again after a failure (or at the first read).
    """

    pressed = Signal(str)
    failed = Signal(object)
    ready = Signal()

    def __init__(self, device: KeypadDevice, retry_ms: int = RETRY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.device = device
        self._worker = CallWorker("onestop-keypad")
        self._worker.finished.connect(self.on_worker_finished)
        self._worker.failed.connect(self.on_worker_failed)
        self._read_job = 0
        self._running = False
        self._healthy: bool | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._read)

    def start(self) -> None:
        self._running = True
        self._read()

    def stop(self) -> None:
        """Stop reading, wait for the read in hand (≤ its timeout), close the port."""
        self._running = False
        self._retry.stop()
        self._worker.stop()
        self.device.close()

    def show(self, text: str) -> None:
        """Send ``text`` to the keypad's display, after the read in hand."""
        if self._running:
            self._worker.submit(lambda: self.device.show(text))

    def _read(self) -> None:
        if self._running:
            self._read_job = self._worker.submit(self.device.read_actions)

    def on_worker_finished(self, job: int, result: object) -> None:
        if job != self._read_job:
            return  # a display write
        if self._healthy is not True:
            self._healthy = True
            self.ready.emit()
        assert isinstance(result, list)
        for action in result:
            self.pressed.emit(action)
        self._read()

    def on_worker_failed(self, job: int, error: object) -> None:
        if not isinstance(error, KeypadError):
            raise error if isinstance(error, BaseException) else RuntimeError(error)
        self._healthy = False
        self.failed.emit(error)
        if job == self._read_job and self._running:
            self._retry.start()
