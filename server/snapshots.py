"""Rows → the JSON shapes the API and the event stream publish."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import overload
from zoneinfo import ZoneInfo

from core.model import Counter, Service
from core.procedures import Level, Procedure
from core.wait_estimate import Closure, WaitEstimate
from server import schemas

STATUS_VI = {
    "waiting": "đang chờ",
    "called": "đã gọi",
    "serving": "đang phục vụ",
    "done": "hoàn thành",
    "no_show": "vắng mặt",
    "cancelled": "đã hủy",
}


@dataclass(frozen=True)
class Actor:
    """Who did it: the device, and the clerk signed in there if any."""

    device: str
    clerk: str | None = None


@overload
def iso(epoch_s: float, tz: ZoneInfo) -> str: ...


@overload
def iso(epoch_s: float | None, tz: ZoneInfo) -> str | None: ...


def iso(epoch_s: float | None, tz: ZoneInfo) -> str | None:
    if epoch_s is None:
        return None
    return datetime.fromtimestamp(epoch_s, tz).isoformat(timespec="milliseconds")


def service(s: Service) -> schemas.Service:
    return {
        "code": s.code,
        "name_vi": s.name_vi,
        "name_en": s.name_en,
        "label_format": str(s.label),
        "mean_service_s": s.mean_service_s,
        "target_wait_s": s.target_wait_s,
        "hidden": s.hidden,
        "colour": s.colour,
    }


def ticket(row: sqlite3.Row, tz: ZoneInfo) -> schemas.Ticket:
    result: schemas.Ticket = {
        "id": row["id"],
        "number": row["label"],
        "seq": row["seq"],
        "day": row["day"],
        "service": row["service"],
        "original_service": row["original_service"],
        "priority": row["priority"],
        "status": row["status"],
        "issued_at": iso(row["issued_at"], tz),
        # Sets the place in the queue: the issue time, or the requeue time of a returning no-show.
        "queued_at": iso(row["queue_key"], tz),
        "first_called_at": iso(row["first_called_at"], tz),
        "called_at": iso(row["called_at"], tz),
        "call_count": row["call_count"],
        "started_at": iso(row["started_at"], tz),
        "finished_at": iso(row["finished_at"], tz),
        "counter": row["counter"],
        "clerk": row["clerk"],
        "waiting_ahead": row["waiting_ahead"],
        "estimated_wait_s": row["estimated_wait_s"],
        # The range printed with it (null: printed before the estimator's first batch, or before ranges).
        "estimated_low_s": row["estimated_low_s"],
        "estimated_high_s": row["estimated_high_s"],
        "estimated_called_today": row["estimated_called_today"],
        "requeued": bool(row["requeued"]),
        "close_reason": row["close_reason"],
        # Did the kiosk print it: True, False (shown on screen instead), None (not reported).
        "printed": None if row["printed"] is None else bool(row["printed"]),
    }
    if "booked_slot" in row.keys() and row["booked_slot"] is not None:
        # A booked citizen's ticket (checked in at the kiosk): the slot it was booked for.
        result["booked_slot"] = iso(row["booked_slot"], tz)
    return result


def counter_state_name(row: sqlite3.Row, ticket: schemas.Ticket | None) -> schemas.CounterStateName:
    if not row["clerk"]:
        return "signed_out"
    if row["paused"]:
        return "paused"
    if ticket is None:
        return "idle"
    return "calling" if ticket["status"] == "called" else "serving"


def counter(
    config: Counter,
    row: sqlite3.Row,
    clerk: schemas.Clerk | None,
    ticket: schemas.Ticket | None,
    tz: ZoneInfo,
) -> schemas.Counter:
    return {
        "number": config.number,
        "name": config.name,
        "services": list(config.services),
        "closed": config.closed,
        "state": counter_state_name(row, ticket),
        "clerk": clerk,
        "signed_in_at": iso(row["signed_in_at"], tz),
        "paused": bool(row["paused"]),
        "pause_reason": row["pause_reason"],
        "paused_at": iso(row["paused_at"], tz),
        "ticket": ticket,
    }


def wait_range(estimate: WaitEstimate) -> schemas.WaitRange:
    return {
        "point_s": estimate.point_s,
        "low_s": estimate.low_s,
        "high_s": estimate.high_s,
        "called_today": round(estimate.called_today, 3),
    }


def closure(value: Closure, tz: ZoneInfo) -> schemas.Closure:
    return {"kind": value.kind.value, "until": iso(value.until, tz)}


def procedure(p: Procedure) -> schemas.Procedure:
    return {
        "code": p.code,
        "name": p.name,
        "name_en": p.name_en,
        "field": p.field,
        "field_en": p.field_en,
        "service": p.service,
        "level": "commune" if p.level is Level.COMMUNE else "province",
        "papers": [{"name": x.name, "copies": x.copies, "original": x.original} for x in p.papers],
        "fee": p.fee,
        "processing_time": p.processing_time,
        "result_at": p.result_at,
        "legal_basis": p.legal_basis,
        "portal_url": p.portal_url,
        "note": p.note,
    }
