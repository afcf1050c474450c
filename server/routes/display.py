"""The lobby display for browsers (GET /display) and the display settings every display reads (GET /api/display).

Smart TVs that only have a browser open ``http://SERVER:8000/display?token=TOKEN``; the page
(server/templates/display.html, its script and style in server/display_web/) follows the same
event stream as the Qt display. The page itself needs no token — it carries the office's name
and code; every piece of data it fetches does.
"""

from __future__ import annotations

import base64
import mimetypes
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from server import schemas
from server.deps import Device, OfficeDep, Permission, require
from server.errors import NotFoundError
from server.templates import render

router = APIRouter()

WEB = resources.files("server").joinpath("display_web")
FILES = {"display.js": "text/javascript", "playlist.js": "text/javascript", "display.css": "text/css"}
# The TV reloads the page rarely; a new version must still reach it after an upgrade.
NO_CACHE = {"Cache-Control": "no-cache"}


def _page(name: str, media_type: str) -> Response:
    body = WEB.joinpath(name).read_bytes()
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers=NO_CACHE)


@router.get("/display", include_in_schema=False)
async def display_page(office: OfficeDep) -> HTMLResponse:
    return HTMLResponse(render("display.html", office_name=office.config.office.name), headers=NO_CACHE)


@router.get("/display/{name}", include_in_schema=False)
async def display_file(name: str) -> Response:
    if name not in FILES:
        raise NotFoundError(f"no file {name!r} in the display", f"Không có tệp {name!r}")
    return _page(name, FILES[name])


@router.get("/api/display")
async def display_settings(
    office: OfficeDep, device: Device = require(Permission.READ_DISPLAY)
) -> schemas.DisplaySettings:
    """[display] of office.toml: colours, logo (a data: URL), notice, call wording, spoken languages."""
    config = office.config.display
    logo = None
    if config.logo is not None:
        kind = mimetypes.guess_type(config.logo.name)[0] or "image/png"
        logo = f"data:{kind};base64,{base64.b64encode(config.logo.read_bytes()).decode('ascii')}"
    return {
        "notice_vi": config.notice_vi,
        "notice_en": config.notice_en,
        "colors": {
            "background": config.background,
            "panel": config.panel,
            "text": config.text,
            "accent": config.accent,
            "highlight": config.highlight,
        },
        "logo": logo,
        "highlight_s": config.highlight_s,
        "recent_calls": config.recent_calls,
        "call_vi": config.call_vi,
        "call_en": config.call_en,
        "announce": list(config.announce),
    }
