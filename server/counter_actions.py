"""What a counter does to the queue: sign in, call, serve, pause.

A mixin of Store (server/store.py), kept apart to keep each module to one
job; every method is one transaction through ``Store.write``.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from core.lifecycle import Action
from core.queue import pick_next
from server.errors import ConflictError, InvalidError, NotFoundError
from server.snapshots import Actor

if TYPE_CHECKING:
    from server.store import Store

    _Base = Store
else:
    _Base = object


class CounterActions(_Base):
    def sign_in(self, number: int, username: str, actor: Actor) -> dict[str, Any]:
        """Sign a clerk in (the PIN was checked by the caller, off the database thread)."""
        with self.write():
            row = self._counter_row(number)
            elsewhere = self.conn.execute(
                "SELECT number FROM counter_state WHERE clerk = ? AND number != ?", (username, number)
            ).fetchall()
            for (other,) in elsewhere:
                # One clerk, one counter: moving counters signs her out of the old one.
                self._sign_out_row(other, actor, reason="moved")
            if row["clerk"] and row["clerk"] != username:
                self._sign_out_row(number, actor, reason="replaced")
            self.conn.execute(
                "UPDATE counter_state SET clerk = ?, signed_in_at = ?, paused = 0, pause_reason = NULL, "
                "paused_at = NULL WHERE number = ?",
                (username, self.clock(), number),
            )
            self._emit("counter.signed_in", counter=number, actor=actor)
        return self.counter(number)

    def sign_out(self, number: int, actor: Actor) -> dict[str, Any]:
        with self.write():
            self._counter_row(number)
            if self._active_ticket(number) is not None:
                raise ConflictError(
                    "finish, transfer or mark no-show the current ticket before signing out",
                    "Hãy hoàn thành, chuyển quầy hoặc đánh dấu vắng mặt vé hiện tại trước khi đăng xuất",
                )
            self._sign_out_row(number, actor, reason="signed_out")
        return self.counter(number)

    def _sign_out_row(self, number: int, actor: Actor, reason: str) -> None:
        self.conn.execute(
            "UPDATE counter_state SET clerk = NULL, signed_in_at = NULL, paused = 0, "
            "pause_reason = NULL, paused_at = NULL WHERE number = ?",
            (number,),
        )
        self._emit("counter.signed_out", counter=number, actor=actor, reason=reason)

    def _ready_row(self, number: int) -> sqlite3.Row:
        """The counter's state row, refusing if nobody is signed in or it is paused."""
        row = self._counter_row(number)
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
        row = self._active_ticket(number)
        if row is None:
            raise ConflictError(
                f"counter {number} has no current ticket",
                f"Quầy {number} chưa có vé đang phục vụ",
                code="no_current_ticket",
            )
        return row

    def _finish_current(self, number: int, actor: Actor, *, auto: bool) -> None:
        current = self._active_ticket(number)
        if current is None:
            return
        self._check(current, Action.FINISH)
        self.conn.execute(
            "UPDATE tickets SET status = 'done', finished_at = ? WHERE id = ?", (self.clock(), current["id"])
        )
        self._emit("ticket.finished", ticket_id=current["id"], counter=number, actor=actor, auto=auto)

    def _call(self, ticket: sqlite3.Row, number: int, state: sqlite3.Row, actor: Actor) -> None:
        now = self.clock()
        self.conn.execute(
            "UPDATE tickets SET status = 'called', called_at = ?, first_called_at = COALESCE(first_called_at, ?), "
            "call_count = call_count + 1, counter = ?, clerk = ? WHERE id = ?",
            (now, now, number, state["clerk"], ticket["id"]),
        )
        since = 0 if ticket["priority"] is not None else state["regular_since_priority"] + 1
        self.conn.execute("UPDATE counter_state SET regular_since_priority = ? WHERE number = ?", (since, number))
        self._emit("ticket.called", ticket_id=ticket["id"], counter=number, actor=actor)

    def call_next(self, number: int, actor: Actor) -> dict[str, Any] | None:
        """Call the next ticket; pressing it while serving finishes the current one first."""
        with self.write():
            state = self._ready_row(number)
            self._finish_current(number, actor, auto=True)
            entry = pick_next(
                self.office.counter(number).services,
                self._waiting(self.office.counter(number).services),
                self.office.priority,
                state["regular_since_priority"],
            )
            if entry is None:
                return None
            self._call(self._ticket_row(entry.ticket_id), number, state, actor)
        return self.ticket(entry.ticket_id)

    def call_number(self, number: int, label: str, actor: Actor) -> dict[str, Any]:
        """Call a given number of today's: a waiting one, or a no-show who came back."""
        with self.write():
            state = self._ready_row(number)
            rows = self.conn.execute(
                "SELECT * FROM tickets WHERE day = ? AND label = ? ORDER BY id", (self.today(), label.upper())
            ).fetchall()
            if not rows:
                raise NotFoundError(f"no ticket {label} today", f"Hôm nay không có số {label}")
            candidates = [r for r in rows if r["status"] in ("waiting", "no_show")]
            if not candidates:
                self._check(rows[0], Action.CALL)
            ticket = candidates[0]
            if ticket["status"] == "no_show":
                self._requeue_row(ticket, actor)
                ticket = self._ticket_row(ticket["id"])
            self._finish_current(number, actor, auto=True)
            self._check(ticket, Action.CALL)
            self._call(ticket, number, state, actor)
        return self.ticket(ticket["id"])

    def recall(self, number: int, actor: Actor) -> dict[str, Any]:
        with self.write():
            self._ready_row(number)
            ticket = self._active_or_fail(number)
            self._check(ticket, Action.RECALL)
            self.conn.execute(
                "UPDATE tickets SET called_at = ?, call_count = call_count + 1 WHERE id = ?",
                (self.clock(), ticket["id"]),
            )
            self._emit("ticket.recalled", ticket_id=ticket["id"], counter=number, actor=actor)
        return self.ticket(ticket["id"])

    def start(self, number: int, actor: Actor) -> dict[str, Any]:
        with self.write():
            self._counter_row(number)
            ticket = self._active_or_fail(number)
            self._check(ticket, Action.START)
            self.conn.execute(
                "UPDATE tickets SET status = 'serving', started_at = ? WHERE id = ?", (self.clock(), ticket["id"])
            )
            self._emit("ticket.started", ticket_id=ticket["id"], counter=number, actor=actor)
        return self.ticket(ticket["id"])

    def finish(self, number: int, actor: Actor) -> dict[str, Any]:
        with self.write():
            self._counter_row(number)
            ticket = self._active_or_fail(number)
            self._finish_current(number, actor, auto=False)
        return self.ticket(ticket["id"])

    def no_show(self, number: int, requeue: bool, actor: Actor) -> dict[str, Any]:
        with self.write():
            self._counter_row(number)
            ticket = self._active_or_fail(number)
            self._check(ticket, Action.NO_SHOW)
            self.conn.execute(
                "UPDATE tickets SET status = 'no_show', finished_at = ?, close_reason = 'no_show' WHERE id = ?",
                (self.clock(), ticket["id"]),
            )
            self._emit("ticket.no_show", ticket_id=ticket["id"], counter=number, actor=actor)
            if requeue:
                self._requeue_row(self._ticket_row(ticket["id"]), actor)
        return self.ticket(ticket["id"])

    def transfer(self, number: int, service: str, actor: Actor) -> dict[str, Any]:
        with self.write():
            self._counter_row(number)
            ticket = self._active_or_fail(number)
            codes = [s.code for s in self.office.services]
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
            self._check(ticket, Action.TRANSFER)
            # queue_key is left alone: the citizen keeps her place by issue time.
            self.conn.execute(
                "UPDATE tickets SET status = 'waiting', service = ?, counter = NULL, started_at = NULL WHERE id = ?",
                (service, ticket["id"]),
            )
            self._emit(
                "ticket.transferred",
                ticket_id=ticket["id"],
                counter=number,
                actor=actor,
                from_service=ticket["service"],
                to_service=service,
            )
        return self.ticket(ticket["id"])

    def pause(self, number: int, reason: str, actor: Actor) -> dict[str, Any]:
        with self.write():
            self._ready_row(number)
            if self._active_ticket(number) is not None:
                raise ConflictError(
                    "finish, transfer or mark no-show the current ticket before pausing",
                    "Hãy hoàn thành hoặc chuyển vé hiện tại trước khi tạm dừng",
                )
            self.conn.execute(
                "UPDATE counter_state SET paused = 1, pause_reason = ?, paused_at = ? WHERE number = ?",
                (reason, self.clock(), number),
            )
            self._emit("counter.paused", counter=number, actor=actor, reason=reason)
        return self.counter(number)

    def resume(self, number: int, actor: Actor) -> dict[str, Any]:
        with self.write():
            row = self._counter_row(number)
            if not row["paused"]:
                raise ConflictError(f"counter {number} is not paused", f"Quầy {number} không tạm dừng")
            self.conn.execute(
                "UPDATE counter_state SET paused = 0, pause_reason = NULL, paused_at = NULL WHERE number = ?",
                (number,),
            )
            self._emit("counter.resumed", counter=number, actor=actor)
        return self.counter(number)
