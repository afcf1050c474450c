"""USB printers (printer class or vendor-specific), on python-escpos's Usb printer."""

from __future__ import annotations

import importlib
from typing import Any

from escpos.printer import Usb

from hardware.errors import PrinterConfigError

from . import TransportMixin

try:
    import usb.core

    HAVE_PYUSB = True
except ImportError:  # pyusb is optional: only usb: printers need it
    HAVE_PYUSB = False

_BACKENDS = ("usb.backend.libusb1", "usb.backend.libusb0", "usb.backend.openusb")


def usb_stack() -> tuple[bool, str]:
    """Whether USB printers can be reached on this PC, and what with (or what is missing)."""
    if not HAVE_PYUSB:
        return False, "pyusb is not installed"
    for name in _BACKENDS:
        try:
            backend = importlib.import_module(name).get_backend()
        except Exception:  # a backend whose library is broken counts as absent
            continue
        if backend is not None:
            return True, f"pyusb with {name.rsplit('.', 1)[1]}"
    return False, "no libusb library (libusb-1.0-0) was found"


def require_usb_stack(uri: str) -> None:
    """PrinterConfigError unless USB printers can be reached (checked before a transport is made: python-escpos's
    Usb, half made, raises again from its ``__del__``; and without libusb it would fail later with pyusb's
    NoBackendError, a ValueError)."""
    ready, why = usb_stack()
    if not ready:
        raise PrinterConfigError(
            f"{uri}: usb: printers need pyusb and libusb ({why}); install them with "
            "'pip install pyusb' and 'apt-get install libusb-1.0-0', or use "
            "serial:/dev/usb/lp0-style file: or serial: URIs instead")


class UsbTransport(TransportMixin, Usb):  # type: ignore[misc]
    """A printer addressed by USB vendor and product id (make it after ``require_usb_stack``)."""

    can_query_status = True

    def __init__(self, vendor: int, product: int, *, uri: str = "",
                 **kwargs: Any) -> None:
        # A bounded write timeout (ms): python-escpos's default 0 waits forever.
        super().__init__(idVendor=vendor, idProduct=product, timeout=15000, **kwargs)

    def read_reply(self, timeout: float) -> bytes:
        try:
            return bytes(self.device.read(self.in_ep, 16, int(timeout * 1000))[:1])
        except usb.core.USBError:  # USBTimeoutError included
            return b""
