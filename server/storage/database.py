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

Faults (server/storage/faults.py): a write that fails for a reason outside the
request — disk full, read-only, locked by another program, the file removed or
damaged — raises a ``StorageFault`` (503) and puts the database in that fault:
from then on writes are refused at once (reads go on where they can) until
``watch``, run every second by the server, finds the cause gone. Nothing is
acknowledged that is not durable, and a failing ROLLBACK never hides the error
that made it necessary.
"""

from __future__ import annotations

import contextlib
import enum
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
from server.errors import ConfigError
from server.migrations import migrations
from server.storage.faults import BUSY, CORRUPT, DISK_ERROR, MISSING, StorageFault, fault_for
from server.storage.file_guard import FileGuard

Event = dict[str, Any]
log = logging.getLogger("onestop.store")

# How long a write waits for another program's lock before it is a fault. Admin commands hold
# the lock for milliseconds; a kiosk's request gives up after 5 s.
BUSY_TIMEOUT_MS = 2000
# While the database is held by another program, each check waits only this long.
PROBE_BUSY_TIMEOUT_MS = 100


class Access(enum.Enum):
    """Who opens the database, which decides what the connection may do."""

    SERVER = "server"  # the one server: applies migrations, checkpoints, watches the file
    ADMIN = "admin"  # admin commands beside a live server: short writes, never a migration or a checkpoint
    READ_ONLY = "read_only"  # reports, `onestop status`, the demo: no write at all


# Kept for code that names the old class: a busy database is one kind of storage fault.
StoreBusyError = StorageFault


class Database:
    """The connection, the office it describes, its clock, the transaction in progress and the fault, if any.

    Not thread-safe: the server uses it from one thread (server/dbthread.py).
    ``clock`` returns epoch seconds; tests pass a controllable one. ``office``
    is read at every call, so a part never keeps a copy of the configuration.
    """

    def __init__(
        self, path: Path, office: Office, clock: Callable[[], float], *, access: Access = Access.SERVER
    ) -> None:
        self.path = path
        self.office = office
        self.tz = ZoneInfo(office.timezone)
        self.clock = clock
        self.access = access
        self.read_only = access is Access.READ_ONLY
        # Run at the start of every outermost transaction (the day roll-over).
        self.on_begin: list[Callable[[], None]] = []
        # Receives each committed batch of events, in commit order.
        self.on_commit: list[Callable[[list[Event]], None]] = []
        # Run when an outermost transaction is rolled back (what on_begin did is undone).
        self.on_rollback: list[Callable[[], None]] = []
        # Told when a fault begins (the fault) and ends (None).
        self.on_fault: list[Callable[[StorageFault | None], None]] = []
        self.fault: StorageFault | None = None
        self._pending: list[Event] = []
        self._depth = 0
        self._guard = FileGuard(path)
        self.conn = self._connect()
        if access is Access.SERVER:
            migrations.apply(SqliteUtilsDatabase(self.conn))
            self._guard.note()
        elif access is Access.ADMIN:
            pending = migrations.pending(SqliteUtilsDatabase(self.conn))
            if pending:
                self.conn.close()
                raise ConfigError(
                    f"{path}: the database needs an upgrade ({pending[0].name}) that only the server makes. "
                    "Fix: start 'onestop server' once (it upgrades the database), then run this command again"
                )

    def _connect(self) -> sqlite3.Connection:
        if self.access is Access.READ_ONLY:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10)
            conn.row_factory = sqlite3.Row
            return conn
        timeout = BUSY_TIMEOUT_MS / 1000 if self.access is Access.SERVER else 10
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=timeout)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if self.access is Access.ADMIN:
            # Only the server writes the main file (checkpoints): see server/storage/file_guard.py.
            conn.execute("PRAGMA wal_autocheckpoint=0")
        return conn

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

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[None]:
        """One change, atomic; its events are published once it is durable.

        Alone, it is its own transaction. Inside another (``group()``, or a change that
        makes others) it is a savepoint: it still succeeds or fails as a whole, and is
        acknowledged after the outer transaction's single COMMIT.
        """
        if self._depth == 0:
            with self._transaction():
                yield
            return
        mark = len(self._pending)
        self._execute("SAVEPOINT change")
        self._depth += 1
        try:
            yield
        except BaseException as exc:
            del self._pending[mark:]
            fault = self.fault_from(exc)
            try:
                self.conn.execute("ROLLBACK TO change")
                self.conn.execute("RELEASE change")
            except sqlite3.Error as undo:
                # SQLite rolled the whole transaction back itself (disk full, I/O error): the group is lost.
                raise (fault or self._fail(undo)) from exc
            if fault is not None and fault is not exc:
                raise fault from exc
            raise
        else:
            self._execute("RELEASE change")
        finally:
            self._depth -= 1

    @contextmanager
    def group(self) -> Iterator[None]:
        """Group commit: the changes made inside share one transaction and one fsync.

        With FULL durability every COMMIT waits for the disk (~4 ms here); the
        server thread runs all the requests that queued up meanwhile in one
        group, so 30 counters and 3 kiosks at once do not wait in line for
        the disk one by one. Each change keeps its own savepoint (see write()).
        """
        with self._transaction():
            yield

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.fault is not None:
            # Refused at once until watch() sees the cause gone: a new instance, not the old one re-raised.
            raise StorageFault(self.fault.reason, self.fault.detail)
        if self.access is Access.SERVER:
            try:
                self._guard.check(self.conn)
            except StorageFault as fault:
                self._set_fault(fault)
                raise
        self._execute("BEGIN IMMEDIATE")
        self._pending = []
        self._depth = 1
        try:
            for hook in self.on_begin:
                hook()
            yield
            self._execute("COMMIT")
        except BaseException as exc:
            self._rollback_after(exc)
            lost = self.fault_from(exc)
            if lost is not None and lost is not exc:
                raise lost from exc
            raise
        finally:
            self._depth = 0
        if self.access is Access.SERVER:
            self._guard.note()  # a checkpoint in this COMMIT wrote the main file: ours
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

    def _rollback_after(self, exc: BaseException) -> None:
        """Undo the transaction that ``exc`` ended; a ROLLBACK that fails too is logged, never raised."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error as undo:
                log.error("ROLLBACK failed after %s: %s", type(exc).__name__, undo)
        self._pending = []
        for undo_hook in self.on_rollback:
            undo_hook()

    def _execute(self, sql: str) -> None:
        """A statement of the transaction machinery; an SQLite fault becomes a StorageFault."""
        try:
            self.conn.execute(sql)
        except sqlite3.Error as exc:
            fault = self._fault_for(exc)
            if fault is None:
                raise
            raise fault from exc

    # -- faults ---------------------------------------------------------------------------

    def _fault_for(self, exc: sqlite3.Error) -> StorageFault | None:
        """The fault ``exc`` stands for (and the database is in from now on), or None for a bug."""
        fault = fault_for(exc, self.path)
        if fault is not None:
            self._set_fault(fault)
        return fault

    def _fail(self, exc: sqlite3.Error) -> StorageFault:
        """The fault for an undo that failed: SQLite already dropped the transaction, whatever the error says."""
        fault = self._fault_for(exc)
        if fault is None:
            fault = StorageFault(DISK_ERROR, f"the transaction was lost: {exc}")
            self._set_fault(fault)
        return fault

    def fault_from(self, exc: BaseException) -> StorageFault | None:
        """For the database thread: the fault an exception of a call stands for, if any."""
        if isinstance(exc, StorageFault):
            return exc
        if isinstance(exc, sqlite3.Error):
            return self._fault_for(exc)
        return None

    def _set_fault(self, fault: StorageFault) -> None:
        if self.access is not Access.SERVER:
            return  # an admin command reports its error and exits; only the server keeps a state
        if self.fault is not None and self.fault.reason == fault.reason:
            return
        log.error("storage fault (%s): %s — %s", fault.reason, fault.message_en, fault.detail)
        self.fault = fault
        for tell in self.on_fault:
            tell(fault)

    def _clear_fault(self) -> None:
        assert self.fault is not None
        log.warning("storage fault (%s) is over: the office database is writable again", self.fault.reason)
        self.fault = None
        for tell in self.on_fault:
            tell(None)

    def watch(self) -> None:
        """Run every second outside any transaction: find faults nobody wrote into, end those whose cause is gone."""
        if self.access is not Access.SERVER:
            return
        if self.fault is None:
            try:
                self._guard.check(self.conn)
            except StorageFault as fault:
                self._set_fault(fault)
            else:
                return
        assert self.fault is not None
        if self.fault.reason in (MISSING, CORRUPT):
            if not self._write_back():
                return
        elif self.fault.reason != BUSY:
            self._reopen()  # a file system remounted or fixed is reached through new file descriptors
        if self._probe():
            self._clear_fault()

    def _probe(self) -> bool:
        """A real write, waiting only briefly for another program's lock: True if it is durable."""
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {PROBE_BUSY_TIMEOUT_MS}")
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('last_check', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(self.clock()),),
            )
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            fault = fault_for(exc, self.path)
            if fault is not None and self.fault is not None and fault.reason != self.fault.reason:
                log.error("storage fault is now %s: %s", fault.reason, fault.detail)
                self.fault = fault
                for tell in self.on_fault:
                    tell(fault)
            return False
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._guard.note()
        return True

    def _reopen(self) -> None:
        """A new connection for the old one, if it opens (the old one goes on serving reads if not)."""
        if not self.path.exists():
            return
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            log.debug("reopening %s failed: %s", self.path, exc)
            return
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self.conn = conn
        self._guard.note()

    def _write_back(self) -> bool:
        assert self.fault is not None
        copy = self._guard.write_back(self.conn, "damaged" if self.fault.reason == CORRUPT else "replaced")
        if copy is None:
            return False
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()  # its checkpoint goes to the old file; its WAL is deleted
        self._guard.put_in_place(copy)
        self.conn = self._connect()
        self._guard.note()
        log.warning("the office database was written back to %s from the server's open copy: nothing lost", self.path)
        return True
