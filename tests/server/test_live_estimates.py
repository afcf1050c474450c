"""The wait estimator in the running server: batches off the database thread, what issuing prints, the stream."""

from __future__ import annotations

import json
from datetime import datetime

from websockets.sync.client import connect

from hardware.slip import wait_text
from server.live_estimates import MIN_INTERVAL_S, REFRESH_S
from server.storage.wait_board import MAX_AGE_S
from tests.helpers.office import MORNING, Office
from tests.helpers.stream import TIMEOUT

LUNCH = MORNING + 3 * 3600 + 45 * 60  # 11:45, between the sessions


def busy_morning(office: Office) -> list[dict]:
    for counter in (1, 2):
        office.sign_in(counter)
    tickets = [office.issue(s) for s in "AABBBA"]
    office.act(1, "call-next")
    office.clock.advance(MIN_INTERVAL_S)  # the start-up batch is 10 s old: the next one is due
    office.settle_estimates()
    return tickets


def estimates_of(office: Office) -> dict:
    state = office.get("/api/state", device="display").json()
    assert state["estimates"] is not None
    return state


def test_every_waiting_ticket_and_every_service_gets_a_range(office: Office) -> None:
    busy_morning(office)
    state = estimates_of(office)
    found = state["estimates"]
    assert found["as_of"] == state["seq"]
    assert set(found["tickets"]) == {str(t["id"]) for t in state["waiting"]}
    for wait in [*found["tickets"].values(), *(s[c] for s in found["services"].values() for c in s)]:
        assert 0 <= wait["low_s"] <= wait["point_s"] <= wait["high_s"]
    assert set(found["services"]) == {s["code"] for s in state["services"]}
    assert found["closures"] == {}  # 08:00 on a Friday: every service open
    # The queues every event carries say the same for a new ticket.
    for code, queue in state["queues"].items():
        regular = found["services"][code]["regular"]
        assert (queue["estimated_wait_s"], queue["estimated_low_s"], queue["estimated_high_s"]) == (
            regular["point_s"], regular["low_s"], regular["high_s"],
        )  # fmt: skip
        assert queue["closure"] is None
    # A ticket further back waits at least as long (the same batch, the same service).
    waiting_a = [t for t in state["waiting"] if t["service"] == "A"]
    points = [found["tickets"][str(t["id"])]["point_s"] for t in waiting_a]
    assert points == sorted(points)


def test_issuing_prints_the_latest_batchs_estimate_for_its_service_and_class(office: Office) -> None:
    busy_morning(office)
    services = estimates_of(office)["estimates"]["services"]
    regular, priority = office.issue("B"), office.issue("C", "elderly")
    for ticket, wait in ((regular, services["B"]["regular"]), (priority, services["C"]["priority"])):
        assert (ticket["estimated_wait_s"], ticket["estimated_low_s"], ticket["estimated_high_s"]) == (
            wait["point_s"], wait["low_s"], wait["high_s"],
        )  # fmt: skip
    # Kept with the ticket for the statistics (the range's coverage).
    stored = office.get(f"/api/tickets/{regular['id']}", device="supervisor").json()
    assert stored["estimated_low_s"] == services["B"]["regular"]["low_s"]


def test_without_a_fresh_batch_the_queue_length_baseline_is_printed(office: Office) -> None:
    busy_morning(office)
    office.clock.advance(MAX_AGE_S + 60)  # the estimator stopped: its last batch is too old to go by
    ticket = office.issue("A")
    assert ticket["estimated_low_s"] is None and ticket["estimated_high_s"] is None
    # (n + 1) × the configured 9 min ÷ the 2 counters serving A: 3 waiting A's ahead of her.
    assert ticket["waiting_ahead"] == 3 and ticket["estimated_wait_s"] == 4 * 9 * 60 // 2
    assert office.get("/api/state", device="display").json()["estimates"] is None
    office.settle_estimates()  # the issue itself was a change: a batch is due at once
    assert office.issue("A")["estimated_low_s"] is not None


def test_at_most_one_batch_every_ten_seconds_while_things_change(office: Office) -> None:
    office.settle_estimates()
    estimates = office.server.office.estimates if office.server else None
    assert estimates is not None
    first = estimates.batches
    office.issue("A")
    office.settle_estimates()
    assert estimates.batches == first  # changed, but the last batch began less than 10 s ago
    office.clock.advance(MIN_INTERVAL_S)
    office.settle_estimates()
    assert estimates.batches == first + 1
    office.clock.advance(REFRESH_S - 1)
    office.settle_estimates()
    assert estimates.batches == first + 1  # nothing changed: not before a minute has passed
    office.clock.advance(1)
    office.settle_estimates()
    assert estimates.batches == first + 2  # time alone moves the figures on (services under way, lunch)


def test_the_stream_sends_each_new_batch_without_a_seq(office: Office) -> None:
    office.settle_estimates()
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
        json.loads(ws.recv(timeout=TIMEOUT))  # hello
        office.sign_in(1)
        office.issue("B")
        office.clock.advance(MIN_INTERVAL_S)
        office.settle_estimates()
        messages = []
        while not messages or messages[-1]["type"] != "estimates.updated":
            messages.append(json.loads(ws.recv(timeout=TIMEOUT)))
    kinds = [m["type"] for m in messages]
    assert kinds == ["counter.signed_in", "ticket.issued", "estimates.updated"]
    event = messages[-1]
    assert "seq" not in event
    state = office.get("/api/state", device="display").json()
    assert event["estimates"] == state["estimates"] and event["queues"] == state["queues"]
    assert list(event["estimates"]["tickets"]) == [str(messages[1]["ticket"]["id"])]


def test_lunch_closes_the_services_and_lengthens_the_wait(office: Office) -> None:
    office.sign_in(1)
    office.clock.now = LUNCH
    ticket = office.issue("B")
    assert ticket["closure"]["kind"] == "lunch"
    assert datetime.fromisoformat(ticket["closure"]["until"]).strftime("%H:%M") == "13:30"
    office.settle_estimates()  # the last batch was at 08:00: due at once
    state = estimates_of(office)
    assert state["queues"]["B"]["closure"] == ticket["closure"]
    assert state["estimates"]["closures"]["B"] == ticket["closure"]
    wait = state["estimates"]["tickets"][str(ticket["id"])]
    assert wait["point_s"] >= 105 * 60  # nobody calls before 13:30
    assert state["estimates"]["services"]["B"]["regular"]["low_s"] >= 105 * 60


def test_a_batch_of_yesterday_is_not_used(office: Office) -> None:
    busy_morning(office)
    office.clock.advance(24 * 3600)
    ticket = office.issue("A")  # the next morning's first ticket: the day rolls over
    assert ticket["number"] == "A001" and ticket["estimated_low_s"] is None


def test_the_worker_process_ends_with_its_server(tmp_path) -> None:
    """A server killed (or stopped by SIGTERM, which does not reach the pool) leaves no worker behind."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = (
        "import os\n"
        "from server import estimate_worker\n"
        "print(estimate_worker.pool().submit(os.getpid).result(), flush=True)\n"
        "os._exit(0)  # as a kill: nothing shuts the pool down\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    worker = int(done.stdout.strip())

    def gone() -> bool:
        status = Path(f"/proc/{worker}/status")
        try:
            return "State:\tZ" in status.read_text()
        except OSError:
            return True

    deadline = time.monotonic() + 30
    while not gone():
        assert time.monotonic() < deadline, f"worker {worker} outlived its server"
        time.sleep(0.1)


def test_an_office_nobody_has_signed_in_to_yet_is_late_not_closed(office: Office) -> None:
    """08:30 and no clerk yet, in an office without a past: its configured counters are expected this
    morning, so a ticket says when, not "may not be called today"."""
    office.clock.advance(30 * 60)
    office.settle_estimates()
    ticket = office.issue("A")
    assert ticket["estimated_low_s"] is not None
    assert ticket["estimated_called_today"] == 1.0
    assert ticket["estimated_high_s"] < 3 * 3600


def test_a_ticket_that_would_be_called_after_closing_says_it_may_not_be_today(office: Office) -> None:
    """16:20, one clerk at the counter for C (14 min a citizen) and a dozen C tickets waiting: the next one
    is called after 17:00 in most futures, so the screens say "may not be called today" (called_today
    below 0.5: hardware/slip.py), and no range runs into the evening."""
    office.clock.advance(8 * 3600 + 20 * 60)
    office.sign_in(3)
    for _ in range(12):
        office.issue("C")
    office.clock.advance(MIN_INTERVAL_S)
    office.settle_estimates()
    late = office.issue("C")
    assert late["estimated_called_today"] < 0.5
    said = wait_text(late["estimated_wait_s"], "vi", low_s=late["estimated_low_s"], high_s=late["estimated_high_s"],
                     called_today=late["estimated_called_today"])  # fmt: skip
    assert said == "Có thể không đến lượt trong hôm nay"
    # Her phone's page says the same at once, before the next batch has her ticket (not the baseline's
    # "Khoảng 180–195 phút").
    page = office.get(f"/t/{late['id']}?c={late['public_code']}", device=None)
    assert page.status_code == 200
    assert "Có thể không đến lượt trong hôm nay" in page.text


def test_the_estimate_counts_the_booked_citizens_expected_and_those_checked_in(office: Office) -> None:
    """Two citizens booked at 08:30 will be called before the walk-ins of A: a walk-in taking a ticket now is
    told about two services longer; the estimator reads them from the bookings (core/wait_booked.py)."""
    assert office.server is not None
    running = office.server.office
    store = running.store
    for counter in (1, 2):
        office.sign_in(counter)
    for service in "A" * 10:  # about 45 minutes of A: the booked come before she is called
        office.issue(service)
    office.clock.advance(MIN_INTERVAL_S)
    office.settle_estimates()
    before = estimates_of(office)["estimates"]["services"]["A"]["regular"]["point_s"]
    slot = office.clock() + 30 * 60 - MIN_INTERVAL_S  # 08:30
    codes = [running.call_blocking(store.bookings.book, "A", slot, "Lê Văn Cường", phone)["code"]
             for phone in ("0912345678", "0987654321")]  # fmt: skip
    state, _ = running.call_blocking(store.wait_inputs.live)
    assert [(b.service, b.at, b.count) for b in state.bookings] == [("A", slot, 2)]
    office.clock.advance(REFRESH_S)  # a booking is no ticket event: the minute's refresh reads it
    office.settle_estimates()
    after = estimates_of(office)["estimates"]["services"]["A"]["regular"]["point_s"]
    # Two of A's 9-minute services over the two counters serving A, give or take the minute gone by.
    assert after - before >= 5 * 60, (before, after)
    # Checked in (08:00 is within 30 min of the slot): a waiting ticket with her slot, no longer expected.
    ticket = office.post("/api/bookings/check-in", json={"code": codes[0]}).json()
    state, _ = running.call_blocking(store.wait_inputs.live)
    assert [(b.service, b.count) for b in state.bookings] == [("A", 1)]
    assert next(w for w in state.waiting if w.ticket_id == ticket["id"]).booked_slot == slot
