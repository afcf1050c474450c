"""Ethernet/Wi-Fi printers on a raw TCP port (usually 9100), on python-escpos's Network."""

from __future__ import annotations

import socket
from typing import Any

from escpos.printer import Network

from . import TransportMixin

CONNECT_TIMEOUT_S = 5.0  # python-escpos waits 60 s by default; a kiosk cannot


class NetworkTransport(TransportMixin, Network):  # type: ignore[misc]
    """A printer reached over TCP."""

    can_query_status = True

    def __init__(self, host: str, port: int = 9100, **kwargs: Any) -> None:
        super().__init__(host=host, port=port, timeout=CONNECT_TIMEOUT_S, **kwargs)

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
