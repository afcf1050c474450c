"""A real office server on loopback, in this process, for tests.

Real uvicorn, real HTTP and WebSocket, a real SQLite file in a temp folder;
only the clock is ours, so tests can cross lunch breaks and midnights.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import requests

from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.embedded import EmbeddedServer, listening_socket
from server.permissions import Role
from server.procedures_file import SAMPLE_SOURCE, sample_catalogue
from server.store import Store

# 2026-11-27 08:00 in Hanoi (UTC+7): an ordinary Friday morning.
MORNING = 1795741200.0
TIMEOUT = 10
# The clerks' PIN in tests (6 digits: security.min_pin_digits's default).
PIN = "246810"


class FakeClock:
    def __init__(self, start: float = MORNING) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@dataclass
class Office:
    url: str
    data: Path
    clock: Any  # FakeClock in most tests; any callable returning epoch seconds
    tokens: dict[str, str] = field(default_factory=dict)
    server: EmbeddedServer | None = None
    # The office CA when served over HTTPS (requests verify with it).
    ca: Path | None = None

    @property
    def ws_url(self) -> str:
        return self.url.replace("https://", "wss://").replace("http://", "ws://") + "/api/events"

    def request(self, method: str, path: str, device: str | None = "kiosk", **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if device:
            headers["Authorization"] = f"Bearer {self.tokens[device]}"
        verify = str(self.ca) if self.ca else True
        return requests.request(method, self.url + path, headers=headers, timeout=TIMEOUT, verify=verify, **kwargs)

    def post(self, path: str, device: str | None = "kiosk", **kwargs: Any) -> requests.Response:
        return self.request("POST", path, device, **kwargs)

    def get(self, path: str, device: str | None = "kiosk", **kwargs: Any) -> requests.Response:
        return self.request("GET", path, device, **kwargs)

    def issue(self, service: str, priority: str | None = None) -> dict[str, Any]:
        response = self.post("/api/tickets", json={"service": service, "priority": priority})
        assert response.status_code == 201, response.text
        return response.json()

    def act(self, counter: int, action: str, **body: Any) -> requests.Response:
        return self.post(f"/api/counters/{counter}/{action}", f"counter{counter}", json=body or None)

    def rate(self, ticket: dict[str, Any], level: int = 3, device: str = "kiosk", **body: Any) -> requests.Response:
        """Rate ``ticket`` (an issue answer: it has its public code) at the kiosk with its code, or from a tablet."""
        query = f"?c={ticket['public_code']}" if device == "kiosk" else ""
        return self.post(f"/api/tickets/{ticket['id']}/rating{query}", device, json={"level": level, **body})

    def ticket(self, ticket_id: int) -> dict[str, Any]:
        """The ticket as a supervisor reads it: everything."""
        response = self.get(f"/api/tickets/{ticket_id}", "supervisor")
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def sign_in(self, counter: int, username: str | None = None) -> None:
        username = username or f"clerk{counter}"
        response = self.act(counter, "sign-in", username=username, pin=PIN)
        assert response.status_code == 200, response.text

    def settle_estimates(self) -> None:
        """Let the wait estimator run the batches due by the office clock now, and wait for them."""
        assert self.server is not None
        self.server.run(lambda office: office.estimates.settle(), timeout=60)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def restart(self) -> Office:
        """Stop and start again on the same port and data: what a server restart looks like to clients."""
        self.stop()
        return start_office(self.data, self.clock, self.tokens, self.port, tls=self.ca is not None)


def prepare_data(data: Path, config_text: str | None = None) -> None:
    data.mkdir(parents=True, exist_ok=True)
    if config_text is None:
        with resources.as_file(resources.files("server").joinpath("sample_office.toml")) as src:
            shutil.copyfile(src, data / CONFIG_NAME)
    else:
        (data / CONFIG_NAME).write_text(config_text, encoding="utf-8")


def register_devices(data: Path, clock: Callable[[], float]) -> dict[str, str]:
    """A kiosk, a display, a supervisor, a sync agent, and a device, a rating tablet and a clerk per counter."""
    config = load_config(data / CONFIG_NAME)
    store = Store(data / DATABASE_NAME, config.office, clock)
    tokens = {}
    for role in (Role.KIOSK, Role.DISPLAY, Role.SUPERVISOR, Role.SYNC):
        tokens[role.value] = store.accounts.add_device(role.value, role, None)
    for counter in config.office.counters:
        name = f"counter{counter.number}"
        tokens[name] = store.accounts.add_device(name, Role.COUNTER, counter.number)
        tablet = f"rating{counter.number}"
        tokens[tablet] = store.accounts.add_device(tablet, Role.RATING, counter.number)
        store.accounts.add_clerk(f"clerk{counter.number}", PIN, f"Cán bộ {counter.number}")
    store.close()
    return tokens


def load_sample_catalogue(data: Path, clock: Callable[[], float]) -> None:
    """The sample office's procedure catalogue, as `onestop init` loads it."""
    config = load_config(data / CONFIG_NAME)
    store = Store(data / DATABASE_NAME, config.office, clock)
    try:
        store.procedures.replace(sample_catalogue(config.office), SAMPLE_SOURCE)
    finally:
        store.close()


def free_socket(port: int = 0) -> socket.socket:
    return listening_socket("127.0.0.1", port)


def start_office(
    data: Path, clock: Callable[[], float], tokens: dict[str, str], port: int = 0, *, tls: bool = False
) -> Office:
    """Serve the office in a thread; ``port`` 0 picks a free one (pass the old one to restart)."""
    server = EmbeddedServer(data, clock, port=port, tls=tls)
    url = server.start()
    return Office(url=url, data=data, clock=clock, tokens=tokens, server=server, ca=server.ca)
