"""The dashboard: the ranking (national, a province, a level), an office's page, and signing in with a form.

The sign-in form POSTs the token; the answer sets it in a cookie that
scripts cannot read (HttpOnly), that no other site's page sends
(SameSite=Strict), and that travels only over HTTPS when the page came
over HTTPS (Secure; behind nginx, uvicorn reads X-Forwarded-Proto).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from district import figures
from district.deps import COOKIE, documented, page_user, service
from district.figures import Rollup
from district.models import Office
from district.pages import LATE_S, Pages
from district.ranking import rank, with_p90
from district.reads import Scope
from district.routes_api import From, OfficeId, ProvinceCode, To, day_range, office_stats_of
from district.service import DistrictService

router = APIRouter(tags=["dashboard"])
PAGE_ROWS = 100
DAILY_BARS_UP_TO = 62
COOKIE_MAX_AGE = 7 * 86400
HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
LEVELS = (
    ("commune", "Cấp xã, phường", "Communes and wards"),
    ("province", "Trung tâm cấp tỉnh", "Provincial centres"),
)


def pages(request: Request) -> Pages:
    found: Pages = request.app.state.pages
    return found


def _sign_in(request: Request, bad: bool, status: int, next_url: str) -> HTMLResponse:
    html = pages(request).render("sign_in.html", user=None, bad=bad, next=next_url)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + ("?" + query if query else "")


def _safe_next(target: str) -> str:
    """Only a path on this site (never '//elsewhere' or a full URL): no open redirect."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/sign-in", response_class=HTMLResponse, responses={200: HTML})
async def sign_in_form(request: Request) -> HTMLResponse:
    return _sign_in(request, bad=False, status=200, next_url="/")


@router.post(
    "/sign-in", response_class=HTMLResponse, status_code=303,
    responses={303: {"description": "signed in: the cookie is set, on to 'next'"},
               401: {**HTML, "description": "the token is not valid: the form again"},
               **documented(422, 503, page=True)},
)  # fmt: skip
async def sign_in(
    request: Request,
    token: Annotated[str, Form(min_length=1, max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    user = await service(request).who("user", token)
    if user is None:
        return _sign_in(request, bad=True, status=401, next_url=_safe_next(next))
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE, token, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict",
        secure=request.url.scheme == "https", path="/",
    )  # fmt: skip
    return response


@router.post("/sign-out", status_code=303, response_class=Response,
             responses={303: {"description": "signed out: the cookie is cleared"}})  # fmt: skip
async def sign_out(request: Request) -> Response:
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


def _days(first: str, last: str) -> list[str]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


async def _trends(
    server: DistrictService, lo: str, hi: str, scope: Scope, offices: list[str] | None
) -> tuple[bool, dict[str, Any]]:
    daily = len(_days(lo, hi)) <= DAILY_BARS_UP_TO
    keys = _days(lo, hi) if daily else sorted({d[:7] for d in _days(lo, hi)})
    found = await server.call(server.store.reads.trend, "day" if daily else "month", lo, hi, scope, offices)
    bars = {office: trend_bars([(k, *per.get(k, (0, None))) for k in keys]) for office, per in found.items()}
    return daily, bars


BAR_HEIGHT = 28


def trend_bars(values: list[tuple[str, int, float | None]]) -> list[tuple[str, int, float | None, int]]:
    """(label, served, rate) with each bar's height: served scaled to the office's busiest day or month.
    Computed here, not in the template: Jinja's max filter per bar was a third of a province page's time."""
    top = max((served for _, served, _ in values), default=0) or 1
    return [(label, served, rate, max(round(served / top * BAR_HEIGHT), 1 if served else 0))
            for label, served, rate in values]  # fmt: skip


async def _none_yet() -> tuple[bool, dict[str, Any]]:
    return False, {}


@router.get("/", response_class=HTMLResponse, responses={200: HTML, 401: HTML, **documented(422, 503, page=True)})
async def ranking_page(
    request: Request, first: From = None, last: To = None, province: ProvinceCode = None,
    level: Annotated[Literal["province", "commune"], Query()] = "commune",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:  # fmt: skip
    """The offices of a level ranked (nationally, or in one province), and the provinces ranked."""
    user = await page_user(request)
    if user is None:
        return _sign_in(request, bad=False, status=401, next_url=_here(request))
    server = service(request)
    lo, hi = day_range(server, first, last, 30)
    scope = Scope(province=province, level=level)
    reads, accounts = server.store.reads, server.store.accounts
    # The queries run side by side (a worker thread and a connection each). A province's trend bars
    # are few (its offices × days or months) and come alongside; the nation's wait for the page's rows.
    in_province = province is not None
    all_offices, rollups, names, province_trends = await asyncio.gather(
        server.call(accounts.offices),
        server.call(reads.grouped, "office", lo, hi, scope, p90=False),  # ranked without; pooled for the page
        server.call(accounts.provinces),
        _trends(server, lo, hi, scope, None) if in_province else _none_yet(),
    )
    offices = [o for o in all_offices if o.level == level and (province is None or o.province == province)]
    ranked = rank([(o.id, o.name, o.level) for o in offices], rollups)
    provinces = []
    if province is None and len(names) > 1:
        # Each province pooled from its offices' roll-ups: no second pass over every office-day.
        members: dict[str, list[Rollup]] = {}
        for o in offices:
            if o.province and o.id in rollups:
                members.setdefault(o.province, []).append(rollups[o.id])
        by_province = {code: figures.merge(parts) for code, parts in members.items()}
        provinces = rank([(code, name, None) for code, name in names.items()], by_province)
    pages_count = max(math.ceil(len(ranked) / PAGE_ROWS), 1)
    page = min(page, pages_count)
    shown = ranked[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    keys = [row.key for row in shown if row.rank is not None]
    if in_province:
        p90s = await server.call(reads.p90s, lo, hi, scope, keys)
        by_day, trends = province_trends
    else:  # the page's rows' p90s and trend bars side by side
        p90s, (by_day, trends) = await asyncio.gather(
            server.call(reads.p90s, lo, hi, scope, keys), _trends(server, lo, hi, scope, [row.key for row in shown])
        )
    shown = [with_p90(row, p90s) for row in shown]
    now = server.clock()
    late = sum(1 for o in offices if o.last_batch_at is None or now - o.last_batch_at > LATE_S)
    params: dict[str, Any] = {"from": lo, "to": hi, "province": province, "level": level, "page": page}

    def url(**changes: Any) -> str:
        merged = {**params, **changes}
        return "/?" + urlencode({k: v for k, v in merged.items() if v is not None})

    def office_url(office_id: str) -> str:
        return f"/offices/{office_id}?" + urlencode({"from": lo, "to": hi})

    csv_query = {k: v for k, v in {"by": "office", "from": lo, "to": hi, "province": province, "level": level,
                                  "format": "csv"}.items() if v is not None}  # fmt: skip
    html = pages(request).render(
        "ranking.html", user=user, first=lo, last=hi, province=province, province_name=names.get(province or "", ""),
        level=level, levels=LEVELS, rows=shown, provinces=provinces, offices=offices,
        totals=figures.figures(figures.merge(rollups.values())), late=late, trends=trends, by_day=by_day,
        last_batch={o.id: o.last_batch_at for o in offices}, province_of={o.id: o.province_name for o in offices},
        now=now, page=page, pages=pages_count, url=url, office_url=office_url,
        csv_url="/api/figures?" + urlencode(csv_query),
    )  # fmt: skip
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.get("/offices/{office_id}", response_class=HTMLResponse,
            responses={200: HTML, 401: HTML, **documented(404, 422, 503, page=True)})  # fmt: skip
async def office_page(request: Request, office_id: OfficeId, first: From = None, last: To = None) -> HTMLResponse:
    """One office: its totals, per service, and per day (or per month over a long range)."""
    user = await page_user(request)
    if user is None:
        return _sign_in(request, bad=False, status=401, next_url=_here(request))
    server = service(request)
    lo, hi = day_range(server, first, last, 30)
    stats = await office_stats_of(server, office_id, lo, hi)
    office: Office = stats.office
    daily = len(stats.by_day) <= DAILY_BARS_UP_TO
    period = (
        ("Theo ngày", "Per day", "by-day", [r.model_dump() for r in stats.by_day], ("day", "Ngày", "Day"))
        if daily
        else ("Theo tháng", "Per month", "by-month", [r.model_dump() for r in stats.by_month],
              ("month", "Tháng", "Month"))
    )  # fmt: skip
    tables = [
        ("Theo lĩnh vực", "Per service", "by-service", [r.model_dump() for r in stats.by_service],
         ("service", "Lĩnh vực", "Service")),
        period,
    ]  # fmt: skip
    range_query = urlencode({"from": lo, "to": hi})
    level_query = urlencode({"from": lo, "to": hi, "level": office.level})
    html = pages(request).render(
        "office.html", user=user, office=office, stats=stats, first=lo, last=hi, tables=tables, now=server.clock(),
        home_url=f"/?{level_query}", province_url=f"/?{level_query}&" + urlencode({"province": office.province or ""}),
        csv_url=f"/api/offices/{office_id}/stats.csv?{range_query}",
    )  # fmt: skip
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})

