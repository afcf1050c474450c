"""What one connection may cost the office server: the uvicorn settings both `onestop server` and the
embedded server (demo, tests) run with.

A kiosk must always get through. Without limits, connections that send half a request (or
nothing) stay open for ever, each holding a file descriptor, and about a thousand of them —
no token needed — leave none for the kiosks. So:

- a request must arrive whole, headers and body, within ``REQUEST_TIMEOUT_S`` of its first
  byte, and a new connection must begin one within that time (408, then closed);
- an idle keep-alive connection is closed after ``KEEP_ALIVE_S`` (uvicorn's own timer);
- one address holds at most ``MAX_CONNECTIONS_PER_ADDRESS`` connections at once (the office's
  devices need two each: requests and the event stream); more are refused with a 503 at once;
- a WebSocket frame may carry at most ``WS_MAX_MESSAGE`` bytes: clients send the event stream
  nothing it acts on, before they are known or after;
- the shipped systemd units raise the descriptor limit (deploy/, ``LimitNOFILE``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("onestop.server")

REQUEST_TIMEOUT_S = 5.0
KEEP_ALIVE_S = 5
MAX_CONNECTIONS_PER_ADDRESS = 256
WS_MAX_MESSAGE = 4096


def _answer(status: int, reason: str, code: str, en: str, vi: str) -> bytes:
    body = json.dumps({"error": code, "message": en, "message_vi": vi}, ensure_ascii=False).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


TOO_SLOW = _answer(
    408, "Request Timeout", "timeout",
    f"the request did not arrive whole within {REQUEST_TIMEOUT_S:g} s", "Yêu cầu gửi đến quá chậm",
)  # fmt: skip
TOO_MANY = _answer(
    503, "Service Unavailable", "too_many_connections",
    f"this address has {MAX_CONNECTIONS_PER_ADDRESS} connections open already; close some and try again",
    "Địa chỉ này đang mở quá nhiều kết nối",
)  # fmt: skip


def _host(connection: object) -> str | None:
    """The peer address of one of uvicorn's connections (HTTP or WebSocket), if known."""
    client = getattr(connection, "client", None)
    return str(client[0]) if isinstance(client, tuple) and client else None


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's HTTP protocol, with a deadline for each request to arrive and a cap per address."""

    _deadline: asyncio.TimerHandle | None = None
    _receiving = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        host = self.client[0] if self.client else None
        if host is not None:
            same = sum(1 for c in self.connections if _host(c) == host)
            if same > MAX_CONNECTIONS_PER_ADDRESS:
                transport.write(TOO_MANY)
                transport.close()
                return
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._receiving = True
        if self._deadline is None:
            self._arm()

    def on_message_complete(self) -> None:
        self._receiving = False
        self._disarm()
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        self._disarm()  # from here the WebSocket protocol's own pings and size limit apply
        super().handle_websocket_upgrade()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_TIMEOUT_S, self._on_deadline)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _on_deadline(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._receiving:
            self.transport.write(TOO_SLOW)
        elif self.cycle is not None and not self.cycle.response_complete:
            return  # the request arrived and is being answered: not the client's slowness
        self.transport.close()


def uvicorn_settings() -> dict[str, Any]:
    """The keyword arguments for ``uvicorn.Config`` / ``uvicorn.run`` that put the limits above in place."""
    return {"http": GuardedHttp, "timeout_keep_alive": KEEP_ALIVE_S, "ws_max_size": WS_MAX_MESSAGE}
