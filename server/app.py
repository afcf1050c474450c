"""The office server's ASGI application: builds the OfficeServer, includes the routes, runs the day timer.

The one module that knows every route module; none of them imports it
(they depend on server/deps.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from fastapi import FastAPI

from core.clock_guard import GuardedClock
from server.config import OfficeConfig
from server.errors import UnavailableError
from server.http_errors import install_error_handlers
from server.limits import BodyLimit
from server.media import MAX_UPLOAD_BYTES
from server.office import VERSION, OfficeServer
from server.openapi import DescribedFastAPI
from server.routes import (
    admin,
    admin_config,
    admin_page,
    admin_people,
    admin_playlist,
    admin_procedures,
    alerts,
    audit,
    booking_pages,
    bookings,
    catalogue,
    counters,
    devices,
    display,
    events,
    office,
    pairing,
    playlist,
    procedures,
    public,
    public_live,
    ratings,
    stats,
    sync,
    tickets,
)
from server.routes.admin_playlist import UPLOAD_PATH

log = logging.getLogger("onestop.server")

TICK_S = 30.0
# How often the database file is looked at, and a storage fault's cause checked again.
WATCH_S = 1.0
# How often the devices' "last seen" goes to the database: at most one small write a minute, off the requests.
SEEN_FLUSH_S = 60.0
ROUTERS = (
    office, tickets, counters, ratings, alerts, audit, devices, bookings, sync, stats, procedures, events,
    display, public, public_live, catalogue, booking_pages,
    admin, admin_config, admin_people, admin_page, admin_procedures, admin_playlist, playlist, pairing,
)


def office_of(app: BodyLimit) -> OfficeServer:
    """The OfficeServer an app made by ``create_app`` runs (for the public listener, and tests)."""
    office: OfficeServer = app.app.state.office
    return office


def create_app(config: OfficeConfig, data_dir: Path, clock: Callable[[], float] | None = None) -> BodyLimit:
    """The device listener's ASGI app (FastAPI wrapped in the body-size limit); it opens and closes the server.

    ``clock``: the office's time; by default the PC's clock without its jumps (core/clock_guard.py).
    """
    server = OfficeServer(config, data_dir, clock or GuardedClock())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        server.open(asyncio.get_running_loop())
        await server.call(server.store.audit.config_loaded, _config_hash(config.path), str(config.path))
        tasks = [
            asyncio.create_task(_tick(server)),
            asyncio.create_task(_watch(server)),
            asyncio.create_task(server.estimates.run()),
            asyncio.create_task(_remember_seen(server)),
        ]
        log.info("office server ready: %s", config.office.name)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            with contextlib.suppress(UnavailableError):
                await server.remember_seen()  # a restart keeps the devices' last seen
            server.hub.close()  # the citizens' live pages end, so their listener can stop
            server.close()

    app = DescribedFastAPI(
        title="onestop office server",
        version=VERSION,
        description="Queue tickets, counters and the live event stream of one office.",
        lifespan=lifespan,
    )
    app.state.office = server
    install_error_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router)
    # A playlist upload is a file, not a form: its one route takes up to the video limit.
    return BodyLimit(app, per_path={UPLOAD_PATH: MAX_UPLOAD_BYTES})


def _config_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


async def _tick(server: OfficeServer) -> None:
    while True:
        await asyncio.sleep(TICK_S)
        try:
            await server.call(server.store.tick)
        except UnavailableError:
            pass  # a storage fault: the database says so, and _watch ends it
        except Exception:  # a bug: log it, the next tick tries again
            log.exception("day roll-over tick failed")


async def _remember_seen(server: OfficeServer) -> None:
    while True:
        await asyncio.sleep(SEEN_FLUSH_S)
        try:
            await server.remember_seen()
        except UnavailableError:
            pass  # a storage fault: the next round writes them (they stay in memory)
        except Exception:  # a bug: log it, the next round tries again
            log.exception("writing the devices' last seen failed")


async def _watch(server: OfficeServer) -> None:
    while True:
        await asyncio.sleep(WATCH_S)
        try:
            await server.watch_storage()
            await server.watch_clock()
        except UnavailableError:
            pass  # the clock's alert waits until the database can take it
        except Exception:  # a bug: log it, the next round tries again
            log.exception("watching the database and the clock failed")
