"""Every route of the office API declares the one permission it needs (server/permissions.py), in one way."""

from __future__ import annotations

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from server.app import ROUTERS
from server.deps import Require
from server.permissions import ROLES, Permission

# Open to anyone: monitoring, and the citizen's own ticket page (its secret code is the key).
PUBLIC = {
    "/api/health",
    "/t/{ticket_id}",
    "/t/{ticket_id}/rating",
    "/t/{ticket_id}/live",
    "/t/{ticket_id}/events",
    "/display",
    "/display/{name}",
    "/thu-tuc",
    "/thu-tuc/{code}",
    # The admin screens' door: username and PIN (the lockout), no device token (server/routes/admin.py).
    "/api/admin/sign-in",
    "/admin",
    "/admin/{name}",
    # A new device with no token yet (server/routes/pairing.py): its code and its own secret.
    "/api/pair",
    "/api/pair/{pairing_id}/wait",
    "/book",
    "/book/{code}",
    "/book/{code}/cancel",
}


def permissions_of(dependant: Dependant) -> list[Permission]:
    found = [d.call.permission for d in dependant.dependencies if isinstance(d.call, Require)]
    for sub in dependant.dependencies:
        found += permissions_of(sub)
    return found


def api_routes() -> list[APIRoute]:
    """The HTTP routes of every router the app includes (server/app.py ROUTERS)."""
    return [r for module in ROUTERS for r in module.router.routes if isinstance(r, APIRoute)]


def test_every_route_declares_exactly_one_permission() -> None:
    routes = api_routes()
    assert len(routes) > 20
    for route in routes:
        declared = permissions_of(route.dependant)
        if route.path in PUBLIC:
            assert declared == [], route.path
        else:
            assert len(declared) == 1, f"{sorted(route.methods)} {route.path}: {declared}"


def test_every_permission_is_used_and_held_by_someone() -> None:
    used = {p for route in api_routes() for p in permissions_of(route.dependant)}
    assert used == set(Permission)
    assert all(ROLES[p] for p in Permission)
