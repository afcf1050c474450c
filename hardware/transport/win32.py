"""Printers installed in Windows' spooler (raw mode), on python-escpos's Win32Raw."""

from __future__ import annotations

from typing import Any

from escpos.printer import Win32Raw

from . import TransportMixin


class Win32Transport(TransportMixin, Win32Raw):  # type: ignore[misc]
    """A Windows printer by name; the spooler cannot carry status replies."""

    def __init__(self, name: str, **kwargs: Any) -> None:
        super().__init__(printer_name=name, **kwargs)

    def end_job(self) -> None:
        # Win32Raw holds one spooler document open until close; end it per ticket so
        # it prints now, and let the next write open a new one.
        self.close()
