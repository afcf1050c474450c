"""The ticket's public page: GET /t/{id}?c=CODE and rating from it, POST /t/{id}/rating?c=CODE.

The QR code printed on each ticket opens this on the citizen's phone. It needs no
device token — the ticket's own random ``public_code`` (``c``) is the key, and a
wrong or missing one answers 404 exactly like a ticket that does not exist.

The rating endpoint takes the same body and rules as POST /api/tickets/{id}/rating
(RatingIn, storage.ratings.Ratings.rate): as JSON (→ 201 and the rating), or as the page's own form
(→ 303 back to the page, or the page again with the reason it was refused).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from server.bodies import RatingIn
from server.deps import answers, get_office
from server.errors import InvalidError, NotFoundError, OnestopError
from server.http_errors import describe_validation, status_for
from server.public_page import HEADERS, render_not_found, render_ticket, ticket_id_of

router = APIRouter()

FORM = "application/x-www-form-urlencoded"


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _not_found() -> HTMLResponse:
    return HTMLResponse(render_not_found(), status_code=404, headers=HEADERS)


async def _page(request: Request, ticket_id: int, message: str = "", status: int = 200) -> HTMLResponse:
    office = get_office(request)
    ticket = await office.call(office.store.public.ticket, ticket_id, request.query_params.get("c"))
    scale = await office.call(office.store.ratings.scale)
    html = render_ticket(ticket, office.config.office, scale, _lang(request), message)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


@router.get("/t/{ticket_id}", include_in_schema=False)
async def ticket_page(request: Request, ticket_id: str) -> Response:
    number = ticket_id_of(ticket_id)
    if number is None:
        return _not_found()
    try:
        return await _page(request, number)
    except NotFoundError:
        return _not_found()


async def _rating_body(request: Request, form: bool) -> RatingIn:
    raw = await request.body()
    try:
        if form:
            fields = parse_qs(raw.decode("utf-8"), strict_parsing=False)
            data: Any = {key: values if key == "reasons" else values[-1] for key, values in fields.items()}
            # A form's values are all text; the level is the one number (RatingIn may be strict).
            level = data.get("level")
            if isinstance(level, str) and len(level) <= 3 and level.isascii() and level.isdigit():
                data["level"] = int(level)
        elif request.headers.get("content-type", "").split(";")[0].strip().lower() in ("application/json", ""):
            data = json.loads(raw)
        else:
            raise InvalidError(
                "send the rating as JSON ('Content-Type: application/json') or as a form",
                "Hãy gửi đánh giá dạng JSON hoặc biểu mẫu",
            )
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidError("the body must be a JSON object", "Dữ liệu gửi lên không hợp lệ") from None
    except (ValueError, RecursionError):
        # json refuses numbers of more than 4,300 digits (ValueError) and nesting deeper than Python's stack.
        raise InvalidError(
            "the body is not a rating: numbers too long or nesting too deep",
            "Dữ liệu gửi lên không phải là một đánh giá",
        ) from None
    try:
        return RatingIn.model_validate(data)
    except ValidationError as exc:
        detail = describe_validation(RequestValidationError(exc.errors()))
        raise InvalidError(f"invalid request: {detail}", f"Dữ liệu không hợp lệ: {detail}") from None


@router.post(
    "/t/{ticket_id}/rating",
    status_code=201,
    responses={**answers(409), 303: {"description": "sent as the page's form: back to the page (Post/Redirect/Get)"}},
)
async def rate_from_page(request: Request, ticket_id: str) -> Response:
    """Rate a served ticket with its public code ``c`` (body as POST /api/tickets/{id}/rating); once per ticket."""
    form = request.headers.get("content-type", "").split(";")[0].strip().lower() == FORM
    number = ticket_id_of(ticket_id)
    code = request.query_params.get("c")
    try:
        if number is None:
            raise NotFoundError("no such ticket", "Không tìm thấy phiếu")
        body = await _rating_body(request, form)
        office = get_office(request)
        rating = await office.call(office.store.public.rate, number, code, body.level, body.reasons, body.dossier_code)
    except OnestopError as exc:
        if not form:
            raise  # the API's JSON error (server/http_errors.py)
        if isinstance(exc, NotFoundError) or number is None:
            return _not_found()
        message = exc.message_vi if _lang(request) == "vi" else exc.message_en
        return await _page(request, number, message, status_for(exc))
    if form:
        # Post/Redirect/Get: a reload of the page does not send the rating again.
        query = urlencode({"c": code or "", "lang": _lang(request)})
        return RedirectResponse(f"/t/{number}?{query}", status_code=303, headers=HEADERS)
    return JSONResponse(rating, status_code=201)
