"""The office server on a thread of this process: for the demo and the tests.

Real uvicorn, real sockets; only the process is shared. ``tls=True`` serves
HTTPS with the office's certificate (made in DATA/tls if missing), as
``onestop server`` does; ``public=True`` also runs the citizens' listener.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import uvicorn

from server import tls as office_tls
from server.app import create_app, office_of
from server.config import CONFIG_NAME, load_config
from server.listening import uvicorn_settings
from server.office import OfficeServer
from server.public_app import create_public_app

T = TypeVar("T")

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
        self,
        data: Path,
        clock: Callable[[], float] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tls: bool = False,
        public: bool = False,
    ) -> None:
        """``clock``: the office's time (default: the PC's, without its jumps)."""
        self.data = data
        config = load_config(data / CONFIG_NAME)
        self._sock = listening_socket(host, port)
        self.port = self._sock.getsockname()[1]
        self.ca: Path | None = None
        certfile = keyfile = None
        if tls:
            files = office_tls.ensure(data, config.office.name)
            self.ca, certfile, keyfile = files.ca, str(files.cert), str(files.key)
        self.url = f"{'https' if tls else 'http'}://{host}:{self.port}"
        self.app = create_app(config, data, clock)
        self._server = uvicorn.Server(
            uvicorn.Config(
                self.app, log_level="warning", lifespan="on", ws_ping_interval=None,
                ssl_certfile=certfile, ssl_keyfile=keyfile, **uvicorn_settings(),
            )
        )
        self._public: uvicorn.Server | None = None
        self._public_sock: socket.socket | None = None
        self.public_url: str | None = None
        if public:
            self._public_sock = listening_socket(host, 0)
            self.public_url = f"http://{host}:{self._public_sock.getsockname()[1]}"
            self._public = uvicorn.Server(
                uvicorn.Config(
                    create_public_app(office_of(self.app)), log_level="warning", lifespan="off", **uvicorn_settings()
                )
            )
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def office(self) -> OfficeServer:
        """The running server's parts (tests reach its store through ``call_blocking``)."""
        return office_of(self.app)

    def start(self) -> str:
        ready = threading.Event()

        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            serving = asyncio.create_task(self._server.serve(sockets=[self._sock]))
            while not self._server.started and not serving.done():
                await asyncio.sleep(0.005)
            tasks = [serving]
            if self._public is not None and self._public_sock is not None:
                public = self._public
                tasks.append(asyncio.create_task(public._serve(sockets=[self._public_sock])))  # noqa: SLF001
                while not public.started and not tasks[-1].done():
                    await asyncio.sleep(0.005)
            ready.set()
            await asyncio.gather(*tasks)

        def run() -> None:
            try:
                asyncio.run(main())
            finally:
                ready.set()
                self._sock.close()
                if self._public_sock is not None:
                    self._public_sock.close()

        self._thread = threading.Thread(target=run, name="office-server", daemon=True)
        self._thread.start()
        if not ready.wait(START_TIMEOUT_S) or not self._server.started:
            self.stop()
            raise RuntimeError(f"the office server did not start on {self.url}")
        return self.url

    def run(self, work: Callable[[OfficeServer], Coroutine[Any, Any, T]], timeout: float = START_TIMEOUT_S) -> T:
        """Run ``work(office)`` on the server's event loop and wait for its answer (tests, benches:
        e.g. ``server.run(lambda office: office.estimates.settle())``)."""
        assert self._loop is not None, "the server is not running"
        return asyncio.run_coroutine_threadsafe(work(self.office), self._loop).result(timeout)

    def stop(self) -> None:
        if self._thread is not None:
            if self._public is not None:
                self._public.should_exit = True
            self._server.should_exit = True
            self._thread.join(START_TIMEOUT_S)
            self._thread = None
