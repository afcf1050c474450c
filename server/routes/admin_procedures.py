"""Editing one administrative procedure in the admin screens (issue 19: written only through import and admin).

The catalogue stays one versioned whole (server/storage/procedures.py): an edit writes its next
version in one transaction with an audit entry (old → new per field), and the screens that show
procedures (the kiosk, /thu-tuc) hear ``procedures.changed`` as after an import.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from core.procedures import Level, Paper, Procedure
from server import schemas, snapshots
from server.bodies import ProcedureIn
from server.deps import Device, OfficeDep, Permission, admin_actor, answers, require
from server.errors import InvalidError

router = APIRouter(prefix="/api/admin")

ProcedureCode = Annotated[str, Path(min_length=1, max_length=40, description="the procedure's code")]


@router.put("/procedures/{code}", responses=answers(422))
async def edit_procedure(
    code: ProcedureCode, body: ProcedureIn, office: OfficeDep, device: Device = require(Permission.EDIT_PROCEDURES)
) -> schemas.Procedure:
    """Change (or add) procedure ``code``; 422 naming what is wrong, in both languages."""
    services = {s.code for s in office.config.office.services}
    if body.service is not None and body.service not in services:
        raise InvalidError(
            f"service {body.service!r} does not exist: use one of {', '.join(sorted(services))}, or none",
            f"Lĩnh vực {body.service!r} không có: chọn một trong {', '.join(sorted(services))}, hoặc để trống",
        )
    try:
        procedure = Procedure(
            code=code, name=body.name, field=body.field, level=Level(body.level),
            papers=tuple(Paper(p.name, p.copies, p.original) for p in body.papers),
            service=body.service, name_en=body.name_en, field_en=body.field_en, fee=body.fee,
            processing_time=body.processing_time, result_at=body.result_at, legal_basis=body.legal_basis,
            portal_url=body.portal_url, note=body.note,
        )  # fmt: skip
    except ValueError as exc:
        raise InvalidError(str(exc), f"Thủ tục không hợp lệ: {exc}") from None
    await office.call(office.store.procedures.edit, procedure, admin_actor(device))
    await office.call(office.store.procedures.announce)
    return snapshots.procedure(await office.call(office.store.procedures.get, code))
