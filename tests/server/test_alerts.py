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
    assert office.get(f"/api/tickets/{ticket['id']}").json()["printed"] is False
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
    assert office.get("/api/alerts", device="display").json()["alerts"] == []
    assert office.get("/api/state", device="display").json()["alerts"] == []
    # Clearing again (a kiosk re-sending after a reconnect) is fine and says so.
    assert office.post("/api/alerts", json=CLEAR).json() == {"alert": None}
    # A new fault is a new alert; the old one stays in the history.
    again = office.post("/api/alerts", json=PAPER_OUT).json()["alert"]
    assert again["id"] != alert["id"]


def test_alerts_of_two_kiosks_are_apart(office: Office) -> None:
    office.post("/api/alerts", json=PAPER_OUT)
    office.post("/api/alerts", json=PAPER_OUT | {"source": "kiosk-2"})
    office.post("/api/alerts", json=CLEAR)
    alerts = office.get("/api/alerts").json()["alerts"]
    assert [a["source"] for a in alerts] == ["kiosk-2"]


def test_alerts_survive_a_restart(office: Office) -> None:
    office.post("/api/alerts", json=PAPER_OUT)
    restarted = office.restart()
    try:
        assert [a["state"] for a in restarted.get("/api/alerts").json()["alerts"]] == ["paper_out"]
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
    assert office.get("/api/alerts").json()["alerts"] == []


def test_alerts_need_a_token(office: Office) -> None:
    assert office.post("/api/alerts", device=None, json=PAPER_OUT).status_code == 401
    assert office.get("/api/alerts", device=None).status_code == 401
