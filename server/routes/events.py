"""WS /api/events: every committed change the device may see, pushed as it happens.

Protocol: the server first sends ``{"type": "hello", "seq": N, "health": {…}}``; then one
JSON message per event the device receives (server/permissions.py EVENTS,
its fields filtered by server/visibility.py), each with its ``seq`` and
``prev``: the seq of the previous event sent on this connection (the first
one's: ``since``, or the hello's seq without it). Seqs are the office's, so a
filtered stream skips numbers; ``prev`` tells a missed event (``prev`` is not
the last seq the client has) from one it was never meant to see. Not events,
without a ``seq`` or ``prev`` (and not counted by ``prev``):
``{"type": "health", "status": "ok"|"degraded", "problems": […]}`` whenever a
problem outside any request (a storage fault, the clock) begins or ends.
But ``estimates.updated`` (the wait estimator's new batch, worked out from
the events before it and renewed every few seconds; /api/state carries the
latest) has no ``seq`` nor ``prev`` either, is not stored and is not
replayed: apply it as it comes.

A client that reconnects passes ``?since=<last seq it saw>`` and gets the
missed events replayed from the database — at most the current office day,
except to supervisors and sync — or fetches /api/state (whose ``seq`` says
where the state stands) and ignores events at or below it. Either way nothing
is missed and nothing is applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from server.deps import Device, OfficeServer, Permission, Role, device_for, get_office
from server.errors import OnestopError
from server.hub import Subscription

router = APIRouter()
log = logging.getLogger("onestop.stream")

RECHECK_S = 60.0
# A replay gives the event loop back after this many messages: a socket with room in its buffer never makes
# send() wait, and eight replays sending whole pages in turn would hold a kiosk's ticket for tens of ms.
YIELD_EVERY = 4
# All replays together send at most this many events a second, so the event loop (which also serves every
# kiosk and counter) is never saturated by them: a day of a busy centre (7,200 events) replays in < 1 s, eight
# replays of 67,000 events each share ~50 s. Measured by tests/server/test_replay_load.py.
REPLAY_RATE = 6_000


class _Pacer:
    """A shared schedule: each page waits for its turn at REPLAY_RATE events a second."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._next = 0.0

    async def take(self, count: int) -> None:
        now = time.monotonic()
        start = max(self._next, now)
        self._next = start + count / self.rate
        if start > now:
            await asyncio.sleep(start - now)


_PACER = _Pacer(REPLAY_RATE)
# Roles whose replay may reach before the current office day.
WHOLE_HISTORY = (Role.SUPERVISOR, Role.SYNC)


def with_prev(text: str, prev: int) -> str:
    """The event's JSON with ``prev`` first (its text is shared by every listener of its kind)."""
    return f'{{"prev": {prev}, {text[1:]}'


@router.websocket("/api/events")
async def events(websocket: WebSocket) -> None:
    office = get_office(websocket)
    await websocket.accept()
    try:
        device = await device_for(websocket, Permission.READ_LIVE)
    except OnestopError as exc:
        code = 4403 if exc.code == "forbidden" else 4401
        await websocket.close(code=code, reason=exc.message_en[:120])
        return
    since_text = websocket.query_params.get("since")
    try:
        since = int(since_text) if since_text is not None else None
        if since is not None and since < 0:
            raise ValueError
    except ValueError:
        await websocket.close(code=4422, reason="since must be a whole number ≥ 0")
        return
    # Subscribe before reading the database: an event committed in between
    # is then in the queue as well as in the replay, and is dropped by seq.
    sub = office.hub.subscribe(device)
    try:
        last = await office.call(office.store.events.last_seq)
        hello = {"type": "hello", "seq": last, "device": device.name, "health": office.health()}
        await websocket.send_text(json.dumps(hello, ensure_ascii=False))
        prev = last
        if since is not None and since < last:
            sent = await _replay(websocket, office, device, since, last)
            if sent is None:
                return
            prev = sent
        elif since is not None:
            prev = since
        await _pump(websocket, sub, last, prev, lambda: device_for(websocket, Permission.READ_LIVE))
    except WebSocketDisconnect:
        pass
    finally:
        office.hub.unsubscribe(sub)


async def _replay(websocket: WebSocket, office: OfficeServer, device: Device, since: int, until: int) -> int | None:
    """Send the events ``since < seq <= until`` the device receives; the last seq sent (None: closed)."""
    replay = await asyncio.to_thread(office.replay, device)
    try:
        if device.role not in WHOLE_HISTORY:
            day = dt.date.fromisoformat(await office.call(office.store.today))
            midnight = dt.datetime.combine(day, dt.time(), office.config.tz).timestamp()
            first = await asyncio.to_thread(replay.first_seq_since, midnight)
            if first is not None and since < first - 1:
                await websocket.close(code=4409, reason="replays reach back to today's start only: fetch /api/state")
                return None
        prev = since
        held: tuple[int, str] | None = None  # the last one waits for today's queues
        after = since
        sent = 0
        while after < until:
            after, page = await asyncio.to_thread(replay.page, after, until)
            await _PACER.take(len(page))
            for item in page:
                if held is not None:
                    await websocket.send_text(with_prev(held[1], prev))
                    prev = held[0]
                    sent += 1
                    if sent % YIELD_EVERY == 0:
                        await asyncio.sleep(0)
                held = item
        if held is not None:
            # Live events carry the queues as of their commit; a replay carries today's,
            # on its last event, so a client that was away does not show stale counts.
            queues = json.dumps(await office.call(office.store.views.queues), ensure_ascii=False)
            await websocket.send_text(with_prev(held[1][:-1] + f', "queues": {queues}}}', prev))
            prev = held[0]
        return prev
    finally:
        await asyncio.to_thread(replay.close)


async def _pump(
    websocket: WebSocket, sub: Subscription, last: int, prev: int, still_allowed: Callable[[], Awaitable[object]]
) -> None:
    async def watch() -> None:
        await _drain_incoming(websocket)
        sub.close("disconnected")

    async def check_token() -> None:
        # A device revoked while connected ('onestop device revoke', another process)
        # is cut off within a minute, not at its next reconnection.
        while True:
            await asyncio.sleep(RECHECK_S)
            try:
                await still_allowed()
            except OnestopError:
                sub.close("revoked")
                return

    watcher = asyncio.create_task(watch())
    checker = asyncio.create_task(check_token())
    try:
        while (item := await sub.queue.get()) is not None:
            seq, text = item
            if seq is None:  # a notice (the server's health) or estimates.updated: not an event
                await websocket.send_text(text)
                continue
            if seq <= last:  # already sent in the replay
                continue
            last = seq
            await websocket.send_text(with_prev(text, prev))
            prev = seq
        if sub.closed_reason == "overflow":
            await websocket.close(code=4408, reason="fell behind: reconnect and fetch /api/state")
        elif sub.closed_reason == "revoked":
            await websocket.close(code=4401, reason="this device's token was revoked")
    finally:
        for task in (watcher, checker):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                await task


async def _drain_incoming(websocket: WebSocket) -> None:
    """Clients send nothing we act on; reading notices when they go away."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
