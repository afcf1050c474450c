"""What every route module depends on: the service, who is asking, and the error answers each route documents."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from district.models import ErrorBody
from district.service import DistrictService
from server import errors

COOKIE = "onestop_district"
# Declared so /openapi.json shows how to authenticate; the checks are ours (auto_error=False).
bearer = HTTPBearer(auto_error=False, description="an office token (sending) or a user token (reading)")
cookie = APIKeyCookie(name=COOKIE, auto_error=False, description="the dashboard's sign-in (POST /sign-in)")

DESCRIPTIONS = {
    400: "the gzip body is corrupt or truncated",
    401: "no token, or one this district does not know (or has revoked)",
    403: "the token may not do this",
    404: "no such office",
    409: "the batch id was already used by another office",
    413: "the body (or its decompressed form) is too large",
    415: "a Content-Encoding other than gzip or none",
    422: "a parameter or the body is invalid; the message names it",
    503: "the database is not available; try again",
}


def documented(*codes: int, page: bool = False) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each error status it can return, with the real error body.

    A page (an HTML route) answers errors in JSON too; FastAPI would file a
    ``model`` under the page's own media type, so pages name the JSON content.
    """
    if page:
        json_error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        return {code: {"description": DESCRIPTIONS[code], "content": json_error} for code in codes}
    return {code: {"model": ErrorBody, "description": DESCRIPTIONS[code]} for code in codes}


def service(request: Request) -> DistrictService:
    found: DistrictService = request.app.state.district
    return found


def _token(credentials: HTTPAuthorizationCredentials | None, from_cookie: str | None) -> str:
    token = credentials.credentials if credentials else from_cookie
    if not token:
        raise errors.AuthError(
            "missing token: send 'Authorization: Bearer <token>'", "Thiếu mã truy cập (token)", code="no_token"
        )
    return token


async def office_caller(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)
) -> str:
    """The office whose token came with the request (offices send only as a bearer token)."""
    office = await service(request).who("office", _token(credentials, None))
    if office is None:
        raise errors.AuthError(
            "unknown or revoked office token",
            "Mã truy cập của đơn vị không hợp lệ hoặc đã bị thu hồi",
            code="bad_token",
        )
    return office


async def user_for(request: Request, token: str) -> str:
    user = await service(request).who("user", token)
    if user is None:
        raise errors.AuthError(
            "unknown or revoked read token ('onestop district user add' makes one)",
            "Mã truy cập không hợp lệ hoặc đã bị thu hồi",
            code="bad_token",
        )
    return user


async def reader(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Security(bearer),
    from_cookie: str | None = Security(cookie),
) -> str:
    """The user whose token came as a bearer token or in the dashboard's cookie."""
    return await user_for(request, _token(credentials, from_cookie))


async def page_user(request: Request) -> str | None:
    """A page's reader, or None (the page then shows the sign-in form)."""
    credentials = await bearer(request)
    token = credentials.credentials if credentials else await cookie(request)
    if not token:
        return None
    try:
        return await user_for(request, token)
    except errors.AuthError:
        return None

