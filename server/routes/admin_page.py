"""The admin screens as a web page (GET /admin) for a PC without the supervisor app.

The page holds nothing until an administrator signs in: admin.js calls POST /api/admin/sign-in
and then the admin API with the session token (kept in the tab's sessionStorage, gone when
the tab closes). Served on the devices' listener only, never on the citizens'.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from server.deps import OfficeDep
from server.errors import NotFoundError
from server.templates import render

router = APIRouter()

WEB = resources.files("server").joinpath("admin_web")
FILES = {"admin.js": "text/javascript", "admin_playlist.js": "text/javascript", "admin.css": "text/css"}
# No framing by other pages (a PIN typed into a framed page could be watched); no caching of old scripts.
HEADERS = {"Cache-Control": "no-cache", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


@router.get("/admin", include_in_schema=False)
async def admin_page(office: OfficeDep) -> HTMLResponse:
    return HTMLResponse(render("admin.html", office_name=office.config.office.name), headers=HEADERS)


@router.get("/admin/{name}", include_in_schema=False)
async def admin_file(name: str) -> Response:
    if name not in FILES:
        raise NotFoundError(f"no file {name!r} in the admin page", f"Không có tệp {name!r}")
    body = WEB.joinpath(name).read_bytes()
    return Response(body, media_type=f"{FILES[name]}; charset=utf-8", headers=HEADERS)
