"""Appointments booked ahead (table ``bookings``): booking, cancelling, checking in at the kiosk, the day's list.

The rules are core/appointments.py; this part feeds them rows. A booking and its capacity check are
one transaction on the one database thread, so concurrent requests for the last place of a slot are
served one after the other and never overbook (tests/server/test_bookings.py races 50 of them).
A citizen's name and phone number are kept only until 30 days after the slot (``forget_personal``).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime
from typing import Any

from core.appointments import (
    KEEP_PERSONAL_DAYS,
    AppointmentRules,
    Arrival,
    arrival,
    bookable_days,
    is_bookable,
    missed,
    slot_epoch,
)
from core.appointments import slot_starts as rule_slots
from server import schemas, snapshots
from server.credentials import new_public_code
from server.errors import ConflictError, InvalidError, NotFoundError
from server.snapshots import Actor
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.tickets import Tickets, ticket_of

# Vietnamese phone numbers: 0 and 9 digits (mobile and most landlines), or +84 / 84 for the 0.
_PHONE = re.compile(r"^0\d{9,10}$")
NAME_MAX = 80
TAKEN = ("booked", "checked_in")


def normal_phone(text: str) -> str:
    """``+84 912-345-678`` → ``0912345678``; InvalidError for anything that is not a phone number."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if not _PHONE.match(digits):
        raise InvalidError(
            "write the phone number as 10 digits starting with 0, e.g. 0912 345 678",
            "Xin nhập số điện thoại 10 chữ số bắt đầu bằng 0, ví dụ 0912 345 678",
            code="invalid_phone",
        )
    return digits


def _not_found() -> NotFoundError:
    # A wrong code and no such booking read alike: codes cannot be guessed one by one.
    return NotFoundError("no booking with that code", "Không tìm thấy lịch hẹn với mã này", code="not_found")


class Bookings:
    def __init__(self, db: Database, tickets: Tickets, audit: AuditTrail) -> None:
        self._db = db
        self._tickets = tickets
        self._audit = audit

    @property
    def rules(self) -> AppointmentRules:
        return self._db.office.appointments

    # -- what can be booked ----------------------------------------------------------------

    def _taken(self, service: str, slot_start: float) -> int:
        row = self._db.conn.execute(
            "SELECT COUNT(*) FROM bookings WHERE service = ? AND slot_start = ? AND status IN ('booked', 'checked_in')",
            (service, slot_start),
        ).fetchone()
        return int(row[0])

    def _service(self, service: str) -> str:
        if service not in self.rules.services:
            bookable = ", ".join(self.rules.services) or "none"
            raise InvalidError(
                f"service {service!r} cannot be booked; bookable: {bookable}",
                f"Lĩnh vực {service!r} không nhận đặt lịch hẹn; các lĩnh vực nhận đặt lịch: {bookable}",
                code="not_bookable",
            )
        return service

    def days(self, service: str) -> list[schemas.BookableDay]:
        """The days ``service`` can be booked on, with how many places are left in each."""
        self._service(service)
        now = self._db.clock()
        result: list[schemas.BookableDay] = []
        for day in bookable_days(now, self.rules):
            free = sum(slot["free"] for slot in self.slots(service, day))
            result.append({"day": day.isoformat(), "free": free})
        return result

    def slots(self, service: str, day: date) -> list[schemas.BookableSlot]:
        """The slots of ``day`` still ahead, with their free places (0: full)."""
        self._service(service)
        now = self._db.clock()
        rules = self.rules
        result: list[schemas.BookableSlot] = []
        for start in rule_slots(day, rules):
            epoch = slot_epoch(day, start, rules)
            if epoch <= now:
                continue
            result.append(
                {
                    "start": snapshots.iso(epoch, self._db.tz),
                    "time": f"{start // 60:02d}:{start % 60:02d}",
                    "free": max(0, rules.capacity - self._taken(service, epoch)),
                }
            )
        return result

    # -- a citizen's booking -------------------------------------------------------------------

    def book(self, service: str, slot_start: float, name: str, phone: str, source: str = "web") -> schemas.Booking:
        """A place in the slot, if one is left: one transaction, so concurrent bookings never overbook."""
        rules = self.rules
        self._service(service)
        name = " ".join(name.split())
        if not 1 <= len(name) <= NAME_MAX:
            raise InvalidError(
                f"write your name (1 to {NAME_MAX} characters)", f"Xin nhập họ tên (1 đến {NAME_MAX} ký tự)",
                code="invalid_name",
            )
        phone = normal_phone(phone)
        db = self._db
        with db.write():
            now = db.clock()
            if not is_bookable(now, slot_start, rules):
                raise InvalidError(
                    "that slot cannot be booked (past, too far ahead, or the office is closed then)",
                    "Không thể đặt khung giờ này (đã qua, quá xa, hoặc ngày nghỉ)",
                    code="not_bookable",
                )
            pending = db.conn.execute(
                "SELECT COUNT(*) FROM bookings WHERE phone = ? AND status = 'booked' AND slot_start > ?",
                (phone, now - rules.late_min * 60),
            ).fetchone()[0]
            made = db.conn.execute(
                "SELECT COUNT(*) FROM bookings WHERE phone = ? AND created_at > ?", (phone, now - 86400)
            ).fetchone()[0]
            if made >= rules.per_phone_per_day:
                # Counted in the database: a restart of the server does not reset it.
                raise ConflictError(
                    f"this phone number has made {made} appointments in the last 24 hours: please try tomorrow",
                    f"Số điện thoại này đã đặt {made} lịch hẹn trong 24 giờ qua: xin thử lại vào ngày mai",
                    code="too_many_bookings_today",
                )
            if pending >= rules.per_phone:
                raise ConflictError(
                    f"this phone number already has {pending} appointments to come: cancel one first",
                    f"Số điện thoại này đã có {pending} lịch hẹn sắp tới: xin hủy bớt một lịch trước",
                    code="too_many_bookings",
                )
            if self._taken(service, slot_start) >= rules.capacity:
                raise ConflictError(
                    "that slot has just been fully booked: choose another",
                    "Khung giờ này vừa hết chỗ: xin chọn khung giờ khác",
                    code="slot_full",
                )
            code = new_public_code()
            day = datetime.fromtimestamp(slot_start, db.tz).date().isoformat()
            db.conn.execute(
                "INSERT INTO bookings (code, service, day, slot_start, name, phone, status, created_at, created_from) "
                "VALUES (?, ?, ?, ?, ?, ?, 'booked', ?, ?)",
                (code, service, day, slot_start, name, phone, now, source),
            )
        return self.get(code)

    def follow_up(self, counter: int, service: str, slot_start: float, name: str, phone: str) -> schemas.Booking:
        """A booking made by the clerk at ``counter`` for the citizen in front of her (signed in only)."""
        if not self._db.conn.execute("SELECT clerk FROM counter_state WHERE number = ?", (counter,)).fetchone()[0]:
            raise ConflictError(
                f"counter {counter}: a clerk must sign in first", f"Quầy {counter}: cán bộ cần đăng nhập trước",
                code="not_signed_in",
            )
        return self.book(service, slot_start, name, phone, source=f"counter {counter}")

    def _row(self, code: str | None) -> sqlite3.Row:
        given = (code or "").strip().upper().replace(" ", "").replace("-", "")
        row: sqlite3.Row | None = None
        if given:
            row = self._db.conn.execute("SELECT * FROM bookings WHERE code = ?", (given,)).fetchone()
        if row is None:
            raise _not_found()
        return row

    def _shape(self, row: sqlite3.Row, personal: bool = True) -> schemas.Booking:
        now = self._db.clock()
        status = row["status"]
        if status == "booked" and missed(now, row["slot_start"], self.rules):
            status = "missed"
        local = datetime.fromtimestamp(row["slot_start"], self._db.tz)
        booking: schemas.Booking = {
            "code": row["code"],
            "service": row["service"],
            "day": row["day"],
            "time": local.strftime("%H:%M"),
            "slot_start": snapshots.iso(row["slot_start"], self._db.tz),
            "status": status,
            "ticket_id": row["ticket_id"],
        }
        if personal:
            booking["name"] = row["name"]
            booking["phone"] = row["phone"]
            booking["cancel_reason"] = row["cancel_reason"]
        return booking

    def get(self, code: str | None) -> schemas.Booking:
        """The booking with this code (its holder's page); 404 otherwise."""
        return self._shape(self._row(code))

    def cancel(self, code: str | None, reason: str | None = None, actor: Actor | None = None) -> schemas.Booking:
        """The citizen cancels with her code; a supervisor (``actor``) cancels with a ``reason``, audited."""
        with self._db.write():
            row = self._row(code)
            shown = self._shape(row)
            if shown["status"] != "booked":
                raise ConflictError(
                    f"this appointment is {shown['status']}: it can no longer be cancelled",
                    "Lịch hẹn này không còn hủy được",
                    code="not_cancellable",
                )
            by = "citizen" if actor is None else actor.device
            self._db.conn.execute(
                "UPDATE bookings SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, cancelled_by = ? "
                "WHERE id = ?",
                (self._db.clock(), reason, by, row["id"]),
            )
            if actor is not None:
                # The booking by its row id: its code opens the citizen's page (no codes in the trail, as for
                # tickets), and her name and phone stay out of it too.
                self._audit.record("booking.cancel", actor, booking=row["id"], slot=shown["slot_start"],
                                   service=row["service"], reason=reason)  # fmt: skip
        return self.get(code)

    # -- at the kiosk ----------------------------------------------------------------------------

    def check_in(self, code: str | None, actor: Actor) -> schemas.Ticket:
        """A ticket for the booked citizen, marked with the slot, if she arrives within the window."""
        db = self._db
        rules = self.rules
        with db.write():
            row = self._row(code)
            if row["status"] == "checked_in":
                raise ConflictError(
                    "this appointment has already been checked in: its ticket was printed",
                    "Lịch hẹn này đã được xác nhận và đã in phiếu",
                    code="already_checked_in",
                )
            if row["status"] == "cancelled":
                raise ConflictError(
                    "this appointment was cancelled: please take a normal ticket",
                    "Lịch hẹn này đã bị hủy: xin lấy số thông thường",
                    code="cancelled",
                )
            now = db.clock()
            slot = row["slot_start"]
            when = datetime.fromtimestamp(slot, db.tz).strftime("%H:%M %d/%m/%Y")
            match arrival(now, slot, rules):
                case Arrival.EARLY:
                    opens = datetime.fromtimestamp(slot - rules.early_min * 60, db.tz).strftime("%H:%M %d/%m")
                    raise ConflictError(
                        f"your appointment is at {when}: check in from {opens}, or take a normal ticket now",
                        f"Lịch hẹn của ông/bà lúc {when}: xin quay lại từ {opens}, hoặc lấy số thông thường",
                        code="too_early",
                    )
                case Arrival.LATE:
                    raise ConflictError(
                        f"your appointment was at {when}, more than {rules.late_min} minutes ago: "
                        "please take a normal ticket",
                        f"Lịch hẹn của ông/bà lúc {when} đã quá {rules.late_min} phút: xin lấy số thông thường",
                        code="too_late",
                    )
            event = self._tickets.issue_row(row["service"], None, actor, booking=(row["id"], slot))
            ticket = ticket_of(event)
            db.conn.execute(
                "UPDATE bookings SET status = 'checked_in', checked_in_at = ?, ticket_id = ? WHERE id = ?",
                (now, ticket["id"], row["id"]),
            )
        ticket["public_code"] = self._tickets.public_code(ticket["id"])
        return ticket

    # -- the supervisor's view and the figures ------------------------------------------------------

    def _rows(self, first: str, last: str) -> list[sqlite3.Row]:
        return self._db.conn.execute(
            "SELECT b.*, t.first_called_at FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id "
            "WHERE b.day BETWEEN ? AND ? ORDER BY b.slot_start, b.service, b.id",
            (first, last),
        ).fetchall()

    def day(self, day: str) -> schemas.BookingDay:
        """A day's bookings per slot and service, with the totals (booked, arrived, missed, cancelled, on time)."""
        rows = self._rows(day, day)
        slots: dict[tuple[str, str], schemas.BookingSlot] = {}
        for row in rows:
            shown = self._shape(row)
            key = (shown["slot_start"], row["service"])
            slot = slots.setdefault(
                key, {"slot_start": shown["slot_start"], "time": shown["time"], "service": row["service"],
                      "bookings": []},
            )  # fmt: skip
            slot["bookings"].append(shown)
        return {"day": day, "totals": self._totals(rows), "slots": list(slots.values())}

    def totals(self, first: str, last: str) -> dict[str, int]:
        """The figures of the days first..last (GET /api/stats ``appointments``)."""
        return self._totals(self._rows(first, last))

    def totals_by_day(self, first: str, last: str) -> list[dict[str, Any]]:
        """The same figures for each day of first..last that has bookings (``onestop report``)."""
        by_day: dict[str, list[sqlite3.Row]] = {}
        for row in self._rows(first, last):
            by_day.setdefault(row["day"], []).append(row)
        return [{"day": day, **self._totals(rows)} for day, rows in by_day.items()]

    def _totals(self, rows: list[sqlite3.Row]) -> dict[str, int]:
        """Booked (not cancelled), checked in (kept), missed, cancelled, still to come, and on time: checked in and
        called by ``late_min`` after the slot's start."""
        totals = {"booked": 0, "checked_in": 0, "missed": 0, "cancelled": 0, "waiting": 0, "on_time": 0}
        for row in rows:
            status = self._shape(row, personal=False)["status"]
            if status == "cancelled":
                totals["cancelled"] += 1
                continue
            totals["booked"] += 1
            if status == "checked_in":
                totals["checked_in"] += 1
                called = row["first_called_at"]
                if called is not None and called <= row["slot_start"] + self.rules.late_min * 60:
                    totals["on_time"] += 1
            elif status == "missed":
                totals["missed"] += 1
            else:
                totals["waiting"] += 1
        return totals

    def forget_personal(self) -> int:
        """Delete names and phone numbers 30 days after their slot (the day's tick calls it)."""
        cutoff = self._db.clock() - KEEP_PERSONAL_DAYS * 86400
        with self._db.write():
            cur = self._db.conn.execute(
                "UPDATE bookings SET name = NULL, phone = NULL WHERE slot_start < ? AND (name IS NOT NULL OR phone "
                "IS NOT NULL)",
                (cutoff,),
            )
        return cur.rowcount
