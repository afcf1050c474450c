"""POST/GET /api/devices/status: each app reports its version and its parts; supervisors read them."""

from __future__ import annotations

import json

import pytest
from websockets.sync.client import connect

from tests.helpers.office import Office
from tests.helpers.stream import next_event

REPORT = {
    "version": "0.1.0",
    "components": {
        "voice": {"state": "fallback", "detail": "chime only"},
        "speech": {"state": "missing", "detail": "Qt text-to-speech cannot load (libpulse.so.0)"},
        "sound": {"state": "ok", "detail": "HDMI"},
    },
}


@pytest.mark.parametrize("device", ["kiosk", "display", "supervisor", "sync", "counter1"])
def test_every_role_reports_its_own_status(office: Office, device: str) -> None:
    response = office.post("/api/devices/status", device, json=REPORT)
    assert response.status_code == 200, response.text
    status = response.json()["status"]
    assert status["device"] == device and status["version"] == "0.1.0"
    assert status["components"]["speech"]["state"] == "missing"


def test_no_token_no_report(office: Office) -> None:
    assert office.post("/api/devices/status", None, json=REPORT).status_code == 401


@pytest.mark.parametrize(("device", "status"), [("supervisor", 200), ("sync", 403), ("kiosk", 403),
                                                ("display", 403), ("counter1", 403), (None, 401)])  # fmt: skip
def test_only_supervisors_read_them(office: Office, device: str | None, status: int) -> None:
    assert office.get("/api/devices/status", device).status_code == status


def test_the_supervisor_sees_every_device_and_what_changed(office: Office) -> None:
    office.post("/api/devices/status", "display", json=REPORT)
    devices = {d["device"]: d for d in office.get("/api/devices/status", "supervisor").json()["devices"]}
    assert devices["display"]["components"]["voice"] == {"state": "fallback", "detail": "chime only"}
    assert devices["kiosk"]["reported_at"] is None and devices["kiosk"]["version"] is None
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}") as ws:
        json.loads(ws.recv(timeout=5))
        office.post("/api/devices/status", "display", json=REPORT)  # the same again: no event
        changed = {**REPORT, "components": {**REPORT["components"], "sound": {"state": "missing", "detail": ""}}}
        office.post("/api/devices/status", "display", json=changed)
        event = next_event(ws, timeout=5)
    assert event["type"] == "device.status"
    assert event["status"]["device"] == "display" and event["status"]["components"]["sound"]["state"] == "missing"


@pytest.mark.parametrize(
    "body",
    [
        {"version": "1", "components": {"voice": {"state": "great"}}},
        {"version": "1", "components": {"Voice!": {"state": "ok"}}},
        {"version": "", "components": {}},
        {"version": "1", "components": {f"c{i}": {"state": "ok"} for i in range(30)}},
        {"version": "1", "components": {"voice": {"state": "ok", "detail": "x" * 301}}},
    ],
)
def test_bad_reports_are_422(office: Office, body: dict) -> None:
    response = office.post("/api/devices/status", "kiosk", json=body)
    assert response.status_code == 422 and response.json()["message_vi"]
