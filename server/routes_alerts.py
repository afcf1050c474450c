"""The print-state and alert API: a kiosk reports printed/unprinted tickets; devices raise alerts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from server import auth
from server.accounts import Device
from server.app import OfficeServer
from server.snapshots import Actor

router = APIRouter(prefix="/api")

# Strict booleans: "yes" or 1 from a buggy client is refused, not taken as true.
_strict = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PrintedIn(BaseModel):
    model_config = _strict
    printed: StrictBool = Field(description="true: the ticket came out of the printer; false: it did not")
    detail: str | None = Field(default=None, max_length=300, description="the printer's fault, for the technician")


class AlertIn(BaseModel):
    model_config = _strict
    source: str = Field(min_length=1, max_length=64, description="what the alert is about, e.g. the kiosk's name")
    kind: Literal["printer"] = Field(description="the kind of hardware")
    state: str = Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$", description="e.g. paper_out")
    active: StrictBool = Field(description="true raises (or updates) the alert; false clears it")
    message_vi: str | None = Field(default=None, min_length=1, max_length=300)
    message_en: str | None = Field(default=None, min_length=1, max_length=300)

    @model_validator(mode="after")
    def _messages_when_active(self) -> AlertIn:
        if self.active and (self.message_vi is None or self.message_en is None):
            raise ValueError("an active alert needs message_vi and message_en for the supervisor")
        return self


def _office(request: Request) -> OfficeServer:
    office: OfficeServer = request.app.state.office
    return office


@router.post("/tickets/{ticket_id}/printed")
async def printed(
    request: Request,
    ticket_id: Annotated[int, Path(ge=1, le=2**53)],
    body: PrintedIn,
    device: Device = auth.require(auth.ISSUE),
) -> dict[str, Any]:
    ticket: dict[str, Any] = await _office(request).run(
        "mark_printed", ticket_id, body.printed, body.detail, Actor(device.name)
    )
    return ticket


@router.post("/alerts")
async def set_alert(request: Request, body: AlertIn, device: Device = auth.require(auth.READ)) -> dict[str, Any]:
    """Raise, update or clear one device alert; ``alert`` is null when clearing one that was not active."""
    alert = await _office(request).run(
        "set_alert",
        body.source,
        body.kind,
        body.state,
        body.active,
        body.message_vi,
        body.message_en,
        Actor(device.name),
    )
    return {"alert": alert}


@router.get("/alerts")
async def alerts(request: Request, device: Device = auth.require(auth.READ)) -> dict[str, Any]:
    """The active alerts, oldest first."""
    return {"alerts": await _office(request).run("active_alerts")}
