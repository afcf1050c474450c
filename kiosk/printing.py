"""The kiosk's printer: tickets printed on a worker thread; faults followed until the printer recovers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client.worker import CallWorker
from hardware.checklist import ChecklistSlip
from hardware.errors import CoverOpen, NoAnswer, PaperOut, PrinterConfigError, PrinterError, PrinterOffline
from hardware.printer import TicketPrinter
from hardware.slip import TicketSlip
from hardware.status import PrinterStatus

log = logging.getLogger("onestop.kiosk.printer")

# Links that carry DLE EOT answers; file:, preview: and win32: cannot say they recovered.
STATUS_SCHEMES = ("serial", "tcp", "usb")

_STATES: tuple[tuple[type[PrinterError], str], ...] = (
    (PaperOut, "paper_out"),
    (CoverOpen, "cover_open"),
    (PrinterOffline, "offline"),
    (NoAnswer, "no_answer"),
    (PrinterConfigError, "config"),
)


def fault_state(error: PrinterError) -> str:
    """The alert state for a printer error: paper_out, cover_open, offline, no_answer, config or error."""
    for kind, state in _STATES:
        if isinstance(error, kind):
            return state
    return "error"


class KioskPrinter(QObject):
    """Prints tickets without blocking the screen, and knows whether the printer is in fault.

    Every printer call runs on ``worker`` (one at a time, in order). After a failed
    ticket the printer is "in fault"; where the link can report status it is asked
    every ``poll_ms`` -- only while in fault -- and the fault ends when it answers
    ready. Where it cannot (file:, preview:), the next ticket that prints ends it.

    Signals:
        printed(dict, int): the ticket and the bytes sent.
        failed(dict, object): the ticket and the PrinterError; the ticket did not print.
        checklist_printed(str, int): a procedure's code and the bytes of its checklist.
        checklist_failed(str, object): a procedure's code and the PrinterError; its checklist did not print.
        fault_changed(object): the printer's fault (a PrinterError) or None when it is fine again.
        test_finished(object): None after a good test page, else the PrinterError.
    """

    printed = Signal(dict, int)
    failed = Signal(dict, object)
    checklist_printed = Signal(str, int)
    checklist_failed = Signal(str, object)
    fault_changed = Signal(object)
    test_finished = Signal(object)

    def __init__(
        self, printer: TicketPrinter, worker: CallWorker, poll_ms: int = 3000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._printer = printer
        self._worker = worker
        self._jobs: dict[int, tuple[Callable[[Any], None], Callable[[PrinterError], None]]] = {}
        self.fault: PrinterError | None = None
        self._polling = False
        self._stopped = False
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.on_poll_timeout)
        worker.finished.connect(self.on_worker_finished)
        worker.failed.connect(self.on_worker_failed)

    @property
    def can_report_status(self) -> bool:
        where = self._printer.where
        return where.check_status and where.scheme in STATUS_SCHEMES

    @property
    def polling(self) -> bool:
        """The printer is being asked its status (it is in fault and can answer)."""
        return self._poll.isActive()

    @property
    def uri(self) -> str:
        return self._printer.where.uri

    # -- asking -------------------------------------------------------------------

    def print_ticket(self, ticket: dict[str, Any], slip: TicketSlip) -> None:
        self._submit(
            lambda: self._printer.print_slip(slip),
            lambda sent: self._on_ticket_printed(ticket, sent),
            lambda error: self._on_ticket_failed(ticket, error),
        )

    def print_checklist(self, code: str, slip: ChecklistSlip) -> None:
        """A procedure's checklist of papers; a fault is the printer's fault as for a ticket."""
        self._submit(
            lambda: self._printer.print_checklist(slip),
            lambda sent: self._on_checklist_printed(code, sent),
            lambda error: self._on_checklist_failed(code, error),
        )

    def test_print(self) -> None:
        self._submit(self._printer.print_test_page, self._on_test_printed, self._on_test_failed)

    def stop(self) -> None:
        """Stop polling, stop the thread, close the printer (once)."""
        if self._stopped:
            return
        self._stopped = True
        self._poll.stop()
        self._worker.stop()
        # Jobs that will not answer now: their handlers close over this object (a cycle otherwise).
        self._jobs.clear()
        # The thread has ended (jobs not yet started are dropped), so closing here cannot race it.
        self._printer.close()

    def _submit(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[PrinterError], None]
    ) -> None:
        self._jobs[self._worker.submit(fn)] = (on_done, on_error)

    def on_worker_finished(self, job: int, result: object) -> None:
        handlers = self._jobs.pop(job, None)
        if handlers is not None:
            handlers[0](result)

    def on_worker_failed(self, job: int, error: object) -> None:
        handlers = self._jobs.pop(job, None)
        if handlers is None:
            return
        if not isinstance(error, PrinterError):
            # A bug, not the printer: keep the traceback, tell the citizen the printer failed.
            log.error("printer call failed unexpectedly", exc_info=error if isinstance(error, Exception) else None)
            error = PrinterError(f"unexpected {type(error).__name__}: {error}")
        handlers[1](error)

    # -- results ------------------------------------------------------------------

    def _on_ticket_printed(self, ticket: dict[str, Any], sent: int) -> None:
        self._set_fault(None)
        self.printed.emit(ticket, sent)

    def _on_ticket_failed(self, ticket: dict[str, Any], error: PrinterError) -> None:
        log.warning("ticket %s not printed: %s", ticket.get("number"), error)
        self._set_fault(error)
        self.failed.emit(ticket, error)

    def _on_checklist_printed(self, code: str, sent: int) -> None:
        self._set_fault(None)
        self.checklist_printed.emit(code, sent)

    def _on_checklist_failed(self, code: str, error: PrinterError) -> None:
        log.warning("checklist of %s not printed: %s", code, error)
        self._set_fault(error)
        self.checklist_failed.emit(code, error)

    def _on_test_printed(self, _sent: object) -> None:
        self._set_fault(None)
        self.test_finished.emit(None)

    def _on_test_failed(self, error: PrinterError) -> None:
        self._set_fault(error)
        self.test_finished.emit(error)

    def _set_fault(self, error: PrinterError | None) -> None:
        before = self.fault
        self.fault = error
        if error is not None and self.can_report_status:
            if not self._poll.isActive():
                self._poll.start()
        else:
            self._poll.stop()
        # A new ticket failing the same way is the same fault: say it once.
        if type(before) is not type(error) or (error is not None and str(error) != str(before)):
            self.fault_changed.emit(error)

    # -- while in fault ------------------------------------------------------------

    def on_poll_timeout(self) -> None:
        if self._polling or self.fault is None:
            return
        self._polling = True
        self._submit(self._printer.status, self._on_status, self._on_status_failed)

    def _on_status(self, status: PrinterStatus) -> None:
        self._polling = False
        if self.fault is None:
            return
        self._set_fault(None if status.ok else status.error())

    def _on_status_failed(self, error: PrinterError) -> None:
        self._polling = False
        if self.fault is not None:
            self._set_fault(error)
