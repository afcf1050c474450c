"""The running office server's parts: configuration, the store on its thread, the event hub, the authenticator.

One OfficeServer per app (server/app.py builds it); routes reach it through
server/deps.py. The Store is created on the database thread and only ever
called there: routes pass its parts' bound methods to ``call``.

Its health: problems outside any request — a storage fault the database
reports (server/storage/faults.py), the clock (server/clock_watch.py) — kept
here on the event loop for /api/health, and sent to every live screen
(``EventHub.notify``) when they begin and end.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from core.clock_guard import GuardedClock, Jump
from server import clock_watch, schemas
from server.auth import Authenticator
from server.config import DATABASE_NAME, OfficeConfig, read_office_file
from server.dbthread import StoreThread
from server.handoff import TokenHandoff
from server.hub import EventHub
from server.live_estimates import LiveEstimates
from server.permissions import Device, Role
from server.rate_limit import SlidingWindow
from server.snapshots import Actor
from server.storage.faults import StorageFault
from server.storage.replay import EventReplay
from server.store import Store

VERSION = "0.1.0"

P = ParamSpec("P")
T = TypeVar("T")


class OfficeServer:
    def __init__(self, config: OfficeConfig, data_dir: Path, clock: Callable[[], float]) -> None:
        self._file_config = config
        self.data_dir = data_dir
        self.clock = clock
        self.hub = EventHub()
        self.auth = Authenticator(self._device_for_token)
        self.started = time.time()
        # Bookings per network address at /book (server/routes/booking_pages.py).
        self.booking_window = SlidingWindow(config.bookings_per_address_per_hour, 3600.0, clock)
        self._thread: StoreThread | None = None
        # Device name → (last request, epoch s; its User-Agent): the admin screens' device list. Kept in
        # memory, since writing it at every request would cost an fsync each; ``remember_seen`` writes
        # the devices seen since its last round (at most once a minute, and at shutdown) to the database.
        self.last_seen: dict[str, tuple[float, str | None]] = {}
        self._seen_since: set[str] = set()
        # Paired devices' tokens on their way from the approval to the waiting device (server/handoff.py).
        self.handoff = TokenHandoff()
        self._store: Store | None = None
        self._estimates: LiveEstimates | None = None
        # Problems outside any request, by code (one at a time per kind: "storage", "clock").
        self.problems: dict[str, schemas.HealthProblem] = {}
        # The clock jump the supervisor was last told about (None: none).
        self._reported_jump: Jump | None = None

    def open(self, loop: asyncio.AbstractEventLoop) -> None:
        def publish(events: list[dict[str, Any]]) -> None:
            # call_soon_threadsafe keeps commit order, and runs before the
            # answers to the same group are delivered (callbacks run FIFO).
            loop.call_soon_threadsafe(self._committed, events)

        def on_fault(fault: StorageFault | None) -> None:
            problem = None if fault is None else self._problem(fault.code, fault.message_en, fault.message_vi)
            loop.call_soon_threadsafe(self.set_problem, "storage", problem)

        def make() -> Store:
            path = self.data_dir / DATABASE_NAME
            if isinstance(self.clock, GuardedClock) and path.exists():
                # Before the first write: a PC booted in 2000 must not start an office day of 2000.
                records = Store(path, self._file_config.office, self.clock, read_only=True)
                try:
                    self.clock.not_before(records.events.last_event_at())
                finally:
                    records.close()
            seed = read_office_file(self._file_config.path) if self._file_config.path.is_file() else None
            store = Store(path, self._file_config.office, self.clock, publish, config=self._file_config, seed=seed)
            store.db.on_fault.append(on_fault)
            return store

        self._thread = StoreThread(make)
        self._store = self._thread.start()
        self._estimates = LiveEstimates(self._store, self.call, self.hub.publish, self.clock)

    def _committed(self, events: list[dict[str, Any]]) -> None:
        self.hub.publish(events)
        self.estimates.poke()

    @property
    def estimates(self) -> LiveEstimates:
        """The wait estimator (server/live_estimates.py): the app runs it as a task."""
        assert self._estimates is not None, "the server is not open"
        return self._estimates

    def close(self) -> None:
        if self._thread is not None:
            self._thread.stop()

    @property
    def config(self) -> OfficeConfig:
        """The configuration in use: office.toml's [server] and [security] with the live configuration's office,
        display, alert and rating settings (server/storage/settings.py). An immutable value, replaced whole by a
        change on the database thread: safe to read here."""
        if self._store is not None and self._store.settings.config is not None:
            return self._store.settings.config
        return self._file_config

    @property
    def store(self) -> Store:
        """The store, to name the method to ``call``: never call its methods on the event loop."""
        assert self._store is not None, "the server is not open"
        return self._store

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a Store method on the database thread; the answer comes once its change is durable."""
        assert self._thread is not None, "the server is not open"
        return await self._thread.call(fn, *args, **kwargs)

    def seen(self, device: Device, user_agent: str | None) -> None:
        if device.role is not Role.ADMIN:
            self.last_seen[device.name] = (time.time(), (user_agent or "")[:60] or None)
            self._seen_since.add(device.name)

    async def remember_seen(self) -> None:
        """Write the times of the devices seen since the last call to the database (one transaction)."""
        names, self._seen_since = self._seen_since, set()
        seen = {name: self.last_seen[name] for name in names if name in self.last_seen}
        if seen:
            await self.call(self.store.accounts.record_seen, seen)

    async def watch_storage(self) -> None:
        """Look for storage faults nobody has run into yet, and end those whose cause is gone (every second)."""
        assert self._thread is not None, "the server is not open"
        await self._thread.maintain(self.store.db.watch)

    async def watch_clock(self) -> None:
        """Tell the supervisor (an alert) and /api/health when the PC's clock jumped and office time did not follow."""
        if not isinstance(self.clock, GuardedClock):
            return
        jump = self.clock.jump
        if jump is self._reported_jump:
            return
        actor = Actor("server")
        if jump is None:
            self.set_problem("clock", None)
            await self.call(self.store.alerts.set, "clock", "ok", False, None, None, actor)
        else:
            en, vi = clock_watch.describe(jump, self.clock.trusted, self.store.db.tz)
            self.set_problem("clock", self._problem("clock_jump", en, vi))
            await self.call(self.store.alerts.set, "clock", "jumped", True, vi, en, actor)
        self._reported_jump = jump

    def _problem(self, code: str, en: str, vi: str) -> schemas.HealthProblem:
        return {"code": code, "message": en, "message_vi": vi, "since": time.time()}

    def set_problem(self, kind: str, problem: schemas.HealthProblem | None) -> None:
        """Begin, change or end the problem of one ``kind``; live screens are told (on the event loop only)."""
        before = self.problems.get(kind)
        if problem is None:
            if before is None:
                return
            del self.problems[kind]
        else:
            if before is not None and before["code"] == problem["code"]:
                return
            self.problems[kind] = problem
        self.hub.notify({"type": "health", **self.health()})

    def health(self) -> schemas.Health:
        problems = sorted(self.problems.values(), key=lambda p: p["since"])
        return {
            "status": "degraded" if problems else "ok",
            "version": VERSION,
            "uptime_s": round(time.time() - self.started, 1),
            "listeners": self.hub.listeners,
            "problems": problems,
        }

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
