"""What a counter does (table ``counter_state``, and the tickets it calls): sign in, call, serve, pause.

Every method is one transaction; the queue rule that picks the next ticket is core.queue.pick_next.
"""

from __future__ import annotations

import sqlite3

from core.lifecycle import Action
from core.queue import Bookings, pick_next
from server import schemas
from server.errors import ConflictError, InvalidError, NotFoundError
from server.snapshots import Actor
from server.storage.accounts import Accounts
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.events import EventLog
from server.storage.tickets import Tickets, check
from server.storage.views import Views


class Counters:
    def __init__(
        self, db: Database, events: EventLog, views: Views, tickets: Tickets, accounts: Accounts, audit: AuditTrail
    ) -> None:
        self._db = db
        self._events = events
        self._views = views
        self._tickets = tickets
        self._accounts = accounts
        self._audit = audit

    def sign_in(self, number: int, username: str, actor: Actor) -> schemas.Counter:
        """Sign a clerk in (the PIN was checked by the caller, off the database thread)."""
        with self._db.write():
            row = self._views.counter_row(number)
            if self._db.office.counter(number).closed:
                raise ConflictError(
                    f"counter {number} is closed by the administrator: sign in at another counter, or ask them "
                    "to open it (Admin → Counters)",
                    f"Quầy {number} đã được quản trị viên đóng: hãy đăng nhập ở quầy khác, hoặc đề nghị mở lại "
                    "(Quản trị → Quầy)",
                    code="counter_closed",
                )
            elsewhere = self._db.conn.execute(
                "SELECT number FROM counter_state WHERE clerk = ? AND number != ?", (username, number)
            ).fetchall()
            for (other,) in elsewhere:
                # One clerk, one counter: moving counters signs her out of the old one.
                self._sign_out_row(other, actor, reason="moved")
            if row["clerk"] and row["clerk"] != username:
                self._sign_out_row(number, actor, reason="replaced")
            self._db.conn.execute(
                "UPDATE counter_state SET clerk = ?, signed_in_at = ?, paused = 0, pause_reason = NULL, "
                "paused_at = NULL WHERE number = ?",
                (username, self._db.clock(), number),
            )
            self._accounts.sign_in_succeeded(username)
            self._audit.record("sign_in", actor, clerk=username, counter=number)
            self._events.emit("counter.signed_in", counter=number, actor=actor)
        return self._views.counter(number)

    def sign_out(self, number: int, actor: Actor) -> schemas.Counter:
        with self._db.write():
            self._views.counter_row(number)
            if self._views.active_ticket(number) is not None:
                raise ConflictError(
                    "finish, transfer or mark no-show the current ticket before signing out",
                    "Hãy hoàn thành, chuyển quầy hoặc đánh dấu vắng mặt vé hiện tại trước khi đăng xuất",
                )
            self._sign_out_row(number, actor, reason="signed_out")
        return self._views.counter(number)

    def _sign_out_row(self, number: int, actor: Actor, reason: str) -> None:
        clerk = self._views.counter_row(number)["clerk"]
        self._audit.record("sign_out", actor, clerk=clerk, counter=number, reason=reason)
        self._db.conn.execute(
            "UPDATE counter_state SET clerk = NULL, signed_in_at = NULL, paused = 0, "
            "pause_reason = NULL, paused_at = NULL WHERE number = ?",
            (number,),
        )
        self._events.emit("counter.signed_out", counter=number, actor=actor, reason=reason)

    def _ready_row(self, number: int) -> sqlite3.Row:
        """The counter's state row, refusing if nobody is signed in or it is paused."""
        row = self._views.counter_row(number)
        if not row["clerk"]:
            raise ConflictError(
                f"counter {number}: a clerk must sign in first",
                f"Quầy {number}: cán bộ cần đăng nhập trước",
                code="not_signed_in",
            )
        if row["paused"]:
            raise ConflictError(
                f"counter {number} is paused; resume it first",
                f"Quầy {number} đang tạm dừng; hãy tiếp tục trước",
                code="paused",
            )
        return row

    def _active_or_fail(self, number: int) -> sqlite3.Row:
        row = self._views.active_ticket(number)
        if row is None:
            raise ConflictError(
                f"counter {number} has no current ticket",
                f"Quầy {number} chưa có vé đang phục vụ",
                code="no_current_ticket",
            )
        return row

    def _finish_current(self, number: int, actor: Actor, *, auto: bool) -> None:
        current = self._views.active_ticket(number)
        if current is None:
            return
        check(current, Action.FINISH)
        self._db.conn.execute(
            "UPDATE tickets SET status = 'done', finished_at = ? WHERE id = ?", (self._db.clock(), current["id"])
        )
        self._events.emit("ticket.finished", ticket_id=current["id"], counter=number, actor=actor, auto=auto)

    def _call(self, ticket: sqlite3.Row, number: int, state: sqlite3.Row, actor: Actor) -> None:
        now = self._db.clock()
        self._db.conn.execute(
            "UPDATE tickets SET status = 'called', called_at = ?, first_called_at = COALESCE(first_called_at, ?), "
            "call_count = call_count + 1, counter = ?, clerk = ? WHERE id = ?",
            (now, now, number, state["clerk"], ticket["id"]),
        )
        since = 0 if ticket["priority"] is not None else state["regular_since_priority"] + 1
        # Booked citizens called in a row (the walk-ins' starvation cap); a priority call leaves it as it was.
        booked = state["booked_in_row"]
        if ticket["priority"] is None:
            booked = booked + 1 if ticket["booked_slot"] is not None else 0
        self._db.conn.execute(
            "UPDATE counter_state SET regular_since_priority = ?, booked_in_row = ? WHERE number = ?",
            (since, booked, number),
        )
        self._events.emit("ticket.called", ticket_id=ticket["id"], counter=number, actor=actor)

    def call_next(self, number: int, actor: Actor) -> schemas.Ticket | None:
        """Call the next ticket; pressing it while serving finishes the current one first."""
        with self._db.write():
            state = self._ready_row(number)
            self._finish_current(number, actor, auto=True)
            rules = self._db.office.appointments
            entry = pick_next(
                self._db.office.counter(number).services,
                self._views.waiting(self._db.office.counter(number).services),
                self._db.office.priority,
                state["regular_since_priority"],
                Bookings(self._db.clock(), state["booked_in_row"], rules.walk_in_every),
            )
            if entry is None:
                return None
            self._call(self._views.ticket_row(entry.ticket_id), number, state, actor)
        return self._views.ticket(entry.ticket_id)

    def call_number(self, number: int, label: str, actor: Actor) -> schemas.Ticket:
        """Call a given number of today's: a waiting one, or a no-show who came back."""
        with self._db.write():
            state = self._ready_row(number)
            rows = self._db.conn.execute(
                "SELECT * FROM tickets WHERE day = ? AND label = ? ORDER BY id", (self._db.today(), label.upper())
            ).fetchall()
            if not rows:
                raise NotFoundError(f"no ticket {label} today", f"Hôm nay không có số {label}")
            candidates = [r for r in rows if r["status"] in ("waiting", "no_show")]
            if not candidates:
                check(rows[0], Action.CALL)
            ticket = candidates[0]
            if ticket["status"] == "no_show":
                self._tickets.requeue_row(ticket, actor)
                ticket = self._views.ticket_row(ticket["id"])
            self._finish_current(number, actor, auto=True)
            check(ticket, Action.CALL)
            self._call(ticket, number, state, actor)
            self._audit.record(
                "ticket.call_number", actor, ticket_id=ticket["id"], clerk=state["clerk"], counter=number,
                number=ticket["label"],
            )
        return self._views.ticket(ticket["id"])

    def recall(self, number: int, actor: Actor) -> schemas.Ticket:
        with self._db.write():
            self._ready_row(number)
            ticket = self._active_or_fail(number)
            check(ticket, Action.RECALL)
            self._db.conn.execute(
                "UPDATE tickets SET called_at = ?, call_count = call_count + 1 WHERE id = ?",
                (self._db.clock(), ticket["id"]),
            )
            clerk = self._views.counter_row(number)["clerk"]
            self._audit.record("ticket.recall", actor, ticket_id=ticket["id"], clerk=clerk, counter=number)
            self._events.emit("ticket.recalled", ticket_id=ticket["id"], counter=number, actor=actor)
        return self._views.ticket(ticket["id"])

    def start(self, number: int, actor: Actor) -> schemas.Ticket:
        with self._db.write():
            self._views.counter_row(number)
            ticket = self._active_or_fail(number)
            check(ticket, Action.START)
            self._db.conn.execute(
                "UPDATE tickets SET status = 'serving', started_at = ? WHERE id = ?", (self._db.clock(), ticket["id"])
            )
            self._events.emit("ticket.started", ticket_id=ticket["id"], counter=number, actor=actor)
        return self._views.ticket(ticket["id"])

    def finish(self, number: int, actor: Actor) -> schemas.Ticket:
        with self._db.write():
            self._views.counter_row(number)
            ticket = self._active_or_fail(number)
            self._finish_current(number, actor, auto=False)
        return self._views.ticket(ticket["id"])

    def no_show(self, number: int, requeue: bool, actor: Actor) -> schemas.Ticket:
        with self._db.write():
            self._views.counter_row(number)
            ticket = self._active_or_fail(number)
            check(ticket, Action.NO_SHOW)
            self._db.conn.execute(
                "UPDATE tickets SET status = 'no_show', finished_at = ?, close_reason = 'no_show' WHERE id = ?",
                (self._db.clock(), ticket["id"]),
            )
            self._events.emit("ticket.no_show", ticket_id=ticket["id"], counter=number, actor=actor)
            if requeue:
                self._tickets.requeue_row(self._views.ticket_row(ticket["id"]), actor)
                clerk = self._views.counter_row(number)["clerk"]
                self._audit.record("ticket.requeue", actor, ticket_id=ticket["id"], clerk=clerk, counter=number)
        return self._views.ticket(ticket["id"])

    def transfer(self, number: int, service: str, actor: Actor) -> schemas.Ticket:
        with self._db.write():
            self._views.counter_row(number)
            ticket = self._active_or_fail(number)
            codes = [s.code for s in self._db.office.services]
            if service not in codes:
                raise InvalidError(
                    f"unknown service {service!r}; this office has {', '.join(codes)}",
                    f"Không có lĩnh vực {service!r}",
                )
            if service == ticket["service"]:
                raise InvalidError(
                    f"ticket {ticket['label']} is already in service {service}",
                    f"Vé {ticket['label']} đã thuộc lĩnh vực {service}",
                )
            check(ticket, Action.TRANSFER)
            # queue_key is left alone: the citizen keeps her place by issue time.
            self._db.conn.execute(
                "UPDATE tickets SET status = 'waiting', service = ?, counter = NULL, started_at = NULL WHERE id = ?",
                (service, ticket["id"]),
            )
            clerk = self._views.counter_row(number)["clerk"]
            self._audit.record(
                "ticket.transfer", actor, ticket_id=ticket["id"], clerk=clerk, counter=number,
                from_service=ticket["service"], to_service=service,
            )
            self._events.emit(
                "ticket.transferred",
                ticket_id=ticket["id"],
                counter=number,
                actor=actor,
                from_service=ticket["service"],
                to_service=service,
            )
        return self._views.ticket(ticket["id"])

    def pause(self, number: int, reason: str, actor: Actor) -> schemas.Counter:
        with self._db.write():
            self._ready_row(number)
            if self._views.active_ticket(number) is not None:
                raise ConflictError(
                    "finish, transfer or mark no-show the current ticket before pausing",
                    "Hãy hoàn thành hoặc chuyển vé hiện tại trước khi tạm dừng",
                )
            self._db.conn.execute(
                "UPDATE counter_state SET paused = 1, pause_reason = ?, paused_at = ? WHERE number = ?",
                (reason, self._db.clock(), number),
            )
            self._events.emit("counter.paused", counter=number, actor=actor, reason=reason)
        return self._views.counter(number)

    def resume(self, number: int, actor: Actor) -> schemas.Counter:
        with self._db.write():
            row = self._views.counter_row(number)
            if not row["paused"]:
                raise ConflictError(f"counter {number} is not paused", f"Quầy {number} không tạm dừng")
            self._db.conn.execute(
                "UPDATE counter_state SET paused = 0, pause_reason = NULL, paused_at = NULL WHERE number = ?",
                (number,),
            )
            self._events.emit("counter.resumed", counter=number, actor=actor)
        return self._views.counter(number)
