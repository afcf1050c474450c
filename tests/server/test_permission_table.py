"""Every cell of the permission table (server/permissions.py TABLE, the README's "Roles and what they may do")
against the real server: a role that holds a permission gets 2xx, any other 403 with a message in both languages.

The requests are built per Permission below; a permission without one fails the test, so a new route
cannot join the table untested.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server.permissions import EVENTS, ROLES, TABLE, Permission, Role, markdown_table
from tests.helpers.office import PIN, TIMEOUT, Office

# The device of each role in tests/helpers/office.py (counter and rating tablet: counter 1's).
DEVICE = {
    Role.KIOSK: "kiosk",
    Role.COUNTER: "counter1",
    Role.RATING: "rating1",
    Role.DISPLAY: "display",
    Role.SUPERVISOR: "supervisor",
    Role.SYNC: "sync",
    Role.ADMIN: "admin",  # an administrator's session (tests/helpers/office.py)
}
ALERT = {"kind": "printer", "state": "paper_out", "active": True, "message_vi": "Hết giấy", "message_en": "Paper out"}
SYNC_STATUS = {
    "upstream": "https://district.example",
    "backlog": 0,
    "oldest_pending_day": None,
    "watermark": None,
    "rejected": 0,
    "last_attempt_at": None,
    "last_success_at": None,
    "last_error": None,
}


@dataclass
class Scene:
    """An office with a ticket waiting at counter 1's services, one served there, one no-show, an alert."""

    office: Office
    waiting: dict[str, Any]
    done: dict[str, Any]
    no_show: dict[str, Any]
    alert_id: int


def scene(office: Office) -> Scene:
    done = office.issue("B")
    no_show = office.issue("B")
    office.sign_in(1)
    assert office.act(1, "call-next").json()["ticket"]["id"] == done["id"]
    assert office.act(1, "call-next").json()["ticket"]["id"] == no_show["id"]  # finishes the first
    assert office.act(1, "no-show").status_code == 200
    waiting = office.issue("B")
    alert = office.post("/api/alerts", "kiosk", json=ALERT).json()["alert"]
    return Scene(office, waiting, done, no_show, alert["id"])


PROCEDURE = {"name": "Đăng ký khai sinh", "field": "Hộ tịch", "service": "A",
             "papers": [{"name": "Giấy chứng sinh", "copies": 1, "original": True}]}  # fmt: skip
Request = tuple[str, str, dict[str, Any] | None]
REQUESTS: dict[Permission, Callable[[Scene], Request]] = {
    Permission.READ_STATE: lambda s: ("GET", "/api/state", None),
    Permission.READ_LIVE: lambda s: ("GET", "/api/counters", None),
    Permission.READ_DISPLAY: lambda s: ("GET", "/api/display", None),
    Permission.READ_RATING_SCALE: lambda s: ("GET", "/api/rating-scale", None),
    Permission.READ_TICKET: lambda s: ("GET", f"/api/tickets/{s.done['id']}", None),
    Permission.FIND_TICKET: lambda s: (
        "GET", f"/api/tickets/by-number/{s.done['number']}?c={s.done['public_code']}", None
    ),
    Permission.ISSUE_TICKETS: lambda s: ("POST", "/api/tickets", {"service": "A"}),
    Permission.REPORT_PRINTED: lambda s: ("POST", f"/api/tickets/{s.waiting['id']}/printed", {"printed": True}),
    Permission.CANCEL_TICKETS: lambda s: ("POST", f"/api/tickets/{s.waiting['id']}/cancel", None),
    Permission.REQUEUE_TICKETS: lambda s: ("POST", f"/api/tickets/{s.no_show['id']}/requeue", None),
    Permission.ACT_AT_COUNTER: lambda s: ("POST", "/api/counters/1/sign-in", {"username": "clerk1", "pin": PIN}),
    Permission.RATE: lambda s: ("POST", f"/api/tickets/{s.done['id']}/rating?c={s.done['public_code']}", {"level": 3}),
    Permission.REPORT_ALERTS: lambda s: ("POST", "/api/alerts", ALERT | {"state": "cover_open"}),
    Permission.READ_ALERTS: lambda s: ("GET", "/api/alerts", None),
    Permission.MANAGE_ALERTS: lambda s: ("POST", f"/api/alerts/{s.alert_id}/acknowledge", None),
    Permission.REPORT_KIOSK_ADMIN: lambda s: ("POST", "/api/kiosk/admin", {"action": "opened"}),
    Permission.READ_STATS: lambda s: ("GET", "/api/stats", None),
    Permission.READ_HOURLY: lambda s: ("GET", "/api/stats/hourly", None),
    Permission.READ_SYNC_STATUS: lambda s: ("GET", "/api/sync/status", None),
    Permission.REPORT_SYNC: lambda s: ("POST", "/api/sync/status", SYNC_STATUS),
    Permission.READ_AUDIT: lambda s: ("GET", "/api/audit", None),
    Permission.READ_PROCEDURES: lambda s: ("GET", "/api/procedures/1.000894", None),
    Permission.COUNT_PROCEDURE_USE: lambda s: ("POST", "/api/procedures/1.000894/looked-up", None),
    Permission.REPORT_DEVICE_STATUS: lambda s: (
        "POST", "/api/devices/status", {"version": "1.0", "components": {"voice": {"state": "ok", "detail": ""}}}
    ),
    Permission.READ_DEVICE_STATUS: lambda s: ("GET", "/api/devices/status", None),
    Permission.ADMIN_SESSION: lambda s: ("GET", "/api/admin/me", None),
    Permission.CONFIGURE: lambda s: ("GET", "/api/admin/config", None),
    Permission.MANAGE_CLERKS: lambda s: ("GET", "/api/admin/clerks", None),
    Permission.MANAGE_DEVICES: lambda s: ("GET", "/api/admin/devices", None),
    Permission.PAIR_DEVICES: lambda s: ("GET", "/api/admin/pairings", None),
    Permission.EDIT_PROCEDURES: lambda s: ("PUT", "/api/admin/procedures/1.000894", PROCEDURE),
    Permission.CHECK_IN_BOOKINGS: lambda s: ("POST", "/api/bookings/check-in", {"code": booked_now(s.office)}),
    Permission.READ_BOOKINGS: lambda s: ("GET", "/api/bookings", None),
    Permission.READ_FREE_SLOTS: lambda s: ("GET", "/api/bookings/free?service=A&day=2026-11-30", None),
    Permission.CANCEL_BOOKINGS: lambda s: (
        "POST", f"/api/bookings/{booked_now(s.office)}/cancel", {"reason": "Cơ quan nghỉ đột xuất"}
    ),
    Permission.READ_PLAYLIST: lambda s: ("GET", "/api/playlist", None),
    Permission.MANAGE_PLAYLIST: lambda s: ("POST", "/api/admin/playlist/text", {"text_vi": "Xin chào"}),
}


def booked_now(office: Office) -> str:
    """A booking for this morning's 08:30 slot (the clock is 08:00: in the check-in window)."""
    assert office.server is not None
    store = office.server.office.store
    slot = office.clock() + 30 * 60
    booking = office.server.office.call_blocking(store.bookings.book, "A", slot, "Nguyễn Văn An", "0912345678")
    return booking["code"]


CELLS = [(p, r) for p in Permission for r in Role]


def test_every_permission_has_its_request() -> None:
    assert set(REQUESTS) == set(Permission)


@pytest.mark.parametrize(("permission", "role"), CELLS, ids=[f"{p.name}-{r.value}" for p, r in CELLS])
def test_cell(office: Office, permission: Permission, role: Role) -> None:
    method, path, body = REQUESTS[permission](scene(office))
    response = office.request(method, path, DEVICE[role], json=body)
    if role in ROLES[permission]:
        assert 200 <= response.status_code < 300, (permission, role, response.text)
    else:
        assert response.status_code == 403, (permission, role, response.status_code, response.text)
        refusal = response.json()
        assert refusal["error"] and refusal["message"] and refusal["message_vi"] != refusal["message"]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_the_event_stream_cell(office: Office, role: Role) -> None:
    with connect(f"{office.ws_url}?token={office.tokens[DEVICE[role]]}") as ws:
        if role in ROLES[Permission.READ_LIVE]:
            assert json.loads(ws.recv(timeout=TIMEOUT))["type"] == "hello"
            return
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_the_wait_estimates_cell(office: Office, role: Role) -> None:
    """estimates.updated on the stream and ``estimates`` in /api/state: the lobby's roles and supervisors."""
    receives = "estimates.updated" in EVENTS[role]
    office.sign_in(1)
    office.issue("B")
    office.issue("B")
    office.act(1, "call-next")
    if role not in ROLES[Permission.READ_LIVE]:
        assert not receives
        return
    with connect(f"{office.ws_url}?token={office.tokens[DEVICE[role]]}") as ws:
        assert json.loads(ws.recv(timeout=TIMEOUT))["type"] == "hello"
        office.clock.advance(10)
        office.settle_estimates()
        # A stored event after the batch, which every role hears: everything before it has arrived.
        office.act(1, "call-next")  # finishes the first
        types = []
        while not types or types[-1] != "ticket.finished":
            types.append(json.loads(ws.recv(timeout=TIMEOUT))["type"])
    assert ("estimates.updated" in types) == receives, types
    if role in ROLES[Permission.READ_STATE]:
        state = office.get("/api/state", DEVICE[role]).json()
        assert (state["estimates"] is not None) == receives, state["estimates"]


# -- scopes: the right role, the wrong ticket or counter ---------------------------------------------


def test_a_kiosk_reads_back_only_what_it_issued(office: Office) -> None:
    own = office.issue("A")
    other = office.post("/api/tickets", "supervisor", json={"service": "A"}).json()
    assert office.get(f"/api/tickets/{own['id']}").json()["public_code"] == own["public_code"]
    refused = office.get(f"/api/tickets/{other['id']}")
    assert refused.status_code == 403 and refused.json()["message_vi"]
    assert office.get(f"/api/tickets/{other['id']}?c={other['public_code']}").status_code == 200
    assert office.post(f"/api/tickets/{other['id']}/printed", json={"printed": True}).status_code == 403


def test_a_counter_reads_what_it_called_or_what_waits_in_its_services(office: Office) -> None:
    c_ticket, b_ticket = office.issue("C"), office.issue("B")  # counter 1 serves B and A, not C
    assert office.get(f"/api/tickets/{b_ticket['id']}", "counter1").status_code == 200
    assert office.get(f"/api/tickets/{c_ticket['id']}", "counter1").status_code == 403
    assert office.get(f"/api/tickets/{c_ticket['id']}", "counter3").status_code == 200
    # Requeue: only a no-show it called itself.
    office.sign_in(3)
    office.act(3, "call-next")
    office.act(3, "no-show")
    assert office.post(f"/api/tickets/{c_ticket['id']}/requeue", "counter1").status_code == 403
    assert office.post(f"/api/tickets/{c_ticket['id']}/requeue", "counter3").status_code == 200
    # Acting for another counter.
    assert office.act(3, "recall").status_code == 409  # its own: a state problem, not a permission one
    other = office.post("/api/counters/3/recall", "counter1")
    assert other.status_code == 403 and other.json()["message_vi"]


def test_a_rating_tablet_reads_only_the_ticket_just_finished_at_its_counter(office: Office) -> None:
    first, second = office.issue("B"), office.issue("B")
    office.sign_in(1)
    office.act(1, "call-next")
    office.act(1, "call-next")  # finishes the first, calls the second
    assert office.get(f"/api/tickets/{first['id']}", "rating1").status_code == 200
    assert office.get(f"/api/tickets/{second['id']}", "rating1").status_code == 403  # not finished
    assert office.get(f"/api/tickets/{first['id']}", "rating2").status_code == 403
    office.clock.advance(11 * 60)
    assert office.get(f"/api/tickets/{first['id']}", "rating1").status_code == 403


def test_only_a_supervisor_cancels(office: Office) -> None:
    ticket = office.issue("B")
    for device in ("kiosk", "counter1", "rating1", "display", "sync"):
        assert office.post(f"/api/tickets/{ticket['id']}/cancel", device).status_code == 403, device
    assert office.post(f"/api/tickets/{ticket['id']}/cancel", "supervisor").status_code == 200


# -- the display: what the lobby shows, nothing more -------------------------------------------------


def test_a_display_token_reads_no_rating_dossier_code_public_code_or_clerk(office: Office) -> None:
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
        json.loads(ws.recv(timeout=TIMEOUT))
        s = scene(office)
        office.rate(s.done, 1, "kiosk", reasons=["attitude"], dossier_code="000.00.12.H40-261127-0001")
        office.act(1, "call-next")
        events = []
        while True:
            try:
                events.append(ws.recv(timeout=0.5))
            except TimeoutError:
                break
    secrets = ["clerk1", "Cán bộ 1", "000.00.12.H40", "attitude", s.done["public_code"], s.waiting["public_code"]]
    seen = "\n".join(events)
    for route in ("/api/state", "/api/services", "/api/counters", "/api/display"):
        response = office.get(route, "display")
        assert response.status_code == 200, route
        seen += response.text
    for route in (f"/api/tickets/{s.done['id']}", "/api/alerts", "/api/stats", "/api/audit", "/api/rating-scale"):
        assert office.get(route, "display").status_code == 403, route
    assert events and "ticket.called" in seen
    for secret in secrets:
        assert secret not in seen, secret


def test_the_readme_carries_the_table() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's 'Roles and what they may do' differs from server/permissions.py"


def test_every_role_and_permission_is_in_the_table() -> None:
    assert set(TABLE) == set(Permission)
    assert all(TABLE[p] for p in Permission)
    assert requests  # the module is used by the helpers' Office
