"""A real district server on loopback, in this process, for tests (like tests/helpers/office.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import uvicorn

from district.app import create_app
from district.database import database_url
from district.store import DistrictStore
from sync.batches import Scale, build
from tests.helpers.office import TIMEOUT, FakeClock, free_socket

SCALE = Scale(levels=("3", "2", "1"), negative=("1",))
DAY = "2026-11-27"


@dataclass
class District:
    url: str
    data: Path
    port: int
    db: str  # what --db takes (a SQLite URL for the embedded file)
    offices: dict[str, str] = field(default_factory=dict)  # office id → token
    readers: dict[str, str] = field(default_factory=dict)  # user name → token
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None

    def request(self, method: str, path: str, token: str | None, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.url + path, headers=headers, timeout=TIMEOUT, **kwargs)

    def stats(self, office: str, first: str, last: str) -> dict[str, Any]:
        response = self.request("GET", f"/api/offices/{office}/stats?from={first}&to={last}", self.readers["reader"])
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def stop(self) -> None:
        if self.server and self.thread:
            self.server.should_exit = True
            self.thread.join(TIMEOUT)


def prepare_district(
    data: Path, offices: dict[str, str], clock: FakeClock | None = None, db: str | None = None
) -> District:
    """A district database (``db``, or SQLite in ``data``) with these offices (id → name) and one reader, "reader"."""
    data.mkdir(parents=True, exist_ok=True)
    url = database_url(db, data)
    store = DistrictStore.open(url, clock or FakeClock(), upgrade=True)
    accounts = store.accounts
    tokens = {office_id: accounts.add_office(office_id, name) for office_id, name in offices.items()}
    readers = {"reader": accounts.add_user("reader")}
    store.close()
    return District(url="", data=data, port=0, db=url, offices=tokens, readers=readers)


def serve_in_thread(app: Any, port: int = 0) -> tuple[uvicorn.Server, threading.Thread, int]:
    sock = free_socket() if port == 0 else _bound(port)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    ready = threading.Event()

    def run() -> None:
        async def main() -> None:
            serving = asyncio.create_task(server.serve(sockets=[sock]))
            while not server.started and not serving.done():
                await asyncio.sleep(0.005)
            ready.set()
            await serving

        try:
            asyncio.run(main())
        finally:
            ready.set()
            sock.close()

    thread = threading.Thread(target=run, name="district-server", daemon=True)
    thread.start()
    if not ready.wait(TIMEOUT) or not server.started:
        server.should_exit = True
        thread.join(TIMEOUT)
        raise RuntimeError("district server did not start")
    return server, thread, port


def _bound(port: int) -> Any:
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


def start_district(district: District, clock: FakeClock | None = None, port: int = 0) -> District:
    """Serve ``district``'s data directory (again on ``port`` to restart it where agents expect it)."""
    app = create_app(district.db, clock or FakeClock())
    server, thread, port = serve_in_thread(app, port)
    district.server, district.thread, district.port = server, thread, port
    district.url = f"http://127.0.0.1:{port}"
    return district


# -- batches as the agent builds them --------------------------------------------


def cell(day: str = DAY, hour: int = 8, service: str = "A", **figures: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "day": day, "hour": hour, "service": service, "issued": 10, "served": 8, "no_show": 1, "cancelled": 1,
        "wait_mean_s": 300.0, "wait_p90_s": 600.0, "wait_max_s": 900.0, "service_mean_s": 240.0,
        "ratings": {"3": 4, "2": 2, "1": 1},
    }  # fmt: skip
    values.update(figures)
    return values


def batch(office: str, day: str, cells: list[dict[str, Any]], version: int) -> dict[str, Any]:
    """A batch body built by the agent's own builder (sync/batches.py)."""
    now = dt.datetime(2026, 11, 28, 1, 0, tzinfo=dt.UTC)
    return build(office, day, "2026-11-28", cells, SCALE, version, now).body


def post_batch(
    district: District, body: Any, token: str | None, raw: bytes | None = None, **headers: str
) -> requests.Response:
    """POST a batch gzipped like the agent does (or ``raw`` bytes as they are)."""
    data = raw if raw is not None else gzip.compress(json.dumps(body).encode())
    sent = {"Content-Type": "application/json", "Content-Encoding": "gzip", **headers}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    return requests.post(district.url + "/api/batches", data=data, headers=sent, timeout=TIMEOUT)


def a_month(
    district: District, office: str, last_day: str, days: int, seed: int, unhappy: float, load: float = 1.0
) -> None:
    """Post ``days`` days of plausible hourly figures for ``office``, ending ``last_day`` (for pages and benches)."""
    import random

    rng = random.Random(seed)
    end = dt.date.fromisoformat(last_day)
    for back in range(days - 1, -1, -1):
        day = (end - dt.timedelta(days=back)).isoformat()
        cells = []
        for hour in (7, 8, 9, 10, 13, 14, 15, 16):
            for service in "ABCDEF":
                issued = max(int(rng.gauss(6 * load, 2 * load)), 0)
                if not issued:
                    continue
                no_show = int(issued * 0.05 + rng.random() * 0.5)
                served = issued - no_show
                rated = int(served * rng.uniform(0.5, 0.9))
                bad = min(rated, int(rated * unhappy + rng.random()))
                mean = rng.uniform(300, 900) * load
                cells.append(
                    cell(day, hour, service, issued=issued, served=served, no_show=no_show, cancelled=0,
                         wait_mean_s=round(mean, 1), wait_p90_s=round(mean * 1.8, 1), wait_max_s=round(mean * 2.6, 1),
                         service_mean_s=round(rng.uniform(180, 700), 1),
                         ratings={"3": (rated - bad) // 2, "2": rated - bad - (rated - bad) // 2, "1": bad})
                )  # fmt: skip
        response = post_batch(district, batch(office, day, cells, 1), district.offices[office])
        assert response.status_code == 200, response.text
