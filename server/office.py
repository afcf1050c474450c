"""The running office server's parts: configuration, the store on its thread, the event hub, the authenticator.

One OfficeServer per app (server/app.py builds it); routes reach it through
server/deps.py. The Store is created on the database thread and only ever
called there: routes pass its parts' bound methods to ``call``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from server.auth import Authenticator
from server.config import DATABASE_NAME, OfficeConfig
from server.dbthread import StoreThread
from server.hub import EventHub
from server.permissions import Device
from server.rate_limit import SlidingWindow
from server.storage.replay import EventReplay
from server.store import Store

VERSION = "0.1.0"

P = ParamSpec("P")
T = TypeVar("T")


class OfficeServer:
    def __init__(self, config: OfficeConfig, data_dir: Path, clock: Callable[[], float]) -> None:
        self.config = config
        self.data_dir = data_dir
        self.clock = clock
        self.hub = EventHub()
        self.auth = Authenticator(self._device_for_token)
        self.started = time.time()
        # Bookings per network address at /book (server/routes/booking_pages.py).
        self.booking_window = SlidingWindow(config.bookings_per_address_per_hour, 3600.0, clock)
        self._thread: StoreThread | None = None
        self._store: Store | None = None

    def open(self, loop: asyncio.AbstractEventLoop) -> None:
        def publish(events: list[dict[str, Any]]) -> None:
            # call_soon_threadsafe keeps commit order, and runs before the
            # answers to the same group are delivered (callbacks run FIFO).
            loop.call_soon_threadsafe(self.hub.publish, events)

        def make() -> Store:
            return Store(self.data_dir / DATABASE_NAME, self.config.office, self.clock, publish)

        self._thread = StoreThread(make)
        self._store = self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            self._thread.stop()

    @property
    def store(self) -> Store:
        """The store, to name the method to ``call``: never call its methods on the event loop."""
        assert self._store is not None, "the server is not open"
        return self._store

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a Store method on the database thread; the answer comes once its change is durable."""
        assert self._thread is not None, "the server is not open"
        return await self._thread.call(fn, *args, **kwargs)

    def replay(self, device: Device) -> EventReplay:
        """A replay of the event log for ``device``, on a read-only connection of its own (never the database
        thread's); open it on a worker thread and close it there."""
        return EventReplay(self.data_dir / DATABASE_NAME, device)

    def call_blocking(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``call`` from outside the event loop (tests)."""
        assert self._thread is not None, "the server is not open"
        return self._thread.call_blocking(fn, *args, **kwargs)

    async def _device_for_token(self, token: str) -> Device | None:
        return await self.call(self.store.accounts.device_for_token, token)
