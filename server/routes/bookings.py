"""Appointments for devices: the kiosk's check-in with a booking code, the supervisor's view of a day.

Citizens book and cancel on the citizens' listener (server/routes/booking_pages.py); the rules are
core/appointments.py and the store's part is server/storage/bookings.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query

from server import schemas, visibility
from server.bodies import CancelBookingIn, CheckInIn
from server.deps import Device, OfficeDep, Once, Permission, actor, answers, require
from server.errors import InvalidError

router = APIRouter(prefix="/api")


@router.post("/bookings/check-in", status_code=201, responses=answers(404, 409))
async def check_in(
    body: CheckInIn, office: OfficeDep, once: Once, device: Device = require(Permission.CHECK_IN_BOOKINGS)
) -> schemas.Ticket:
    """A ticket for the booked citizen (``booked_slot`` set): from 30 min before to 15 min after the slot.

    Too early → 409 ``too_early``, too late → 409 ``too_late`` (the message says: take a normal ticket);
    an unknown code → 404; checked in already → 409 ``already_checked_in``.
    """
    # A kiosk's retry after a lost answer (the same Idempotency-Key) gets the same ticket, not "already checked in".
    ticket = await once(office, device, office.store.bookings.check_in, body.code, actor(device))
    code = ticket["public_code"]
    shown = visibility.ticket(device, ticket)
    shown["public_code"] = code  # printed in the slip's QR, as for any ticket the kiosk issues
    return shown


@router.get("/bookings/free", responses=answers(422))
async def free(
    office: OfficeDep,
    service: Annotated[str, Query(min_length=1, max_length=8, description="a bookable service's code")],
    device: Device = require(Permission.READ_FREE_SLOTS),
    day: Annotated[str | None, Query(description="YYYY-MM-DD: that day's slots; none: the bookable days")] = None,
) -> schemas.FreeSlots:
    """What can still be booked in ``service``: its days with free places, or one day's slots (counters book
    follow-up visits with them)."""
    days = await office.call(office.store.bookings.days, service.upper())
    if day is None:
        return {"service": service.upper(), "days": days, "slots": []}
    try:
        chosen = dt.date.fromisoformat(day)
    except ValueError:
        raise InvalidError(f"{day!r} is not a date YYYY-MM-DD", f"{day!r} không phải ngày YYYY-MM-DD") from None
    slots = await office.call(office.store.bookings.slots, service.upper(), chosen)
    return {"service": service.upper(), "days": days, "slots": slots}


@router.get("/bookings")
async def bookings_of_day(
    office: OfficeDep,
    device: Device = require(Permission.READ_BOOKINGS),
    day: Annotated[str | None, Query(description="office-local date YYYY-MM-DD (default: today)")] = None,
) -> schemas.BookingDay:
    """A day's appointments per slot and service — booked, arrived, missed, cancelled — with the totals
    (``on_time``: checked in and called by 15 minutes after the slot's start)."""
    if day is None:
        day = await office.call(office.store.today)
    else:
        try:
            day = dt.date.fromisoformat(day).isoformat()
        except ValueError:
            raise InvalidError(f"{day!r} is not a date YYYY-MM-DD", f"{day!r} không phải ngày YYYY-MM-DD") from None
    return await office.call(office.store.bookings.day, day)


@router.post("/bookings/{code}/cancel", responses=answers(404, 409))
async def cancel_booking(
    code: Annotated[str, Path(min_length=1, max_length=32)],
    body: CancelBookingIn,
    office: OfficeDep,
    device: Device = require(Permission.CANCEL_BOOKINGS),
) -> schemas.Booking:
    """A supervisor cancels a booking still to come, with its reason (kept with it and in the audit trail);
    its place is free again. Checked in, missed or cancelled already → 409 ``not_cancellable``."""
    reason = " ".join(body.reason.split())
    if not reason:
        raise InvalidError("say why the appointment is cancelled", "Xin ghi lý do hủy lịch hẹn", code="no_reason")
    return await office.call(office.store.bookings.cancel, code, reason, actor(device))
