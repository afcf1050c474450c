"""The district's JSON (and CSV) API: batches in, figures out."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from district import figures
from district.accounts import ID_PATTERN, OfficeRow
from district.deps import documented, office_caller, reader, service
from district.models import BatchAnswer, Grouped, Health, Office, Offices, OfficeStats, Provinces
from district.ranking import rank, with_p90
from district.reads import By, Scope
from district.schema import Batch
from district.service import DistrictService
from server import errors

VERSION = "0.2.0"
MAX_RANGE_DAYS = 366
DEFAULT_DAYS = 30

router = APIRouter()
OfficeId = Annotated[str, Path(pattern=ID_PATTERN, max_length=64, description="the office's id, e.g. ky-son")]
From = Annotated[dt.date | None, Query(alias="from", description="first district-local day, YYYY-MM-DD")]
To = Annotated[dt.date | None, Query(alias="to", description="last day (inclusive); default today")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
ProvinceCode = Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64, description="only this province")]
Limit = Annotated[int | None, Query(ge=1, le=10_000, description="at most this many rows (default: all)")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip before the first returned")]
LevelFilter = Annotated[Literal["province", "commune"] | None, Query(description="only offices of this level")]
CSV_CONTENT = {"text/csv": {"schema": {"type": "string"}}}


@router.get("/api/health", tags=["health"], responses=documented(503))
async def health(request: Request) -> Health:
    """For load balancers: 200 while this process can reach the database, 503 when it cannot."""
    server = service(request)
    await server.call(server.store.ping)
    return Health(status="ok", version=VERSION)


@router.post("/api/batches", tags=["offices"], responses=documented(400, 401, 403, 409, 413, 415, 422, 503))
async def post_batch(request: Request, batch: Batch, office: str = Depends(office_caller)) -> BatchAnswer:
    """One office's hourly figures for whole days; idempotent by batch_id, older versions never win."""
    if batch.office != office:
        raise errors.ForbiddenError(
            f"this token belongs to office {office!r}, not {batch.office!r}",
            f"Mã truy cập thuộc đơn vị {office!r}, không phải {batch.office!r}",
        )
    return BatchAnswer.model_validate(await service(request).ingest(batch))


def office_model(o: OfficeRow, server: DistrictService) -> Office:
    return Office.model_validate(
        {
            "id": o.id, "name": o.name, "level": o.level, "province": o.province,
            "province_name": o.province_name, "last_batch_at": server.local_iso(o.last_batch_at),
            "active": o.has_token,
        }
    )  # fmt: skip


@router.get("/api/offices", tags=["figures"], responses=documented(401, 503))
async def list_offices(request: Request, user: str = Depends(reader)) -> Offices:
    server = service(request)
    rows = await server.call(server.store.accounts.offices)
    return Offices(offices=[office_model(o, server) for o in rows])


@router.get("/api/provinces", tags=["figures"], responses=documented(401, 503))
async def list_provinces(request: Request, user: str = Depends(reader)) -> Provinces:
    server = service(request)
    names = await server.call(server.store.accounts.provinces)
    counts: dict[str, int] = {}
    for o in await server.call(server.store.accounts.offices):
        if o.province:
            counts[o.province] = counts.get(o.province, 0) + 1
    return Provinces.model_validate(
        {"provinces": [{"code": c, "name": n, "offices": counts.get(c, 0)} for c, n in names.items()]}
    )


EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


def day_range(server: DistrictService, first: dt.date | None, last: dt.date | None, days: int) -> tuple[str, str]:
    for given in (first, last):
        if given is not None and not EARLIEST <= given <= LATEST:
            raise errors.InvalidError(
                f"{given}: days from {EARLIEST} to {LATEST}, please", f"Ngày {given} nằm ngoài khoảng cho phép"
            )
    last = last or server.today()
    first = first or last - dt.timedelta(days=days - 1)
    if first > last:
        raise errors.InvalidError(f"from ({first}) is after to ({last})", "Ngày bắt đầu sau ngày kết thúc")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise errors.InvalidError(
            f"a range of at most {MAX_RANGE_DAYS} days, please", f"Khoảng thời gian tối đa {MAX_RANGE_DAYS} ngày"
        )
    return first.isoformat(), last.isoformat()


async def office_stats_of(server: DistrictService, office_id: str, lo: str, hi: str) -> OfficeStats:
    office = await server.call(server.store.accounts.office, office_id)
    scope = Scope(office=office_id)
    reads = server.store.reads
    days = await server.call(reads.grouped, "day", lo, hi, scope)
    months = await server.call(reads.grouped, "month", lo, hi, scope)
    services = await server.call(reads.grouped, "service", lo, hi, scope)
    total = await server.call(reads.grouped, "office", lo, hi, scope)
    ratings = await server.call(reads.ratings, lo, hi, scope)
    totals = figures.figures(total.get(office_id, figures.Rollup()))
    return OfficeStats.model_validate(
        {
            "office": office_model(office, server), "from": lo, "to": hi, "totals": {**totals, "ratings": ratings},
            "by_day": [{"day": k, **figures.figures(v)} for k, v in sorted(days.items())],
            "by_month": [{"month": k, **figures.figures(v)} for k, v in sorted(months.items())],
            "by_service": [{"service": k, **figures.figures(v)} for k, v in sorted(services.items())],
        }
    )  # fmt: skip


STATS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": CSV_CONTENT, "description": "JSON, or CSV with format=csv"},
    **documented(401, 404, 422, 503),
}


@router.get("/api/offices/{office_id}/stats", tags=["figures"], responses=STATS_RESPONSES, response_model=OfficeStats)
async def office_stats(
    request: Request, office_id: OfficeId, first: From = None, last: To = None, format: Format = "json",
    user: str = Depends(reader),
) -> OfficeStats | Response:  # fmt: skip
    """Totals, per day, per month and per service for from..to (inclusive; default the last 30 days)."""
    server = service(request)
    lo, hi = day_range(server, first, last, DEFAULT_DAYS)
    stats = await office_stats_of(server, office_id, lo, hi)
    return office_csv(stats) if format == "csv" else stats


@router.get(
    "/api/offices/{office_id}/stats.csv", tags=["figures"], response_class=Response,
    responses={200: {"content": CSV_CONTENT, "description": "CSV"}, **documented(401, 404, 422, 503)},
)  # fmt: skip
async def office_stats_csv(
    request: Request, office_id: OfficeId, first: From = None, last: To = None, user: str = Depends(reader)
) -> Response:
    server = service(request)
    lo, hi = day_range(server, first, last, DEFAULT_DAYS)
    return office_csv(await office_stats_of(server, office_id, lo, hi))


async def grouped_figures(
    server: DistrictService, by: By, lo: str, hi: str, province: str | None, level: str | None,
    limit: int | None = None, offset: int = 0,
) -> Grouped:  # fmt: skip
    scope = Scope(province=province, level=level)
    reads = server.store.reads
    # A page of offices pools the p90 of its own rows only (see Reads.grouped); everything else is complete.
    paged = by == "office" and limit is not None
    rollups = await server.call(reads.grouped, by, lo, hi, scope, p90=not paged)
    # The totals pool the rows' own roll-ups: one query fewer, the same counts and means.
    totals = figures.figures(figures.merge(rollups.values()))
    rows: list[dict[str, Any]]
    if by == "office":
        offices = [
            o for o in await server.call(server.store.accounts.offices)
            if (province is None or o.province == province) and (level is None or o.level == level)
        ]  # fmt: skip
        ranked = rank([(o.id, o.name, o.level) for o in offices], rollups)
        if paged:
            count = len(ranked)
            ranked = ranked[offset : offset + (limit or 0)]
            keys = [r.key for r in ranked if r.rank is not None]
            p90s = await server.call(reads.p90s, lo, hi, scope, keys)
            ranked = [with_p90(r, p90s) for r in ranked]
            rows = [{"key": r.key, "name": r.name, "rank": r.rank, "level": r.level, **r.figures} for r in ranked]
            return Grouped.model_validate({"by": by, "from": lo, "to": hi, "province": province, "level": level,
                                           "totals": totals, "rows": rows, "count": count})  # fmt: skip
        rows = [{"key": r.key, "name": r.name, "rank": r.rank, "level": r.level, **r.figures} for r in ranked]
    elif by == "province":
        names = await server.call(server.store.accounts.provinces)
        entries = [(code, names.get(code, "—"), None) for code in sorted(set(names) | set(rollups))]
        rows = [{"key": r.key, "name": r.name, "rank": r.rank, "level": None, **r.figures}
                for r in rank(entries, rollups)]  # fmt: skip
    else:
        rows = [{"key": k, "name": None, "rank": None, "level": None, **figures.figures(v)}
                for k, v in sorted(rollups.items())]  # fmt: skip
    count = len(rows)
    rows = rows[offset : None if limit is None else offset + limit]
    return Grouped.model_validate(
        {"by": by, "from": lo, "to": hi, "province": province, "level": level, "totals": totals, "rows": rows,
         "count": count}
    )  # fmt: skip


@router.get("/api/figures", tags=["figures"], responses=STATS_RESPONSES, response_model=Grouped)
async def grouped(
    request: Request,
    by: Annotated[
        Literal["office", "province", "level", "service", "day", "month"],
        Query(description="a row per office (ranked in its level), province (ranked), level, service, day or month"),
    ] = "office",
    first: From = None, last: To = None, province: ProvinceCode = None, level: LevelFilter = None,
    format: Format = "json", limit: Limit = None, offset: Offset = 0, user: str = Depends(reader),
) -> Grouped | Response:  # fmt: skip
    """Figures of every office (or of one province, one level) grouped one way, over from..to.

    With ``limit``, a page of the rows (in their order: offices and provinces ranked) from ``offset``, and
    ``count`` the rows in all. A page of offices is what a ranking shows: its rows are complete; its
    totals' ``wait_p90_s`` is null (pooling it needs every office's days; the whole answer has it).
    """
    server = service(request)
    lo, hi = day_range(server, first, last, DEFAULT_DAYS)
    result = await grouped_figures(server, by, lo, hi, province, level, limit, offset)
    return grouped_csv(result) if format == "csv" else result


CSV_FIGURES = (
    "issued", "served", "no_show", "cancelled", "waiting", "no_show_rate", "wait_mean_s", "wait_p90_s",
    "wait_max_s", "service_level", "service_mean_s", "rated", "not_satisfied", "satisfaction_rate", "response_rate",
)  # fmt: skip


def _cols(row: dict[str, Any]) -> list[Any]:
    return ["" if row[k] is None else row[k] for k in CSV_FIGURES]


def _csv(name: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def office_csv(stats: OfficeStats) -> Response:
    """One row for the totals, then a row per day, month and service; ``scope`` and ``key`` say which."""
    office, lo, hi = stats.office.id, stats.from_, stats.to
    rows: list[list[Any]] = [[office, "total", f"{lo}..{hi}", *_cols(stats.totals.model_dump())]]
    rows += [[office, "day", r.day, *_cols(r.model_dump())] for r in stats.by_day]
    rows += [[office, "month", r.month, *_cols(r.model_dump())] for r in stats.by_month]
    rows += [[office, "service", r.service, *_cols(r.model_dump())] for r in stats.by_service]
    return _csv(f"{office}-{lo}-{hi}.csv", ("office", "scope", "key", *CSV_FIGURES), rows)


def grouped_csv(result: Grouped) -> Response:
    rows = [[result.by, r.key, r.name or "", "" if r.rank is None else r.rank, *_cols(r.model_dump())]
            for r in result.rows]  # fmt: skip
    name = f"onestop-{result.by}-{result.from_}-{result.to}.csv"
    return _csv(name, ("by", "key", "name", "rank", *CSV_FIGURES), rows)
