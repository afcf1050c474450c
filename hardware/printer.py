"""TicketPrinter: print slips and read status on any printer a URI names.

Blocking I/O: the kiosk calls it from a worker thread, never from a Qt slot.
"""

from __future__ import annotations

from typing import Any

from escpos.exceptions import DeviceNotFoundError

from . import layout
from . import status as status_mod
from .checklist import ChecklistSlip
from .errors import LINK_ERRORS, PrinterConfigError, PrinterError, PrinterOffline
from .options import PrintOptions
from .slip import TicketSlip
from .status import PrinterStatus
from .transport import Transport
from .uri import PrinterURI, parse_printer_uri

# ... and python-escpos's own "no such USB device".
_LINK_ERRORS: tuple[type[BaseException], ...] = (*LINK_ERRORS, DeviceNotFoundError)


def make_transport(where: PrinterURI, *, serial_device: Any = None) -> Transport:
    """The transport object for a parsed URI; nothing is opened yet."""
    profile = where.options.profile
    if where.scheme == "serial":
        from .transport.serial import SerialTransport
        return SerialTransport(where.target, where.baudrate, device=serial_device,
                               profile=profile)
    if where.scheme == "tcp":
        from .transport.network import NetworkTransport
        return NetworkTransport(where.target, where.port, profile=profile)
    if where.scheme == "usb":
        from .transport.usb import UsbTransport, require_usb_stack
        require_usb_stack(where.uri)
        return UsbTransport(where.vendor, where.product, uri=where.uri, profile=profile)
    if where.scheme == "file":
        from .transport.file import FileTransport
        return FileTransport(where.target, profile=profile)
    if where.scheme == "preview":
        from .transport.preview import PreviewTransport
        return PreviewTransport(where.target, where.options, profile=profile)
    if where.scheme == "win32":  # pragma: no cover - Windows only
        from .transport.win32 import Win32Transport
        return Win32Transport(where.target, profile=profile)
    raise PrinterConfigError(f"printer URI {where.uri!r}: no transport for {where.scheme}")


class TicketPrinter:
    """A ticket printer named by a URI (see hardware.uri).

    The transport opens on the first print or status query. ``serial_device`` injects
    an open pyserial object for serial: URIs (tests, loop://). Every failure raises a
    PrinterError subclass carrying ``message_vi``/``message_en`` for the kiosk.
    """

    def __init__(self, uri: str | PrinterURI, *, serial_device: Any = None,
                 status_timeout: float = status_mod.DEFAULT_TIMEOUT_S) -> None:
        self.where = uri if isinstance(uri, PrinterURI) else parse_printer_uri(uri)
        self.status_timeout = status_timeout
        self._serial_device = serial_device
        self._transport: Transport | None = None

    @property
    def options(self) -> PrintOptions:
        return self.where.options

    @property
    def transport(self) -> Transport:
        if self._transport is None:
            self._transport = make_transport(self.where, serial_device=self._serial_device)
        return self._transport

    def _link_failed(self, error: BaseException) -> PrinterOffline:
        # Drop the link so the next call reopens it (a replugged cable, a rebooted
        # network printer).
        self.close()
        return PrinterOffline(f"{self.where.uri}: {' '.join(str(error).split())}")

    def status(self) -> PrinterStatus:
        """The printer's state now; file: and preview: (and win32:) always read ready."""
        transport = self.transport
        if not transport.can_query_status:
            return status_mod.READY
        try:
            return status_mod.query(transport, self.status_timeout)
        except _LINK_ERRORS as e:
            raise self._link_failed(e) from e

    def _send(self, data: bytes) -> None:
        if self.where.check_status and self.transport.can_query_status:
            error = self.status().error()
            if error is not None:
                raise error
        try:
            self.transport._raw(data)
            self.transport.end_job()
        except PrinterError:
            raise
        except _LINK_ERRORS as e:
            raise self._link_failed(e) from e

    def print_slip(self, slip: TicketSlip) -> int:
        """Print one ticket; returns the bytes sent. Raises PaperOut, CoverOpen, ..."""
        data = layout.ticket(slip, self.options)
        self._send(data)
        return len(data)

    def print_checklist(self, slip: ChecklistSlip) -> int:
        """Print a procedure's checklist of papers; returns the bytes sent. Raises as print_slip does."""
        data = layout.checklist(slip, self.options)
        self._send(data)
        return len(data)

    def print_test_page(self) -> int:
        """Print the technician's test page; returns the bytes sent."""
        data = layout.test_page(self.options, self.where.uri)
        self._send(data)
        return len(data)

    def close(self) -> None:
        if self._transport is not None:
            try:
                self._transport.close()
            except _LINK_ERRORS:
                pass  # closing a link that already failed
            self._transport = None

    def __enter__(self) -> TicketPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
