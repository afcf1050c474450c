"""Idempotency-Key on POST /api/tickets and every counter action: a retry answers as the first request did,
and nothing happens twice — across a restart and a SIGKILL too."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from websockets.sync.client import connect

from server.config import DATABASE_NAME
from tests.helpers.office import Office, free_socket
from tests.server.test_crash import run, start_server


def key() -> str:
    return str(uuid.uuid4())


def post(office: Office, path: str, device: str, idempotency_key: str | None, body: Any = None) -> requests.Response:
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    return office.post(path, device, json=body, headers=headers)


def events_of(office: Office, since: int) -> list[dict[str, Any]]:
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}&since={since}") as ws:
        hello = json.loads(ws.recv(timeout=5))
        return [json.loads(ws.recv(timeout=5)) for _ in range(hello["seq"] - since)]


def last_seq(office: Office) -> int:
    return int(office.get("/api/state", device="display").json()["seq"])


def test_a_retried_ticket_is_the_same_ticket(office: Office) -> None:
    since = last_seq(office)
    k = key()
    first = post(office, "/api/tickets", "kiosk", k, {"service": "A"})
    again = post(office, "/api/tickets", "kiosk", k, {"service": "A"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # the same number, and the same public code for the QR
    assert [e["type"] for e in events_of(office, since)] == ["ticket.issued"]
    # Numbering went on from the one ticket made.
    assert office.issue("A")["number"] == "A002"


def test_a_key_names_one_request(office: Office) -> None:
    k = key()
    assert post(office, "/api/tickets", "kiosk", k, {"service": "A"}).status_code == 201
    other = post(office, "/api/tickets", "kiosk", k, {"service": "B"})
    assert other.status_code == 422 and other.json()["error"] == "idempotency_key_reused"
    assert other.json()["message_vi"]


def test_keys_are_each_devices_own(office: Office) -> None:
    k = key()
    kiosk = post(office, "/api/tickets", "kiosk", k, {"service": "A"}).json()
    supervisor = post(office, "/api/tickets", "supervisor", k, {"service": "A"}).json()
    assert kiosk["id"] != supervisor["id"]


@pytest.mark.parametrize("bad", ["short", "x" * 129, "with space", "không-ascii-key"])
def test_a_malformed_key_is_refused(office: Office, bad: str) -> None:
    response = office.post("/api/tickets", json={"service": "A"}, headers={"Idempotency-Key": bad})
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["message"]


def test_a_refusal_is_not_kept_and_the_retry_is_tried_anew(office: Office) -> None:
    k = key()
    refused = post(office, "/api/counters/1/call-next", "counter1", k)
    assert refused.status_code == 409  # nobody signed in: nothing changed
    office.sign_in(1)
    office.issue("B")
    assert post(office, "/api/counters/1/call-next", "counter1", k).json()["ticket"]["number"] == "B001"


def test_counter_actions_happen_once(office: Office) -> None:
    for service in "BBB":
        office.issue(service)
    office.sign_in(1)
    since = last_seq(office)
    k = key()
    first = post(office, "/api/counters/1/call-next", "counter1", k)
    again = post(office, "/api/counters/1/call-next", "counter1", k)
    assert first.json() == again.json() and first.json()["ticket"]["number"] == "B001"
    k = key()
    paused = post(office, "/api/counters/1/no-show", "counter1", k, {"requeue": False})
    assert post(office, "/api/counters/1/no-show", "counter1", k, {"requeue": False}).json() == paused.json()
    assert [e["type"] for e in events_of(office, since)] == ["ticket.called", "ticket.no_show"]
    # The next press (a new key) calls the next ticket: the retries skipped nobody.
    assert post(office, "/api/counters/1/call-next", "counter1", key()).json()["ticket"]["number"] == "B002"


def test_the_answer_survives_a_restart(office: Office) -> None:
    k = key()
    first = post(office, "/api/tickets", "kiosk", k, {"service": "C"}).json()
    office = office.restart()
    try:
        assert post(office, "/api/tickets", "kiosk", k, {"service": "C"}).json() == first
    finally:
        office.stop()


def test_keys_are_kept_for_the_office_day(office: Office) -> None:
    k = key()
    first = post(office, "/api/tickets", "kiosk", k, {"service": "A"}).json()
    office.clock.advance(24 * 3600)
    # Tomorrow the key means nothing any more: yesterday's ticket is not handed out again.
    tomorrow = post(office, "/api/tickets", "kiosk", k, {"service": "A"}).json()
    assert tomorrow["id"] != first["id"] and tomorrow["day"] != first["day"]
    with contextlib.closing(sqlite3.connect(office.data / DATABASE_NAME)) as conn:
        days = {row[0] for row in conn.execute("SELECT day FROM idempotency")}
    assert days == {tomorrow["day"]}


@pytest.mark.slow
def test_retries_across_a_sigkill_make_no_ghost_ticket(tmp_path: Path) -> None:
    """Kiosks retry with their key until answered; the server is SIGKILLed meanwhile. Every action ends with
    exactly one ticket: those committed just before the kill are answered from the stored key."""
    data = tmp_path / "office"
    run("init", "--data", str(data), cwd=tmp_path)
    tokens = [run("device", "add", f"kiosk{i}", "--role", "kiosk", "--data", str(data), cwd=tmp_path) for i in range(3)]
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}"
    server = start_server(data, port)
    answered: list[dict[str, Any]] = []
    unanswered: list[tuple[str, str, str]] = []  # (token, key, service) sent when the server died
    lock = threading.Lock()
    enough = threading.Event()

    def kiosk(token: str) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        while True:
            k, service = key(), "ABC"[len(answered) % 3]
            try:
                response = session.post(f"{url}/api/tickets", json={"service": service},
                                        headers={"Idempotency-Key": k}, timeout=5)  # fmt: skip
            except requests.RequestException:
                with lock:
                    unanswered.append((token, k, service))
                return
            assert response.status_code == 201, response.text
            with lock:
                answered.append(response.json())
                if len(answered) >= 150:
                    enough.set()

    threads = [threading.Thread(target=kiosk, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    assert enough.wait(60), "kiosks did not get going"
    os.kill(server.pid, signal.SIGKILL)
    server.wait(10)
    for t in threads:
        t.join(10)
    server = start_server(data, port)
    try:
        for token, k, service in unanswered:
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": k}
            response = requests.post(f"{url}/api/tickets", json={"service": service}, headers=headers, timeout=5)
            assert response.status_code == 201
            answered.append(response.json())
    finally:
        server.terminate()
        server.wait(10)
    with contextlib.closing(sqlite3.connect(data / DATABASE_NAME)) as conn:
        stored = {row[0] for row in conn.execute("SELECT id FROM tickets")}
        kept = conn.execute("SELECT COUNT(*) FROM idempotency").fetchone()[0]
    ids = [t["id"] for t in answered]
    assert len(ids) == len(set(ids))
    assert stored == set(ids), "a ticket nobody was given (a ghost), or one given and lost"
    assert kept == len(ids)
