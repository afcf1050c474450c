"""Device pairing against the real server: a code on the device, approval in the admin API, the token handed over."""

from __future__ import annotations

import threading
import time
from typing import Any

from tests.helpers.office import Office


def ask(office: Office, kind: str = "kiosk", hint: str = "may-lay-so-2") -> dict[str, Any]:
    response = office.post("/api/pair", None, json={"kind": kind, "hint": hint})
    assert response.status_code == 201, response.text
    return response.json()


def wait(office: Office, ticket: dict[str, Any], wait_s: int = 0) -> dict[str, Any]:
    response = office.post(f"/api/pair/{ticket['id']}/wait", None, json={"secret": ticket["secret"], "wait_s": wait_s})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_new_kiosk_is_approved_and_receives_its_token_while_waiting(office: Office) -> None:
    ticket = ask(office)
    assert len(ticket["code"]) == 6 and ticket["code"].isdigit()
    pending = office.get("/api/admin/pairings", "admin").json()["pending"]
    assert [(p["code"], p["kind"], p["hint"]) for p in pending] == [(ticket["code"], "kiosk", "may-lay-so-2")]
    answers: list[dict[str, Any]] = []
    waiter = threading.Thread(target=lambda: answers.append(wait(office, ticket, wait_s=20)))
    started = time.monotonic()
    waiter.start()
    assert office.server is not None
    handoff = office.server.office.handoff
    deadline = time.monotonic() + 5
    while not handoff.waiting(ticket["id"]) and time.monotonic() < deadline:
        time.sleep(0.01)  # the device's request has reached the server and waits there
    assert handoff.waiting(ticket["id"])
    approved = office.post(f"/api/admin/pairings/{ticket['code']}/approve", "admin",
                           json={"name": "kiosk2", "role": "kiosk"})
    assert approved.status_code == 204, approved.text
    waiter.join(10)
    assert time.monotonic() - started < 5  # answered at the approval, not at the end of its wait
    answer = answers[0]
    assert answer["state"] == "approved" and answer["device"] == "kiosk2" and len(answer["token"]) >= 32
    office.tokens["kiosk2"] = answer["token"]
    assert office.issue("A")["number"] == "A001"
    assert office.post("/api/tickets", "kiosk2", json={"service": "B"}).status_code == 201
    assert wait(office, ticket)["token"] is None  # handed over once
    assert office.get("/api/admin/pairings", "admin").json()["pending"] == []
    entry = [e for e in office.get("/api/audit", "supervisor").json()["entries"] if e["action"] == "device.add"][-1]
    assert entry["clerk"] == "lan" and entry["detail"]["paired"] is True and answer["token"] not in str(entry)


def test_a_counter_is_approved_with_its_counter(office: Office) -> None:
    ticket = ask(office, "counter", "quay-5")
    approve = f"/api/admin/pairings/{ticket['code']}/approve"
    no_counter = office.post(approve, "admin", json={"name": "quay3b", "role": "counter"})
    assert no_counter.status_code == 422 and no_counter.json()["message_vi"]
    assert office.post(approve, "admin", json={"name": "quay3b", "role": "counter", "counter": 3}).status_code == 204
    answer = wait(office, ticket)
    assert (answer["state"], answer["role"], answer["counter"]) == ("approved", "counter", 3)


def test_codes_expire_after_ten_minutes_and_can_be_refused(office: Office) -> None:
    old, refused = ask(office), ask(office)
    office.clock.advance(601)
    assert wait(office, old)["state"] == "expired"
    late = office.post(f"/api/admin/pairings/{old['code']}/approve", "admin", json={"name": "k9", "role": "kiosk"})
    assert late.status_code == 404 and "10" in late.json()["message_vi"]
    fresh = ask(office)
    assert office.post(f"/api/admin/pairings/{fresh['code']}/refuse", "admin").status_code == 204
    assert wait(office, fresh)["state"] == "refused"
    assert refused  # (expired with the other)


def test_only_an_administrator_approves_and_a_wrong_secret_learns_nothing(office: Office) -> None:
    ticket = ask(office)
    for device in ("supervisor", "kiosk", "counter1"):
        response = office.post(f"/api/admin/pairings/{ticket['code']}/approve", device,
                               json={"name": "x1", "role": "kiosk"})
        assert response.status_code == 403, device
    wrong = office.post(f"/api/pair/{ticket['id']}/wait", None, json={"secret": "x" * 32, "wait_s": 0})
    assert wrong.status_code == 404
