"""The office as screens read it: health, services, counters, the whole state."""

from __future__ import annotations

from fastapi import APIRouter

from server import schemas, visibility
from server.deps import Device, OfficeDep, Permission, require
from server.snapshots import service

router = APIRouter(prefix="/api")


@router.get("/health")
async def health(office: OfficeDep) -> schemas.Health:
    """Liveness for monitoring; needs no token and tells nothing private.

    ``degraded`` while a problem outside any request lasts — a storage fault (disk full, read-only,
    the database locked by another program, its file removed or damaged) or a jump of the server's
    clock — with each problem's code, message and start in ``problems``.
    """
    return office.health()


@router.get("/services")
async def services(office: OfficeDep, device: Device = require(Permission.READ_LIVE)) -> schemas.Services:
    """The services with their waiting count and estimated wait, and the priority groups."""
    queues = await office.call(office.store.views.queues)
    config = office.config.office
    return {
        "services": [{**service(s), **queues[s.code]} for s in config.services],
        "priority_groups": [
            {"code": g.code, "name_vi": g.name_vi, "name_en": g.name_en} for g in config.priority_groups
        ],
    }


@router.get("/counters")
async def counters(office: OfficeDep, device: Device = require(Permission.READ_LIVE)) -> schemas.Counters:
    """The counters as the device's role may see them (server/visibility.py)."""
    return {"counters": [visibility.counter(device, c) for c in await office.call(office.store.views.counters)]}


@router.get("/state")
async def state(office: OfficeDep, device: Device = require(Permission.READ_STATE)) -> schemas.State:
    """Everything a screen needs, with ``seq``, the last event it includes; as the device's role may see it."""
    result = visibility.state(device, await office.call(office.store.state))
    result["you"] = {"device": device.name, "role": device.role.value, "counter": device.counter}
    # The supervisor's wait alert threshold (office.alert_wait_min), from the config the Store does not hold.
    result["office"]["alert_wait_s"] = office.config.alert_wait_s
    # Where citizens' phones reach the ticket's page (its QR code); null: the server's own address.
    result["office"]["public_url"] = office.config.public_url
    return result
