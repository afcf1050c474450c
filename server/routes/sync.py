"""The sync agent's status: it reports after every cycle; supervisors read it."""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas
from server.bodies import SyncStatusIn
from server.deps import Device, OfficeDep, Permission, require

router = APIRouter(prefix="/api")


@router.post("/sync/status")
async def post_sync_status(
    body: SyncStatusIn, office: OfficeDep, device: Device = require(Permission.REPORT_SYNC)
) -> schemas.SyncStatusAnswer:
    report = body.model_dump(mode="json")
    # Times are shown to the supervisor in office-local time, like every other time of the API.
    for key in ("last_attempt_at", "last_success_at"):
        when = getattr(body, key)
        report[key] = None if when is None else when.timestamp()
    return {"status": await office.call(office.store.sync_status.set, report, device.name)}


@router.get("/sync/status")
async def get_sync_status(
    office: OfficeDep, device: Device = require(Permission.READ_SYNC_STATUS)
) -> schemas.SyncStatusAnswer:
    """``{"status": null}`` until an agent has reported."""
    return {"status": await office.call(office.store.sync_status.get)}
