"""The whole way: a real office server, the agent, a faulty link, a real district server.

Whatever the link does — resets, 500s, hangs, garbage, lost acknowledgements,
days with the district down — the district ends up with exactly the office's
figures, counted once. Needs the office's GET /api/stats/hourly.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.agent import SyncAgent
from sync.backoff import Backoff
from sync.http import make_session
from sync.office import OfficeClient
from sync.outbox import OUTBOX_NAME, Outbox
from sync.upstream import DistrictClient
from tests.helpers.district import District, start_district
from tests.helpers.office import MORNING, Office
from tests.sync.faultproxy import FaultProxy

DAYS = ("2026-11-27", "2026-11-28", "2026-11-29")
COUNTS = ("issued", "served", "no_show", "cancelled")


@pytest.fixture
def proxy(district: District) -> Iterator[FaultProxy]:
    running = FaultProxy(district.port)
    yield running
    running.close()


def make_agent(office: Office, district: District, proxy: FaultProxy, data: Path, **kw: Any) -> SyncAgent:
    session = make_session()
    options: dict[str, Any] = {
        "retries": 30,
        "backoff": Backoff(base=0.001, cap=0.005),
        "sleep": lambda s: None,  # the backoff's delays are checked in test_backoff; here only the outcome counts
        "wall": office.clock,
        "first_run_days": 1,
    }
    options.update(kw)
    return SyncAgent(
        Outbox(data / OUTBOX_NAME),
        OfficeClient(session, office.url, office.tokens["sync"], (2.0, 10.0)),
        # A short read timeout, so the proxy's "hang" costs half a second.
        DistrictClient(session, proxy.url, district.offices["ky-son"], (2.0, 0.5)),
        "ky-son",
        **options,
    )


def a_day(office: Office, day_index: int, rng: random.Random, tickets: int = 14) -> None:
    """A day at the office: tickets, two counters calling, no-shows, ratings, two left waiting at closing."""
    office.clock.now = MORNING + day_index * 86_400
    issued = [office.issue(rng.choice("AB")) for _ in range(tickets)]
    for counter in (1, 2):
        office.sign_in(counter)
    for _ in range(tickets - 2):
        counter = rng.choice((1, 2))
        office.clock.advance(rng.uniform(60, 900))
        ticket = office.act(counter, "call-next").json()["ticket"]
        if ticket is None:
            continue
        office.clock.advance(rng.uniform(60, 600))
        if rng.random() < 0.1:
            assert office.act(counter, "no-show").status_code == 200
            continue
        assert office.act(counter, "finish").status_code == 200
        if rng.random() < 0.7:
            level = rng.choice((3, 3, 2, 1))
            response = office.post(f"/api/tickets/{ticket['id']}/rating", f"rating{counter}", json={"level": level})
            assert response.status_code == 201, response.text
    assert issued


def office_days(office: Office, first: str, last: str) -> dict[str, dict[str, int]]:
    response = office.get(f"/api/stats/hourly?from={first}&to={last}", "supervisor")
    assert response.status_code == 200, f"the office server's GET /api/stats/hourly: {response.status_code}"
    days: dict[str, dict[str, int]] = {}
    for cell in response.json()["cells"]:
        day = days.setdefault(cell["day"], dict.fromkeys((*COUNTS, "rated", "not_satisfied"), 0))
        for name in COUNTS:
            day[name] += cell[name]
        day["rated"] += sum(cell["ratings"].values())
        day["not_satisfied"] += cell["ratings"].get("1", 0)
    return days


def assert_district_equals_office(office: Office, district: District, first: str, last: str) -> None:
    expected = office_days(office, first, last)
    stats = district.stats("ky-son", first, last)
    got = {d["day"]: {k: d[k] for k in (*COUNTS, "rated", "not_satisfied")} for d in stats["by_day"]}
    assert got == expected
    # The office's own totals (GET /api/stats): the district's pooled figures must agree with them.
    response = office.get(f"/api/stats?from={first}&to={last}", "supervisor")
    assert response.status_code == 200, response.text
    mine, theirs = response.json()["totals"], stats["totals"]
    for name in COUNTS:
        assert theirs[name] == mine[name], name
    assert theirs["rated"] == mine["ratings"]
    assert theirs["ratings"] == mine["ratings_by_level"]
    assert theirs["wait_mean_s"] == pytest.approx(mine["wait_mean_s"], abs=0.2)
    assert theirs["service_mean_s"] == pytest.approx(mine["service_mean_s"], abs=0.2)
    assert theirs["wait_max_s"] == mine["wait_max_s"]
    assert theirs["satisfaction_rate"] == pytest.approx(mine["satisfaction_rate"], abs=0.1)


def test_every_kind_of_fault_and_the_district_still_equals_the_office(
    office: Office, district: District, proxy: FaultProxy, tmp_path: Path
) -> None:
    rng = random.Random(1)
    agent = make_agent(office, district, proxy, tmp_path / "agent")
    faults = ["http500", "hang", "reset_mid_body", "garbage", "not_http", "lost_ack", "slow", "http503", "refuse"]
    for index in range(len(DAYS)):
        a_day(office, index, rng)
        proxy.faults(*rng.sample(faults, len(faults)))
        assert agent.cycle(), agent.outbox.get("last_error")
        office.clock.advance(1800)  # a later cycle the same day replaces the day's figures
        proxy.faults("lost_ack", "http500")
        assert agent.cycle()
    assert set(faults) <= set(proxy.seen)
    office.clock.now = MORNING + len(DAYS) * 86_400 + 3600
    office.issue("A")  # the next morning: the office closes what the last day left open
    assert agent.cycle()
    assert_district_equals_office(office, district, DAYS[0], DAYS[-1])
    assert agent.outbox.get("watermark") == DAYS[-1]
    status = office.get("/api/sync/status", "supervisor").json()["status"]
    assert status["backlog"] == 0 and status["last_error"] is None and status["watermark"] == DAYS[-1]


def test_days_offline_then_catching_up_in_order(
    office: Office, district: District, proxy: FaultProxy, tmp_path: Path
) -> None:
    rng = random.Random(2)
    agent = make_agent(office, district, proxy, tmp_path / "agent", retries=2)
    district.stop()  # the province's server is down for three days
    for index in range(len(DAYS)):
        a_day(office, index, rng)
        for _ in range(3):  # cycles through the day, every one failing
            office.clock.advance(600)
            assert not agent.cycle()
    # One batch per day waits, the newest figures of each; not one per cycle.
    assert [p.day for p in agent.outbox.pending()] == list(DAYS)
    status = office.get("/api/sync/status", "supervisor").json()["status"]
    assert status["backlog"] == 3 and status["oldest_pending_day"] == DAYS[0]
    assert status["last_error"] and status["last_success_at"] is None

    start_district(district, port=district.port)  # back, on the same address, with its data
    assert agent.cycle()
    delivered = [b["days"][0] for b in proxy.forwarded]
    assert delivered == sorted(delivered)
    assert_district_equals_office(office, district, DAYS[0], DAYS[-1])
    status = office.get("/api/sync/status", "supervisor").json()["status"]
    assert status["backlog"] == 0 and status["last_success_at"]


def test_a_reinstalled_agent_with_a_clock_behind_still_gets_its_figures_in(
    office: Office, district: District, proxy: FaultProxy, tmp_path: Path
) -> None:
    """Out of order: the district holds a newer version than the new agent would write; it catches up."""
    rng = random.Random(3)
    a_day(office, 0, rng)
    assert make_agent(office, district, proxy, tmp_path / "first").cycle()
    a_day(office, 0, rng, tickets=4)  # more tickets the same day
    behind = make_agent(office, district, proxy, tmp_path / "reinstalled", wall=lambda: office.clock() - 30 * 86_400)
    assert behind.cycle()
    assert_district_equals_office(office, district, DAYS[0], DAYS[0])


def test_an_invalid_batch_is_set_aside_and_the_rest_goes_on(
    office: Office, district: District, proxy: FaultProxy, tmp_path: Path
) -> None:
    rng = random.Random(4)
    a_day(office, 0, rng)
    office.clock.now = MORNING + 86_400
    agent = make_agent(office, district, proxy, tmp_path / "agent", first_run_days=2)
    assert agent.collect() == 2
    yesterday, today = agent.outbox.pending()
    # A batch the district must refuse, as if a bug had written it: hours that do not exist.
    agent.outbox.db.execute(
        "UPDATE pending SET body = replace(body, '\"hour\": ', '\"hour\": 9') WHERE seq = ?", (yesterday.seq,)
    )
    errors: list[str] = []
    agent.drain(errors)
    assert agent.outbox.rejected_count() == 1 and agent.outbox.backlog() == 0
    assert "refused" in errors[0] and "hour" in errors[0]
    assert district.stats("ky-son", DAYS[1], DAYS[1])["by_day"] == []  # today's (empty) batch went in
    # The refused day is not done: the next cycle reads it again and delivers it.
    assert agent.cycle()
    assert_district_equals_office(office, district, DAYS[0], DAYS[1])


def test_the_running_agent_delivers_after_the_link_comes_back(
    office: Office, district: District, proxy: FaultProxy, tmp_path: Path
) -> None:
    a_day(office, 0, random.Random(5))
    proxy.default = "refuse"
    agent = make_agent(office, district, proxy, tmp_path / "agent", retries=1)
    stop = threading.Event()
    runner = threading.Thread(target=agent.run, args=(0.05, stop), daemon=True)
    runner.start()
    try:

        def status() -> dict[str, Any] | None:
            result: dict[str, Any] | None = office.get("/api/sync/status", "supervisor").json()["status"]
            return result

        deadline = threading.Event()
        while not (status() or {}).get("last_error"):
            assert not deadline.wait(0.05) and runner.is_alive()
        proxy.default = "pass"
        for _ in range(200):
            current = status() or {}
            if current.get("backlog") == 0 and current.get("last_success_at"):
                break
            deadline.wait(0.05)
        else:
            raise AssertionError(f"the agent did not catch up: {status()}")
    finally:
        stop.set()
        runner.join(10)
    assert not runner.is_alive()
    assert_district_equals_office(office, district, DAYS[0], DAYS[0])
