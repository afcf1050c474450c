"""Start the office server under uvicorn: HTTPS for the devices, and the citizens' listener if configured."""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import socket
import sys
from pathlib import Path

import uvicorn

from server import access_log, tls
from server.app import create_app, office_of
from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.errors import ConfigError
from server.listening import uvicorn_settings
from server.public_app import create_public_app

log = logging.getLogger("onestop.server")


def serve(
    data: Path, host: str | None, port: int | None, *, insecure_http: bool = False, public_port: int | None = None
) -> int:
    config = load_config(data / CONFIG_NAME)
    if not (data / DATABASE_NAME).exists():
        raise ConfigError(f"{data / DATABASE_NAME}: no database. Fix: run 'onestop init --data {data}'")
    host = host or config.host
    port = config.port if port is None else port
    public_port = public_port or config.public_port
    files = tls.files(data)
    certfile = keyfile = None
    if files.ready() and not insecure_http:
        certfile, keyfile = str(files.cert), str(files.key)
    elif not insecure_http:
        raise ConfigError(
            f"{files.cert}: no TLS certificate, so tokens and PINs would cross the LAN in clear. "
            f"Fix: run 'onestop cert --data {data}' (or 'onestop init'), or pass --insecure-http to serve plain HTTP"
        )
    _check_port_free(host, port, config.path)
    if public_port is not None:
        if public_port == port:
            raise ConfigError(f"{config.path}: server.public_port: {port} is the devices' port. Fix: choose another")
        _check_port_free(host, public_port, config.path)
    app = create_app(config, data)
    # The database thread drops Python's lock at every SQLite statement; while a worker computes
    # a year of statistics it would wait up to 5 ms (the default) for it back, each statement —
    # ~0.5 s for one ticket. 0.5 ms keeps kiosks and counters at their idle latency (bench_stats.py).
    sys.setswitchinterval(0.0005)
    access_log.install()
    devices = uvicorn.Server(
        uvicorn.Config(
            app, host=host, port=port, log_level="info", ws_ping_interval=20, ws_ping_timeout=20,
            ssl_certfile=certfile, ssl_keyfile=keyfile, **uvicorn_settings(),
        )
    )
    citizens = None
    if public_port is not None:
        citizens = uvicorn.Server(
            uvicorn.Config(create_public_app(office_of(app)), host=host, port=public_port, log_level="info",
                           lifespan="off", **uvicorn_settings())
        )
    # Everything made so far (FastAPI, pydantic, the routes) lives as long as the server: out of the cyclic
    # collector's sight, a full collection — set off by a replay decoding thousands of events — walks only
    # what requests made, not the whole server (tests/server/test_replay_load.py: 100-250 ms pauses of every
    # thread before). Only here, in the server's own process: tests and the demo embed the server.
    gc.freeze()
    if insecure_http:
        log.warning(
            "serving plain HTTP on port %d (--insecure-http): device tokens, PINs and tickets' codes cross the LAN "
            "in clear. Run 'onestop cert --data %s' and restart without --insecure-http",
            port,
            data,
        )
    else:
        log.info("serving HTTPS on port %d with %s (clients: --ca %s)", port, files.cert, files.ca)
    if citizens is not None:
        log.info("citizens' pages on port %d (plain HTTP), nothing of the device API there", public_port)
    asyncio.run(_run(devices, citizens))
    return 0


async def _run(devices: uvicorn.Server, citizens: uvicorn.Server | None) -> None:
    """The devices' server (it opens the office and takes the signals), then the citizens' beside it."""
    main = asyncio.create_task(devices.serve())
    if citizens is None:
        await main
        return
    while not devices.started and not main.done():
        await asyncio.sleep(0.01)  # the office must be open before a citizen's request reaches it
    side = asyncio.create_task(citizens._serve())  # noqa: SLF001 — the signals are the devices' server's
    await asyncio.wait({main, side}, return_when=asyncio.FIRST_COMPLETED)
    devices.should_exit = citizens.should_exit = True
    await asyncio.gather(main, side, return_exceptions=True)


def _check_port_free(host: str, port: int, config_path: Path) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"{config_path}: server.port: port {port} on {host} is in use (another onestop server?). "
                    "Fix: stop the other program or choose another port with --port"
                ) from None
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
