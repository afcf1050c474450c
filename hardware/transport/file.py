"""A file (or character device) that receives the raw ESC/POS bytes, appended."""

from __future__ import annotations

from typing import IO, Any

from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError

from . import TransportMixin


class FileTransport(TransportMixin, Escpos):  # type: ignore[misc]  # Escpos is untyped
    """Appends every job to ``path``.

    python-escpos's File printer opens with "wb" and so truncates at each open; a
    ticket log (or /dev/usb/lp0) wants every job kept.
    """

    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = path
        self._device: IO[bytes] | None | bool = False

    def open(self, raise_not_found: bool = True) -> None:
        try:
            self._device = open(self.path, "ab")  # closed in close()
        except OSError as e:
            self._device = None
            raise DeviceNotFoundError(f"cannot open {self.path} for appending: {e}") from e

    def _raw(self, msg: bytes) -> None:
        self.device.write(msg)

    def end_job(self) -> None:
        self.device.flush()

    def close(self) -> None:
        device = self._device
        if device is not None and not isinstance(device, bool):
            device.close()
        self._device = False
