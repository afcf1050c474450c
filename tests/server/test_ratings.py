"""Rating a served ticket: the scale, the rules, the event."""


from websockets.sync.client import connect

from tests.helpers.office import Office
from tests.helpers.stream import next_event


def served(office: Office, service: str = "B") -> dict:
    ticket = office.issue(service)
    office.sign_in(1)
    office.act(1, "call-next")
    office.clock.advance(200)
    return office.act(1, "finish").json()["ticket"] | {"issued": ticket}


def test_scale_best_first(office: Office) -> None:
    scale = office.get("/api/rating-scale", device="display").json()
    assert [lv["label_vi"] for lv in scale["levels"]] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    assert [lv["value"] for lv in scale["levels"]] == [3, 2, 1]
    assert scale["levels"][2]["negative"] is True
    assert "long_wait" in [r["code"] for r in scale["reasons"]]


def test_rate_once_with_reasons_and_dossier(office: Office) -> None:
    ticket = served(office)
    body = {"level": 1, "reasons": ["long_wait", "slow"], "dossier_code": "000.00.12.H40-261127-0001"}
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}") as ws:
        next_event(ws)
        created = office.post(f"/api/tickets/{ticket['id']}/rating", json=body)
        event = next_event(ws)
    assert created.status_code == 201, created.text
    rating = created.json()
    assert rating["level"] == 1 and rating["reasons"] == ["long_wait", "slow"]
    assert rating["counter"] == 1 and rating["clerk"] == "clerk1" and rating["service"] == "B"
    assert event["type"] == "rating.created" and event["rating"] == rating
    again = office.post(f"/api/tickets/{ticket['id']}/rating", json={"level": 3})
    assert again.status_code == 409 and again.json()["error"] == "already_rated"
    assert office.get(f"/api/tickets/{ticket['id']}").json()["rating"]["level"] == 1


def test_unserved_ticket_cannot_be_rated(office: Office) -> None:
    waiting = office.issue("A")
    response = office.post(f"/api/tickets/{waiting['id']}/rating", json={"level": 3})
    assert response.status_code == 409 and response.json()["error"] == "not_served"


def test_bad_ratings_are_422(office: Office) -> None:
    ticket = served(office)
    for body in ({"level": 4}, {"level": 0}, {"level": 3, "reasons": ["rude"]}, {"level": "3x"}, {}):
        response = office.post(f"/api/tickets/{ticket['id']}/rating", json=body)
        assert response.status_code == 422, (body, response.text)


def test_counter_rates_only_its_own_tickets(office: Office) -> None:
    ticket = served(office)
    assert office.post(f"/api/tickets/{ticket['id']}/rating", "counter2", json={"level": 3}).status_code == 403
    assert office.post(f"/api/tickets/{ticket['id']}/rating", "counter1", json={"level": 3}).status_code == 201


def test_find_ticket_by_number_for_kiosk_rating(office: Office) -> None:
    ticket = served(office)
    found = office.get(f"/api/tickets/by-number/{ticket['number'].lower()}").json()
    assert found["id"] == ticket["id"] and found["status"] == "done"
    assert office.get("/api/tickets/by-number/Z999").status_code == 404
