"""The office server's ASGI application: wiring, lifespan and error mapping."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from server.auth import Authenticator
from server.config import DATABASE_NAME, OfficeConfig
from server.dbthread import StoreThread
from server.http_errors import install_error_handlers
from server.hub import EventHub
from server.limits import BodyLimit
from server.store import Store

log = logging.getLogger("onestop.server")

VERSION = "0.1.0"
TICK_S = 30.0

class OfficeServer:
    """Holds the running server's parts; one per app."""

    def __init__(self, config: OfficeConfig, data_dir: Path, clock: Callable[[], float]):
        self.config = config
        self.data_dir = data_dir
        self.clock = clock
        self.hub = EventHub()
        self.db: StoreThread | None = None
        self.started = time.time()
        # Recent wrong PINs per counter (monotonic times), for the sign-in lockout.
        self.pin_failures: dict[int, list[float]] = {}

    def open(self, loop: asyncio.AbstractEventLoop) -> None:
        def publish(events: list[dict[str, Any]]) -> None:
            # call_soon_threadsafe keeps commit order, and runs before the
            # answers to the same group are delivered (callbacks run FIFO).
            loop.call_soon_threadsafe(self.hub.publish, events)

        def make() -> Store:
            return Store(self.data_dir / DATABASE_NAME, self.config.office, self.clock, publish)

        self.db = StoreThread(make)
        self.db.start()

    def close(self) -> None:
        if self.db is not None:
            self.db.stop()

    async def run(self, method: str, *args: object) -> Any:
        """Call a Store method on the database thread; the answer comes once it is durable."""
        assert self.db is not None, "the server is not open"
        return await self.db.run(method, *args)


def create_app(config: OfficeConfig, data_dir: Path, clock: Callable[[], float] = time.time) -> Any:
    """The ASGI app (FastAPI wrapped in the body-size limit)."""
    office = OfficeServer(config, data_dir, clock)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        office.open(asyncio.get_running_loop())
        ticker = asyncio.create_task(_tick(office))
        log.info("office server ready: %s", config.office.name)
        try:
            yield
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            office.close()

    app = FastAPI(
        title="onestop office server",
        version=VERSION,
        description="Queue tickets, counters and the live event stream of one office.",
        lifespan=lifespan,
    )
    app.state.office = office
    app.state.auth = Authenticator(lambda token: office.run("device_for_token", token))

    install_error_handlers(app)

    from server import routes, routes_alerts, routes_display, routes_ratings, routes_stats, routes_sync, stream

    app.include_router(routes.router)
    app.include_router(routes_ratings.router)
    app.include_router(routes_alerts.router)
    app.include_router(routes_sync.router)
    app.include_router(routes_stats.router)
    app.include_router(stream.router)
    app.include_router(routes_display.router)
    from server import routes_public

    app.include_router(routes_public.router)
    return BodyLimit(app)


async def _tick(office: OfficeServer) -> None:
    while True:
        await asyncio.sleep(TICK_S)
        try:
            await office.run("tick")
        except Exception:  # a bug: log it, the next tick tries again
            log.exception("day roll-over tick failed")
