"""A TCP proxy on loopback, outside the office server, that can lose single events of the event stream.

Clients talk to the proxy as they would to the server (HTTP, and the WebSocket of ``/api/events``);
every byte is passed on unchanged, except that the proxy reads the server's WebSocket frames and,
when told (``drop_events``), leaves out whole text frames that carry an event (a ``seq``): the
client sees an event go missing, nothing else — the connection stays up, the following events
arrive. ``cut()`` drops every connection at once (a network blip).

It asks the server for no WebSocket compression (it removes ``Sec-WebSocket-Extensions`` from the
upgrade request): with permessage-deflate a lost frame would break the following ones, which is
a different fault from a lost event.

    with EventProxy("127.0.0.1", office.port) as proxy:
        proxy.drop_events(1)            # the next event sent to any client is lost
        ...  # clients use proxy.url
        assert proxy.dropped == 1

Usable outside tests too (bench/chaos.py): it needs only the standard library.
"""

from __future__ import annotations

import asyncio
import json
import re
import struct
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

START_TIMEOUT_S = 10.0
_EXTENSIONS = re.compile(rb"\r\nsec-websocket-extensions:[^\r]*", re.IGNORECASE)


class EventProxy:
    """Forwards ``127.0.0.1:<port>`` to ``host:port`` on a thread of its own; see the module's docstring."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = 0
        self.dropped = 0
        self.forwarded_events = 0
        self._to_drop = 0
        self._drop_if: Callable[[dict[str, Any]], bool] | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- what to lose -----------------------------------------------------------------------

    def drop_events(self, count: int = 1, where: Callable[[dict[str, Any]], bool] | None = None) -> None:
        """Lose the next ``count`` events (those for which ``where(event)`` is true, if given), on any connection."""
        with self._lock:
            self._to_drop = count
            self._drop_if = where

    def _should_drop(self, payload: bytes) -> bool:
        with self._lock:
            if self._to_drop <= 0:
                return False
            try:
                message = json.loads(payload)
            except ValueError:
                return False
            if not isinstance(message, dict) or not isinstance(message.get("seq"), int):
                return False  # the hello or a health notice: not an event
            if message.get("type") == "hello" or (self._drop_if is not None and not self._drop_if(message)):
                return False
            self._to_drop -= 1
            self.dropped += 1
            return True

    def cut(self) -> None:
        """Close every connection now (clients see the network drop)."""
        loop = self._loop
        if loop is None:
            return

        def close_all() -> None:
            for writer in list(self._writers):
                writer.transport.abort()

        loop.call_soon_threadsafe(close_all)

    # -- running ----------------------------------------------------------------------------

    def start(self) -> EventProxy:
        ready = threading.Event()

        async def serve() -> None:
            self._loop = asyncio.get_running_loop()
            self._server = await asyncio.start_server(self._on_client, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            async with self._server:
                await self._server.serve_forever()

        def run() -> None:
            try:
                asyncio.run(serve())
            except asyncio.CancelledError:
                pass

        self._thread = threading.Thread(target=run, name="event-proxy", daemon=True)
        self._thread.start()
        if not ready.wait(START_TIMEOUT_S):
            raise RuntimeError("the event proxy did not start")
        return self

    def stop(self) -> None:
        loop, server = self._loop, self._server
        if loop is None or server is None:
            return

        def shut() -> None:
            for writer in list(self._writers):
                writer.transport.abort()
            server.close()
            for task in asyncio.all_tasks(loop):
                task.cancel()

        loop.call_soon_threadsafe(shut)
        if self._thread is not None:
            self._thread.join(START_TIMEOUT_S)
        self._loop = None

    def __enter__(self) -> EventProxy:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- one connection ---------------------------------------------------------------------

    async def _on_client(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.update((client_writer, server_writer))
        try:
            head = await _read_head(client_reader)
            upgrade = b"upgrade: websocket" in head.lower()
            if upgrade:
                head = _EXTENSIONS.sub(b"", head)
            server_writer.write(head)
            upstream = asyncio.create_task(_pipe(client_reader, server_writer))
            if upgrade:
                # The server's answer (101 Switching Protocols), then its frames one by one.
                client_writer.write(await _read_head(server_reader))
                downstream = asyncio.create_task(self._frames(server_reader, client_writer))
            else:
                downstream = asyncio.create_task(_pipe(server_reader, client_writer))
            await asyncio.wait((upstream, downstream), return_when=asyncio.FIRST_COMPLETED)
            for task in (upstream, downstream):
                task.cancel()
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            for writer in (client_writer, server_writer):
                self._writers.discard(writer)
                writer.transport.abort()

    async def _frames(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Pass the server's WebSocket frames on, leaving out the events to lose (RFC 6455 section 5.2)."""
        while True:
            first = await reader.readexactly(2)
            length = first[1] & 0x7F
            extra = b""
            if length == 126:
                extra = await reader.readexactly(2)
                length = struct.unpack("!H", extra)[0]
            elif length == 127:
                extra = await reader.readexactly(8)
                length = struct.unpack("!Q", extra)[0]
            mask = await reader.readexactly(4) if first[1] & 0x80 else b""
            payload = await reader.readexactly(length)
            opcode, final = first[0] & 0x0F, first[0] & 0x80
            if opcode == 0x1 and final and not mask and self._should_drop(payload):
                continue
            if opcode == 0x1:
                self.forwarded_events += 1
            writer.write(first + extra + mask + payload)
            await writer.drain()


async def _read_head(reader: asyncio.StreamReader) -> bytes:
    """An HTTP message's head, up to and including its blank line."""
    return await reader.readuntil(b"\r\n\r\n")


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
