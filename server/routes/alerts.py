"""Device alerts: a device raises one when its hardware fails and clears it when it recovers; supervisors manage any."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from server import schemas
from server.bodies import AlertIn
from server.deps import Device, OfficeDep, Permission, actor, answers, require
from server.errors import ForbiddenError

router = APIRouter(prefix="/api")

AlertId = Annotated[int, Path(ge=1, le=2**53, description="alert id")]


@router.post("/alerts")
async def set_alert(
    body: AlertIn, office: OfficeDep, device: Device = require(Permission.REPORT_ALERTS)
) -> schemas.AlertAnswer:
    """Raise, update or clear the calling device's own alert (null: clearing one that was not active)."""
    if body.source is not None and body.source != device.name:
        raise ForbiddenError(
            f"device {device.name!r} may raise and clear only its own alerts, not those of {body.source!r}",
            f"Thiết bị {device.name!r} chỉ được báo và xóa cảnh báo của chính mình",
        )
    alert = await office.call(
        office.store.alerts.set,
        body.kind,
        body.state,
        body.active,
        body.message_vi,
        body.message_en,
        actor(device),
    )
    return {"alert": alert}


@router.get("/alerts")
async def alerts(office: OfficeDep, device: Device = require(Permission.READ_ALERTS)) -> schemas.Alerts:
    """The active alerts, oldest first."""
    return {"alerts": await office.call(office.store.alerts.active)}


@router.post("/alerts/{alert_id}/acknowledge", responses=answers(409))
async def acknowledge_alert(
    alert_id: AlertId, office: OfficeDep, device: Device = require(Permission.MANAGE_ALERTS)
) -> schemas.Alert:
    """Seen, someone is on it: the alert stays active until its device (or a supervisor) clears it."""
    return await office.call(office.store.alerts.acknowledge, alert_id, actor(device))


@router.post("/alerts/{alert_id}/clear", responses=answers(409))
async def clear_alert(
    alert_id: AlertId, office: OfficeDep, device: Device = require(Permission.MANAGE_ALERTS)
) -> schemas.Alert:
    """Clear any device's alert (its device raises it again if the fault is still there)."""
    return await office.call(office.store.alerts.clear, alert_id, actor(device))
