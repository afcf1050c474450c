"""The sync agent's status: it reports after every cycle; supervisors read it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from server import auth
from server.accounts import Device, Role
from server.app import OfficeServer

router = APIRouter(prefix="/api")

Count = Annotated[int, Field(ge=0, le=10_000_000)]


class SyncStatusIn(BaseModel):
    """What the agent knows after a cycle (sync/agent.py ``SyncAgent.status``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    upstream: str = Field(min_length=1, max_length=500, description="the district server's address")
    backlog: Count = Field(description="batches stored but not yet acknowledged by the district")
    oldest_pending_day: dt.date | None = Field(description="the oldest day still waiting to be delivered")
    watermark: dt.date | None = Field(description="every day up to this one is delivered for good")
    rejected: Count = Field(description="batches the district refused as invalid (kept in the outbox file)")
    last_attempt_at: AwareDatetime | None
    last_success_at: AwareDatetime | None = Field(description="the last cycle that delivered everything")
    last_error: str | None = Field(max_length=1000)


@router.post("/sync/status")
async def post_sync_status(
    request: Request, body: SyncStatusIn, device: Device = auth.require(frozenset({Role.SYNC}))
) -> dict[str, Any]:
    office: OfficeServer = request.app.state.office
    report = body.model_dump(mode="json")
    # Times are shown to the supervisor in office-local time, like every other time of the API.
    for key in ("last_attempt_at", "last_success_at"):
        when = getattr(body, key)
        report[key] = None if when is None else when.timestamp()
    status: dict[str, Any] = await office.run("set_sync_status", report, device.name)
    return {"status": status}


@router.get("/sync/status")
async def get_sync_status(request: Request, device: Device = auth.require(auth.STATS)) -> dict[str, Any]:
    """``{"status": null}`` until an agent has reported."""
    office: OfficeServer = request.app.state.office
    return {"status": await office.run("sync_status")}
