"""Fake printers at the transport: a pseudo-terminal and a TCP port.

Each reads the real bytes the transport sends, keeps them, and answers
``DLE EOT n`` status queries the way the chosen state would -- or stays silent.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import tty
from collections.abc import Callable

# Reply bytes for DLE EOT 1, 2 and 4, per the Epson ESC/POS reference.
STATES: dict[str, dict[int, int] | None] = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_low": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},
    "silent": None,
}


class _Printer:
    """The answering logic shared by both fakes."""

    def __init__(self) -> None:
        self.state = "ready"
        self.received = bytearray()
        self.queries: list[int] = []
        self._scan = 0
        self._cond = threading.Condition()
        self._stop_r, self._stop_w = os.pipe()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _answer(self, chunk: bytes) -> bytes:
        with self._cond:
            self.received += chunk
            replies = bytearray()
            table = STATES[self.state]
            while (k := self.received.find(b"\x10\x04", self._scan)) != -1:
                if k + 2 >= len(self.received):
                    break  # n not here yet
                n = self.received[k + 2]
                self._scan = k + 3
                self.queries.append(n)
                if table is not None and n in table:
                    replies.append(table[n])
            self._cond.notify_all()
            return bytes(replies)

    def wait_for(self, predicate: Callable[[bytes], bool], timeout: float = 5.0) -> bytes:
        """Block until ``predicate(received)`` holds; the bytes received so far."""
        with self._cond:
            assert self._cond.wait_for(lambda: predicate(bytes(self.received)), timeout), (
                f"fake printer got {bytes(self.received)[-60:]!r}")
            return bytes(self.received)

    def _run(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        os.write(self._stop_w, b"x")
        self._thread.join(timeout=5)
        os.close(self._stop_r)
        os.close(self._stop_w)


class PtyPrinter(_Printer):
    """A printer on a pseudo-terminal; open ``self.path`` like /dev/ttyUSB0."""

    def __init__(self) -> None:
        super().__init__()
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self._thread.start()

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self.master, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            reply = self._answer(chunk)
            if reply:
                os.write(self.master, reply)

    def stop(self) -> None:
        super().stop()
        os.close(self.master)
        os.close(self.slave)


class TcpPrinter(_Printer):
    """A network printer on 127.0.0.1; ``self.uri`` is its tcp:// URI."""

    def __init__(self) -> None:
        super().__init__()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.uri = f"tcp://127.0.0.1:{self.port}"
        self._thread.start()

    def _run(self) -> None:
        conns: list[socket.socket] = []
        try:
            while True:
                ready, _, _ = select.select([self.listener, self._stop_r, *conns], [], [])
                if self._stop_r in ready:
                    return
                for sock in ready:
                    if sock is self.listener:
                        conns.append(self.listener.accept()[0])
                        continue
                    chunk = sock.recv(65536)
                    if not chunk:
                        conns.remove(sock)
                        sock.close()
                        continue
                    reply = self._answer(chunk)
                    if reply:
                        sock.sendall(reply)
        finally:
            for sock in conns:
                sock.close()
            self.listener.close()
