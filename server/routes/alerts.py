"""Device alerts: a device raises one when its hardware fails and clears it when it recovers."""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas
from server.bodies import AlertIn
from server.deps import Device, OfficeDep, Permission, actor, require

router = APIRouter(prefix="/api")


@router.post("/alerts")
async def set_alert(
    body: AlertIn, office: OfficeDep, device: Device = require(Permission.REPORT_ALERTS)
) -> schemas.AlertAnswer:
    """Raise, update or clear one device alert; ``alert`` is null when clearing one that was not active."""
    alert = await office.call(
        office.store.alerts.set,
        body.source,
        body.kind,
        body.state,
        body.active,
        body.message_vi,
        body.message_en,
        actor(device),
    )
    return {"alert": alert}


@router.get("/alerts")
async def alerts(office: OfficeDep, device: Device = require(Permission.READ_OFFICE)) -> schemas.Alerts:
    """The active alerts, oldest first."""
    return {"alerts": await office.call(office.store.alerts.active)}
