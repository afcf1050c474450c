"""The live configuration through the admin API: read it whole, change it whole (one transaction, one version).

The admin screens edit a copy of the document and send it back with the version they read;
server/storage/settings.py checks it against today's tickets, stores it, audits the change and
announces ``office.configured``, on which every screen reloads its state.
"""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas
from server.bodies import ConfigurationIn
from server.config import check_document
from server.deps import Device, OfficeDep, Permission, admin_actor, answers, require

router = APIRouter(prefix="/api/admin")


@router.get("/config")
async def read_config(office: OfficeDep, device: Device = require(Permission.CONFIGURE)) -> schemas.Configuration:
    """The live configuration: services, counters, priority, rating form, office name, alert threshold, display."""
    version, document = await office.call(office.store.settings.current)
    return {"version": version, "document": document}


@router.put("/config", responses=answers(409, 422))
async def change_config(
    body: ConfigurationIn, office: OfficeDep, device: Device = require(Permission.CONFIGURE)
) -> schemas.Configuration:
    """Replace the configuration: 422 naming the first mistake (both languages); 409 when today's tickets forbid
    it (a service with tickets waiting removed, a number format changed under today's tickets, a counter in use
    removed) or another administrator changed it since ``version``."""
    document = check_document(body.document)
    await office.call(office.store.settings.change, document, admin_actor(device), body.version)
    version, stored = await office.call(office.store.settings.current)
    return {"version": version, "document": stored}
