"""The office server on a thread of this process: for the demo and the tests.

Real uvicorn, real sockets; only the process is shared.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import uvicorn

from server.app import create_app
from server.config import CONFIG_NAME, load_config
from server.listening import uvicorn_settings

START_TIMEOUT_S = 15


def listening_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when the
    # listening socket says TCP; with proto 0, Nagle + delayed ACK add 40 ms to each keep-alive request.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


class EmbeddedServer:
    def __init__(
        self, data: Path, clock: Callable[[], float] | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        """``clock``: the office's time (default: the PC's, without its jumps)."""
        self.data = data
        config = load_config(data / CONFIG_NAME)
        self._sock = listening_socket(host, port)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._server = uvicorn.Server(
            uvicorn.Config(
                create_app(config, data, clock), log_level="warning", lifespan="on", ws_ping_interval=None,
                **uvicorn_settings(),
            )
        )
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        ready = threading.Event()

        async def main() -> None:
            serving = asyncio.create_task(self._server.serve(sockets=[self._sock]))
            while not self._server.started and not serving.done():
                await asyncio.sleep(0.005)
            ready.set()
            await serving

        def run() -> None:
            try:
                asyncio.run(main())
            finally:
                ready.set()
                self._sock.close()

        self._thread = threading.Thread(target=run, name="office-server", daemon=True)
        self._thread.start()
        if not ready.wait(START_TIMEOUT_S) or not self._server.started:
            self.stop()
            raise RuntimeError(f"the office server did not start on {self.url}")
        return self.url

    def stop(self) -> None:
        if self._thread is not None:
            self._server.should_exit = True
            self._thread.join(START_TIMEOUT_S)
            self._thread = None
