"""The kiosk's object graph, built once at start-up (and by the tests, with their own timings)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from client.app import ClientContext
from client.status import StatusReport
from client.worker import CallWorker
from hardware.errors import PrinterError
from hardware.printer import TicketPrinter
from kiosk.catalogue import Catalogue, ProcedureFinder
from kiosk.config import KioskConfig
from kiosk.controller import KioskController
from kiosk.printing import KioskPrinter, fault_state
from kiosk.reports import ServerReports
from kiosk.window import KioskWindow
from rating.controller import RatingController


@dataclass
class Kiosk:
    """Everything one kiosk is made of; ``stop`` before the application ends."""

    context: ClientContext
    printer: KioskPrinter
    reports: ServerReports
    catalogue: Catalogue
    controller: KioskController
    window: KioskWindow

    def stop(self) -> None:
        self.context.stream.stop()
        self.context.api.close()
        self.printer.stop()


def report_printer(status: StatusReport, printer: KioskPrinter) -> None:
    """The printer (and for usb: printers, the USB stack) in the kiosk's status report, kept current."""
    status.set("printer", "ok", printer.uri)
    if printer.uri.startswith("usb:"):
        from hardware.transport.usb import usb_stack

        ready, detail = usb_stack()
        status.set("usb", "ok" if ready else "missing", detail)

    def on_fault_changed(error: PrinterError | None) -> None:
        if error is None:
            status.set("printer", "ok", printer.uri)
        else:
            status.set("printer", "fault", f"{fault_state(error)}: {error}")

    printer.fault_changed.connect(on_fault_changed)


def build_kiosk(
    context: ClientContext, config: KioskConfig, printer: TicketPrinter, lockdown: bool = True, quit_app: bool = True
) -> Kiosk:
    """The kiosk's parts, wired; ``quit_app`` ends the application when the admin chooses "exit"."""
    worker = CallWorker("kiosk-printer")
    kiosk_printer = KioskPrinter(printer, worker, poll_ms=int(config.status_poll_s * 1000))
    reports = ServerReports(context.api, context.stream)
    # A citizen rates her served ticket at the kiosk too (rating/__init__.py: embedding).
    rating = RatingController(context.api, context.language)
    # The procedures catalogue, searched here as the citizen types (kiosk/catalogue.py).
    catalogue = Catalogue(context.api, context.stream)
    controller = KioskController(
        context.api, context.stream, context.model, context.language, kiosk_printer, reports, config, rating, catalogue
    )
    window = KioskWindow(controller, context.model, context.language, ProcedureFinder(catalogue), lockdown=lockdown)
    report_printer(context.status, kiosk_printer)
    app = QApplication.instance()
    if app is not None:
        # The printer's thread must end before the application does.
        app.aboutToQuit.connect(kiosk_printer.stop)
        if quit_app:
            controller.quit_requested.connect(app.quit)
    return Kiosk(context, kiosk_printer, reports, catalogue, controller, window)
