"""Rating a served ticket: the scale, and who may rate (issue 11, item 2) — the counter's tablet within its
window after "finish", or the ticket's own code the same office day; never a number alone, never a clerk."""

import sqlite3

import pytest
from websockets.sync.client import connect

from server.config import DATABASE_NAME
from tests.helpers.office import Office
from tests.helpers.stream import next_event


def served(office: Office, service: str = "B", counter: int = 1) -> dict:
    """A ticket served at ``counter``: the issue answer (with its public code) as it is after "finish"."""
    ticket = office.issue(service)
    office.sign_in(counter)
    office.act(counter, "call-next")
    office.clock.advance(200)
    finished = office.act(counter, "finish").json()["ticket"]
    return finished | {"public_code": ticket["public_code"]}


def path_of(office: Office, ticket_id: int) -> tuple[str, str]:
    with sqlite3.connect(office.data / DATABASE_NAME) as db:
        return db.execute("SELECT path, device FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone()


def test_scale_best_first(office: Office) -> None:
    scale = office.get("/api/rating-scale", device="rating1").json()
    assert [lv["label_vi"] for lv in scale["levels"]] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    assert [lv["value"] for lv in scale["levels"]] == [3, 2, 1]
    assert scale["levels"][2]["negative"] is True
    assert "long_wait" in [r["code"] for r in scale["reasons"]]


def test_the_counters_tablet_rates_once_with_reasons_and_dossier(office: Office) -> None:
    ticket = served(office)
    body = {"reasons": ["long_wait", "slow"], "dossier_code": "000.00.12.H40-261127-0001"}
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}") as ws:
        next_event(ws)
        created = office.rate(ticket, 1, "rating1", **body)
        event = next_event(ws)
    assert created.status_code == 201, created.text
    rating = created.json()
    assert rating["level"] == 1 and rating["reasons"] == ["long_wait", "slow"] and rating["path"] == "tablet"
    assert rating["counter"] == 1 and rating["clerk"] == "clerk1" and rating["service"] == "B"
    assert event["type"] == "rating.created" and event["rating"] == rating
    again = office.rate(ticket, 3)
    assert again.status_code == 409 and again.json()["error"] == "already_rated"
    assert office.ticket(ticket["id"])["rating"]["level"] == 1
    assert path_of(office, ticket["id"]) == ("tablet", "rating1")


def test_the_tablet_window_closes_after_ten_minutes(office: Office) -> None:
    ticket = served(office)
    office.clock.advance(10 * 60 + 1)
    late = office.rate(ticket, 3, "rating1")
    assert late.status_code == 403 and late.json()["error"] == "rating_window_closed"
    assert "QR" in late.json()["message"] and "QR" in late.json()["message_vi"]
    # The citizen still has her ticket's code, the same day.
    assert office.rate(ticket, 3).status_code == 201
    assert path_of(office, ticket["id"]) == ("kiosk_code", "kiosk")


def test_another_counters_tablet_cannot_rate(office: Office) -> None:
    ticket = served(office)
    refused = office.rate(ticket, 3, "rating2")
    assert refused.status_code == 403 and refused.json()["message_vi"]


@pytest.mark.parametrize("device", ["counter1", "counter2", "display", "sync", "supervisor"])
def test_no_clerk_screen_or_reader_may_rate(office: Office, device: str) -> None:
    ticket = served(office)
    for query in ("", f"?c={ticket['public_code']}"):
        refused = office.post(f"/api/tickets/{ticket['id']}/rating{query}", device, json={"level": 3})
        assert refused.status_code == 403, (device, refused.text)
        assert refused.json()["message"] and refused.json()["message_vi"]
    assert office.ticket(ticket["id"])["rating"] is None


def test_a_number_alone_cannot_rate(office: Office) -> None:
    ticket = served(office)
    refused = office.post(f"/api/tickets/{ticket['id']}/rating", json={"level": 3})
    assert refused.status_code == 403 and refused.json()["error"] == "code_required"
    assert "scan the QR code" in refused.json()["message"] and "tablet" in refused.json()["message"]
    assert "quét mã QR" in refused.json()["message_vi"] and "máy tính bảng" in refused.json()["message_vi"]
    # Nor by its printed number, without the code.
    assert office.get(f"/api/tickets/by-number/{ticket['number']}").status_code == 403
    wrong = office.post(f"/api/tickets/{ticket['id']}/rating?c=AAAAAAAA", json={"level": 3})
    assert wrong.status_code == 403 and wrong.json()["error"] == "wrong_code"
    assert office.ticket(ticket["id"])["rating"] is None


def test_the_code_works_the_same_office_day_only(office: Office) -> None:
    ticket = served(office)
    office.clock.advance(24 * 3600)
    refused = office.rate(ticket, 3)
    assert refused.status_code == 403 and refused.json()["error"] == "code_expired"


def test_unserved_ticket_cannot_be_rated(office: Office) -> None:
    waiting = office.issue("A")
    response = office.rate(waiting, 3)
    assert response.status_code == 409 and response.json()["error"] == "not_served"


def test_bad_ratings_are_422(office: Office) -> None:
    ticket = served(office)
    for body in ({"level": 4}, {"level": 0}, {"level": 3, "reasons": ["rude"]}, {"level": "3x"}, {}):
        response = office.post(f"/api/tickets/{ticket['id']}/rating?c={ticket['public_code']}", json=body)
        assert response.status_code == 422, (body, response.text)


def test_a_kiosk_finds_a_ticket_by_number_with_its_code(office: Office) -> None:
    ticket = served(office)
    code = ticket["public_code"]
    found = office.get(f"/api/tickets/by-number/{ticket['number'].lower()}?c={code.lower()}").json()
    assert found["id"] == ticket["id"] and found["status"] == "done" and found["rating"] is None
    assert found["clerk"] is None  # a kiosk never learns who served
    assert office.get(f"/api/tickets/by-number/Z999?c={code}").status_code == 404
