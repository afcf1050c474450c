"""The procedure catalogue for citizens: GET /thu-tuc (browse, search) and GET /thu-tuc/{code} (one procedure).

No token: the catalogue is what the office must publicise anyway, and the QR
printed on a checklist opens a procedure's page on the citizen's phone. Reading
only; a look-up here is not counted (an address anyone can call would let
anyone inflate the figures; /api/stats counts the kiosk's).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from core.procedures import CODE_PATTERN
from server.catalogue_page import FIELD_PARAM, render_catalogue, render_not_found, render_procedure
from server.deps import get_office
from server.errors import NotFoundError

router = APIRouter()

# The catalogue changes with an import: a browser may keep a page, but asks whether it changed.
HEADERS = {"Cache-Control": "no-cache"}
MAX_QUERY = 100


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


@router.get("/thu-tuc", include_in_schema=False)
async def catalogue_page(request: Request) -> HTMLResponse:
    office = get_office(request)
    query = request.query_params.get("q", "")[:MAX_QUERY]
    field = request.query_params.get(FIELD_PARAM) or None
    catalogue = await office.call(office.store.procedures.catalogue)
    index = await office.call(office.store.procedures.index)
    # The search and the page are pure computation: off the event loop and off the database thread.
    html = await asyncio.to_thread(
        render_catalogue, catalogue, index, office.config.office, _lang(request), query, field
    )
    return HTMLResponse(html, headers=HEADERS)


@router.get("/thu-tuc/{code}", include_in_schema=False)
async def procedure_page(request: Request, code: str) -> HTMLResponse:
    office = get_office(request)
    if not CODE_PATTERN.match(code):
        return HTMLResponse(render_not_found(), status_code=404, headers=HEADERS)
    try:
        procedure = await office.call(office.store.procedures.get, code)
    except NotFoundError:
        return HTMLResponse(render_not_found(), status_code=404, headers=HEADERS)
    return HTMLResponse(render_procedure(procedure, office.config.office, _lang(request)), headers=HEADERS)
