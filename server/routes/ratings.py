"""Ratings: the office's rating form, and rating a served ticket (its counter's tablet, or the ticket's code)."""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas
from server.bodies import RatingIn
from server.deps import Access, Device, OfficeDep, Permission, Scope, actor, answers, require, require_ticket_with_code

router = APIRouter(prefix="/api")

# How a rating came, by the scope of server/permissions.py that let it in.
PATHS = {Scope.JUST_FINISHED_HERE: "tablet", Scope.CODE: "kiosk_code"}


@router.get("/rating-scale")
async def rating_scale(
    office: OfficeDep, device: Device = require(Permission.READ_RATING_SCALE)
) -> schemas.RatingScale:
    """The levels, best first, the reasons offered after a negative one, and how long the question stays."""
    return await office.call(office.store.ratings.scale)


@router.post("/tickets/{ticket_id}/rating", status_code=201, responses=answers(409))
async def rate(
    body: RatingIn, office: OfficeDep, access: Access = require_ticket_with_code(Permission.RATE)
) -> schemas.Rating:
    """Rate a served ticket, once: from its counter's tablet within the window, or at a kiosk with its code (?c=)."""
    return await office.call(
        office.store.ratings.rate,
        access.ticket.id,
        body.level,
        body.reasons,
        body.dossier_code,
        actor(access.device),
        PATHS[access.scope],
    )
