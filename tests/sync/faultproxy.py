"""A small real HTTP/1.1 proxy on loopback that breaks requests on purpose.

It sits between the sync agent and the district server. Each request takes
the next fault from a script (then ``default``), so a test can say "the
first try gets a 500, the second hangs, the third is cut off mid-body" and
watch the agent cope with real sockets, real timeouts and real resets.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
import time
from collections import deque
from typing import Any

FAULTS = (
    "pass",  # forward the request, return the answer
    "refuse",  # reset the connection before reading anything (a server that is down)
    "http500",  # answer 500 without forwarding
    "http503",  # answer 503 with an HTML page, as a load balancer would
    "hang",  # read the request, never answer (the client's timeout must fire)
    "reset_mid_body",  # read half the body, then reset the connection
    "slow",  # forward, but answer only after a pause shorter than the client's timeout
    "garbage",  # answer 200 with a page that is not an acknowledgement (a captive portal)
    "not_http",  # answer bytes that are not HTTP at all
    "lost_ack",  # forward (the district applies it), then reset instead of answering
    "truncated",  # forward, send the answer's head and half its body, then reset (a LAN cut mid-answer)
)


class FaultProxy:
    def __init__(self, target_port: int, slow_s: float = 0.3) -> None:
        self.target_port = target_port
        self.slow_s = slow_s
        self.script: deque[str] = deque()
        self.default = "pass"
        self.forwarded: list[dict[str, Any]] = []  # batch bodies the district received, in order
        self.seen: list[str] = []  # the fault each request met
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._open: set[socket.socket] = set()
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._thread.start()

    def faults(self, *faults: str) -> None:
        assert all(f in FAULTS for f in faults), faults
        with self._lock:
            self.script.extend(faults)

    def close(self) -> None:
        self._closing.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            for conn in list(self._open):
                with contextlib.suppress(OSError):
                    conn.close()
        self._thread.join(5)

    # -- plumbing ---------------------------------------------------------------

    def _next_fault(self) -> str:
        with self._lock:
            fault = self.script.popleft() if self.script else self.default
            self.seen.append(fault)
            return fault

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._open.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(30)
            buffer = b""
            while not self._closing.is_set():
                fault = None
                head, buffer = _read_head(conn, buffer)
                if head is None:
                    return
                fault = self._next_fault()
                if fault == "refuse":
                    return _reset(conn)
                length = _content_length(head)
                if fault == "reset_mid_body":
                    _read_exactly(conn, buffer, max(length // 2, 1))
                    return _reset(conn)
                body, buffer = _read_exactly(conn, buffer, length)
                if fault == "hang":
                    self._closing.wait(60)
                    return
                if fault == "http500":
                    conn.sendall(_response(500, b'{"error": "bug", "message": "Internal Server Error"}'))
                    continue
                if fault == "http503":
                    conn.sendall(_response(503, b"<html>Service Unavailable</html>", "text/html"))
                    continue
                if fault == "garbage":
                    conn.sendall(_response(200, b"<html><body>Wi-Fi login</body></html>", "text/html"))
                    continue
                if fault == "not_http":
                    conn.sendall(b"\x00\xffSSH-2.0-OpenSSH_9.2\r\n\x00garbage")
                    return _reset(conn)
                answer = self._forward(head + body)
                if answer is None:
                    return _reset(conn)  # the district is down: the client sees a reset
                self._record(head, body)
                if fault == "lost_ack":
                    return _reset(conn)
                if fault == "truncated":
                    cut = answer.index(b"\r\n\r\n") + 4
                    conn.sendall(answer[: cut + (len(answer) - cut) // 2])
                    return _reset(conn)
                if fault == "slow":
                    time.sleep(self.slow_s)
                conn.sendall(answer)
        except OSError:
            return
        finally:
            with self._lock:
                self._open.discard(conn)
            with contextlib.suppress(OSError):
                conn.close()

    def _forward(self, request: bytes) -> bytes | None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
        except OSError:
            return None
        with upstream:
            upstream.sendall(request)
            head, rest = _read_head(upstream, b"")
            if head is None:
                return None
            body, _ = _read_exactly(upstream, rest, _content_length(head))
            return head + body

    def _record(self, head: bytes, body: bytes) -> None:
        if not head.startswith(b"POST /api/batches"):
            return
        with contextlib.suppress(ValueError, OSError, EOFError):
            data = gzip.decompress(body) if b"content-encoding: gzip" in head.lower() else body
            with self._lock:
                self.forwarded.append(json.loads(data))


def _read_head(conn: socket.socket, buffer: bytes) -> tuple[bytes | None, bytes]:
    while b"\r\n\r\n" not in buffer:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        buffer += chunk
    end = buffer.index(b"\r\n\r\n") + 4
    return buffer[:end], buffer[end:]


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _read_exactly(conn: socket.socket, buffer: bytes, length: int) -> tuple[bytes, bytes]:
    while len(buffer) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        buffer += chunk
    return buffer[:length], buffer[length:]


def _response(status: int, body: bytes, content_type: str = "application/json") -> bytes:
    reason = {200: "OK", 500: "Internal Server Error", 503: "Service Unavailable"}[status]
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _reset(conn: socket.socket) -> None:
    """Close with RST rather than FIN: what a dropped link or a crashed server looks like."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
