"""The connection to the office database and its transactions: the one object every storage part writes through.

Every state change runs in one ``BEGIN IMMEDIATE`` transaction together with
the events that describe it, so the event stream and the tables never
disagree; the events are handed on (``on_commit``) only once the transaction
is durable.

Durability: WAL with ``synchronous=FULL``. In WAL mode NORMAL already
survives a SIGKILL of the server (the OS keeps the written WAL), but not a
power cut, and cheap office PCs lose power; FULL fsyncs the WAL at every
commit, so a ticket number that was printed is never handed out again after
the lights come back. It costs one fsync per change (see bench/).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database as SqliteUtilsDatabase

from core.clock import office_day
from core.model import Office
from server.errors import UnavailableError
from server.migrations import migrations

Event = dict[str, Any]
log = logging.getLogger("onestop.store")


class StoreBusyError(UnavailableError):
    """Another process holds the write lock longer than the busy timeout: a fault outside the request."""

    code = "busy"


class Database:
    """The connection, the office it describes, its clock, and the transaction in progress.

    Not thread-safe: the server uses it from one thread (server/dbthread.py).
    ``clock`` returns epoch seconds; tests pass a controllable one. ``office``
    is read at every call, so a part never keeps a copy of the configuration.
    """

    def __init__(self, path: Path, office: Office, clock: Callable[[], float], *, read_only: bool = False) -> None:
        self.path = path
        self.office = office
        self.tz = ZoneInfo(office.timezone)
        self.clock = clock
        self.read_only = read_only
        # Run at the start of every outermost transaction (the day roll-over).
        self.on_begin: list[Callable[[], None]] = []
        # Receives each committed batch of events, in commit order.
        self.on_commit: list[Callable[[list[Event]], None]] = []
        # Run when an outermost transaction is rolled back (what on_begin did is undone).
        self.on_rollback: list[Callable[[], None]] = []
        self._pending: list[Event] = []
        self._group_active = False
        if read_only:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=10)
            conn.row_factory = sqlite3.Row
            self.conn = conn
            return
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        self.conn = conn
        migrations.apply(SqliteUtilsDatabase(conn))

    def close(self) -> None:
        self.conn.close()

    def today(self) -> str:
        """The office-local date now: what numbering, queues and the roll-over are keyed by."""
        return office_day(self.clock(), self.tz)

    def record(self, event: Event) -> None:
        """Queue an event (already in the events table) to be published once this transaction commits."""
        self._pending.append(event)

    @property
    def last_recorded(self) -> Event:
        return self._pending[-1]

    @contextmanager
    def write(self) -> Iterator[None]:
        """One change, atomic; its events are published once it is durable.

        Alone, it is its own transaction. Inside ``group()`` it is a savepoint
        of the group's transaction: it still succeeds or fails as a whole, and
        is acknowledged after the group's single COMMIT.
        """
        if self._group_active:
            mark = len(self._pending)
            self.conn.execute("SAVEPOINT change")
            try:
                yield
                self.conn.execute("RELEASE change")
            except BaseException:
                self.conn.execute("ROLLBACK TO change")
                self.conn.execute("RELEASE change")
                del self._pending[mark:]
                raise
            return
        with self._transaction():
            yield

    @contextmanager
    def group(self) -> Iterator[None]:
        """Group commit: the changes made inside share one transaction and one fsync.

        With FULL durability every COMMIT waits for the disk (~4 ms here); the
        server thread runs all the requests that queued up meanwhile in one
        group, so 30 counters and 3 kiosks at once do not wait in line for
        the disk one by one. Each change keeps its own savepoint (see write()).
        """
        with self._transaction():
            self._group_active = True
            try:
                yield
            finally:
                self._group_active = False

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreBusyError(
                f"the office database is busy ({exc}); try again",
                "Cơ sở dữ liệu đang bận, vui lòng thử lại",
            ) from None
        self._pending = []
        try:
            for hook in self.on_begin:
                hook()
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._pending = []
            for undo in self.on_rollback:
                undo()
            raise
        events, self._pending = self._pending, []
        if events:
            for publish in self.on_commit:
                try:
                    publish(events)
                except Exception:
                    # Committed is committed: a failure to publish (a bug, or the loop closing at
                    # shutdown) must not turn acknowledged changes into errors. Screens catch up
                    # from /api/state when they reconnect.
                    log.exception("publishing %d committed events failed", len(events))
