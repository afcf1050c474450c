"""A TCP proxy on loopback that misbehaves on demand, as an office LAN does (bench/chaos.py).

Between the apps and the office server: it passes bytes through, and when told

- ``drop_all()`` cuts every open connection at once (a switch rebooting, a cable pulled);
- ``cut_answers(share)`` closes a connection instead of passing on an answer, for that share of the
  server's writes: the server has acted, the client never hears — the case idempotency keys are for;
- ``delay(seconds)`` holds every chunk that long in each direction (a congested Wi-Fi bridge).

It runs its own asyncio loop in a thread; the methods above are safe to call from any thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import threading

CHUNK = 65536


class FaultyProxy:
    def __init__(self, target_port: int, seed: int = 1) -> None:
        self.target_port = target_port
        self._rng = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._writers: set[asyncio.StreamWriter] = set()
        self._cut_share = 0.0
        self._delay_s = 0.0
        self.cut = 0  # answers withheld (connection closed instead)
        self.dropped = 0  # connections cut by drop_all
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._run, name="chaos-proxy", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    # -- faults --------------------------------------------------------------------------

    def drop_all(self) -> None:
        self._loop.call_soon_threadsafe(self._abort_all)

    def cut_answers(self, share: float) -> None:
        self._cut_share = share

    def delay(self, seconds: float) -> None:
        self._delay_s = seconds

    def heal(self) -> None:
        self._cut_share = 0.0
        self._delay_s = 0.0

    # -- the loop --------------------------------------------------------------------------

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        self._loop.run_forever()

    async def _serve(self) -> None:
        await asyncio.start_server(self._on_client, sock=self._listener)

    def _abort_all(self) -> None:
        for writer in list(self._writers):
            _abort(writer)
        self.dropped += len(self._writers) // 2
        self._writers.clear()

    async def _on_client(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:  # the server is down: the client sees its connection refused, as it would
            _abort(client_w)
            return
        pair = (client_w, server_w)
        self._writers.update(pair)
        await asyncio.gather(self._pump(client_r, server_w, pair, answers=False),
                             self._pump(server_r, client_w, pair, answers=True))  # fmt: skip
        self._writers.difference_update(pair)

    async def _pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        pair: tuple[asyncio.StreamWriter, asyncio.StreamWriter],
        answers: bool,
    ) -> None:
        try:
            while data := await reader.read(CHUNK):
                if self._delay_s:
                    await asyncio.sleep(self._delay_s)
                if answers and self._cut_share and self._rng.random() < self._cut_share:
                    self.cut += 1
                    break
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        for w in pair:  # one side gone (or cut): the other goes too
            _abort(w)


def _abort(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(Exception):
        writer.transport.abort()
