"""Tickets: issue, read, cancel, requeue, and the kiosk's report of whether each was printed.

Which tickets each role may touch is server/permissions.py's table (``require_ticket``);
what it sees of them, server/visibility.py.
"""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas, visibility
from server.bodies import PrintedIn, TicketIn
from server.deps import (
    Access,
    Device,
    OfficeDep,
    Once,
    Permission,
    Scope,
    actor,
    answers,
    require,
    require_ticket,
    require_ticket_by_number,
    require_ticket_with_code,
)

router = APIRouter(prefix="/api")


@router.post("/tickets", status_code=201)
async def issue_ticket(
    body: TicketIn, office: OfficeDep, once: Once, device: Device = require(Permission.ISSUE_TICKETS)
) -> schemas.Ticket:
    """A new number; the answer carries the ticket's ``public_code`` for the QR code on the slip.

    Sent again with the same ``Idempotency-Key`` (a kiosk's retry), it answers the same ticket.
    """
    ticket = await once(office, device, office.store.tickets.issue, body.service.upper(), body.priority, actor(device))
    code = ticket["public_code"]
    shown = visibility.ticket(device, ticket)
    shown["public_code"] = code  # the issuing device prints it: the citizen's key to her ticket
    return shown


async def _shown(office: OfficeDep, access: Access) -> schemas.Ticket:
    ticket = await office.call(office.store.views.ticket, access.ticket.id)
    shown = visibility.ticket(access.device, ticket)
    if access.scope in (Scope.ANY, Scope.ISSUED, Scope.CODE) and access.device.role.value in ("kiosk", "supervisor"):
        # To reprint the slip with its QR code (the issuing kiosk, a supervisor), or the citizen showed it.
        shown["public_code"] = await office.call(office.store.tickets.public_code, access.ticket.id)
    if access.ticket.code_matches and "rating" in ticket:
        shown["rating"] = ticket["rating"]  # the citizen showed her code: her own rating ("rated already")
    return shown


@router.get("/tickets/{ticket_id}")
async def get_ticket(
    office: OfficeDep, access: Access = require_ticket_with_code(Permission.READ_TICKET)
) -> schemas.Ticket:
    """The ticket, with ``position`` while it waits; the issuing kiosk and supervisors also get its ``public_code``."""
    return await _shown(office, access)


@router.get("/tickets/by-number/{number}")
async def ticket_by_number(
    office: OfficeDep, access: Access = require_ticket_by_number(Permission.FIND_TICKET)
) -> schemas.Ticket:
    """Today's ticket with this printed number — at a kiosk only with its code (``?c=``), to rate it."""
    return await _shown(office, access)


@router.post("/tickets/{ticket_id}/cancel", responses=answers(409))
async def cancel_ticket(
    office: OfficeDep, access: Access = require_ticket(Permission.CANCEL_TICKETS)
) -> schemas.Ticket:
    ticket = await office.call(office.store.tickets.cancel, access.ticket.id, actor(access.device))
    return visibility.ticket(access.device, ticket)


@router.post("/tickets/{ticket_id}/requeue", responses=answers(409))
async def requeue_ticket(
    office: OfficeDep, access: Access = require_ticket(Permission.REQUEUE_TICKETS)
) -> schemas.Ticket:
    """A no-show who came back goes to the end of the queue (once)."""
    ticket = await office.call(office.store.tickets.requeue, access.ticket.id, actor(access.device))
    return visibility.ticket(access.device, ticket)


@router.post("/tickets/{ticket_id}/printed")
async def printed(
    body: PrintedIn, office: OfficeDep, access: Access = require_ticket(Permission.REPORT_PRINTED)
) -> schemas.Ticket:
    """Did the slip come out of the printer; the ticket's ``printed`` is then true or false (event ticket.printed)."""
    ticket = await office.call(
        office.store.tickets.mark_printed, access.ticket.id, body.printed, body.detail, actor(access.device)
    )
    return visibility.ticket(access.device, ticket)
