"""WS /api/events: every committed change, pushed as it happens.

Protocol: the server first sends ``{"type": "hello", "seq": N, "health": {…}}``; then one
JSON message per event, each with its ``seq``, and — not events, without a ``seq`` —
``{"type": "health", "status": "ok"|"degraded", "problems": […]}`` whenever a problem
outside any request (a storage fault, the clock) begins or ends. A client that reconnects
either passes ``?since=<last seq it saw>`` and gets the missed events
replayed from the database, or fetches /api/state (whose ``seq`` says where
the state stands) and ignores events at or below it. Either way nothing is
missed and nothing is applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from server.deps import Permission, device_for, get_office
from server.errors import OnestopError
from server.hub import Subscription

router = APIRouter()
log = logging.getLogger("onestop.stream")

REPLAY_LIMIT = 50_000
RECHECK_S = 60.0


@router.websocket("/api/events")
async def events(websocket: WebSocket) -> None:
    office = get_office(websocket)
    await websocket.accept()
    try:
        device = await device_for(websocket, Permission.READ_OFFICE)
    except OnestopError as exc:
        await websocket.close(code=4401, reason=exc.message_en[:120])
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
    sub = office.hub.subscribe()
    try:
        last = await office.call(office.store.events.last_seq)
        hello = {"type": "hello", "seq": last, "device": device.name, "health": office.health()}
        await websocket.send_text(json.dumps(hello, ensure_ascii=False))
        if since is not None and since < last:
            missed: list[dict[str, Any]] = await office.call(office.store.events.since, since, REPLAY_LIMIT)
            if missed and missed[0]["seq"] != since + 1 or len(missed) == REPLAY_LIMIT:
                await websocket.close(code=4409, reason="too far behind: fetch /api/state")
                return
            if missed:
                # Live events carry the queues as of their commit; a replay carries today's,
                # on its last event, so a client that was away does not show stale counts.
                missed[-1]["queues"] = await office.call(office.store.views.queues)
            for event in missed:
                await websocket.send_text(json.dumps(event, ensure_ascii=False))
            last = missed[-1]["seq"] if missed else last
        await _pump(websocket, sub, last, lambda: device_for(websocket, Permission.READ_OFFICE))
    except WebSocketDisconnect:
        pass
    finally:
        office.hub.unsubscribe(sub)


async def _pump(
    websocket: WebSocket, sub: Subscription, last: int, still_allowed: Callable[[], Awaitable[object]]
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
            if seq is not None:
                if seq <= last:  # already sent in the replay
                    continue
                last = seq
            await websocket.send_text(text)
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
