"""Blocking work (printers, serial ports) on a thread of its own, results as signals."""

from __future__ import annotations

import atexit
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

# Every worker whose thread runs, so that no exit path (a failed start, an exception in
# main(), Ctrl+C) ends the interpreter with a QThread still running: Qt aborts the
# process then ("QThread: Destroyed while thread '…' is still running").
_running: weakref.WeakSet[CallWorker] = weakref.WeakSet()


def detach_traceback(error: BaseException) -> BaseException:
    """``error`` without its traceback objects; the traceback is kept as text, in a note.

    A traceback holds the frames it went through, and a frame holds its variables and the
    frame that called it -- the job's closure, typically the QObject that submitted it. Handed
    to that QObject, which keeps the error (a printer's fault), it would close a reference
    cycle: the QObject then dies only in Python's cyclic garbage collector, which runs on
    whichever thread happens to allocate -- and a QObject destroyed from another thread
    crashes Qt (issue #12's SIGSEGV). The note keeps what a log needs: files, lines, functions.
    """
    text = "".join(traceback.format_exception(error)).rstrip()
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = None
        pending += [current.__cause__, current.__context__]
    error.add_note(f"(raised on a worker thread)\n{text}")
    return error


class _Jobs:
    """The callables submitted and not yet answered, by job id; shared by the GUI thread and the worker's.

    A job's callable usually closes over the QObject that submitted it. Whoever drops the last
    reference to the callable may destroy that QObject, so the worker thread never holds one
    past the call: it reads the callable from here, and the GUI thread removes it -- dropping
    the last reference on its own thread -- when the answer arrives (or the worker stops).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._table: dict[int, Callable[[], Any]] = {}

    def add(self, job: int, fn: Callable[[], Any]) -> None:
        with self._lock:
            self._table[job] = fn

    def get(self, job: int) -> Callable[[], Any] | None:
        with self._lock:
            return self._table.get(job)

    def remove(self, job: int) -> None:
        with self._lock:
            fn = self._table.pop(job, None)
        del fn  # outside the lock: freeing it may run arbitrary code

    def clear(self) -> None:
        with self._lock:
            table, self._table = self._table, {}
        table.clear()


class _Runner(QObject):
    done = Signal(int, object)
    error = Signal(int, object)

    def __init__(self, jobs: _Jobs) -> None:
        super().__init__()
        self._jobs = jobs

    @Slot(int)
    def run(self, job: int) -> None:
        fn = self._jobs.get(job)
        if fn is None:  # dropped by stop()
            return
        try:
            result = fn()
        except Exception as exc:  # handed to the caller, who decides what it means
            del fn
            if exc.__traceback__ is not None:  # from the job on: this frame is the worker's own
                exc.__traceback__ = exc.__traceback__.tb_next
            self.error.emit(job, detach_traceback(exc))
        else:
            del fn
            self.done.emit(job, result)


class CallWorker(QObject):
    """Runs callables one at a time, in order, on its own QThread.

    The thread starts with the first job, so building an app whose start then fails leaves
    no thread behind; ``stop`` ends it, and any worker still running when the interpreter
    exits is stopped then. Callables and errors are released on the GUI thread (see ``_Jobs``
    and ``detach_traceback``): a QObject a job refers to is never destroyed by the worker.

    Signals:
        finished(int, object): job id and the callable's result.
        failed(int, object): job id and the exception it raised (see ``detach_traceback``).
    """

    finished = Signal(int, object)
    failed = Signal(int, object)
    _submit = Signal(int)

    def __init__(self, name: str = "onestop-worker", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._jobs = _Jobs()
        self._thread: QThread | None = None
        # The runner's Python object must outlive its queued jobs; Qt deletes it when the thread ends.
        self._runner: _Runner | None = None
        self._next = 0

    def _start(self) -> None:
        thread = QThread()
        thread.setObjectName(self._name)
        runner = _Runner(self._jobs)
        runner.moveToThread(thread)
        self._submit.connect(runner.run)
        runner.done.connect(self.on_runner_done)
        runner.error.connect(self.on_runner_error)
        thread.finished.connect(runner.deleteLater)
        self._thread = thread
        self._runner = runner
        _running.add(self)
        thread.start()

    def submit(self, fn: Callable[[], Any]) -> int:
        if self._thread is None:
            self._start()
        self._next += 1
        self._jobs.add(self._next, fn)
        self._submit.emit(self._next)
        return self._next

    def on_runner_done(self, job: int, result: object) -> None:
        self._jobs.remove(job)
        self.finished.emit(job, result)

    def on_runner_error(self, job: int, error: object) -> None:
        self._jobs.remove(job)
        self.failed.emit(job, error)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def stop(self) -> None:
        """Finish the job in hand and stop the thread (call before the app exits); jobs not started are dropped."""
        _running.discard(self)
        if self._thread is not None and self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        self._jobs.clear()


@atexit.register
def _stop_workers_left_running() -> None:
    for worker in list(_running):
        worker.stop()
