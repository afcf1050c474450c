"""Print state of tickets and device alerts: the API, the events, /api/state."""


import pytest
from websockets.sync.client import connect

from tests.helpers.office import Office
from tests.helpers.stream import next_event

PAPER_OUT = {
    "source": "kiosk",
    "kind": "printer",
    "state": "paper_out",
    "active": True,
    "message_vi": "Máy in ở kiosk đã hết giấy",
    "message_en": "The printer at kiosk is out of paper",
}
CLEAR = {"source": "kiosk", "kind": "printer", "state": "ready", "active": False}


def test_ticket_starts_unreported_then_marked(office: Office) -> None:
    ticket = office.issue("A")
    assert ticket["printed"] is None
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}") as ws:
        next_event(ws)
        marked = office.post(f"/api/tickets/{ticket['id']}/printed", json={"printed": False, "detail": "paper end"})
        event = next_event(ws)
    assert marked.status_code == 200, marked.text
    assert marked.json()["printed"] is False and marked.json()["number"] == "A001"
    assert event["type"] == "ticket.printed" and event["printed"] is False and event["detail"] == "paper end"
    assert event["ticket"]["printed"] is False and event["actor"]["device"] == "kiosk"
    assert office.get(f"/api/tickets/{ticket['id']}").json()["printed"] is False  # the issuing kiosk reads it
    # Reprinted later from the kiosk's settings.
    office.post(f"/api/tickets/{ticket['id']}/printed", json={"printed": True})
    state = office.get("/api/state", device="display").json()
    assert [t["printed"] for t in state["waiting"]] == [True]


def test_printed_needs_a_known_ticket_and_an_issuing_device(office: Office) -> None:
    assert office.post("/api/tickets/999/printed", json={"printed": True}).status_code == 404
    ticket = office.issue("B")
    assert office.post(f"/api/tickets/{ticket['id']}/printed", "display", json={"printed": True}).status_code == 403
    too_long = {"printed": True, "detail": "x" * 301}
    bad = ({}, {"printed": "maybe"}, {"printed": 1}, {"printed": True, "extra": 1}, too_long)
    for body in bad:
        response = office.post(f"/api/tickets/{ticket['id']}/printed", json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["error"] == "invalid"


def test_raise_update_clear_one_alert_per_source_and_kind(office: Office) -> None:
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}") as ws:
        next_event(ws)
        raised = office.post("/api/alerts", json=PAPER_OUT)
        assert raised.status_code == 200, raised.text
        alert = raised.json()["alert"]
        assert alert["active"] and alert["state"] == "paper_out" and alert["device"] == "kiosk"
        event = next_event(ws)
        assert event["type"] == "alert.raised" and event["alert"] == alert
        # The same alert again changes nothing and is not announced again.
        assert office.post("/api/alerts", json=PAPER_OUT).json()["alert"]["id"] == alert["id"]
        updated = office.post(
            "/api/alerts",
            json=PAPER_OUT | {"state": "cover_open", "message_vi": "Nắp máy in đang mở", "message_en": "Cover open"},
        ).json()["alert"]
        assert updated["id"] == alert["id"] and updated["state"] == "cover_open"
        event = next_event(ws)
        assert event["type"] == "alert.raised" and event["alert"]["state"] == "cover_open"
        alerts = office.get("/api/alerts", device="supervisor").json()["alerts"]
        assert [a["id"] for a in alerts] == [alert["id"]]
        assert office.get("/api/state", device="supervisor").json()["alerts"] == alerts
        cleared = office.post("/api/alerts", json=CLEAR).json()["alert"]
        assert cleared["id"] == alert["id"] and cleared["active"] is False and cleared["cleared_at"]
        event = next_event(ws)
        assert event["type"] == "alert.cleared" and event["alert"]["active"] is False
    assert office.get("/api/alerts", device="display").status_code == 403
    assert office.get("/api/state", device="display").json()["alerts"] == []
    # Clearing again (a kiosk re-sending after a reconnect) is fine and says so.
    assert office.post("/api/alerts", json=CLEAR).json() == {"alert": None}
    # A new fault is a new alert; the old one stays in the history.
    again = office.post("/api/alerts", json=PAPER_OUT).json()["alert"]
    assert again["id"] != alert["id"]


def test_alerts_of_two_devices_are_apart(office: Office) -> None:
    office.post("/api/alerts", json=PAPER_OUT)
    office.post("/api/alerts", "counter1", json=PAPER_OUT | {"source": None})
    office.post("/api/alerts", json=CLEAR)
    alerts = office.get("/api/alerts", "supervisor").json()["alerts"]
    assert [a["source"] for a in alerts] == ["counter1"]
    # Each device sees its own alerts in its state, a supervisor all.
    assert [a["source"] for a in office.get("/api/state", "counter1").json()["alerts"]] == ["counter1"]
    assert office.get("/api/state", "kiosk").json()["alerts"] == []


def test_a_device_raises_and_clears_only_its_own_alerts(office: Office) -> None:
    raised = office.post("/api/alerts", json=PAPER_OUT).json()["alert"]
    # The server names the calling device as the source; another device's name is refused.
    for device in ("display", "counter1", "rating1", "sync"):
        refused = office.post("/api/alerts", device, json=CLEAR)
        assert refused.status_code == 403 and refused.json()["message_vi"], device
        # Leaving the source out clears the caller's own alert (none), not the kiosk's.
        assert office.post("/api/alerts", device, json=CLEAR | {"source": None}).json() == {"alert": None}
    assert [a["id"] for a in office.get("/api/alerts", "supervisor").json()["alerts"]] == [raised["id"]]
    assert office.post(f"/api/alerts/{raised['id']}/clear", "display").status_code == 403
    assert office.post(f"/api/alerts/{raised['id']}/acknowledge", "kiosk").status_code == 403


def test_a_supervisor_acknowledges_and_clears_any_alert(office: Office) -> None:
    raised = office.post("/api/alerts", json=PAPER_OUT).json()["alert"]
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}") as ws:
        next_event(ws, 5)
        seen = office.post(f"/api/alerts/{raised['id']}/acknowledge", "supervisor")
        assert seen.status_code == 200 and seen.json()["acknowledged_by"] == "supervisor" and seen.json()["active"]
        assert next_event(ws, 5)["type"] == "alert.acknowledged"
        cleared = office.post(f"/api/alerts/{raised['id']}/clear", "supervisor")
        assert cleared.status_code == 200 and cleared.json()["active"] is False
        assert next_event(ws, 5)["type"] == "alert.cleared"
    assert office.post(f"/api/alerts/{raised['id']}/clear", "supervisor").status_code == 409
    assert office.post("/api/alerts/999/clear", "supervisor").status_code == 404
    actions = [e["action"] for e in office.get("/api/audit", "supervisor").json()["entries"]]
    assert actions[-2:] == ["alert.acknowledge", "alert.clear"]


def test_alerts_survive_a_restart(office: Office) -> None:
    office.post("/api/alerts", json=PAPER_OUT)
    restarted = office.restart()
    try:
        alerts = restarted.get("/api/alerts", "supervisor").json()["alerts"]
        assert [a["state"] for a in alerts] == ["paper_out"]
    finally:
        restarted.stop()


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "keyboard"},
        {"state": "Paper Out"},
        {"state": ""},
        {"source": ""},
        {"source": "x" * 65},
        {"active": "yes"},
        {"message_vi": None},
        {"message_en": ""},
        {"extra": True},
    ],
)
def test_bad_alerts_are_422(office: Office, change: dict) -> None:
    response = office.post("/api/alerts", json=PAPER_OUT | change)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid"
    assert office.get("/api/alerts", "supervisor").json()["alerts"] == []


def test_alerts_need_a_token(office: Office) -> None:
    assert office.post("/api/alerts", device=None, json=PAPER_OUT).status_code == 401
    assert office.get("/api/alerts", device=None).status_code == 401
