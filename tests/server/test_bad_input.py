"""Every bad input gets a 4xx that says what is wrong; nothing returns 500."""

import pytest

from tests.helpers.office import Office


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"service": "Z"}, "unknown service 'Z'"),
        ({"servic": "A"}, "service: Field required"),
        ({"service": "A", "extra": 1}, "extra: Extra inputs are not permitted"),
        ({"service": 5}, "service: Input should be a valid string"),
        ({"service": ""}, "service: String should have at least 1 character"),
        ({"service": "A", "priority": "vip"}, "unknown priority group 'vip'"),
        ([1, 2], "JSON object"),
    ],
)
def test_ticket_body_errors(office: Office, body: object, fragment: str) -> None:
    response = office.post("/api/tickets", json=body)
    assert 400 <= response.status_code < 500
    payload = response.json()
    assert fragment in payload["message"], payload
    assert payload["message_vi"]


def test_not_json_at_all(office: Office) -> None:
    response = office.post("/api/tickets", data=b"\xff\xfe garbage", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "JSON object" in response.json()["message"]


def test_oversized_body_is_413(office: Office) -> None:
    response = office.post(
        "/api/tickets", data=b"{" + b" " * 70_000 + b"}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_chunked_oversized_body_is_413(office: Office) -> None:
    def chunks():  # no Content-Length: the server must count
        for _ in range(20):
            yield b" " * 8192

    response = office.post("/api/tickets", data=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/tickets/abc", 422),
        ("/api/tickets/0", 422),
        ("/api/tickets/999999", 404),
        ("/api/tickets/99999999999999999999999", 422),
        ("/api/nothing-here", 404),
    ],
)
def test_bad_paths(office: Office, path: str, status: int) -> None:
    response = office.get(path)
    assert response.status_code == status
    assert response.json()["message"]


def test_counter_number_out_of_range(office: Office) -> None:
    assert office.post("/api/counters/0/call-next", "counter1").status_code == 422
    assert office.post("/api/counters/99/call-next", "counter1").status_code == 403


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("pause", {}),
        ("pause", {"reason": ""}),
        ("pause", {"reason": "x" * 201}),
        ("transfer", {"service": "Q"}),
        ("transfer", {}),
        ("call", {"number": "A 1; DROP"}),
        ("no-show", {"requeue": "maybe"}),
        ("no-show", {"requeue": "yes"}),
        ("no-show", {"requeue": 1}),
        ("sign-in", {"username": "clerk1"}),
    ],
)
def test_counter_body_errors(office: Office, action: str, body: dict) -> None:
    office.sign_in(1)
    office.issue("B")
    office.act(1, "call-next")
    response = office.act(1, action, **body)
    assert response.status_code == 422, response.text
    assert response.json()["message"]


def test_wrong_state_is_409_with_reason(office: Office) -> None:
    office.sign_in(1)
    response = office.act(1, "recall")
    assert response.status_code == 409
    assert response.json()["error"] == "no_current_ticket"
    ticket = office.issue("B")
    office.act(1, "call-next")
    office.act(1, "start")
    again = office.act(1, "recall")
    assert again.status_code == 409 and "it is serving" in again.json()["message"]
    cancel = office.post(f"/api/tickets/{ticket['id']}/cancel", "supervisor")
    assert cancel.status_code == 409
