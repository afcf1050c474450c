"""A counter's actions: sign in and out, call, recall, start, finish, no-show, transfer, pause, resume, and a
follow-up appointment for the citizen at the counter.

Only the counter's own device acts for it (server.deps.CounterDevice); the
store fills in the clerk signed in there. Each action sent again with the same
``Idempotency-Key`` (a retry after a lost answer) answers as the first time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Body

from server import credentials, schemas
from server.bodies import CallIn, FollowUpIn, NoShowIn, PauseIn, SignIn, TransferIn
from server.deps import CounterDevice, CounterNo, OfficeDep, Once, actor, answers
from server.errors import InvalidError

router = APIRouter(prefix="/api/counters")


@router.post("/{n}/sign-in", responses=answers(429))
async def sign_in(n: CounterNo, body: SignIn, office: OfficeDep, once: Once, device: CounterDevice) -> schemas.Counter:
    """Sign a clerk in; wrong PINs are counted per username (server/storage/accounts.py) and lock it for a while."""
    who = actor(device, body.username)
    # Counted before the PIN is checked: parallel guesses each count.
    attempt = await office.call(office.store.accounts.begin_sign_in, body.username, who)
    # An unknown name is checked against a decoy hash: it costs the same time as a wrong PIN.
    ok = await asyncio.to_thread(credentials.verify_pin, body.pin, attempt.pin_hash or credentials.decoy_pin_hash())
    if not ok or attempt.pin_hash is None:
        locked = await office.call(office.store.accounts.sign_in_failed, body.username, who)
        if locked is not None:
            raise locked
        raise InvalidError("wrong username or PIN", "Sai tên đăng nhập hoặc mã PIN", code="wrong_credentials")
    return await once(office, device, office.store.counters.sign_in, n, body.username, who)


@router.post("/{n}/sign-out", responses=answers(409))
async def sign_out(n: CounterNo, office: OfficeDep, once: Once, device: CounterDevice) -> schemas.CounterAnswer:
    return {"counter": await once(office, device, office.store.counters.sign_out, n, actor(device))}


@router.post("/{n}/call-next", responses=answers(409))
async def call_next(n: CounterNo, office: OfficeDep, once: Once, device: CounterDevice) -> schemas.TicketAnswer:
    """Call the next ticket (finishing the current one first); ``ticket`` is null when nobody waits."""
    return {"ticket": await once(office, device, office.store.counters.call_next, n, actor(device))}


@router.post("/{n}/call", responses=answers(409))
async def call_number(
    n: CounterNo, body: CallIn, office: OfficeDep, once: Once, device: CounterDevice
) -> schemas.TicketAnswer:
    """Call a given number of today's: a waiting one, or a no-show who came back."""
    return {"ticket": await once(office, device, office.store.counters.call_number, n, body.number, actor(device))}


@router.post("/{n}/recall", responses=answers(409))
async def recall(n: CounterNo, office: OfficeDep, once: Once, device: CounterDevice) -> schemas.TicketAnswer:
    return {"ticket": await once(office, device, office.store.counters.recall, n, actor(device))}


@router.post("/{n}/start", responses=answers(409))
async def start(n: CounterNo, office: OfficeDep, once: Once, device: CounterDevice) -> schemas.TicketAnswer:
    return {"ticket": await once(office, device, office.store.counters.start, n, actor(device))}


@router.post("/{n}/finish", responses=answers(409))
async def finish(n: CounterNo, office: OfficeDep, once: Once, device: CounterDevice) -> schemas.TicketAnswer:
    return {"ticket": await once(office, device, office.store.counters.finish, n, actor(device))}


@router.post("/{n}/no-show", responses=answers(409))
async def no_show(
    n: CounterNo,
    office: OfficeDep,
    once: Once,
    device: CounterDevice,
    body: Annotated[NoShowIn | None, Body()] = None,
) -> schemas.TicketAnswer:
    requeue = body.requeue if body else False
    return {"ticket": await once(office, device, office.store.counters.no_show, n, requeue, actor(device))}


@router.post("/{n}/transfer", responses=answers(409))
async def transfer(
    n: CounterNo, body: TransferIn, office: OfficeDep, once: Once, device: CounterDevice
) -> schemas.TicketAnswer:
    service = body.service.upper()
    return {"ticket": await once(office, device, office.store.counters.transfer, n, service, actor(device))}


@router.post("/{n}/pause", responses=answers(409))
async def pause(
    n: CounterNo, body: PauseIn, office: OfficeDep, once: Once, device: CounterDevice
) -> schemas.CounterAnswer:
    return {"counter": await once(office, device, office.store.counters.pause, n, body.reason, actor(device))}


@router.post("/{n}/resume", responses=answers(409))
async def resume(n: CounterNo, office: OfficeDep, once: Once, device: CounterDevice) -> schemas.CounterAnswer:
    return {"counter": await once(office, device, office.store.counters.resume, n, actor(device))}


@router.post("/{n}/follow-up", status_code=201, responses=answers(409))
async def follow_up(
    n: CounterNo, body: FollowUpIn, office: OfficeDep, once: Once, device: CounterDevice
) -> schemas.Booking:
    """Book the citizen at the counter a follow-up visit (a free slot of GET /api/bookings/free), with the
    same rules and limits as /book; the clerk gives her the code (the answer's ``code``)."""
    try:
        slot = dt.datetime.fromisoformat(body.slot)
    except ValueError:
        raise InvalidError(f"slot {body.slot!r} is not a time", f"{body.slot!r} không phải giờ hẹn") from None
    if slot.tzinfo is None:
        raise InvalidError("write the slot with its offset, as listed (+07:00)", "Giờ hẹn cần kèm múi giờ (+07:00)")
    return await once(
        office, device, office.store.bookings.follow_up, n, body.service.upper(), slot.timestamp(), body.name,
        body.phone,
    )  # fmt: skip
