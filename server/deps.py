"""What every route module needs, in one place: the running server, the calling device and its permission.

Route modules (server/routes/) import this, never server/app.py, which
imports them. A route declares the one permission it needs:

    @router.post("/tickets", status_code=201)
    async def issue_ticket(body: TicketIn, office: OfficeDep, device: Device = require(Permission.ISSUE_TICKETS)):
        return await office.call(office.store.tickets.issue, body.service, body.priority, actor(device))

and server/permissions.py says which roles hold it.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, Header, Path, Request, Security
from fastapi.security import APIKeyQuery, HTTPBearer
from pydantic import BeforeValidator
from starlette.requests import HTTPConnection

from server.auth import own_counter, token_from
from server.errors import ForbiddenError
from server.office import VERSION, OfficeServer
from server.openapi import answers
from server.permissions import ROLES, Device, Permission, Role
from server.snapshots import Actor

__all__ = [
    "VERSION",
    "Actor",
    "CounterDevice",
    "CounterNo",
    "Device",
    "IdempotencyKey",
    "OfficeDep",
    "Once",
    "OfficeServer",
    "Permission",
    "Require",
    "Role",
    "TicketId",
    "actor",
    "answers",
    "device_for",
    "get_office",
    "own_counter",
    "require",
]

# Declared for /openapi.json; the token itself is read by token_from (header first, then ?token=).
BEARER = HTTPBearer(auto_error=False, description="a device token: 'onestop device add' prints one")
QUERY_TOKEN = APIKeyQuery(name="token", auto_error=False, description="the device token, for browsers")


def get_office(connection: HTTPConnection) -> OfficeServer:
    office: OfficeServer = connection.app.state.office
    return office


OfficeDep = Annotated[OfficeServer, Depends(get_office)]

P = ParamSpec("P")
T = TypeVar("T")

# One key per person's action (a tap at the kiosk, a press at the counter), sent again with each retry.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=128,
        pattern=r"^[!-~]+$",
        description="a new random key per action, the same key on every retry of it: a retry answers as the "
        "first request did and changes nothing more (keys are kept for the office day)",
    ),
]


class Retried:
    """A route's way to make its change at most once per ``Idempotency-Key`` (``once: Once`` in its parameters)."""

    def __init__(self, request: Request, key: IdempotencyKey = None) -> None:
        self._request = request
        self.key = key

    async def __call__(
        self, office: OfficeServer, device: Device, change: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``await office.call(change, …)``, or the answer it gave the first time this device sent this key."""
        if self.key is None:
            return await office.call(change, *args, **kwargs)
        # A hash, never the body itself: a sign-in carries a PIN.
        body = hashlib.sha256(await self._request.body()).hexdigest()
        what = f"{self._request.method} {self._request.url.path} {body}"
        return await office.call(office.store.idempotency.once, device.name, self.key, what,
                                 functools.partial(change, *args, **kwargs))  # fmt: skip


Once = Annotated[Retried, Depends()]


def actor(device: Device, clerk: str | None = None) -> Actor:
    return Actor(device=device.name, clerk=clerk)


async def device_for(connection: HTTPConnection, permission: Permission) -> Device:
    """The device whose token the request carries, if its role holds ``permission``: the one check of the server."""
    office = get_office(connection)
    device = await office.auth.device(
        token_from(connection.headers.get("authorization"), connection.query_params.get("token"))
    )
    roles = ROLES[permission]
    if device.role not in roles:
        allowed = ", ".join(sorted(r.value for r in roles))
        raise ForbiddenError(
            f"a {device.role} device may not do this (allowed: {allowed})",
            f"Thiết bị loại {device.role} không được phép thực hiện thao tác này",
        )
    return device


class Require:
    """The dependency of a route that needs ``permission``; tests find each route's permission here."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(
        self,
        request: Request,
        _bearer: Annotated[Any, Security(BEARER)] = None,
        _query: Annotated[Any, Security(QUERY_TOKEN)] = None,
    ) -> Device:
        return await device_for(request, self.permission)


def require(permission: Permission) -> Any:
    """``device: Device = require(Permission.X)``: the calling device, refused (403) unless it may."""
    return Depends(Require(permission))


def _whole_number(value: object) -> object:
    # A path segment is text: "1.0", "+1" or " 1" would become 1 in pydantic's lax mode; an id is digits only.
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a whole number written with digits only")
    return value


TicketId = Annotated[int, BeforeValidator(_whole_number), Path(ge=1, le=2**53, description="ticket id")]
CounterNo = Annotated[int, BeforeValidator(_whole_number), Path(ge=1, le=999, description="counter number")]


async def _own_counter_device(n: CounterNo, device: Device = require(Permission.ACT_AT_COUNTER)) -> Device:
    own_counter(device, n)
    return device


# A counter action's device: a counter device, and the device of counter ``n`` (the route's path).
CounterDevice = Annotated[Device, Depends(_own_counter_device)]
