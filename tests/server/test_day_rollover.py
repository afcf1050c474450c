"""Numbers restart each office-local day; the reset archives, never deletes."""

from tests.helpers.office import Office

HOUR = 3600


def test_numbers_restart_at_local_midnight_and_history_stays(office: Office) -> None:
    first = office.issue("A")
    office.issue("A")
    office.sign_in(2)
    office.act(2, "call-next")
    # 08:00 + 15 h 59 min = 23:59 local: still the same day.
    office.clock.advance(16 * HOUR - 60)
    assert office.issue("A")["number"] == "A003"
    office.clock.advance(120)  # 00:01 next day
    fresh = office.issue("A")
    assert fresh["number"] == "A001" and fresh["day"] == "2026-11-28"
    old = office.get(f"/api/tickets/{first['id']}").json()
    # At counter 2 when the day ended: served, in its own day.
    assert old["status"] == "done" and old["close_reason"] == "day_end"
    state = office.get("/api/state").json()
    assert [t["number"] for t in state["waiting"]] == ["A001"]
    assert all(c["state"] == "signed_out" for c in state["counters"])
    assert state["recent_calls"] == []
