"""The HTTP API: services, counters, tickets, state."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request

from server import auth, bodies, credentials
from server.accounts import Device, Role
from server.app import VERSION, OfficeServer
from server.errors import InvalidError, TooManyTriesError
from server.snapshots import Actor, service

router = APIRouter(prefix="/api")

CounterNo = Annotated[int, Path(ge=1, le=999, description="counter number")]
TicketId = Annotated[int, Path(ge=1, le=2**53, description="ticket id")]

# Wrong PINs per counter before it must wait; a guessed PIN is a stolen counter.
PIN_TRIES = 5
PIN_LOCK_S = 60.0


def _office(request: Request) -> OfficeServer:
    office: OfficeServer = request.app.state.office
    return office


def _actor(device: Device, clerk: str | None = None) -> Actor:
    return Actor(device=device.name, clerk=clerk)


@router.get("/health")
async def health(request: Request) -> dict[str, Any]:
    """Liveness for monitoring; needs no token and tells nothing private."""
    office = _office(request)
    return {
        "status": "ok",
        "version": VERSION,
        "uptime_s": round(time.time() - office.started, 1),
        "listeners": office.hub.listeners,
    }


@router.get("/services")
async def services(request: Request, device: Device = auth.require(auth.READ)) -> dict[str, Any]:
    office = _office(request)
    queues = await office.run("queues")
    return {
        "services": [{**service(s), **queues[s.code]} for s in office.config.office.services],
        "priority_groups": [
            {"code": g.code, "name_vi": g.name_vi, "name_en": g.name_en} for g in office.config.office.priority_groups
        ],
    }


@router.get("/counters")
async def counters(request: Request, device: Device = auth.require(auth.READ)) -> dict[str, Any]:
    office = _office(request)
    return {"counters": [await office.run("counter", c.number) for c in office.config.office.counters]}


@router.get("/state")
async def state(request: Request, device: Device = auth.require(auth.READ)) -> dict[str, Any]:
    result: dict[str, Any] = await _office(request).run("state")
    result["you"] = {"device": device.name, "role": device.role.value, "counter": device.counter}
    # The supervisor's wait alert threshold (office.alert_wait_min), from the config the Store does not hold.
    result["office"]["alert_wait_s"] = _office(request).config.alert_wait_s
    return result


@router.post("/tickets", status_code=201)
async def issue_ticket(
    request: Request, body: bodies.TicketIn, device: Device = auth.require(auth.ISSUE)
) -> dict[str, Any]:
    ticket: dict[str, Any] = await _office(request).run(
        "issue_ticket", body.service.upper(), body.priority, _actor(device)
    )
    return ticket


@router.get("/tickets/{ticket_id}")
async def get_ticket(request: Request, ticket_id: TicketId, device: Device = auth.require(auth.READ)) -> dict[str, Any]:
    office = _office(request)
    ticket: dict[str, Any] = await office.run("ticket", ticket_id)
    if device.role in (Role.KIOSK, Role.SUPERVISOR):  # to reprint a ticket with its QR code
        ticket["public_code"] = await office.run("public_code", ticket_id)
    return ticket


@router.post("/tickets/{ticket_id}/cancel")
async def cancel_ticket(
    request: Request, ticket_id: TicketId, device: Device = auth.require(auth.MANAGE_TICKETS)
) -> dict[str, Any]:
    ticket: dict[str, Any] = await _office(request).run("cancel", ticket_id, _actor(device))
    return ticket


@router.post("/tickets/{ticket_id}/requeue")
async def requeue_ticket(
    request: Request, ticket_id: TicketId, device: Device = auth.require(auth.MANAGE_TICKETS)
) -> dict[str, Any]:
    """A no-show who came back goes to the end of the queue (once)."""
    ticket: dict[str, Any] = await _office(request).run("requeue", ticket_id, _actor(device))
    return ticket


# -- counters ------------------------------------------------------------------


@router.post("/counters/{n}/sign-in")
async def sign_in(
    request: Request, n: CounterNo, body: bodies.SignIn, device: Device = auth.require(frozenset({Role.COUNTER}))
) -> dict[str, Any]:
    auth.own_counter(device, n)
    office = _office(request)
    now = time.monotonic()
    tries = office.pin_failures.setdefault(n, [])
    tries[:] = [t for t in tries if now - t < PIN_LOCK_S]
    if len(tries) >= PIN_TRIES:
        raise TooManyTriesError(
            f"too many wrong PINs; wait {int(PIN_LOCK_S)} s",
            f"Nhập sai PIN quá nhiều lần; vui lòng chờ {int(PIN_LOCK_S)} giây",
        )
    # Counted before the first await: parallel guesses must not each see "no tries yet".
    tries.append(now)
    stored = await office.run("clerk_pin_hash", body.username)
    ok = stored is not None and await asyncio.to_thread(credentials.verify_pin, body.pin, stored)
    if not ok:
        raise InvalidError("wrong username or PIN", "Sai tên đăng nhập hoặc mã PIN", code="wrong_credentials")
    office.pin_failures.pop(n, None)
    counter: dict[str, Any] = await office.run("sign_in", n, body.username, _actor(device, body.username))
    return counter


async def _counter_action(request: Request, device: Device, n: int, method: str, *args: object) -> Any:
    auth.own_counter(device, n)
    # The store fills in the clerk signed in at the counter.
    return await _office(request).run(method, n, *args, _actor(device))


CounterDevice = auth.require(frozenset({Role.COUNTER}))


@router.post("/counters/{n}/sign-out")
async def sign_out(request: Request, n: CounterNo, device: Device = CounterDevice) -> dict[str, Any]:
    return {"counter": await _counter_action(request, device, n, "sign_out")}


@router.post("/counters/{n}/call-next")
async def call_next(request: Request, n: CounterNo, device: Device = CounterDevice) -> dict[str, Any]:
    return {"ticket": await _counter_action(request, device, n, "call_next")}


@router.post("/counters/{n}/call")
async def call_number(
    request: Request, n: CounterNo, body: bodies.CallIn, device: Device = CounterDevice
) -> dict[str, Any]:
    return {"ticket": await _counter_action(request, device, n, "call_number", body.number)}


@router.post("/counters/{n}/recall")
async def recall(request: Request, n: CounterNo, device: Device = CounterDevice) -> dict[str, Any]:
    return {"ticket": await _counter_action(request, device, n, "recall")}


@router.post("/counters/{n}/start")
async def start(request: Request, n: CounterNo, device: Device = CounterDevice) -> dict[str, Any]:
    return {"ticket": await _counter_action(request, device, n, "start")}


@router.post("/counters/{n}/finish")
async def finish(request: Request, n: CounterNo, device: Device = CounterDevice) -> dict[str, Any]:
    return {"ticket": await _counter_action(request, device, n, "finish")}


@router.post("/counters/{n}/no-show")
async def no_show(
    request: Request,
    n: CounterNo,
    body: Annotated[bodies.NoShowIn | None, Body()] = None,
    device: Device = CounterDevice,
) -> dict[str, Any]:
    requeue = body.requeue if body else False
    return {"ticket": await _counter_action(request, device, n, "no_show", requeue)}


@router.post("/counters/{n}/transfer")
async def transfer(
    request: Request, n: CounterNo, body: bodies.TransferIn, device: Device = CounterDevice
) -> dict[str, Any]:
    return {"ticket": await _counter_action(request, device, n, "transfer", body.service.upper())}


@router.post("/counters/{n}/pause")
async def pause(request: Request, n: CounterNo, body: bodies.PauseIn, device: Device = CounterDevice) -> dict[str, Any]:
    return {"counter": await _counter_action(request, device, n, "pause", body.reason)}


@router.post("/counters/{n}/resume")
async def resume(request: Request, n: CounterNo, device: Device = CounterDevice) -> dict[str, Any]:
    return {"counter": await _counter_action(request, device, n, "resume")}
