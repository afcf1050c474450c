"""The district server's ASGI application: batches in, figures and the dashboard out.

Tokens: each office has one (``onestop district office add`` or ``import``)
and may only send its own batches; people and tools read with a user token
(``onestop district user add``), as a bearer token or the dashboard's
cookie. Errors are ``{"error", "message", "message_vi"}``; bad input is a
4xx and a database that is away a 503, never a 500.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from core.clock import DEFAULT_TIMEZONE
from district.errors import UnavailableError
from district.logs import redact_access_log
from district.pages import Pages
from district.routes_api import VERSION
from district.routes_api import router as api_router
from district.routes_pages import router as pages_router
from district.service import DistrictService
from server.http_errors import error_body, install_error_handlers
from server.limits import BodyLimit

log = logging.getLogger("onestop.district")

# A day's batch of a big centre is ~40 KB of JSON, ~5 KB gzipped; these leave
# room for a month in one batch while keeping a hostile body cheap to refuse.
MAX_WIRE_BODY = 1024 * 1024
MAX_DECODED_BODY = 4 * 1024 * 1024


def create_app(url: str, clock: Callable[[], float] = time.time, timezone: str = DEFAULT_TIMEZONE) -> BodyLimit:
    """The application for the database at ``url`` (district/database.py's ``database_url``)."""
    server = DistrictService(url, clock, timezone)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redact_access_log()
        server.open()
        try:
            yield
        finally:
            server.close()

    app = FastAPI(
        title="onestop district server",
        version=VERSION,
        description="Hourly figures from every office of a province (or of the country), their ranking and the "
        "dashboard. Offices send with their office token, people and tools read with a user token.",
        lifespan=lifespan,
    )
    app.state.district = server
    app.state.pages = Pages(server.tz)
    install_error_handlers(app)

    @app.exception_handler(UnavailableError)
    async def on_unavailable(request: Request, exc: UnavailableError) -> JSONResponse:
        body: dict[str, Any] = error_body(exc.code, exc.message_en, exc.message_vi)
        return JSONResponse(body, 503, headers={"Retry-After": "30"})

    app.include_router(api_router)
    app.include_router(pages_router)
    return BodyLimit(app, limit=MAX_WIRE_BODY, decoded_limit=MAX_DECODED_BODY)
