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
from dataclasses import dataclass
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, Header, Path, Query, Request, Security
from fastapi.security import APIKeyQuery, HTTPBearer
from pydantic import BeforeValidator
from starlette.requests import HTTPConnection

from server.auth import own_counter, token_from
from server.errors import ForbiddenError
from server.office import VERSION, OfficeServer
from server.openapi import answers
from server.permissions import ROLES, Device, Permission, Role, Scope, TicketFacts, check_ticket
from server.snapshots import Actor

__all__ = [
    "VERSION",
    "Access",
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
    "Scope",
    "TicketId",
    "actor",
    "answers",
    "device_for",
    "get_office",
    "own_counter",
    "require",
    "require_ticket",
    "require_ticket_by_number",
    "require_ticket_with_code",
]

# Declared for /openapi.json; the token itself is read by token_from (header first, then ?token=).
BEARER = HTTPBearer(auto_error=False, description="a device token: 'onestop device add' prints one")
QUERY_TOKEN = APIKeyQuery(name="token", auto_error=False, description="the device token, for browsers")


def _whole_number(value: object) -> object:
    # A path segment is text: "1.0", "+1" or " 1" would become 1 in pydantic's lax mode; an id is digits only.
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a whole number written with digits only")
    return value


TicketId = Annotated[int, BeforeValidator(_whole_number), Path(ge=1, le=2**53, description="ticket id")]
TicketNumber = Annotated[
    str, Path(min_length=1, max_length=12, pattern=r"^[A-Za-z0-9]+$", description="the printed number")
]
CounterNo = Annotated[int, BeforeValidator(_whole_number), Path(ge=1, le=999, description="counter number")]


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


@dataclass(frozen=True)
class Access:
    """A device allowed to act on one ticket, and under which scope of the table (e.g. by its code)."""

    device: Device
    ticket: TicketFacts
    scope: Scope


def ticket_access(office: OfficeServer, device: Device, permission: Permission, facts: TicketFacts) -> Access:
    """After device_for: the ticket's scope (server/permissions.py check_ticket), or 403."""
    services: tuple[str, ...] = ()
    if device.role is Role.COUNTER and device.counter is not None:
        services = office.config.office.counter(device.counter).services
    scope = check_ticket(
        device, permission, facts, counter_services=services, rating_window_s=office.config.rating_window_s
    )
    return Access(device, facts, scope)


CodeQuery = Annotated[
    str | None,
    Query(
        alias="c",
        min_length=1,
        max_length=32,
        description="the ticket's public code (printed under its QR code): the citizen's own authority",
    ),
]

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


class RequireTicket(Require):
    """A route about ticket ``ticket_id``: the device, if its scope covers this ticket."""

    async def __call__(  # type: ignore[override]
        self,
        request: Request,
        ticket_id: TicketId,
        _bearer: Annotated[Any, Security(BEARER)] = None,
        _query: Annotated[Any, Security(QUERY_TOKEN)] = None,
    ) -> Access:
        device = await device_for(request, self.permission)  # the role first: a display learns nothing of tickets
        office = get_office(request)
        facts = await office.call(office.store.views.ticket_facts, ticket_id, None)
        return ticket_access(office, device, self.permission, facts)


class RequireTicketWithCode(Require):
    """RequireTicket, where the citizen's code (``?c=``) may be the authority."""

    async def __call__(  # type: ignore[override]
        self,
        request: Request,
        ticket_id: TicketId,
        code: CodeQuery = None,
        _bearer: Annotated[Any, Security(BEARER)] = None,
        _query: Annotated[Any, Security(QUERY_TOKEN)] = None,
    ) -> Access:
        device = await device_for(request, self.permission)
        office = get_office(request)
        facts = await office.call(office.store.views.ticket_facts, ticket_id, code)
        return ticket_access(office, device, self.permission, facts)


class RequireTicketByNumber(Require):
    """Today's ticket with a printed number, if the device's scope covers it (a kiosk: with its code)."""

    async def __call__(  # type: ignore[override]
        self,
        request: Request,
        number: TicketNumber,
        code: CodeQuery = None,
        _bearer: Annotated[Any, Security(BEARER)] = None,
        _query: Annotated[Any, Security(QUERY_TOKEN)] = None,
    ) -> Access:
        device = await device_for(request, self.permission)
        office = get_office(request)
        facts = await office.call(office.store.views.ticket_facts_by_number, number, code)
        return ticket_access(office, device, self.permission, facts)


def require_ticket(permission: Permission) -> Any:
    """``access: Access = require_ticket(Permission.X)``: 403 unless the device's scope covers the path's ticket."""
    return Depends(RequireTicket(permission))


def require_ticket_with_code(permission: Permission) -> Any:
    return Depends(RequireTicketWithCode(permission))


def require_ticket_by_number(permission: Permission) -> Any:
    return Depends(RequireTicketByNumber(permission))


async def _own_counter_device(n: CounterNo, device: Device = require(Permission.ACT_AT_COUNTER)) -> Device:
    own_counter(device, n)
    return device


# A counter action's device: a counter device, and the device of counter ``n`` (the route's path).
CounterDevice = Annotated[Device, Depends(_own_counter_device)]
