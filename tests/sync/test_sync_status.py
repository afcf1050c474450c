"""POST/GET /api/sync/status on the office server: the agent reports, supervisors read, live."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import websockets

from tests.helpers.office import Office

REPORT: dict[str, Any] = {
    "upstream": "https://motcua.nghean.gov.vn",
    "backlog": 3,
    "oldest_pending_day": "2026-11-25",
    "watermark": "2026-11-24",
    "rejected": 0,
    "last_attempt_at": "2026-11-27T01:00:00+00:00",
    "last_success_at": "2026-11-24T10:00:00+00:00",
    "last_error": "district https://motcua.nghean.gov.vn: ConnectionError",
}


def test_the_agent_reports_and_the_supervisor_reads_it(office: Office) -> None:
    assert office.get("/api/sync/status", "supervisor").json() == {"status": None}
    response = office.post("/api/sync/status", "sync", json=REPORT)
    assert response.status_code == 200, response.text
    status = office.get("/api/sync/status", "supervisor").json()["status"]
    local = {"last_attempt_at": "2026-11-27T08:00:00.000+07:00", "last_success_at": "2026-11-24T17:00:00.000+07:00"}
    assert {k: status[k] for k in REPORT} == {**REPORT, **local}
    assert status["device"] == "sync"
    assert status["received_at"] == "2026-11-27T08:00:00.000+07:00"


def test_only_the_sync_role_reports_and_only_supervisors_read(office: Office) -> None:
    for device in ("kiosk", "supervisor", "display", "counter1"):
        assert office.post("/api/sync/status", device, json=REPORT).status_code == 403
    assert office.post("/api/sync/status", None, json=REPORT).status_code == 401
    for device, expected in (("supervisor", 200), ("sync", 403), ("kiosk", 403), ("display", 403)):
        assert office.get("/api/sync/status", device).status_code == expected


def test_a_bad_report_is_422_and_names_the_field(office: Office) -> None:
    for field, value in (("backlog", -1), ("oldest_pending_day", "yesterday"), ("last_attempt_at", "2026-11-27"),
                         ("extra", 1), ("last_error", "x" * 2000)):  # fmt: skip
        response = office.post("/api/sync/status", "sync", json={**REPORT, field: value})
        assert response.status_code == 422, (field, response.text)
        assert field in response.json()["message"]
    assert office.get("/api/sync/status", "supervisor").json() == {"status": None}


def test_a_report_is_pushed_to_listeners(office: Office) -> None:
    async def listen() -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {office.tokens['supervisor']}"}
        async with websockets.connect(office.ws_url, additional_headers=headers) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "hello"
            await asyncio.to_thread(office.post, "/api/sync/status", "sync", json=REPORT)
            while True:
                event = json.loads(await asyncio.wait_for(ws.recv(), 5))
                if event["type"] == "sync.status":
                    return event

    event = asyncio.run(listen())
    assert event["sync"]["backlog"] == 3
