"""Devices' reports about themselves: each app posts its version and the state of its parts; supervisors read."""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas
from server.bodies import DeviceStatusIn
from server.deps import Device, OfficeDep, Permission, require

router = APIRouter(prefix="/api")


@router.post("/devices/status")
async def report_status(
    body: DeviceStatusIn, office: OfficeDep, device: Device = require(Permission.REPORT_DEVICE_STATUS)
) -> schemas.DeviceStatusAnswer:
    """The calling device's version and parts (event ``device.status`` when something changed)."""
    components = {name: part.model_dump() for name, part in body.components.items()}
    return {"status": await office.call(office.store.device_status.report, device.name, body.version, components)}


@router.get("/devices/status")
async def devices_status(
    office: OfficeDep, device: Device = require(Permission.READ_DEVICE_STATUS)
) -> schemas.DevicesStatus:
    """Every registered device with its last report (null fields: it never reported)."""
    return {"devices": await office.call(office.store.device_status.all)}
