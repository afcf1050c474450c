"""Tickets (tables ``tickets`` and ``sequences``): issuing, and what is done to a ticket outside a counter.

Each change is one transaction with its event. The queue rules are the pure
functions of ``core``; this part feeds them rows and stores what they decide.
"""

from __future__ import annotations

import sqlite3
from typing import cast

from core.lifecycle import Action, TransitionError, next_status
from core.model import TicketStatus
from core.queue import QueueEntry, position_in_queue
from server import schemas, snapshots
from server.credentials import new_public_code
from server.errors import ConflictError, InvalidError, NotFoundError
from server.snapshots import Actor
from server.storage.audit import AuditTrail
from server.storage.database import Database, Event
from server.storage.events import EventLog
from server.storage.views import Views


def ticket_of(event: Event) -> schemas.Ticket:
    """A copy of the ticket an event carries: the event itself is still to be published."""
    return cast(schemas.Ticket, dict(event["ticket"]))


def check(row: sqlite3.Row, action: Action) -> TicketStatus:
    """The ticket's status after ``action`` (core.lifecycle), or a ConflictError saying why not."""
    try:
        return next_status(TicketStatus(row["status"]), action, label=row["label"])
    except TransitionError as exc:
        raise ConflictError(
            str(exc),
            f"Không thể thực hiện với vé {row['label']}: vé đang ở trạng thái {snapshots.STATUS_VI[row['status']]}",
        ) from None


class Tickets:
    def __init__(self, db: Database, events: EventLog, views: Views, audit: AuditTrail) -> None:
        self._db = db
        self._events = events
        self._views = views
        self._audit = audit

    def issue(self, service: str, priority: str | None, actor: Actor) -> schemas.Ticket:
        """A new number in ``service``; the answer carries the ticket's ``public_code`` for its QR."""
        with self._db.write():
            event = self.issue_row(service, priority, actor)
        ticket = ticket_of(event)
        ticket["public_code"] = self.public_code(ticket["id"])
        return ticket

    def issue_row(
        self, service: str, priority: str | None, actor: Actor, booking: tuple[int, float] | None = None
    ) -> Event:
        """issue() inside a change already in progress (a booked citizen's check-in: ``booking`` is its
        id and slot start, which put the ticket before the walk-ins once the slot starts)."""
        db = self._db
        office = db.office
        try:
            svc = office.service(service)
        except KeyError:
            known = ", ".join(s.code for s in office.services)
            raise InvalidError(
                f"unknown service {service!r}; this office has {known}",
                f"Không có lĩnh vực {service!r}; các lĩnh vực: {known}",
            ) from None
        groups = [g.code for g in office.priority_groups]
        if priority is not None and priority not in groups:
            raise InvalidError(
                f"unknown priority group {priority!r}; use one of {', '.join(groups) or '(none configured)'} or null",
                f"Không có nhóm ưu tiên {priority!r}",
            )
        # The secret of the ticket's public page (its QR code). Only the issuing device and
        # GET /api/tickets/{id} for kiosks and supervisors see it — never the event stream,
        # whose display token sits in a TV's address bar.
        code = new_public_code()
        now = db.clock()
        day = db.today()
        # Numbering and the ticket are one transaction: no gap, no repeat.
        seq = db.conn.execute(
            "INSERT INTO sequences (day, service, last) VALUES (?, ?, 1) "
            "ON CONFLICT (day, service) DO UPDATE SET last = last + 1 RETURNING last",
            (day, svc.code),
        ).fetchone()[0]
        # Not yet inserted: an id above all others puts it behind every ticket already waiting.
        booked_slot = booking[1] if booking else None
        ahead_entry = QueueEntry(2**62, svc.code, priority is not None, now, booked_slot)
        ahead = position_in_queue(ahead_entry, self._views.waiting((svc.code,)), office.priority, now)
        # The latest estimate for a new ticket of this service and class: the estimator runs off this
        # thread (server/live_estimates.py), never here, so issuing costs no more than before.
        if booked_slot is None:
            wait = self._views.new_ticket_wait(svc.code, priority is not None, ahead)
        else:
            waiting = self._views.waiting((svc.code,))
            at_slot = position_in_queue(ahead_entry, waiting, office.priority, max(now, booked_slot))
            wait = self._views.booked_wait(svc.code, ahead, at_slot, booked_slot)
        cur = db.conn.execute(
            "INSERT INTO tickets (day, service, original_service, seq, label, priority, status, "
            "issued_at, queue_key, issued_by, waiting_ahead, estimated_wait_s, estimated_low_s, "
            "estimated_high_s, estimated_called_today, public_code, booking_id, booked_slot) "
            "VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *(day, svc.code, svc.code, seq, svc.label.format(seq), priority, now, now, actor.device),
                *(ahead, wait.point_s, wait.low_s, wait.high_s, wait.called_today, code),
                *(booking[0] if booking else None, booked_slot),
            ),
        )
        ticket_id = cur.lastrowid
        assert ticket_id is not None
        return self._events.emit("ticket.issued", ticket_id=ticket_id, actor=actor)

    def cancel(self, ticket_id: int, actor: Actor) -> schemas.Ticket:
        db = self._db
        with db.write():
            row = self._views.ticket_row(ticket_id)
            check(row, Action.CANCEL)
            db.conn.execute(
                "UPDATE tickets SET status = 'cancelled', finished_at = ?, close_reason = 'cancelled' WHERE id = ?",
                (db.clock(), ticket_id),
            )
            self._audit.record("ticket.cancel", actor, ticket_id=ticket_id, status=row["status"])
            event = self._events.emit("ticket.cancelled", ticket_id=ticket_id, actor=actor)
        return ticket_of(event)

    def requeue(self, ticket_id: int, actor: Actor) -> schemas.Ticket:
        """A no-show who came back goes to the end of the queue (once)."""
        with self._db.write():
            event = self.requeue_row(self._views.ticket_row(ticket_id), actor)
            self._audit.record("ticket.requeue", actor, ticket_id=ticket_id)
        return ticket_of(event)

    def requeue_row(self, row: sqlite3.Row, actor: Actor) -> Event:
        """requeue() inside a change already in progress (a counter calling a no-show by number)."""
        db = self._db
        check(row, Action.REQUEUE)
        if row["requeued"]:
            raise ConflictError(
                f"ticket {row['label']} was already requeued once after a no-show",
                f"Vé {row['label']} đã được xếp lại một lần",
            )
        if row["day"] != db.today():
            raise ConflictError(
                f"ticket {row['label']} belongs to {row['day']}; take a new number",
                f"Vé {row['label']} thuộc ngày {row['day']}; vui lòng lấy số mới",
            )
        # A requeued no-show goes to the back: the others waited through its call.
        db.conn.execute(
            "UPDATE tickets SET status = 'waiting', queue_key = ?, requeued = 1, counter = NULL, "
            "finished_at = NULL WHERE id = ?",
            (db.clock(), row["id"]),
        )
        return self._events.emit("ticket.requeued", ticket_id=row["id"], actor=actor)

    def mark_printed(self, ticket_id: int, printed: bool, detail: str | None, actor: Actor) -> schemas.Ticket:
        """Record whether the kiosk's printer gave the ticket out (a ticket that did not is still a ticket)."""
        db = self._db
        with db.write():
            self._views.ticket_row(ticket_id)  # 404 for an unknown ticket
            db.conn.execute(
                "UPDATE tickets SET printed = ?, print_detail = ? WHERE id = ?",
                (int(printed), detail, ticket_id),
            )
            event = self._events.emit(
                "ticket.printed", ticket_id=ticket_id, actor=actor, printed=printed, detail=detail
            )
        return ticket_of(event)

    def public_code(self, ticket_id: int) -> str:
        """The ticket's secret for its public page (kiosks print it in the QR code)."""
        row = self._db.conn.execute("SELECT public_code FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        if row is None:
            raise NotFoundError("no such ticket", "Không tìm thấy phiếu")
        return str(row["public_code"])
