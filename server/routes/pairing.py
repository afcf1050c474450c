"""Device pairing, the device's side: no token yet, only the server's address.

POST /api/pair gives a 6-digit code to show (and a QR of the admin page with it); the device then
waits on POST /api/pair/{id}/wait (a long request, answered at once when an administrator
decides) and receives its token once. The administrator's side is server/routes/admin_people.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from server import schemas, snapshots
from server.bodies import PairIn, PairWaitIn
from server.deps import OfficeDep, answers

router = APIRouter(prefix="/api/pair")

PairingId = Annotated[int, Path(ge=1, le=2**53)]


@router.post("", status_code=201, responses=answers(409))
async def request_pairing(body: PairIn, office: OfficeDep) -> schemas.PairingTicket:
    """A code to show on the device's screen, valid 10 minutes, and the device's own secret to wait with."""
    ticket = await office.call(office.store.pairings.request, body.kind, body.hint)
    return {
        "id": ticket.id,
        "code": ticket.code,
        "secret": ticket.secret,
        "expires_at": snapshots.iso(ticket.expires_at, office.config.tz),
    }


@router.post("/{pairing_id}/wait", responses=answers(404))
async def wait_for_approval(pairing_id: PairingId, body: PairWaitIn, office: OfficeDep) -> schemas.PairingAnswer:
    """Wait up to ``wait_s`` for an administrator's decision; the token comes once, with ``approved``."""
    status = await office.call(office.store.pairings.status, pairing_id, body.secret)
    if status.state == "pending" and body.wait_s:
        await office.handoff.wait(pairing_id, body.wait_s)
        status = await office.call(office.store.pairings.status, pairing_id, body.secret)
    token = office.handoff.take(pairing_id) if status.state == "approved" else None
    return {
        "state": status.state,
        "token": token,
        "device": status.device,
        "role": status.role,
        "counter": status.counter,
    }
