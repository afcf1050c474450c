"""How failures become HTTP answers, the same for the office server and the district server:
JSON ``{"error", "message", "message_vi"}`` with the status each error class stands for."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import errors

log = logging.getLogger("onestop.server")
# Seconds a client should wait before trying again after a 503 (a fault outside the request).
RETRY_AFTER_S = 2

STATUS = {
    errors.InvalidError: 422,
    errors.NotFoundError: 404,
    errors.ConflictError: 409,
    errors.AuthError: 401,
    errors.ForbiddenError: 403,
    errors.TooManyTriesError: 429,
    errors.UnavailableError: 503,
}


def error_body(code: str, en: str, vi: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": en, "message_vi": vi, **extra}


def status_for(exc: errors.OnestopError) -> int:
    for cls, status in STATUS.items():
        if isinstance(exc, cls):
            return status
    return 400


def describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "json_invalid" or (
            loc == ("body",) and err.get("type") in ("model_attributes_type", "dict_type")
        ):
            parts.append("the body must be a JSON object sent with 'Content-Type: application/json'")
            continue
        where = ".".join(str(p) for p in loc if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(dict.fromkeys(parts))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.OnestopError)
    async def on_onestop_error(request: Request, exc: errors.OnestopError) -> JSONResponse:
        if isinstance(exc, errors.TooManyTriesError):
            return JSONResponse(
                error_body(exc.code, exc.message_en, exc.message_vi, retry_after_s=exc.retry_after_s),
                429,
                headers={"Retry-After": str(exc.retry_after_s)},
            )
        status = status_for(exc)
        headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
        return JSONResponse(error_body(exc.code, exc.message_en, exc.message_vi), status, headers=headers)

    @app.exception_handler(sqlite3.OperationalError)
    async def on_database_error(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        # The office server turns these into storage faults where they happen (server/storage/faults.py);
        # one that got here is logged as the bug it is, and the client still hears "try again", not a 500.
        log.error("database error not turned into a fault: %s", exc, exc_info=exc)
        body = error_body(
            "unavailable",
            "the database is not available right now; try again shortly",
            "Cơ sở dữ liệu tạm thời không sẵn sàng; vui lòng thử lại sau",
        )
        return JSONResponse(body, 503, headers={"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = describe_validation(exc)
        return JSONResponse(
            error_body("invalid", f"invalid request: {detail}", f"Dữ liệu không hợp lệ: {detail}"), 422
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        vi = {404: "Không tìm thấy", 405: "Phương thức không được hỗ trợ"}.get(exc.status_code, "Lỗi yêu cầu")
        return JSONResponse(error_body("http", str(exc.detail), vi), exc.status_code)
