"""The worker thread and garbage collection: nothing Qt owns is ever destroyed from another thread (issue #12)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import traceback
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from client.collector import GuiThreadCollector, collect_on_gui_thread
from client.worker import CallWorker

pytestmark = pytest.mark.gui
WAIT = 5000


class PaperOut(Exception):
    pass


class Submitter(QObject):
    """Like the kiosk's printer: a QObject that submits a job closing over itself and keeps its error."""

    def __init__(self, worker: CallWorker) -> None:
        super().__init__()
        self.timer = QTimer(self)  # a child, as the kiosk printer's status poll is
        self.worker = worker
        self.fault: BaseException | None = None
        worker.failed.connect(self.on_worker_failed)

    def print_ticket(self) -> None:
        self.worker.submit(lambda: self._send(b"\x1b@"))

    def _send(self, data: bytes) -> None:
        raise PaperOut(f"paper out after {len(data)} bytes")

    def on_worker_failed(self, job: int, error: object) -> None:
        assert isinstance(error, BaseException)
        self.fault = error


@pytest.fixture
def worker() -> Iterator[CallWorker]:
    worker = CallWorker("test-worker")
    yield worker
    worker.stop()


def test_a_failed_job_arrives_with_its_traceback_as_text_and_no_frames(
    qtbot: QtBot, worker: CallWorker
) -> None:
    submitter = Submitter(worker)
    with qtbot.waitSignal(worker.failed, timeout=WAIT):
        submitter.print_ticket()
    assert isinstance(submitter.fault, PaperOut)
    assert submitter.fault.__traceback__ is None
    printed = "".join(traceback.format_exception(submitter.fault))  # what a log line shows
    assert "in _send" in printed and "paper out after 2 bytes" in printed and "in run" not in printed


def test_an_object_that_keeps_its_jobs_error_is_freed_without_the_cycle_collector(
    qtbot: QtBot, worker: CallWorker
) -> None:
    # The crash of issue #12: the kiosk printer kept its PrinterError, whose traceback held the
    # printing lambda's frame, whose closure held the printer -- a cycle that only the cyclic
    # collector frees, on whatever thread it runs. Freed by reference counting, it dies here.
    submitter = Submitter(worker)
    with qtbot.waitSignal(worker.failed, timeout=WAIT):
        submitter.print_ticket()
    assert submitter.fault is not None
    gone = weakref.ref(submitter)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del submitter
        # At once, here: the worker thread holds no reference to the job once its answer is out
        # (client/worker.py _Jobs) -- had it, the object could die on the worker thread.
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()


def test_the_thread_starts_with_the_first_job_and_stops_once(qtbot: QtBot) -> None:
    worker = CallWorker("test-lazy")
    assert not worker.running
    with qtbot.waitSignal(worker.finished, timeout=WAIT) as finished:
        worker.submit(lambda: 42)
    assert finished.args == [1, 42] and worker.running
    worker.stop()
    worker.stop()
    assert not worker.running


def test_a_worker_left_running_does_not_abort_the_exit(tmp_path) -> None:
    # A failed start (an ImportError after the kiosk's printer thread began) ends the interpreter
    # with the worker running; Qt used to abort: "QThread: Destroyed while thread … is still running".
    script = tmp_path / "left_running.py"
    script.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "from client.worker import CallWorker\n"
        "app = QCoreApplication([])\n"
        "worker = CallWorker('kiosk-printer')\n"
        "worker.submit(lambda: None)\n"
        "raise SystemExit('the display could not start')\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert done.returncode == 1, done.stderr
    assert "the display could not start" in done.stderr
    assert "QThread" not in done.stderr


class Finalized:
    """Cyclic garbage that notes which thread destroyed it."""

    def __init__(self, record: list[str]) -> None:
        self.me = self
        self.record = record

    def __del__(self) -> None:
        self.record.append(threading.current_thread().name)


def test_cyclic_garbage_is_collected_on_the_gui_thread_only(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    collector = collect_on_gui_thread(app)
    assert isinstance(collector, GuiThreadCollector) and collect_on_gui_thread(app) is collector
    assert not gc.isenabled()
    record: list[str] = []
    Finalized(record)
    stop = threading.Event()

    def allocate() -> None:  # far past every threshold: CPython would collect on this thread
        while not stop.is_set():
            junk = [[i] for i in range(10_000)]
            del junk

    churner = threading.Thread(target=allocate, name="churner")
    churner.start()
    try:
        qtbot.waitUntil(lambda: bool(record), timeout=WAIT)
    finally:
        stop.set()
        churner.join()
    assert record == ["MainThread"]
