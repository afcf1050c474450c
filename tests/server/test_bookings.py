"""Appointments against the real server: /book on the citizens' listener, the race for the last place,
the limits, cancelling, the kiosk's check-in, booked citizens called first (never starving walk-ins),
the supervisor's day, and names and phone numbers forgotten 30 days on."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from server.config import DATABASE_NAME
from server.embedded import EmbeddedServer
from server.live_estimates import MIN_INTERVAL_S
from tests.helpers.office import TIMEOUT, FakeClock, Office, prepare_data, register_devices

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SAMPLE = resources.files("server").joinpath("sample_office.toml").read_text(encoding="utf-8")


def start(tmp_path: Path, clock: FakeClock, **changes: str) -> tuple[Office, str]:
    text = SAMPLE
    for key, value in changes.items():
        text, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.M)
        assert count == 1, key
    data = tmp_path / "office"
    prepare_data(data, text)
    tokens = register_devices(data, clock)
    server = EmbeddedServer(data, clock, public=True)
    url = server.start()
    assert server.public_url
    return Office(url=url, data=data, clock=clock, tokens=tokens, server=server), server.public_url


@pytest.fixture
def citizens(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[Office, str]]:
    office, public = start(tmp_path, clock)
    yield office, public
    office.stop()


def at(day: str, time: str) -> str:
    """The slot's ISO start as the form sends it."""
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ).isoformat(timespec="milliseconds")


def book(public: str, slot: str, phone: str = "0912345678", service: str = "A", name: str = "Nguyễn Văn An",
         **extra: str) -> requests.Response:  # fmt: skip
    form = {"service": service, "day": slot[:10], "slot": slot, "name": name, "phone": phone, **extra}
    return requests.post(f"{public}/book", data=form, timeout=TIMEOUT, allow_redirects=False)


def code_of(response: requests.Response) -> str:
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/book/([A-Z0-9]{8})\?lang=(vi|en)", response.headers["location"])
    assert match, response.headers["location"]
    return match.group(1)


def check_in(office: Office, code: str, device: str = "kiosk") -> requests.Response:
    return office.post("/api/bookings/check-in", device, json={"code": code})


def test_book_from_the_pages_and_cancel(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    home = requests.get(f"{public}/book", timeout=TIMEOUT)
    assert home.status_code == 200 and "Đặt lịch hẹn" in home.text
    assert "/book?service=A&amp;lang=vi" in home.text and "/book?service=C" in home.text
    assert "service=B" not in home.text  # not bookable
    days = requests.get(f"{public}/book", params={"service": "A"}, timeout=TIMEOUT).text
    # Friday 27/11 08:00: today still has slots; the weekend has none; 14 days ahead at most.
    assert "Thứ Sáu 27/11/2026" in days and "Thứ Hai 30/11/2026" in days
    assert "28/11/2026" not in days and "29/11/2026" not in days and "12/12/2026" not in days
    assert "11/12/2026" in days
    slots = requests.get(f"{public}/book", params={"service": "A", "day": "2026-11-30", "lang": "en"}, timeout=TIMEOUT)
    assert "07:30" in slots.text and "11:00" in slots.text and "11:30" not in slots.text and "13:30" in slots.text
    assert "16:30" in slots.text and "2 places left" in slots.text
    assert "deleted 30 days after it" in slots.text

    code = code_of(book(public, at("2026-11-30", "09:00")))
    page = requests.get(f"{public}/book/{code}", timeout=TIMEOUT)
    assert page.status_code == 200 and f'id="code">{code}<' in page.text and "<svg" in page.text
    assert "09:00 — Thứ Hai 30/11/2026" in page.text and "Đã đặt lịch" in page.text
    assert "0912345678" not in page.text and "••••••5678" in page.text
    slots = requests.get(f"{public}/book", params={"service": "A", "day": "2026-11-30"}, timeout=TIMEOUT).text
    assert "còn 1 chỗ" in slots

    cancelled = requests.post(f"{public}/book/{code}/cancel", timeout=TIMEOUT, allow_redirects=False)
    assert cancelled.status_code == 303
    assert "Đã hủy" in requests.get(f"{public}/book/{code}", timeout=TIMEOUT).text
    again = requests.post(f"{public}/book/{code}/cancel", timeout=TIMEOUT, allow_redirects=False)
    assert again.status_code == 409
    assert requests.get(f"{public}/book/WRONGCOD", timeout=TIMEOUT).status_code == 404
    # The device API is not on the citizens' listener; the booking list is the supervisor's.
    assert requests.get(f"{public}/api/bookings", timeout=TIMEOUT).status_code == 404


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"phone": "12345"}, "số điện thoại"),
        ({"name": "   "}, "họ tên"),
        ({"slot": "2026-11-30T09:10:00.000+07:00"}, "Không thể đặt khung giờ này"),  # not a slot start
        ({"slot": "2026-11-28T09:00:00.000+07:00"}, "Không thể đặt khung giờ này"),  # Saturday
        ({"slot": "2026-11-27T07:30:00.000+07:00"}, "Không thể đặt khung giờ này"),  # past
        ({"slot": "nonsense"}, "Xin chọn lại lĩnh vực, ngày và giờ hẹn"),
        ({"slot": "2026-11-30Tnonsense"}, "Không thể đặt khung giờ này"),
        ({"service": "B"}, None),
    ],
)
def test_bad_bookings_are_4xx_and_store_nothing(citizens: tuple[Office, str], changes: dict[str, str],
                                                error: str | None) -> None:  # fmt: skip
    office, public = citizens
    form = {"slot": at("2026-11-30", "09:00"), **changes}
    response = book(public, **form)
    assert 400 <= response.status_code < 500, response.text
    if error:
        assert error in response.text
    rows = sqlite3.connect(office.data / DATABASE_NAME).execute("SELECT COUNT(*) FROM bookings").fetchone()
    assert rows == (0,)


def test_fifty_parallel_requests_for_the_last_place_never_overbook(tmp_path: Path, clock: FakeClock) -> None:
    office, public = start(tmp_path, clock, per_address_per_hour="1000")
    try:
        slot = at("2026-11-30", "10:00")
        code_of(book(public, slot, "0900000000"))  # capacity 2: one place left
        with ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(lambda i: book(public, slot, f"09{i:08d}"), range(1, 51)))
        assert sorted(r.status_code for r in answers) == [303] + [409] * 49
        assert all("vừa hết chỗ" in r.text for r in answers if r.status_code == 409)
        taken = sqlite3.connect(office.data / DATABASE_NAME).execute(
            "SELECT COUNT(*) FROM bookings WHERE slot_start = ? AND status = 'booked'",
            (datetime.fromisoformat(slot).timestamp(),),
        ).fetchone()
        assert taken == (2,)
    finally:
        office.stop()


def test_limits_per_phone_and_per_address(citizens: tuple[Office, str], clock: FakeClock) -> None:
    office, public = citizens
    code_of(book(public, at("2026-11-30", "09:00")))
    code_of(book(public, at("2026-11-30", "09:30")))
    third = book(public, at("2026-11-30", "10:00"), "+84 912 345 678")  # the same number written otherwise
    assert third.status_code == 409 and "đã có 2 lịch hẹn sắp tới" in third.text
    for i in range(7):  # 10 attempts an hour from one address (appointments.per_address_per_hour), refused ones too
        code_of(book(public, at("2026-12-01", "09:00" if i < 2 else "10:00" if i < 4 else "13:30" if i < 6 else
                                 "14:00"), f"098765432{i}"))  # fmt: skip
    refused = book(public, at("2026-12-02", "09:00"), "0911111111")
    assert refused.status_code == 429 and "Quá nhiều lượt đặt lịch" in refused.text
    clock.advance(3601)
    code_of(book(public, at("2026-12-02", "09:00"), "0911111111"))


def test_check_in_window_and_booked_first(citizens: tuple[Office, str], clock: FakeClock) -> None:
    office, public = citizens
    # Friday 08:00. Booked for 08:30 (A) and 09:30; three walk-ins in A already wait.
    early = code_of(book(public, at("2026-11-27", "09:30"), "0911000001"))
    codes = [code_of(book(public, at("2026-11-27", "08:30"), f"091100001{i}")) for i in range(2)]
    codes.append(code_of(book(public, at("2026-11-27", "08:30"), "0911000020", service="C")))
    walk_ins = [office.issue("A") for _ in range(3)]
    refused = check_in(office, early)
    assert refused.status_code == 409 and refused.json()["error"] == "too_early"
    assert "lấy số thông thường" in refused.json()["message_vi"] and "09:00" in refused.json()["message_vi"]
    booked = [check_in(office, c) for c in codes[:2]]
    assert [r.status_code for r in booked] == [201, 201]
    ticket = booked[0].json()
    assert ticket["booked_slot"].startswith("2026-11-27T08:30") and ticket["public_code"]
    assert check_in(office, codes[0]).json()["error"] == "already_checked_in"
    assert check_in(office, "nope").status_code == 404
    assert check_in(office, codes[2], "display").status_code == 403

    office.sign_in(2)  # Quầy 2: A then B
    # Before 08:30 the booked wait in turn like anyone who is here.
    assert office.act(2, "call-next").json()["ticket"]["id"] == walk_ins[0]["id"]
    clock.advance(30 * 60)  # 08:30: the slot starts
    order = [office.act(2, "call-next").json()["ticket"]["id"] for _ in range(4)]
    # Booked first, but no more than walk_in_every (2) in a row while walk-ins wait.
    assert order == [booked[0].json()["id"], booked[1].json()["id"], walk_ins[1]["id"], walk_ins[2]["id"]]
    clock.advance(16 * 60)  # 08:46: C's 08:30 booking was not checked in: missed
    late = check_in(office, codes[2])
    assert late.status_code == 409 and late.json()["error"] == "too_late"

    day = office.get("/api/bookings", "supervisor").json()
    assert day["totals"] == {"booked": 4, "checked_in": 2, "missed": 1, "cancelled": 0, "waiting": 1, "on_time": 2}
    first = day["slots"][0]
    assert first["time"] == "08:30" and first["service"] == "A"
    assert [b["status"] for b in first["bookings"]] == ["checked_in", "checked_in"]
    assert first["bookings"][0]["phone"] == "0911000010" and first["bookings"][0]["name"] == "Nguyễn Văn An"
    assert office.get("/api/bookings", "kiosk").status_code == 403
    stats = office.get("/api/stats", "supervisor").json()
    assert stats["appointments"] == day["totals"]
    week = office.get("/api/stats?from=2026-11-23&to=2026-11-27", "supervisor").json()
    assert week["appointments"]["checked_in"] == 2 and week["appointments"]["missed"] == 1
    assert office.get("/api/bookings?day=junk", "supervisor").status_code == 422
    # The live page of a booked ticket shows it like any other.
    mine: dict[str, Any] = booked[0].json()
    assert requests.get(f"{public}/t/{mine['id']}", params={"c": mine["public_code"]}, timeout=TIMEOUT).ok


def test_names_and_phones_are_forgotten_30_days_after_the_slot(citizens: tuple[Office, str], clock: FakeClock) -> None:
    office, public = citizens
    code = code_of(book(public, at("2026-11-30", "09:00")))
    assert office.server is not None
    store = office.server.office.store
    clock.advance(32 * 86400)  # 29 days after the slot (Monday 30/11 09:00): kept
    assert office.server.office.call_blocking(store.bookings.forget_personal) == 0
    clock.advance(2 * 86400)  # 31 days after it
    assert office.server.office.call_blocking(store.bookings.forget_personal) == 1
    row = sqlite3.connect(office.data / DATABASE_NAME).execute(
        "SELECT name, phone, status FROM bookings WHERE code = ?", (code,)
    ).fetchone()
    assert row == (None, None, "booked")


def test_the_baseline_estimate_counts_the_bookings_expected_before_her(citizens: tuple[Office, str]) -> None:
    # The queue-length baseline (printed when the live estimator has no fresh batch) counts the booked
    # citizens expected before her; the live estimator's batches do not know the bookings yet.
    office, public = citizens
    for i in range(2):
        code_of(book(public, at("2026-11-27", "08:30"), f"091200000{i}"))
    code_of(book(public, at("2026-11-27", "16:30"), "0912000009"))  # long after: not counted
    assert office.server is not None
    server = office.server.office

    def baseline(ahead: int) -> int:
        return server.call_blocking(server.store.views.estimate_wait_s, "A", ahead)

    # Tư pháp: 9 min, Quầy 1 and 2 serve it: 270 s a place. 5 ahead: called at 08:27, before the slot.
    assert baseline(5) == 6 * 270
    # 6 ahead: 08:31:30, after 08:30, so the two booked for 08:30 go first: (6 + 2 + 1) × 270.
    assert baseline(6) == 9 * 270
    assert baseline(7) == (7 + 2 + 1) * 270


def test_a_clerk_books_a_follow_up_for_the_citizen_at_her_counter(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    free = office.get("/api/bookings/free?service=A", "counter2").json()
    assert free["days"][1] == {"day": "2026-11-30", "free": 30} and free["slots"] == []
    slots = office.get("/api/bookings/free?service=a&day=2026-11-30", "counter2").json()["slots"]
    assert slots[0] == {"start": at("2026-11-30", "07:30"), "time": "07:30", "free": 2}
    body = {"service": "A", "slot": slots[3]["start"], "name": "Phạm Thị Dung", "phone": "0901 234 567"}
    refused = office.post("/api/counters/2/follow-up", "counter2", json=body)
    assert refused.status_code == 409 and refused.json()["error"] == "not_signed_in"
    office.sign_in(2)
    booked = office.post("/api/counters/2/follow-up", "counter2", json=body)
    assert booked.status_code == 201, booked.text
    booking = booked.json()
    assert booking["time"] == "09:00" and booking["status"] == "booked" and len(booking["code"]) == 8
    assert office.post("/api/counters/2/follow-up", "counter1", json=body).status_code == 403  # not its counter
    assert office.get("/api/bookings/free?service=B", "counter2").status_code == 422  # not bookable
    assert office.get("/api/bookings/free?service=A&day=junk", "counter2").status_code == 422
    # The citizen holds the code like any booking: its page, and check-in at the kiosk on the day.
    page = requests.get(f"{public}/book/{booking['code']}", timeout=TIMEOUT)
    assert page.ok and "09:00 — Thứ Hai 30/11/2026" in page.text
    row = sqlite3.connect(office.data / DATABASE_NAME).execute(
        "SELECT created_from, phone FROM bookings WHERE code = ?", (booking["code"],)
    ).fetchone()
    assert row == ("counter 2", "0901234567")


def test_the_per_phone_limits_hold_across_a_restart(citizens: tuple[Office, str], clock: FakeClock) -> None:
    """Booking and cancelling in a loop: at most per_phone_per_day (4) bookings a day per number, counted in the
    database — a restarted server refuses the fifth as the running one did (the per-address limit is in memory)."""
    office, public = citizens
    for time in ("09:00", "09:30", "10:00", "10:30"):
        code = code_of(book(public, at("2026-11-30", time)))
        cancelled = requests.post(f"{public}/book/{code}/cancel", timeout=TIMEOUT, allow_redirects=False)
        assert cancelled.status_code == 303
    refused = book(public, at("2026-11-30", "13:30"), "+84 912 345 678")
    assert refused.status_code == 409 and "đã đặt 4 lịch hẹn trong 24 giờ qua" in refused.text
    code_of(book(public, at("2026-11-30", "13:30"), "0987654321"))  # another number is not held back
    office.stop()
    server = EmbeddedServer(office.data, clock, public=True)
    server.start()
    try:
        assert server.public_url
        again = book(server.public_url, at("2026-11-30", "14:00"))
        assert again.status_code == 409 and "đã đặt 4 lịch hẹn trong 24 giờ qua" in again.text
        clock.advance(24 * 3600)  # Saturday 08:00: a day later, she may book again
        code_of(book(server.public_url, at("2026-11-30", "14:00")))
    finally:
        server.stop()


def test_a_supervisor_cancels_with_a_reason(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    code = code_of(book(public, at("2026-11-27", "09:00")))
    kept = code_of(book(public, at("2026-11-27", "08:30"), "0987654321"))
    assert check_in(office, kept).status_code == 201
    path = f"/api/bookings/{code}/cancel"
    blank = office.post(path, "supervisor", json={"reason": "   "})
    assert blank.status_code == 422 and "reason" in blank.json()["message"], blank.json()
    assert office.post(path, "supervisor", json={}).status_code == 422
    assert office.post("/api/bookings/NOSUCHXX/cancel", "supervisor", json={"reason": "x"}).status_code == 404
    assert office.post(f"/api/bookings/{kept}/cancel", "supervisor", json={"reason": "x"}).status_code == 409
    assert office.post(path, "kiosk", json={"reason": "x"}).status_code == 403
    done = office.post(path, "supervisor", json={"reason": "Cơ quan  nghỉ   đột xuất"})
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    assert done.json()["cancel_reason"] == "Cơ quan nghỉ đột xuất"
    # The citizen's page says it is cancelled; her place is free again.
    assert "đã hủy" in requests.get(f"{public}/book/{code}", timeout=TIMEOUT).text.lower()
    assert office.post(path, "supervisor", json={"reason": "again"}).json()["error"] == "not_cancellable"


def test_a_booked_ticket_prints_the_wait_to_her_slot_not_behind_every_walk_in(citizens: tuple[Office, str]) -> None:
    """Ten walk-ins wait in A at 08:00; she checks in for 08:30. In turn she would wait for all ten; from 08:30
    she goes first: her ticket says about half an hour and a service, not the walk-ins' queue."""
    office, public = citizens
    for _ in range(10):
        office.issue("A")
    # A new ticket prints the latest batch's estimate: let the estimator see the ten (it runs at most
    # every MIN_INTERVAL_S, never while a ticket is issued).
    office.clock.advance(MIN_INTERVAL_S)
    office.settle_estimates()
    walk_in = office.issue("A")
    code = code_of(book(public, at("2026-11-27", "08:30")))
    ticket = check_in(office, code).json()
    assert ticket["waiting_ahead"] == 11  # in turn, until the slot starts
    until_slot = 30 * 60 - MIN_INTERVAL_S
    assert until_slot <= ticket["estimated_wait_s"] <= until_slot + 9 * 60, ticket["estimated_wait_s"]
    assert ticket["estimated_wait_s"] < walk_in["estimated_wait_s"]
