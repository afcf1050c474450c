"""Ratings: the office's rating form, and rating a served ticket."""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas
from server.bodies import RatingIn
from server.deps import Device, OfficeDep, Permission, Role, TicketId, actor, answers, require

router = APIRouter(prefix="/api")


@router.get("/rating-scale")
async def rating_scale(office: OfficeDep, device: Device = require(Permission.READ_OFFICE)) -> schemas.RatingScale:
    """The levels, best first, the reasons offered after a negative one, and how long the question stays."""
    return await office.call(office.store.ratings.scale)


@router.post("/tickets/{ticket_id}/rating", status_code=201, responses=answers(409))
async def rate(
    ticket_id: TicketId, body: RatingIn, office: OfficeDep, device: Device = require(Permission.RATE)
) -> schemas.Rating:
    """Rate a served ticket, once."""
    # A counter-side tablet (or the counter app) rates only what its counter served.
    only = device.counter if device.role in (Role.COUNTER, Role.RATING) else None
    return await office.call(
        office.store.ratings.rate, ticket_id, body.level, body.reasons, body.dossier_code, actor(device), only
    )
