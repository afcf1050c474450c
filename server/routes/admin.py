"""The admin screens' door: an administrator (clerks.role 'admin') signs in with username and PIN.

The answer is a session token for ADMIN_SESSION_S (server/storage/accounts.py); the admin API
(server/routes/admin_*.py) accepts it as a bearer token, under the ``admin`` column of the
permission table. Sign-in needs no device token — a PC without the supervisor app opens /admin —
so the PIN lockout of the counters (per username, in the database) is what stands in the way.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request

from server import credentials, schemas, snapshots
from server.auth import token_from
from server.bodies import SignIn
from server.deps import ADMIN_DEVICE, Device, OfficeDep, Permission, admin_actor, answers, require
from server.errors import InvalidError
from server.permissions import ClerkRole
from server.snapshots import Actor

router = APIRouter(prefix="/api/admin")

@router.post("/sign-in", responses=answers(422, 429))
async def sign_in(body: SignIn, office: OfficeDep) -> schemas.AdminSession:
    """An administrator's username and PIN → a session token; wrong PINs lock the name as at the counters."""
    who = Actor(ADMIN_DEVICE, body.username)
    attempt = await office.call(office.store.accounts.begin_sign_in, body.username, who, ClerkRole.ADMIN)
    ok = await asyncio.to_thread(credentials.verify_pin, body.pin, attempt.pin_hash or credentials.decoy_pin_hash())
    if not ok or attempt.pin_hash is None:
        locked = await office.call(office.store.accounts.sign_in_failed, body.username, who)
        if locked is not None:
            raise locked
        raise InvalidError(
            "wrong username or PIN (or not an administrator)",
            "Sai tên đăng nhập hoặc mã PIN (hoặc không phải quản trị viên)",
            code="wrong_credentials",
        )
    token, expires = await office.call(office.store.accounts.open_admin_session, body.username, who)
    name = next((c["name"] for c in await office.call(office.store.accounts.clerks) if c["username"] == body.username),
                body.username)
    return {
        "token": token,
        "username": body.username,
        "name": name,
        "expires_at": snapshots.iso(expires, office.config.tz),
    }


@router.get("/me")
async def me(
    request: Request, office: OfficeDep, device: Device = require(Permission.ADMIN_SESSION)
) -> schemas.AdminMe:
    """Who is signed in, and until when (the screens show it and sign out at the end)."""
    token = token_from(request.headers.get("authorization"), request.query_params.get("token")) or ""
    expires = await office.call(office.store.accounts.admin_session_expiry, token)
    return {"username": device.name, "expires_at": snapshots.iso(expires, office.config.tz)}


@router.post("/sign-out", status_code=204)
async def sign_out(request: Request, office: OfficeDep, device: Device = require(Permission.ADMIN_SESSION)) -> None:
    token = token_from(request.headers.get("authorization"), request.query_params.get("token")) or ""
    await office.call(office.store.accounts.close_admin_session, token, admin_actor(device))
    office.auth.forget(token)
