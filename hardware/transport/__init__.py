"""Printer transports: python-escpos printer classes plus what a ticket printer needs.

Each transport is a python-escpos printer (its one seam is ``_raw``), opened lazily
on first write, with two additions: ``read_reply`` for status queries with a short
timeout, and ``end_job`` to mark the end of one ticket.
"""

from __future__ import annotations

from escpos.escpos import Escpos


class TransportMixin:
    """Defaults for transports that cannot read (file, preview, win32)."""

    #: False where the link cannot carry DLE EOT replies; status then reads "ready".
    can_query_status = False

    def read_reply(self, timeout: float) -> bytes:
        """One reply byte to a status query, or b"" when none came in ``timeout``."""
        raise NotImplementedError

    def discard_input(self) -> None:
        """Drop unread bytes, so a late reply is not taken for the next one."""

    def end_job(self) -> None:
        """Called after each ticket; push buffered bytes out."""


class Transport(TransportMixin, Escpos):  # type: ignore[misc]  # Escpos is untyped
    """The type the printer code sees: an Escpos printer with the mixin's methods."""

    def _raw(self, msg: bytes) -> None:  # pragma: no cover - only a type
        raise NotImplementedError
