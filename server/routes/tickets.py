"""Tickets: issue, read, cancel, requeue, and the kiosk's report of whether each was printed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from server import schemas
from server.bodies import PrintedIn, TicketIn
from server.deps import Device, OfficeDep, Once, Permission, Role, TicketId, actor, answers, require

router = APIRouter(prefix="/api")


@router.post("/tickets", status_code=201)
async def issue_ticket(
    body: TicketIn, office: OfficeDep, once: Once, device: Device = require(Permission.ISSUE_TICKETS)
) -> schemas.Ticket:
    """A new number; the answer carries the ticket's ``public_code`` for the QR code on the slip.

    Sent again with the same ``Idempotency-Key`` (a kiosk's retry), it answers the same ticket.
    """
    return await once(office, device, office.store.tickets.issue, body.service.upper(), body.priority, actor(device))


@router.get("/tickets/{ticket_id}")
async def get_ticket(
    ticket_id: TicketId, office: OfficeDep, device: Device = require(Permission.READ_OFFICE)
) -> schemas.Ticket:
    """The ticket, with ``position`` while it waits; kiosks and supervisors also get its ``public_code``."""
    ticket = await office.call(office.store.views.ticket, ticket_id)
    if device.role in (Role.KIOSK, Role.SUPERVISOR):  # to reprint a ticket with its QR code
        ticket["public_code"] = await office.call(office.store.tickets.public_code, ticket_id)
    return ticket


@router.get("/tickets/by-number/{number}")
async def ticket_by_number(
    number: Annotated[str, Path(min_length=1, max_length=12, pattern=r"^[A-Za-z0-9]+$")],
    office: OfficeDep,
    device: Device = require(Permission.READ_OFFICE),
) -> schemas.Ticket:
    """Today's ticket with this printed number — for rating at the kiosk by typing it."""
    return await office.call(office.store.views.ticket_by_number, number)


@router.post("/tickets/{ticket_id}/cancel", responses=answers(409))
async def cancel_ticket(
    ticket_id: TicketId, office: OfficeDep, device: Device = require(Permission.MANAGE_TICKETS)
) -> schemas.Ticket:
    return await office.call(office.store.tickets.cancel, ticket_id, actor(device))


@router.post("/tickets/{ticket_id}/requeue", responses=answers(409))
async def requeue_ticket(
    ticket_id: TicketId, office: OfficeDep, device: Device = require(Permission.MANAGE_TICKETS)
) -> schemas.Ticket:
    """A no-show who came back goes to the end of the queue (once)."""
    return await office.call(office.store.tickets.requeue, ticket_id, actor(device))


@router.post("/tickets/{ticket_id}/printed")
async def printed(
    ticket_id: TicketId, body: PrintedIn, office: OfficeDep, device: Device = require(Permission.ISSUE_TICKETS)
) -> schemas.Ticket:
    """Did the slip come out of the printer; the ticket's ``printed`` is then true or false (event ticket.printed)."""
    return await office.call(office.store.tickets.mark_printed, ticket_id, body.printed, body.detail, actor(device))
