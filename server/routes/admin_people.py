"""Clerks and devices through the admin API: add, rename, reset a PIN, disable (never delete); list, rename, revoke.

Every change is one transaction with its audit entry (server/storage/accounts.py); PINs and tokens
are never answered back.
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, Path

from server import schemas, snapshots
from server.bodies import ClerkChange, ClerkIn, DeviceRename, PairApproveIn, PinIn
from server.deps import Device, OfficeDep, Permission, admin_actor, answers, require
from server.permissions import ClerkRole, Role

router = APIRouter(prefix="/api/admin")

Username = Annotated[str, Path(min_length=1, max_length=64, description="the clerk's username")]
DeviceName = Annotated[str, Path(min_length=1, max_length=40, description="the device's name")]
PairingCode = Annotated[str, Path(pattern=r"^[0-9]{6}$", description="the 6-digit code the device shows")]


@router.get("/clerks")
async def clerks(office: OfficeDep, device: Device = require(Permission.MANAGE_CLERKS)) -> schemas.AdminClerks:
    """Every clerk, active or not (a disabled clerk's name stays in the history)."""
    return {"clerks": cast(list[schemas.AdminClerk], await office.call(office.store.accounts.clerks))}


@router.post("/clerks", status_code=201, responses=answers(409, 422))
async def add_clerk(
    body: ClerkIn, office: OfficeDep, device: Device = require(Permission.MANAGE_CLERKS)
) -> schemas.AdminClerk:
    role = ClerkRole.ADMIN if body.admin else ClerkRole.COUNTER
    added = await office.call(
        office.store.accounts.create_clerk, body.username, body.pin, body.name, office.config.min_pin_digits, role,
        admin_actor(device),
    )
    return cast(schemas.AdminClerk, added)


@router.patch("/clerks/{username}", responses=answers(404, 409))
async def change_clerk(
    username: Username, body: ClerkChange, office: OfficeDep, device: Device = require(Permission.MANAGE_CLERKS)
) -> schemas.AdminClerk:
    """Rename, make or unmake an administrator, disable or enable; the last active administrator stays one."""
    role = None if body.admin is None else ClerkRole.ADMIN if body.admin else ClerkRole.COUNTER
    changed = await office.call(
        office.store.accounts.change_clerk, username, admin_actor(device), name=body.name, role=role, active=body.active
    )
    return cast(schemas.AdminClerk, changed)


@router.post("/clerks/{username}/pin", status_code=204, responses=answers(404, 422))
async def reset_pin(
    username: Username, body: PinIn, office: OfficeDep, device: Device = require(Permission.MANAGE_CLERKS)
) -> None:
    """A new PIN (a forgotten one); lifts a lockout of the name."""
    await office.call(
        office.store.accounts.set_pin, username, body.pin, office.config.min_pin_digits, admin_actor(device)
    )


@router.get("/devices")
async def devices(office: OfficeDep, device: Device = require(Permission.MANAGE_DEVICES)) -> schemas.AdminDevices:
    """Every device with its role, counter, and when it last asked (kept across restarts) with which version."""
    tz = office.config.tz
    result: list[schemas.AdminDevice] = []
    for row in await office.call(office.store.accounts.devices):
        # Memory has the newest; the database what was written before (a restart, a rename).
        seen = office.last_seen.get(row["name"]) or (
            (row["last_seen"], row["user_agent"]) if row["last_seen"] is not None else None
        )
        result.append(
            {
                "name": row["name"],
                "role": row["role"],
                "counter": row["counter"],
                "revoked": bool(row["revoked"]),
                "created_at": snapshots.iso(row["created_at"], tz),
                "last_seen": snapshots.iso(seen[0], tz) if seen else None,
                "version": seen[1] if seen else None,
            }
        )
    return {"devices": result}


@router.post("/devices/{name}/rename", status_code=204, responses=answers(404, 409))
async def rename_device(
    name: DeviceName, body: DeviceRename, office: OfficeDep, device: Device = require(Permission.MANAGE_DEVICES)
) -> None:
    await office.call(office.store.accounts.rename_device, name, body.name, admin_actor(device))


@router.post("/devices/{name}/revoke", status_code=204, responses=answers(404))
async def revoke_device(
    name: DeviceName, office: OfficeDep, device: Device = require(Permission.MANAGE_DEVICES)
) -> None:
    """Its token stops working within 10 s (the token cache); its open event stream is closed."""
    await office.call(office.store.accounts.revoke_device, name, admin_actor(device))


@router.get("/pairings")
async def pairings(office: OfficeDep, device: Device = require(Permission.PAIR_DEVICES)) -> schemas.PendingDevices:
    """Devices waiting to be approved: the code each shows, what it says it is, its host name."""
    tz = office.config.tz
    rows = await office.call(office.store.pairings.pending)
    return {
        "pending": [
            {
                "code": r["code"],
                "kind": r["kind"],
                "hint": r["hint"],
                "created_at": snapshots.iso(r["created_at"], tz),
                "expires_at": snapshots.iso(r["expires_at"], tz),
            }
            for r in rows
        ]
    }


@router.post("/pairings/{code}/approve", status_code=204, responses=answers(404, 409, 422))
async def approve_pairing(
    code: PairingCode, body: PairApproveIn, office: OfficeDep, device: Device = require(Permission.PAIR_DEVICES)
) -> None:
    """Add the device showing ``code`` with this role, name and counter; it receives its token at once."""
    pairing_id, token = await office.call(
        office.store.pairings.approve, code, body.name, Role(body.role), body.counter, admin_actor(device)
    )
    office.handoff.give(pairing_id, token)


@router.post("/pairings/{code}/refuse", status_code=204, responses=answers(404))
async def refuse_pairing(
    code: PairingCode, office: OfficeDep, device: Device = require(Permission.PAIR_DEVICES)
) -> None:
    pairing_id = await office.call(office.store.pairings.refuse, code, admin_actor(device))
    office.handoff.decided(pairing_id)
