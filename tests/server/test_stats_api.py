"""GET /api/stats: a known office day played through the real API with the controllable clock → exact figures.

The day (2026-11-27, Friday; counters: 1 serves B, A · 2 serves A, B · 3 serves C, E):

08:00  counters 1, 2, 3 sign in; A001 and B001 issued
08:05  counter 2 calls A001; 08:06 recalls it (the wait runs to the last call: 360 s);
       08:07 starts, 08:11 finishes (service 240 s); rated 1 "not satisfied"
08:11  counter 1 calls B001; 08:12 no-show, requeued; 08:22 calls it again; 08:25 finishes
       without start (service 180 s); wait = 660 (to the missed call) + 600 (requeue → call) = 1260 s; rated 3
08:25  C001 issued; 08:30 counter 3 calls it, 08:31 starts, 08:35 transfers it to E (300 s busy at
       counter 3); 08:40 counter 3 calls it again (wait 900 s = the target: met); 08:50 finishes (600 s); rated 2
08:50  D001 issued, 08:52 cancelled (2 min: not counted against the service level)
11:25  A002 (priority, elderly) issued; 11:30 counter 2 pauses for lunch, 13:30 resumes;
       13:35 calls A002 (it waited through lunch: 7800 s); 13:45 finishes (600 s)
16:55  F001 issued; nobody serves F; 17:00 counters 1 and 2 sign out, counter 3 forgets to
2026-11-28 07:30  A001 issued: the roll-over cancels F001 (day_end) and signs counter 3 out;
       its open time stops at midnight
"""

from typing import Any

import pytest

from tests.helpers.office import Office

DAY, NEXT = "2026-11-27", "2026-11-28"


def at(office: Office, hhmm: str) -> None:
    """Move the fake clock forward to hh:mm of 2026-11-27 (08:00 is the start)."""
    h, m = (int(x) for x in hhmm.split(":"))
    target = 1795741200.0 + (h - 8) * 3600 + m * 60
    assert target >= office.clock.now, hhmm
    office.clock.advance(target - office.clock.now)


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def rate(office: Office, ticket_id: int, level: int) -> None:
    """The citizen rates at the kiosk with her ticket's code (a supervisor's read has it)."""
    code = office.ticket(ticket_id)["public_code"]
    ok(office.post(f"/api/tickets/{ticket_id}/rating?c={code}", "kiosk", json={"level": level}))


@pytest.fixture
def day(office: Office) -> dict[str, Any]:
    """Plays the day; returns the printed estimates of the tickets the accuracy counts."""
    for n in (1, 2, 3):
        office.sign_in(n)
    a1 = office.issue("A")
    b1 = office.issue("B")
    at(office, "08:05")
    assert ok(office.act(2, "call-next"))["ticket"]["number"] == "A001"
    at(office, "08:06")
    ok(office.act(2, "recall"))
    at(office, "08:07")
    ok(office.act(2, "start"))
    at(office, "08:11")
    ok(office.act(2, "finish"))
    rate(office, a1["id"], 1)
    assert ok(office.act(1, "call-next"))["ticket"]["number"] == "B001"
    at(office, "08:12")
    assert ok(office.act(1, "no-show", requeue=True))["ticket"]["status"] == "waiting"
    at(office, "08:22")
    assert ok(office.act(1, "call-next"))["ticket"]["number"] == "B001"
    at(office, "08:25")
    ok(office.act(1, "finish"))
    rate(office, b1["id"], 3)
    c1 = office.issue("C")
    at(office, "08:30")
    assert ok(office.act(3, "call-next"))["ticket"]["number"] == "C001"
    at(office, "08:31")
    ok(office.act(3, "start"))
    at(office, "08:35")
    ok(office.act(3, "transfer", service="E"))
    at(office, "08:40")
    assert ok(office.act(3, "call-next"))["ticket"]["number"] == "C001"
    at(office, "08:50")
    ok(office.act(3, "finish"))
    rate(office, c1["id"], 2)
    d1 = office.issue("D")
    at(office, "08:52")
    ok(office.post(f"/api/tickets/{d1['id']}/cancel", "supervisor"))
    at(office, "11:25")
    a2 = office.issue("A", priority="elderly")
    at(office, "11:30")
    ok(office.act(2, "pause", reason="lunch"))
    at(office, "13:30")
    ok(office.act(2, "resume"))
    at(office, "13:35")
    assert ok(office.act(2, "call-next"))["ticket"]["number"] == "A002"
    at(office, "13:45")
    ok(office.act(2, "finish"))
    at(office, "16:55")
    office.issue("F")
    at(office, "17:00")
    ok(office.act(1, "sign-out"))
    ok(office.act(2, "sign-out"))
    at(office, "23:30")
    office.clock.advance(8 * 3600)  # 2026-11-28 07:30
    office.issue("A")
    return {"a1": a1["estimated_wait_s"], "a2": a2["estimated_wait_s"]}


def stats(office: Office, first: str = DAY, last: str = DAY) -> dict[str, Any]:
    return ok(office.get(f"/api/stats?from={first}&to={last}", "supervisor"))


def row(rows: list[dict[str, Any]], key: str, value: Any) -> dict[str, Any]:
    return next(r for r in rows if r[key] == value)


def test_counts_waits_and_service_times(office: Office, day: dict[str, Any]) -> None:
    t = stats(office)["totals"]
    assert {k: t[k] for k in ("issued", "served", "no_show", "cancelled", "cancelled_day_end", "waiting")} == {
        "issued": 6, "served": 4, "no_show": 0, "cancelled": 2, "cancelled_day_end": 1, "waiting": 0,
    }  # fmt: skip
    assert (t["in_service"], t["transferred"], t["requeued"], t["priority"]) == (0, 1, 1, 1)
    # Waits: A001 360 (recall), B001 1260 (requeued), C001 900 (transferred), A002 7800 (lunch).
    assert (t["wait_mean_s"], t["wait_median_s"], t["wait_p90_s"], t["wait_max_s"]) == (2580.0, 1080.0, 7800.0, 7800.0)
    # Service: 240 (start → finish), 180 (call → finish), 600 (last counter only), 600.
    assert (t["service_mean_s"], t["service_median_s"]) == (405.0, 420.0)
    # Met: 360 and 900; missed: 1260, 7800 and F001, which waited all day.
    assert t["service_level"] == 40.0
    assert t["no_show_rate"] == 0.0
    assert (t["priority_share"], t["priority_wait_mean_s"]) == (16.7, 7800.0)
    assert t["wait_histogram"] == [0, 1, 0, 1, 1, 0, 0, 1]  # 0-5, 5-10, 10-15, 15-20, 20-30, 30-45, 45-60, 60+ min


def test_ratings_and_estimate_accuracy(office: Office, day: dict[str, Any]) -> None:
    t = stats(office)["totals"]
    assert (t["ratings"], t["ratings_by_level"]) == (3, {"3": 1, "2": 1, "1": 1})
    assert (t["response_rate"], t["satisfaction_rate"]) == (75.0, 66.7)
    # Only A001 and A002 count: C001 was transferred, B001 requeued.
    errors = [360 - day["a1"], 7800 - day["a2"]]
    assert t["estimate_mae_s"] == round(sum(abs(e) for e in errors) / 2, 1)
    assert t["estimate_within_5min"] == sum(abs(e) <= 300 for e in errors) / 2 * 100
    assert t["estimate_under"] == sum(e > 0 for e in errors) / 2 * 100


def test_counter_open_time_and_utilisation(office: Office, day: dict[str, Any]) -> None:
    body = stats(office)
    by_counter = body["by_counter"]
    assert [r["counter"] for r in by_counter] == [1, 2, 3]
    c1, c2, c3 = by_counter
    # 1: 08:00–17:00. 2: 08:00–11:30 and 13:30–17:00 (lunch paused). 3: 08:00–midnight (never signed out).
    assert (c1["open_s"], c2["open_s"], c3["open_s"]) == (32400.0, 25200.0, 57600.0)
    # 2 served A001 (240) and A002 (600); 3 served C001 (600) and held it 300 s before transferring.
    assert (c1["busy_s"], c2["busy_s"], c3["busy_s"]) == (180.0, 840.0, 900.0)
    assert (c1["utilisation"], c2["utilisation"], c3["utilisation"]) == (0.6, 3.3, 1.6)
    assert (c1["served"], c2["served"], c3["served"]) == (1, 2, 1)
    assert (c1["served_per_counter_hour"], c2["served_per_counter_hour"], c3["served_per_counter_hour"]) == (
        0.11, 0.29, 0.06,
    )  # fmt: skip
    t = body["totals"]
    assert (t["open_s"], t["busy_s"], t["utilisation"], t["served_per_counter_hour"]) == (115200.0, 1920.0, 1.7, 0.12)
    clerks = {r["clerk"]: r for r in body["by_clerk"]}
    assert set(clerks) == {"clerk1", "clerk2", "clerk3"}
    assert (clerks["clerk2"]["open_s"], clerks["clerk2"]["satisfaction_rate"]) == (25200.0, 0.0)
    # Service and hour rows have no open time of their own.
    assert all(r["open_s"] is None and r["utilisation"] is None for r in body["by_service"] + body["by_hour"])


def test_grouping_by_service_hour_and_day(office: Office, day: dict[str, Any]) -> None:
    body = stats(office)
    services = {r["service"]: r for r in body["by_service"]}
    # C001 ended in E: it counts there.
    assert {code: r["issued"] for code, r in services.items()} == {"A": 2, "B": 1, "D": 1, "E": 1, "F": 1}
    assert (services["E"]["served"], services["E"]["transferred"], services["E"]["wait_mean_s"]) == (1, 1, 900.0)
    assert (services["A"]["wait_mean_s"], services["A"]["service_level"]) == (4080.0, 50.0)
    assert (services["F"]["cancelled_day_end"], services["F"]["service_level"]) == (1, 0.0)
    assert services["D"]["service_level"] is None  # cancelled after 2 minutes: nothing to judge
    hours = {r["hour"]: r["issued"] for r in body["by_hour"]}
    assert hours == {8: 4, 11: 1, 16: 1}  # A002 counts in the hour it was issued, across lunch
    assert [(r["day"], r["issued"]) for r in body["by_day"]] == [(DAY, 6)]
    assert body["by_day"][0]["open_s"] == 115200.0
    both = stats(office, DAY, NEXT)
    assert [(r["day"], r["issued"], r["waiting"]) for r in both["by_day"]] == [(DAY, 6, 0), (NEXT, 1, 1)]
    assert both["totals"]["waiting"] == 1 and "queue_length" not in both


def test_queue_length_over_the_day(office: Office, day: dict[str, Any]) -> None:
    q = stats(office)["queue_length"]
    assert (q["start"], q["step_s"], len(q["points"])) == ("2026-11-27T06:00:00+07:00", 900, 49)
    points = q["points"]
    at = {f"{6 + i // 4:02d}:{i % 4 * 15:02d}": n for i, n in enumerate(points)}
    assert (at["07:45"], at["08:00"], at["08:15"], at["08:30"]) == (0, 2, 1, 0)  # B001 back in the queue at 08:15
    assert (at["11:30"], at["13:30"], at["13:45"], at["17:00"], at["18:00"]) == (1, 1, 0, 1, 1)


def test_totals_are_the_sum_of_the_groups(office: Office, day: dict[str, Any]) -> None:
    body = stats(office, DAY, NEXT)
    for group in ("by_service", "by_hour", "by_day"):
        for field in ("issued", "served", "no_show", "cancelled", "waiting", "ratings"):
            assert sum(r[field] for r in body[group]) == body["totals"][field], (group, field)


def test_stats_roles_and_bad_ranges(office: Office) -> None:
    assert office.get("/api/stats", "sync").status_code == 403  # sync reads the hourly figures it sends, no more
    for device in ("kiosk", "display", "counter1"):
        assert office.get("/api/stats", device).status_code == 403
    today = stats(office)  # no range: today
    assert (today["from"], today["to"], today["totals"]["issued"]) == (DAY, DAY, 0)
    for query in ("from=2026-11-28&to=2026-11-27", "from=2025-11-26&to=2026-11-27", "from=2026-11-31", "to=x"):
        answer = office.get(f"/api/stats?{query}", "supervisor")
        assert answer.status_code == 422, (query, answer.text)
    assert office.get("/api/stats?from=2025-11-27&to=2026-11-27", "supervisor").status_code == 200  # 366 days
