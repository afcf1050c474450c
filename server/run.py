"""Start the office server under uvicorn."""

from __future__ import annotations

import errno
import socket
import sys
from pathlib import Path

import uvicorn

from server.app import create_app
from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.errors import ConfigError
from server.listening import uvicorn_settings


def serve(data: Path, host: str | None, port: int | None) -> int:
    config = load_config(data / CONFIG_NAME)
    if not (data / DATABASE_NAME).exists():
        raise ConfigError(f"{data / DATABASE_NAME}: no database. Fix: run 'onestop init --data {data}'")
    host = host or config.host
    port = config.port if port is None else port
    _check_port_free(host, port, config.path)
    app = create_app(config, data)
    # The database thread drops Python's lock at every SQLite statement; while a worker computes
    # a year of statistics it would wait up to 5 ms (the default) for it back, each statement —
    # ~0.5 s for one ticket. 0.5 ms keeps kiosks and counters at their idle latency (bench_stats.py).
    sys.setswitchinterval(0.0005)
    uvicorn.run(
        app, host=host, port=port, log_level="info", ws_ping_interval=20, ws_ping_timeout=20, **uvicorn_settings()
    )
    return 0


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
