"""Ethernet/Wi-Fi printers on a raw TCP port (usually 9100), on python-escpos's Network."""

from __future__ import annotations

import socket
from typing import Any

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Network

from . import TransportMixin

CONNECT_TIMEOUT_S = 5.0  # python-escpos waits 60 s by default; a kiosk cannot


class NetworkTransport(TransportMixin, Network):  # type: ignore[misc]
    """A printer reached over TCP."""

    can_query_status = True

    def __init__(self, host: str, port: int = 9100, **kwargs: Any) -> None:
        super().__init__(host=host, port=port, timeout=CONNECT_TIMEOUT_S, **kwargs)

    def open(self, raise_not_found: bool = True) -> None:
        # python-escpos 3.1 leaves the socket unclosed when connect fails.
        try:
            sock = socket.create_connection((self.host, self.port), CONNECT_TIMEOUT_S)
        except OSError as e:
            self._device = None
            raise DeviceNotFoundError(f"cannot connect to {self.host}:{self.port}: {e}") from e
        self._device = sock

    def read_reply(self, timeout: float) -> bytes:
        sock: socket.socket = self.device
        sock.settimeout(timeout)
        try:
            return sock.recv(1)
        except TimeoutError:
            return b""
        finally:
            sock.settimeout(CONNECT_TIMEOUT_S)

    def discard_input(self) -> None:
        sock: socket.socket = self.device
        sock.setblocking(False)
        try:
            while sock.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            sock.settimeout(CONNECT_TIMEOUT_S)
