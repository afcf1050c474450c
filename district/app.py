"""The district server's ASGI application: batches in, figures and the dashboard out.

Tokens: each office has one (``onestop district office add``) and may only
send its own batches; people and tools read with a user token
(``onestop district user add``). Errors have the office server's shape,
``{"error", "message", "message_vi"}``; bad input is a 4xx, never a 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import io
import logging
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.clock import DEFAULT_TIMEZONE
from district import dashboard, figures
from district.schema import Batch, OfficeId
from district.store import DATABASE_NAME, DistrictStore
from server import errors
from server.auth import token_from
from server.http_errors import install_error_handlers
from server.limits import BodyLimit

log = logging.getLogger("onestop.district")

VERSION = "0.1.0"
# A day's batch of a big centre is ~40 KB of JSON, ~5 KB gzipped; these leave
# room for a month in one batch while keeping a hostile body cheap to refuse.
MAX_WIRE_BODY = 1024 * 1024
MAX_DECODED_BODY = 4 * 1024 * 1024
MAX_RANGE_DAYS = 366
DASHBOARD_DAYS = 30
COOKIE = "onestop_district"
# Batches written in one transaction at most (group commit); a token lookup is trusted this long.
GROUP_MAX = 128
TOKEN_CACHE_S = 10.0


class DistrictServer:
    """Holds the store on its own thread: every database call is queued to it, off the event loop."""

    def __init__(self, data_dir: Path, clock: Callable[[], float], timezone: str) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.tz = ZoneInfo(timezone)
        self.db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="district-db")
        self.store: DistrictStore | None = None
        self._queued: list[tuple[Batch, asyncio.Future[dict[str, Any]]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._tokens: dict[tuple[str, str], tuple[float, str | None]] = {}

    def open(self) -> None:
        self.store = self.db.submit(DistrictStore, self.data_dir / DATABASE_NAME, self.clock).result()

    def close(self) -> None:
        if self.store is not None:
            self.db.submit(self.store.close).result()
        self.db.shutdown(wait=True)

    async def run(self, method: str, *args: object) -> Any:
        assert self.store is not None
        return await asyncio.get_running_loop().run_in_executor(self.db, getattr(self.store, method), *args)

    async def ingest(self, batch: Batch) -> dict[str, Any]:
        """Queue a batch for the next group commit and wait until it is durable."""
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._queued.append((batch, answer))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_queued())
        return await answer

    async def _write_queued(self) -> None:
        """Write what is queued, one group per transaction; what arrives meanwhile forms the next group."""
        try:
            while self._queued:
                group, self._queued = self._queued[:GROUP_MAX], self._queued[GROUP_MAX:]
                try:
                    results = await self.run("ingest_many", [batch for batch, _ in group])
                except Exception as exc:  # the database failed (disk full …): every batch of the group fails
                    results = [exc] * len(group)
                for (_, answer), result in zip(group, results, strict=True):
                    if answer.done():
                        continue
                    if isinstance(result, BaseException):
                        answer.set_exception(result)
                    else:
                        answer.set_result(result)
        finally:
            self._writer = None

    async def who(self, kind: str, token: str) -> str | None:
        """The office (kind "office") or reader ("user") a token belongs to; cached briefly, like the office's."""
        key = (kind, token)
        now = time.monotonic()
        cached = self._tokens.get(key)
        if cached and cached[0] > now:
            return cached[1]
        found: str | None = await self.run(f"{kind}_for_token", token)
        if len(self._tokens) > 10_000:
            self._tokens.clear()
        self._tokens[key] = (now + TOKEN_CACHE_S, found)
        return found

    def today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.clock(), self.tz).date()


def create_app(data_dir: Path, clock: Callable[[], float] = time.time, timezone: str = DEFAULT_TIMEZONE) -> Any:
    server = DistrictServer(data_dir, clock, timezone)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        server.open()
        log.info("district server ready: %s", data_dir)
        try:
            yield
        finally:
            server.close()

    app = FastAPI(
        title="onestop district server",
        version=VERSION,
        description="Hourly figures from every office, their ranking and the dashboard.",
        lifespan=lifespan,
    )
    app.state.district = server

    install_error_handlers(app)
    app.include_router(router)
    return BodyLimit(app, limit=MAX_WIRE_BODY, decoded_limit=MAX_DECODED_BODY)


# -- who is asking -------------------------------------------------------------


def _server(request: Request) -> DistrictServer:
    server: DistrictServer = request.app.state.district
    return server


def _token(request: Request) -> str:
    token = token_from(request.headers.get("authorization"), request.query_params.get("token"))
    token = token or request.cookies.get(COOKIE)
    if not token:
        raise errors.AuthError(
            "missing token: send 'Authorization: Bearer <token>'", "Thiếu mã truy cập (token)", code="no_token"
        )
    return token


async def office_caller(request: Request) -> str:
    office = await _server(request).who("office", _token(request))
    if office is None:
        raise errors.AuthError("unknown office token", "Mã truy cập của đơn vị không hợp lệ", code="bad_token")
    return office


async def reader(request: Request) -> str:
    user = await _server(request).who("user", _token(request))
    if user is None:
        raise errors.AuthError(
            "unknown read token ('onestop district user add' makes one)",
            "Mã truy cập không hợp lệ",
            code="bad_token",
        )
    return user


# -- the API -------------------------------------------------------------------

router = APIRouter()
From = Annotated[dt.date | None, Query(alias="from", description="first office-local day, YYYY-MM-DD")]
To = Annotated[dt.date | None, Query(alias="to", description="last office-local day (inclusive)")]
Format = Annotated[str, Query(pattern="^(json|csv)$")]


@router.get("/api/health")
async def health() -> dict[str, Any]:
    return {"status": "ok", "version": VERSION}


@router.post("/api/batches")
async def post_batch(request: Request, batch: Batch, office: str = Depends(office_caller)) -> dict[str, Any]:
    """One office's hourly figures for whole days; idempotent by batch_id, older versions never win."""
    if batch.office != office:
        raise errors.ForbiddenError(
            f"this token belongs to office {office!r}, not {batch.office!r}",
            f"Mã truy cập thuộc đơn vị {office!r}, không phải {batch.office!r}",
        )
    return await _server(request).ingest(batch)


@router.get("/api/offices")
async def list_offices(request: Request, user: str = Depends(reader)) -> dict[str, Any]:
    server = _server(request)
    offices = await server.run("offices")
    return {"offices": [{**o, "last_batch_at": _iso(o["last_batch_at"], server.tz)} for o in offices]}


def _range(server: DistrictServer, first: dt.date | None, last: dt.date | None, days: int) -> tuple[str, str]:
    last = last or server.today()
    first = first or last - dt.timedelta(days=days - 1)
    if first > last:
        raise errors.InvalidError(f"from ({first}) is after to ({last})", "Ngày bắt đầu sau ngày kết thúc")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise errors.InvalidError(
            f"a range of at most {MAX_RANGE_DAYS} days, please", f"Khoảng thời gian tối đa {MAX_RANGE_DAYS} ngày"
        )
    return first.isoformat(), last.isoformat()


async def _office_stats(request: Request, office_id: str, first: dt.date | None, last: dt.date | None) -> Any:
    server = _server(request)
    office = await server.run("office", office_id)
    lo, hi = _range(server, first, last, DASHBOARD_DAYS)
    cells = await server.run("cells", lo, hi, office_id)
    totals = {**figures.combine(cells), "ratings": figures.ratings_total(cells)}
    return {
        "office": {**office, "last_batch_at": _iso(office["last_batch_at"], server.tz)},
        "from": lo,
        "to": hi,
        "totals": totals,
        "by_day": figures.by(cells, "day"),
        "by_service": figures.by(cells, "service"),
    }


@router.get("/api/offices/{office_id}/stats", response_model=None)
async def office_stats(
    request: Request,
    office_id: OfficeId,
    first: From = None,
    last: To = None,
    format: Format = "json",
    user: str = Depends(reader),
) -> dict[str, Any] | Response:
    """Totals, per day and per service for from..to (inclusive; default the last 30 days)."""
    stats = await _office_stats(request, office_id, first, last)
    return _csv(stats) if format == "csv" else stats


@router.get("/api/offices/{office_id}/stats.csv")
async def office_stats_csv(
    request: Request,
    office_id: OfficeId,
    first: From = None,
    last: To = None,
    user: str = Depends(reader),
) -> Response:
    return _csv(await _office_stats(request, office_id, first, last))


CSV_FIGURES = (
    "issued", "served", "no_show", "cancelled", "waiting", "no_show_rate", "wait_mean_s", "wait_p90_s",
    "wait_max_s", "service_mean_s", "rated", "not_satisfied", "satisfaction_rate", "response_rate",
)  # fmt: skip


def _csv(stats: dict[str, Any]) -> Response:
    """One row for the totals, then a row per day and per service; ``scope`` and ``key`` say which."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("office", "scope", "key", *CSV_FIGURES))
    office = stats["office"]["id"]
    writer.writerow((office, "total", f"{stats['from']}..{stats['to']}", *_cols(stats["totals"])))
    for row in stats["by_day"]:
        writer.writerow((office, "day", row["day"], *_cols(row)))
    for row in stats["by_service"]:
        writer.writerow((office, "service", row["service"], *_cols(row)))
    name = f"{office}-{stats['from']}-{stats['to']}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _cols(row: dict[str, Any]) -> list[Any]:
    return ["" if row[k] is None else row[k] for k in CSV_FIGURES]


def _iso(epoch: float | None, tz: ZoneInfo) -> str | None:
    return None if epoch is None else dt.datetime.fromtimestamp(epoch, tz).isoformat(timespec="seconds")


# -- the dashboard -------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, response_model=None)
async def home(
    request: Request,
    first: From = None,
    last: To = None,
) -> Response:
    """The ranking page. ``?token=`` signs a browser in (a cookie) and is dropped from the address."""
    server = _server(request)
    query_token = request.query_params.get("token")
    try:
        user = await reader(request)
    except errors.AuthError:
        return HTMLResponse(dashboard.sign_in_page(bad=bool(query_token)), status_code=401)
    if query_token:
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        target = "/" + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, query_token, httponly=True, samesite="strict", max_age=30 * 86400)
        return response
    lo, hi = _range(server, first, last, DASHBOARD_DAYS)
    offices = await server.run("offices")
    cells = await server.run("cells", lo, hi, None)
    rows = dashboard.ranking(offices, cells, lo, hi)
    return HTMLResponse(dashboard.page(rows, lo, hi, user, server.clock(), server.tz))
