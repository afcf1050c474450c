"""The audit trail: supervisors read it (GET /api/audit); kiosks report what was done on their admin screen."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from server import schemas
from server.bodies import KioskAdminIn
from server.deps import Device, OfficeDep, Permission, actor, require
from server.errors import InvalidError

router = APIRouter(prefix="/api")

When = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$",
        description="office-local date YYYY-MM-DD (the whole day) or time YYYY-MM-DDTHH:MM (default: today)",
    ),
]


def _epoch(text: str, tz: dt.tzinfo, end: bool) -> float:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidError(f"{text!r} is not a date or time", f"{text!r} không phải là ngày giờ hợp lệ") from None
    if not dt.MINYEAR < when.year < dt.MAXYEAR:
        raise InvalidError(f"{text!r} is out of range", f"{text!r} nằm ngoài khoảng cho phép")
    if end and "T" not in text:
        when += dt.timedelta(days=1)  # "to 2026-11-27" means to the end of that day
    return when.replace(tzinfo=tz).timestamp()


@router.get("/audit")
async def audit(
    office: OfficeDep,
    first: Annotated[When, Query(alias="from")] = None,
    last: Annotated[When, Query(alias="to")] = None,
    device: Device = require(Permission.READ_AUDIT),
) -> schemas.Audit:
    """Who did what sensitive, from..to (office-local), oldest first: sign-ins, cancels, ratings, device changes …"""
    today = await office.call(office.store.today)
    tz = office.config.tz
    start = _epoch(first or last or today, tz, end=False)
    end = _epoch(last or first or today, tz, end=True)
    if start > end:
        raise InvalidError("from is after to", "Thời điểm bắt đầu sau thời điểm kết thúc")
    return {"entries": await office.call(office.store.audit.between, start, end)}


@router.post("/kiosk/admin", status_code=204)
async def kiosk_admin(
    body: KioskAdminIn, office: OfficeDep, device: Device = require(Permission.REPORT_KIOSK_ADMIN)
) -> None:
    """Record an act on the kiosk's admin screen (opened, wrong PIN, test print, reprint, exit) in the audit trail."""
    await office.call(office.store.audit.append, "kiosk.admin", actor(device), what=body.action, detail=body.detail)
