"""The server PC's clock jumps under a running office: no bogus office day, nobody signed out, no negative
or absurd wait, and a supervisor alert for a jump of more than 5 minutes. And midnight itself: a ticket
still at a counter is counted in its own day, and the new day starts clean."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.clock_guard import GuardedClock
from tests.helpers.office import MORNING, FakeClock, Office, prepare_data, register_devices, start_office

HOUR = 3600


class PcClock:
    """The PC's wall clock, which can be stepped, and its steady clock, which only runs (both fake)."""

    def __init__(self, wall: float = MORNING) -> None:
        self._lock = threading.Lock()
        self.wall_now = wall
        self.steady_now = 5000.0

    def wall(self) -> float:
        with self._lock:
            return self.wall_now

    def steady(self) -> float:
        with self._lock:
            return self.steady_now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.wall_now += seconds
            self.steady_now += seconds

    def step(self, seconds: float) -> None:
        with self._lock:
            self.wall_now += seconds


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # the server checks its clock every second: a condition, polled
        assert time.monotonic() < deadline, "not within 10 s"
        time.sleep(0.05)


@pytest.fixture
def pc() -> PcClock:
    return PcClock()


@pytest.fixture
def jumpy(tmp_path: Path, pc: PcClock) -> Iterator[Office]:
    """The office on a PC whose clock can jump; the server's own guard in between."""
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, pc.wall)
    running = start_office(data, GuardedClock(wall=pc.wall, steady=pc.steady), tokens)
    yield running
    running.stop()


def clock_alerts(office: Office) -> list[dict[str, Any]]:
    alerts = office.get("/api/alerts", device="supervisor").json()["alerts"]
    return [a for a in alerts if (a["source"], a["kind"]) == ("server", "clock")]


def problems(office: Office) -> list[str]:
    return [p["code"] for p in office.get("/api/health", device=None).json()["problems"]]


def busy_office(office: Office) -> None:
    for service in "ABB":
        office.issue(service)
    office.sign_in(1)
    office.sign_in(2)
    assert office.act(1, "call-next").status_code == 200


@pytest.mark.parametrize("jump", [+26 * HOUR, -26 * HOUR, +20 * 365 * 24 * HOUR, -27 * 365 * 24 * HOUR],
                         ids=["tomorrow", "yesterday", "far ahead", "back to 1999"])  # fmt: skip
def test_a_large_jump_changes_nothing_but_raises_an_alert(jumpy: Office, pc: PcClock, jump: float) -> None:
    busy_office(jumpy)
    before = jumpy.get("/api/state", device="display").json()
    pc.advance(60)
    pc.step(jump)
    wait_for(lambda: len(clock_alerts(jumpy)) == 1)
    alert = clock_alerts(jumpy)[0]
    assert "Đồng hồ máy chủ" in alert["message_vi"] and "clock jumped" in alert["message_en"]
    assert problems(jumpy) == ["clock_jump"]
    pc.advance(120)
    state = jumpy.get("/api/state", device="display").json()
    assert state["day"] == before["day"]  # no bogus office day
    assert [c["state"] for c in state["counters"]] == [c["state"] for c in before["counters"]]  # nobody out
    assert [t["number"] for t in state["waiting"]] == [t["number"] for t in before["waiting"]]
    # Waits go on at the steady pace: a ticket issued now and called a minute later waited a minute.
    ticket = jumpy.issue("D")
    pc.advance(60)
    jumpy.sign_in(4)
    called = jumpy.act(4, "call-next").json()["ticket"]
    assert called["id"] == ticket["id"]
    pc.advance(60)
    jumpy.act(4, "finish")
    totals = jumpy.get("/api/stats", device="supervisor").json()["totals"]
    assert totals["wait_max_s"] == 60 and totals["service_mean_s"] == 60
    assert jumpy.issue("A")["number"] == "A002"  # numbering goes on in the same day
    # The PC's clock is set back right: the alert clears by itself.
    pc.step(-jump)
    wait_for(lambda: clock_alerts(jumpy) == [])
    assert problems(jumpy) == []


def test_a_small_step_back_makes_no_negative_wait(jumpy: Office, pc: PcClock) -> None:
    jumpy.sign_in(3)
    ticket = jumpy.issue("C")
    pc.step(-4 * 60)  # NTP finds the PC four minutes fast
    pc.advance(5)
    called = jumpy.act(3, "call-next").json()["ticket"]
    assert called["id"] == ticket["id"]
    assert called["called_at"] >= ticket["issued_at"]
    time.sleep(1.5)  # one round of the server's clock check: it must stay quiet
    assert clock_alerts(jumpy) == [] and problems(jumpy) == []


def test_a_pc_booting_in_2000_starts_no_office_day_of_2000(tmp_path: Path) -> None:
    data = tmp_path / "office"
    prepare_data(data)
    yesterday = FakeClock(MORNING - 24 * HOUR)
    tokens = register_devices(data, yesterday)
    office = start_office(data, yesterday, tokens)
    office.issue("A")
    office.sign_in(1)
    office.stop()
    pc = PcClock(wall=946684800.0)  # 2000-01-01 07:00 in Hanoi: the CMOS battery is dead
    office = start_office(data, GuardedClock(wall=pc.wall, steady=pc.steady), tokens)
    try:
        state = office.get("/api/state", device="display").json()
        assert state["day"] == "2026-11-26"  # the records' day, not 2000-01-01
        assert state["counters"][0]["state"] != "signed_out"
        wait_for(lambda: len(clock_alerts(office)) == 1)
        assert "2000-01-01" in clock_alerts(office)[0]["message_en"]
        # NTP sets the clock right: followed, and the real new day begins as a day does.
        pc.wall_now = MORNING
        wait_for(lambda: clock_alerts(office) == [])
        fresh = office.issue("A")
        assert fresh["day"] == "2026-11-27" and fresh["number"] == "A001"
    finally:
        office.stop()


# -- midnight -------------------------------------------------------------------------------


def test_a_ticket_in_service_at_midnight_counts_in_its_own_day(office: Office) -> None:
    office.clock.advance(15 * HOUR + 30 * 60)  # 23:30
    office.sign_in(1)
    ticket = office.issue("B")
    waiting = office.issue("B")
    office.clock.advance(10 * 60)
    assert office.act(1, "call-next").json()["ticket"]["id"] == ticket["id"]
    office.act(1, "start")
    office.clock.advance(8 * HOUR)  # the server ran on, nobody touched anything until 07:40
    fresh = office.issue("B")
    assert fresh["number"] == "B001" and fresh["day"] == "2026-11-28"
    served = office.get(f"/api/tickets/{ticket['id']}").json()
    assert served["status"] == "done" and served["close_reason"] == "day_end"
    assert served["day"] == "2026-11-27"
    gone = office.get(f"/api/tickets/{waiting['id']}").json()
    assert gone["status"] == "cancelled"
    yesterday = office.get("/api/stats?from=2026-11-27", device="supervisor").json()["totals"]
    assert yesterday["served"] == 1 and yesterday["cancelled"] == 1
    # Served until midnight at the latest, not until the morning.
    assert yesterday["service_mean_s"] <= 20 * 60
    today = office.get("/api/stats?from=2026-11-28", device="supervisor").json()["totals"]
    assert today["issued"] == 1 and today["served"] == 0
    state = office.get("/api/state", device="display").json()
    assert all(c["state"] == "signed_out" and c["ticket"] is None for c in state["counters"])
    assert [t["number"] for t in state["waiting"]] == ["B001"]
