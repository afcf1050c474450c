"""The administrative procedures catalogue: read by every role; the kiosk counts look-ups and printed checklists.

Written only by ``onestop procedures import`` (and, later, the admin screens);
screens learn of a new catalogue from the event ``procedures.changed``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from server import schemas, snapshots
from server.deps import Device, OfficeDep, Permission, require

router = APIRouter(prefix="/api")

Code = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="the procedure's code, e.g. 1.000894",
    ),
]


@router.get("/procedures")
async def catalogue(office: OfficeDep, device: Device = require(Permission.READ_PROCEDURES)) -> schemas.Catalogue:
    """Every procedure in the catalogue's order, with its papers, and the fields (lĩnh vực) in order."""
    return await office.call(office.store.procedures.catalogue)


@router.get("/procedures/{code}")
async def procedure(
    code: Code, office: OfficeDep, device: Device = require(Permission.READ_PROCEDURES)
) -> schemas.Procedure:
    return snapshots.procedure(await office.call(office.store.procedures.get, code))


@router.post("/procedures/{code}/looked-up")
async def looked_up(
    code: Code, office: OfficeDep, device: Device = require(Permission.COUNT_PROCEDURE_USE)
) -> schemas.UseCounted:
    """A citizen opened the procedure's page at the kiosk: one more look-up today (GET /api/stats ``procedures``)."""
    return await office.call(office.store.procedures.count_use, code, "looked_up")


@router.post("/procedures/{code}/checklist-printed")
async def checklist_printed(
    code: Code, office: OfficeDep, device: Device = require(Permission.COUNT_PROCEDURE_USE)
) -> schemas.UseCounted:
    """The kiosk printed the procedure's checklist of papers: one more today."""
    return await office.call(office.store.procedures.count_use, code, "checklist_printed")
