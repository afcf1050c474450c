"""The office database: the one module that opens the SQLite file and writes it.

Every state change runs in one ``BEGIN IMMEDIATE`` transaction together with
the events that describe it, so the event stream and the tables never
disagree. The queue rules themselves are the pure functions of ``core``; this
module feeds them rows and stores what they decide.

Durability: WAL with ``synchronous=FULL``. In WAL mode NORMAL already
survives a SIGKILL of the server (the OS keeps the written WAL), but not a
power cut, and cheap office PCs lose power; FULL fsyncs the WAL at every
commit, so a ticket number that was printed is never handed out again after
the lights come back. It costs one fsync per change (see bench/).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from core import estimate
from core.clock import office_day
from core.lifecycle import Action, TransitionError, next_status
from core.model import Office, TicketStatus
from core.queue import QueueEntry, position_in_queue
from server import snapshots
from server.accounts import Accounts
from server.alerts import Alerts
from server.counter_actions import CounterActions
from server.errors import ConflictError, InvalidError
from server.migrations import migrations
from server.public_tickets import PublicTickets, new_public_code
from server.ratings import Ratings
from server.reads import Reads
from server.stats import Stats
from server.sync_status import SyncStatus

Event = dict[str, Any]
log = logging.getLogger("onestop.store")
OPEN = ("waiting", "called", "serving")


class StoreBusyError(ConflictError):
    code = "busy"


class Store(Reads, CounterActions, Accounts, Ratings, Alerts, SyncStatus, Stats, PublicTickets):
    """Owns the office database. Not thread-safe: the server calls it from one thread.

    ``clock`` returns epoch seconds; tests pass a controllable one.
    ``on_commit`` receives each committed batch of events, in commit order.
    """

    def __init__(
        self,
        path: Path,
        office: Office,
        clock: Callable[[], float],
        on_commit: Callable[[list[Event]], None] | None = None,
        *,
        read_only: bool = False,
        roll_day: bool = True,
    ) -> None:
        """``read_only``: for reports beside the running server — no migration, no day roll-over, no write.

        ``roll_day=False``: for admin commands (devices, clerks) that write beside the running server;
        only the server closes a day, so its screens see the ``day.started`` event.
        """
        self._roll_enabled = roll_day and not read_only
        self.path = path
        self.office = office
        self.tz = ZoneInfo(office.timezone)
        self.clock = clock
        self.on_commit = on_commit
        self._pending: list[Event] = []
        self._day: str | None = None
        self._group_active = False
        self._owner: int | None = None
        if read_only:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=10)
            conn.row_factory = sqlite3.Row
            self.db = Database(conn)
            self.conn = conn
            return
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        self.db = Database(conn)
        self.conn = conn
        migrations.apply(self.db)
        with self.write():
            for counter in office.counters:
                conn.execute("INSERT OR IGNORE INTO counter_state (number) VALUES (?)", (counter.number,))

    def close(self) -> None:
        self.conn.close()

    # -- transactions and events -------------------------------------------

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
            self._roll_day()
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._pending = []
            self._day = None  # a rolled-back day change must run again
            raise
        events, self._pending = self._pending, []
        if events and self.on_commit:
            try:
                queues = self.queues()
                for event in events:
                    event["queues"] = queues
                self.on_commit(events)
            except Exception:
                # Committed is committed: a failure to publish (a bug, or the loop closing at
                # shutdown) must not turn acknowledged changes into errors. Screens catch up
                # from /api/state when they reconnect.
                log.exception("publishing %d committed events failed", len(events))

    def _emit(
        self,
        type_: str,
        *,
        ticket_id: int | None = None,
        counter: int | None = None,
        actor: snapshots.Actor | None = None,
        **data: Any,
    ) -> Event:
        now = self.clock()
        if actor and actor.clerk is None and counter is not None:
            clerk = self._counter_row(counter)["clerk"]
            actor = snapshots.Actor(actor.device, clerk)
        payload: Event = {"type": type_, "at": snapshots.iso(now, self.tz), **data}
        if ticket_id is not None:
            payload["ticket"] = self.ticket(ticket_id)
        if counter is not None:
            payload["counter"] = self.counter(counter)
        if actor:
            payload["actor"] = {"device": actor.device, "clerk": actor.clerk}
        cur = self.conn.execute(
            "INSERT INTO events (at, type, ticket_id, counter, device, clerk, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                now,
                type_,
                ticket_id,
                counter,
                actor and actor.device,
                actor and actor.clerk,
                json.dumps(payload, ensure_ascii=False),
            ),
        )
        payload["seq"] = cur.lastrowid
        self._pending.append(payload)
        return payload

    def today(self) -> str:
        return office_day(self.clock(), self.tz)

    def _roll_day(self) -> None:
        """At the first change of a new office day, close what the last day left open.

        Nothing is deleted: yesterday's tickets stay, closed as cancelled with
        reason ``day_end``, and numbering restarts because it is keyed by day.
        """
        today = self.today()
        if today == self._day or not self._roll_enabled:
            return
        self._day = today
        # The statistics' saved days (server/stats.py DayCache): today and later ones are open again
        # if the clock went backwards, and the days of the tickets closed here change.
        self.stats_cache.forget_from(today)
        stale = self.conn.execute(
            f"SELECT id, day FROM tickets WHERE day < ? AND status IN {OPEN}", (today,)
        ).fetchall()
        self.stats_cache.forget({day for _, day in stale})
        if not stale and self._no_stale_sign_ins(today):
            return
        now = self.clock()
        for ticket_id, _ in stale:
            self.conn.execute(
                "UPDATE tickets SET status = 'cancelled', finished_at = ?, close_reason = 'day_end' WHERE id = ?",
                (now, ticket_id),
            )
        self.conn.execute(
            "UPDATE counter_state SET clerk = NULL, signed_in_at = NULL, paused = 0, "
            "pause_reason = NULL, paused_at = NULL, regular_since_priority = 0"
        )
        self._emit("day.started", day=today, closed_tickets=len(stale))

    def _no_stale_sign_ins(self, today: str) -> bool:
        rows = self.conn.execute("SELECT signed_in_at FROM counter_state WHERE clerk IS NOT NULL")
        return all(office_day(r[0], self.tz) == today for r in rows)

    def tick(self) -> None:
        """Run the day roll-over even when nobody issues a ticket (called by a timer)."""
        if self.today() != self._day:
            with self.write():
                pass

    # -- issuing ----------------------------------------------------------------

    def issue_ticket(self, service: str, priority: str | None, actor: snapshots.Actor) -> dict[str, Any]:
        try:
            svc = self.office.service(service)
        except KeyError:
            known = ", ".join(s.code for s in self.office.services)
            raise InvalidError(
                f"unknown service {service!r}; this office has {known}",
                f"Không có lĩnh vực {service!r}; các lĩnh vực: {known}",
            ) from None
        groups = [g.code for g in self.office.priority_groups]
        if priority is not None and priority not in groups:
            raise InvalidError(
                f"unknown priority group {priority!r}; use one of {', '.join(groups) or '(none configured)'} or null",
                f"Không có nhóm ưu tiên {priority!r}",
            )
        # The secret of the ticket's public page (its QR code). Only the issuing device and
        # GET /api/tickets/{id} for kiosks and supervisors see it — never the event stream,
        # whose display token sits in a TV's address bar.
        code = new_public_code()
        with self.write():
            now = self.clock()
            day = self.today()
            # Numbering and the ticket are one transaction: no gap, no repeat.
            seq = self.conn.execute(
                "INSERT INTO sequences (day, service, last) VALUES (?, ?, 1) "
                "ON CONFLICT (day, service) DO UPDATE SET last = last + 1 RETURNING last",
                (day, svc.code),
            ).fetchone()[0]
            # Not yet inserted: an id above all others puts it behind every ticket already waiting.
            ahead_entry = QueueEntry(2**62, svc.code, priority is not None, now)
            ahead = position_in_queue(ahead_entry, self._waiting((svc.code,)), self.office.priority)
            wait = estimate.estimate_wait_s(ahead, self._mean_service_s(svc.code), self._open_counters(svc.code))
            cur = self.conn.execute(
                "INSERT INTO tickets (day, service, original_service, seq, label, priority, status, "
                "issued_at, queue_key, issued_by, waiting_ahead, estimated_wait_s, public_code) "
                "VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?)",
                (
                    *(day, svc.code, svc.code, seq, svc.label.format(seq), priority, now, now, actor.device),
                    *(ahead, wait, code),
                ),
            )
            ticket_id = cur.lastrowid
            assert ticket_id is not None
            event = self._emit("ticket.issued", ticket_id=ticket_id, actor=actor)
        return {**event["ticket"], "public_code": code}

    # -- ticket actions outside a counter -------------------------------------

    def cancel(self, ticket_id: int, actor: snapshots.Actor) -> dict[str, Any]:
        with self.write():
            row = self._ticket_row(ticket_id)
            self._check(row, Action.CANCEL)
            self.conn.execute(
                "UPDATE tickets SET status = 'cancelled', finished_at = ?, close_reason = 'cancelled' WHERE id = ?",
                (self.clock(), ticket_id),
            )
            event = self._emit("ticket.cancelled", ticket_id=ticket_id, actor=actor)
        return dict(event["ticket"])

    def requeue(self, ticket_id: int, actor: snapshots.Actor) -> dict[str, Any]:
        with self.write():
            row = self._ticket_row(ticket_id)
            self._requeue_row(row, actor)
            event = self._pending[-1]
        return dict(event["ticket"])

    def _requeue_row(self, row: sqlite3.Row, actor: snapshots.Actor) -> None:
        self._check(row, Action.REQUEUE)
        if row["requeued"]:
            raise ConflictError(
                f"ticket {row['label']} was already requeued once after a no-show",
                f"Vé {row['label']} đã được xếp lại một lần",
            )
        if row["day"] != self.today():
            raise ConflictError(
                f"ticket {row['label']} belongs to {row['day']}; take a new number",
                f"Vé {row['label']} thuộc ngày {row['day']}; vui lòng lấy số mới",
            )
        # A requeued no-show goes to the back: the others waited through its call.
        self.conn.execute(
            "UPDATE tickets SET status = 'waiting', queue_key = ?, requeued = 1, counter = NULL, "
            "finished_at = NULL WHERE id = ?",
            (self.clock(), row["id"]),
        )
        self._emit("ticket.requeued", ticket_id=row["id"], actor=actor)

    def _check(self, row: sqlite3.Row, action: Action) -> TicketStatus:
        try:
            return next_status(TicketStatus(row["status"]), action, label=row["label"])
        except TransitionError as exc:
            raise ConflictError(
                str(exc),
                f"Không thể thực hiện với vé {row['label']}: vé đang ở trạng thái {snapshots.STATUS_VI[row['status']]}",
            ) from None

    # the counter's actions live in server/counter_ops.py (CounterOps mixes in)
