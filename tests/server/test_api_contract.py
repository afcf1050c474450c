"""The public contract of the office server, over real HTTP on loopback."""

from tests.helpers.office import PIN, Office


def test_health_needs_no_token(office: Office) -> None:
    response = office.get("/api/health", device=None)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_is_published(office: Office) -> None:
    spec = office.get("/openapi.json", device=None).json()
    for path in ("/api/tickets", "/api/counters/{n}/call-next", "/api/state", "/api/services"):
        assert path in spec["paths"]


def test_services_and_counters(office: Office) -> None:
    services = office.get("/api/services").json()["services"]
    assert [s["code"] for s in services] == list("ABCDEF")
    a = services[0]
    assert a["name_vi"] == "Tư pháp – Hộ tịch" and a["name_en"] == "Justice – civil status"
    assert a["label_format"] == "A###"
    counters = office.get("/api/counters", device="display").json()["counters"]
    assert counters[0] == {**counters[0], "number": 1, "name": "Quầy 1", "services": ["B", "A"], "state": "signed_out"}


def test_issue_ticket_returns_the_contract_fields(office: Office) -> None:
    first = office.issue("A")
    second = office.issue("A")
    assert first["number"] == "A001" and second["number"] == "A002"
    for key in ("id", "number", "service", "issued_at", "waiting_ahead", "estimated_wait_s"):
        assert key in second
    assert second["waiting_ahead"] == 1
    # The queue-length figure ((1 + 1) × 540 ÷ 2 for the sample office's A) until the estimator's first batch,
    # then the batch's: which one depends on when the batch lands (tests/server/test_live_estimates.py has both).
    assert isinstance(second["estimated_wait_s"], int) and second["estimated_wait_s"] >= 0
    assert second["issued_at"].startswith("2026-11-27T08:00:00")
    fetched = office.get(f"/api/tickets/{second['id']}", device="counter2").json()
    assert fetched["status"] == "waiting" and fetched["number"] == "A002"


def test_full_counter_flow(office: Office) -> None:
    ticket = office.issue("B")
    assert office.act(1, "call-next").status_code == 409  # nobody signed in
    office.sign_in(1)
    called = office.act(1, "call-next").json()["ticket"]
    assert called["id"] == ticket["id"] and called["status"] == "called" and called["counter"] == 1
    office.clock.advance(30)
    recalled = office.act(1, "recall").json()["ticket"]
    assert recalled["call_count"] == 2 and recalled["called_at"] > called["called_at"]
    assert office.act(1, "start").json()["ticket"]["status"] == "serving"
    office.clock.advance(240)
    done = office.act(1, "finish").json()["ticket"]
    assert done["status"] == "done" and done["clerk"] == "clerk1"
    assert office.act(1, "call-next").json() == {"ticket": None}


def test_pause_blocks_calls_until_resume(office: Office) -> None:
    office.issue("B")
    office.sign_in(1)
    paused = office.act(1, "pause", reason="Họp giao ban").json()["counter"]
    assert paused["state"] == "paused" and paused["pause_reason"] == "Họp giao ban"
    refused = office.act(1, "call-next")
    assert refused.status_code == 409 and refused.json()["error"] == "paused"
    office.act(1, "resume")
    assert office.act(1, "call-next").json()["ticket"]["number"] == "B001"


def test_transfer_keeps_place_by_issue_time(office: Office) -> None:
    early = office.issue("B")
    office.clock.advance(60)
    office.issue("C")
    office.sign_in(1)
    office.sign_in(3)
    assert office.act(1, "call-next").json()["ticket"]["id"] == early["id"]
    moved = office.act(1, "transfer", service="C").json()["ticket"]
    assert moved["status"] == "waiting" and moved["service"] == "C" and moved["number"] == "B001"
    # Issued before C001, so it is called first at the land counter.
    assert office.act(3, "call-next").json()["ticket"]["number"] == "B001"


def test_no_show_requeue_once(office: Office) -> None:
    ticket = office.issue("B")
    office.sign_in(1)
    office.act(1, "call-next")
    requeued = office.act(1, "no-show", requeue=True).json()["ticket"]
    assert requeued["status"] == "waiting" and requeued["requeued"] is True
    office.act(1, "call-next")
    gone = office.act(1, "no-show").json()["ticket"]
    assert gone["status"] == "no_show"
    again = office.post(f"/api/tickets/{ticket['id']}/requeue", "counter1")
    assert again.status_code == 409 and "already requeued" in again.json()["message"]


def test_call_a_specific_number(office: Office) -> None:
    office.issue("A")
    second = office.issue("A")
    office.sign_in(2)
    called = office.act(2, "call", number="a002").json()["ticket"]
    assert called["id"] == second["id"]
    missing = office.act(2, "call", number="A999")
    assert missing.status_code == 404


def test_counter_token_acts_only_for_its_counter(office: Office) -> None:
    response = office.post("/api/counters/2/call-next", "counter1")
    assert response.status_code == 403
    assert office.post("/api/tickets", "display", json={"service": "A"}).status_code == 403
    assert office.post("/api/tickets", None, json={"service": "A"}).status_code == 401
    bad = office.post("/api/tickets", None, json={"service": "A"}, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["error"] == "bad_token"


def test_token_in_query_for_browsers(office: Office) -> None:
    response = office.get(f"/api/state?token={office.tokens['display']}", device=None)
    assert response.status_code == 200 and response.json()["you"]["role"] == "display"


def test_wrong_pin_then_lockout(office: Office) -> None:
    for _ in range(4):
        wrong = office.act(1, "sign-in", username="clerk1", pin="000000")
        assert wrong.status_code == 422 and wrong.json()["error"] == "wrong_credentials"
    fifth = office.act(1, "sign-in", username="clerk1", pin="000000")
    assert fifth.status_code == 429 and fifth.json()["retry_after_s"] == 300
    assert fifth.headers["Retry-After"] == "300"
    assert "5 min" in fifth.json()["message"] and "5 phút" in fifth.json()["message_vi"]
    locked = office.act(1, "sign-in", username="clerk1", pin=PIN)
    assert locked.status_code == 429


def test_parallel_pin_guesses_are_all_counted(office: Office) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def guess(pin: int) -> int:
        return office.act(1, "sign-in", username="clerk1", pin=f"{pin:06d}").status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(guess, range(246790, 246830)))  # the right PIN is among them
    assert statuses.count(422) + statuses.count(200) <= 5
    assert statuses.count(429) >= 35


def test_state_has_what_a_screen_needs(office: Office) -> None:
    office.issue("A")
    office.issue("B", priority="elderly")
    office.sign_in(1)
    office.act(1, "call-next")
    state = office.get("/api/state", device="display").json()
    assert state["day"] == "2026-11-27"
    assert state["office"]["name"].startswith("Bộ phận Một cửa")
    assert [t["number"] for t in state["waiting"]] == ["A001"]
    assert state["counters"][0]["ticket"]["number"] == "B001"
    assert state["recent_calls"][0]["ticket"]["number"] == "B001"
    assert state["queues"]["A"]["waiting"] == 1
    assert state["seq"] >= 4
