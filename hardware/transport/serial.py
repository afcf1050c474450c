"""RS-232 and USB-serial printers, on python-escpos's Serial printer."""

from __future__ import annotations

from typing import Any

import serial
from escpos.printer import Serial

from . import TransportMixin

# A write that cannot go out in this long means a stalled flow-control line, not a
# slow ticket: even a 3 kB raster ticket takes 3 s at 9600 baud.
WRITE_TIMEOUT_S = 15.0


class SerialTransport(TransportMixin, Serial):  # type: ignore[misc]
    """A printer on a serial port.

    ``device`` injects an already-open pyserial object (e.g. from
    ``serial.serial_for_url("loop://")``), because python-escpos's Serial only
    takes a device path; an injected device is left open on close, for its owner.
    """

    can_query_status = True
    # python-escpos keeps the open port here; False once closed.
    _device: serial.SerialBase | bool | None

    def __init__(self, devfile: str, baudrate: int = 9600, *,
                 device: serial.SerialBase | None = None, **kwargs: Any) -> None:
        super().__init__(devfile=devfile, baudrate=baudrate, timeout=1, **kwargs)
        self._injected = device is not None
        if device is not None:
            self._device = device

    def open(self, raise_not_found: bool = True) -> None:
        super().open(raise_not_found)
        if isinstance(self._device, serial.SerialBase):
            self._device.write_timeout = WRITE_TIMEOUT_S

    def read_reply(self, timeout: float) -> bytes:
        port = self.device
        saved = port.timeout
        port.timeout = timeout
        try:
            # One byte: read(1) returns as soon as it arrives, where python-escpos's
            # read(16) always waits out the whole timeout.
            return bytes(port.read(1))
        finally:
            port.timeout = saved

    def discard_input(self) -> None:
        self.device.reset_input_buffer()

    def end_job(self) -> None:
        self.device.flush()

    def close(self) -> None:
        if self._injected:
            self._device = False
            return
        super().close()
