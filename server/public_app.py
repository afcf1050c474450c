"""The citizen-facing listener (``--public-port``): the citizens' pages and nothing of the device API.

Citizens' phones do not trust the office's certificate authority, so these
pages are served on a listener of their own — plain HTTP allowed — that shares
the running office server but exposes only the routers below: the ticket's
page from its QR code and its rating form today. A new citizens' page (online
booking, the procedures catalogue) is a router module in server/routes/ added
to PUBLIC_ROUTERS; its pages are found at server.public_url.
"""

from __future__ import annotations

from fastapi import FastAPI

from server.http_errors import install_error_handlers
from server.limits import BodyLimit
from server.office import OfficeServer
from server.routes import booking_pages, catalogue, public, public_live

PUBLIC_ROUTERS = (public, public_live, catalogue, booking_pages)


def create_public_app(office: OfficeServer) -> BodyLimit:
    """The public listener's app over an OfficeServer opened by the device listener's app (server/app.py)."""
    app = FastAPI(title="onestop — citizens' pages", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.office = office
    install_error_handlers(app)
    for module in PUBLIC_ROUTERS:
        app.include_router(module.router)
    return BodyLimit(app)
