"""The ticket page's live updates on the citizens' listener: GET /t/{id}/events?c=CODE (server-sent events)
and GET /t/{id}/live?c=CODE (the same state once, for a phone whose browser lost the stream).

Scoped to one ticket by its code, like the page: the stream never carries an event, only this ticket's
public facts (server/public_page.py live_state), read again with the code whenever the event hub says
something that may change them was committed (server/hub.py TicketWatch). Server-sent events rather than a
WebSocket: a phone's browser reconnects by itself, through any proxy a public address may sit behind.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from server.deps import OfficeServer, answers, get_office
from server.errors import NotFoundError, OnestopError, UnavailableError
from server.public_page import HEADERS, live_state, ticket_id_of

router = APIRouter()

# A comment line this often keeps proxies and phones from dropping a quiet stream.
KEEPALIVE_S = 15.0
# A phone whose stream broke reconnects after this (EventSource's retry): never faster than every 30 s.
RETRY_MS = 30_000
# Events committed together (a call and the queue it empties) are read once: the page looks 0.2 s later.
COALESCE_S = 0.2
# One ticket open on a few phones of a family is normal; a hundred is someone holding connections open.
MAX_PER_TICKET = 5
MAX_STREAMS = 2_000


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _no_ticket() -> NotFoundError:
    return NotFoundError("no such ticket", "Không tìm thấy phiếu")


async def _state(office: OfficeServer, ticket_id: int, code: str | None, lang: str) -> tuple[str, dict[str, object]]:
    ticket = await office.call(office.store.public.ticket, ticket_id, code)
    return ticket["service"], live_state(ticket, lang)


@router.get("/t/{ticket_id}/live", responses=answers())
async def live(request: Request, ticket_id: str) -> Response:
    """This ticket's status, people ahead and wait, in words (``lang``); 404 without its code ``c``."""
    number = ticket_id_of(ticket_id)
    if number is None:
        raise _no_ticket()
    _, state = await _state(get_office(request), number, request.query_params.get("c"), _lang(request))
    return JSONResponse(state, headers=HEADERS)


@router.get("/t/{ticket_id}/events", responses=answers(), include_in_schema=False)  # a stream: not for fuzzing
async def events(request: Request, ticket_id: str) -> Response:
    """``text/event-stream``: this ticket's state (as /live) now and each time it changes."""
    number = ticket_id_of(ticket_id)
    if number is None:
        raise _no_ticket()
    office = get_office(request)
    code = request.query_params.get("c")
    lang = _lang(request)
    service, state = await _state(office, number, code, lang)  # a wrong code: 404 before any stream
    if office.hub.watching >= MAX_STREAMS or office.hub.watches_of(number) >= MAX_PER_TICKET:
        raise UnavailableError(
            "too many live pages are open: this page will refresh itself every 30 seconds",
            "Có quá nhiều trang đang theo dõi: trang này sẽ tự cập nhật mỗi 30 giây",
        )
    watch = office.hub.watch(number, service)

    async def stream() -> AsyncIterator[str]:
        try:
            yield f"retry: {RETRY_MS}\n\n"
            current = state
            last = ""
            while not watch.closed:
                text = json.dumps(current, ensure_ascii=False)
                if text != last:
                    yield f"data: {text}\n\n"
                    last = text
                try:
                    await asyncio.wait_for(watch.changed.wait(), KEEPALIVE_S)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if watch.closed:
                    break
                await asyncio.sleep(COALESCE_S)
                watch.changed.clear()
                try:
                    watch.service, current = await _state(office, number, code, lang)
                except OnestopError:
                    break  # the server is closing, or the database failed: the phone reconnects
        finally:
            office.hub.unwatch(watch)

    headers = {**HEADERS, "X-Accel-Buffering": "no"}  # a reverse proxy must pass each event on at once
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
