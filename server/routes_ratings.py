"""The rating API: the scale, rating a served ticket, finding a ticket by its number."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from server import auth
from server.accounts import Device, Role
from server.app import OfficeServer
from server.snapshots import Actor

router = APIRouter(prefix="/api")

RATE = frozenset({Role.KIOSK, Role.COUNTER, Role.RATING})


class RatingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)
    level: int = Field(ge=1, le=10, description="a level value from /api/rating-scale")
    reasons: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(default_factory=list, max_length=10)
    dossier_code: str | None = Field(default=None, min_length=1, max_length=64, description="mã hồ sơ, optional")


def _office(request: Request) -> OfficeServer:
    office: OfficeServer = request.app.state.office
    return office


@router.get("/rating-scale")
async def rating_scale(request: Request, device: Device = auth.require(auth.READ)) -> dict[str, Any]:
    scale: dict[str, Any] = await _office(request).run("rating_scale")
    return scale


@router.post("/tickets/{ticket_id}/rating", status_code=201)
async def rate(
    request: Request,
    ticket_id: Annotated[int, Path(ge=1, le=2**53)],
    body: RatingIn,
    device: Device = auth.require(RATE),
) -> dict[str, Any]:
    # A counter-side tablet (or the counter app) rates only what its counter served.
    only = device.counter if device.role in (Role.COUNTER, Role.RATING) else None
    rating: dict[str, Any] = await _office(request).run(
        "rate", ticket_id, body.level, body.reasons, body.dossier_code, Actor(device.name), only
    )
    return rating


@router.get("/tickets/by-number/{number}")
async def ticket_by_number(
    request: Request,
    number: Annotated[str, Path(min_length=1, max_length=12, pattern=r"^[A-Za-z0-9]+$")],
    device: Device = auth.require(auth.READ),
) -> dict[str, Any]:
    """Today's ticket with this printed number — for rating at the kiosk by typing it."""
    ticket: dict[str, Any] = await _office(request).run("ticket_by_number", number)
    return ticket
