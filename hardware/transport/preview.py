"""A printer that renders each job as a PNG of the paper ticket, for demos."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path
from typing import Any

from escpos.escpos import Escpos

from hardware import preview
from hardware.options import PrintOptions

from . import TransportMixin


class PreviewTransport(TransportMixin, Escpos):  # type: ignore[misc]  # Escpos is untyped
    """Collects a job's bytes and, at its end, writes ``ticket-*.png`` into ``directory``."""

    _counter = itertools.count(1)

    def __init__(self, directory: str, options: PrintOptions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.directory = Path(directory)
        self.options = options
        self._buffer = bytearray()
        self.written: list[Path] = []

    def open(self, raise_not_found: bool = True) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._device = True

    def _raw(self, msg: bytes) -> None:
        if not self._device:
            self.open()
        self._buffer += msg

    def end_job(self) -> None:
        data, self._buffer = bytes(self._buffer), bytearray()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for image in preview.render(data, self.options):
            path = self.directory / f"ticket-{stamp}-{next(self._counter):04d}.png"
            while path.exists():  # another process previewing into the same folder
                path = self.directory / f"ticket-{stamp}-{next(self._counter):04d}.png"
            image.save(path)
            self.written.append(path)

    def close(self) -> None:
        self._device = False
