"""USB printers (printer class or vendor-specific), on python-escpos's Usb printer."""

from __future__ import annotations

from typing import Any

from escpos.printer import Usb

from hardware.errors import PrinterConfigError

from . import TransportMixin

try:
    import usb.core

    HAVE_PYUSB = True
except ImportError:  # pyusb is optional: only usb: printers need it
    HAVE_PYUSB = False


class UsbTransport(TransportMixin, Usb):  # type: ignore[misc]
    """A printer addressed by USB vendor and product id."""

    can_query_status = True

    def __init__(self, vendor: int, product: int, *, uri: str = "",
                 **kwargs: Any) -> None:
        if not HAVE_PYUSB:
            raise PrinterConfigError(
                f"{uri}: usb: printers need pyusb and libusb; install them with "
                "'pip install pyusb' and 'apt-get install libusb-1.0-0', or use "
                "serial:/dev/usb/lp0-style file: or serial: URIs instead")
        # A bounded write timeout (ms): python-escpos's default 0 waits forever.
        super().__init__(idVendor=vendor, idProduct=product, timeout=15000, **kwargs)

    def read_reply(self, timeout: float) -> bytes:
        try:
            return bytes(self.device.read(self.in_ep, 16, int(timeout * 1000))[:1])
        except usb.core.USBError:  # USBTimeoutError included
            return b""
