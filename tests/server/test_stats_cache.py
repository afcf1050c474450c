"""The statistics' saved past days (server/stats.py DayCache): a cached range answers exactly as an uncached one.

Days are played through the real API with the controllable clock; the
reference is what the report command computes beside the server (a read-only
Store, every ticket read: stats_body), the code path from before the cache.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.snapshots import Actor
from server.stats import StatsFacts, month_chunks, parts_body, stats_body
from server.store import Store
from tests.helpers.office import PIN, Office

DAY_S = 86400.0
D1, D2, D3, D4 = "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def play_day(office: Office, variant: int) -> dict[str, int]:
    """A morning's work from 08:00 (the clock there): served, rated, transferred, no-shows, a ticket left waiting.

    Returns the ids of a served unrated ticket, and of the ticket left waiting (the roll-over closes it).
    """
    for n in (1, 2, 3):
        office.sign_in(n)
    for service in ("A", "B", "C", "A", "B", "A")[: 4 + variant % 3]:
        office.issue(service)
    office.issue("A", priority="elderly")
    served_unrated = 0
    for i in range(3 + variant % 2):
        office.clock.advance(137.3 + 61 * i + 17 * variant)
        counter = 1 + i % 2
        call = ok(office.act(counter, "call-next"))
        if call.get("ticket") is None:
            continue
        office.clock.advance(95.7 + 13 * i)
        if i == 1:
            ok(office.act(counter, "no-show", requeue=variant % 2 == 0))
            continue
        ok(office.act(counter, "start"))
        office.clock.advance(211.9 + 29 * i * variant)
        ok(office.act(counter, "finish"))
        if i == 0:
            served_unrated = call["ticket"]["id"]
        else:
            level = 1 + (i + variant) % 3
            ok(office.post(f"/api/tickets/{call['ticket']['id']}/rating", f"rating{counter}", json={"level": level}))
    # C: called at counter 3, transferred to E, served there.
    office.clock.advance(300.1)
    ok(office.act(3, "call-next"))
    office.clock.advance(180.4 + variant)
    ok(office.act(3, "transfer", service="E"))
    office.clock.advance(60.2)
    ok(office.act(3, "call-next"))
    office.clock.advance(420.7)
    ok(office.act(3, "finish"))
    left = office.issue("F")  # nobody serves F: closed by the roll-over
    office.clock.advance(600)
    ok(office.act(2, "pause", reason="lunch"))
    for n in (1, 3):
        ok(office.act(n, "sign-out"))
    assert served_unrated, "every day leaves a served ticket unrated"
    return {"unrated": served_unrated, "left": left["id"]}


def to_morning(office: Office, day: str) -> None:
    """Move the clock to 08:00 of ``day`` (forwards or backwards)."""
    target = dt.datetime.fromisoformat(f"{day}T08:00:00+07:00").timestamp()
    office.clock.advance(target - office.clock.now)


@pytest.fixture
def days(office: Office) -> Iterator[dict[str, dict[str, int]]]:
    """Three days played; the clock at 08:00 of the fourth, whose first ticket ran the roll-over."""
    played = {}
    for n, day in enumerate((D1, D2, D3)):
        to_morning(office, day)
        played[day] = play_day(office, n)
    to_morning(office, D4)
    office.issue("B")
    yield played


def api(office: Office, first: str, last: str) -> str:
    body = ok(office.get(f"/api/stats?from={first}&to={last}", "supervisor"))
    body.pop("appointments")  # the bookings' totals, read beside the figures (not part of the cached days)
    return json.dumps(body)


def uncached(office: Office, first: str, last: str, now: float | None = None) -> str:
    """Every ticket read and computed, as the report command does beside the running server."""
    config = load_config(office.data / CONFIG_NAME)
    store = Store(office.data / DATABASE_NAME, config.office, office.clock, read_only=True)
    try:
        a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        facts = StatsFacts()
        for x, y in month_chunks(a, b):
            facts.extend(store.stats.facts(x.isoformat(), y.isoformat()))
        return json.dumps(stats_body(facts, config.office, a, b, office.clock() if now is None else now))
    finally:
        store.close()


def tamper(office: Office, ticket_id: int) -> None:
    """Change a past ticket behind the server's back: only a figure read from the tickets shows it."""
    conn = sqlite3.connect(office.data / DATABASE_NAME, timeout=10)
    with conn:
        conn.execute("UPDATE tickets SET finished_at = finished_at + 1000 WHERE id = ?", (ticket_id,))
    conn.close()


def test_cached_ranges_answer_exactly_as_uncached(office: Office, days: dict[str, dict[str, int]]) -> None:
    for first, last in ((D1, D4), (D1, D3), (D2, D3), (D2, D4), ("2026-11-01", "2026-12-31")):
        reference = uncached(office, first, last)
        assert api(office, first, last) == reference  # cold: the past days computed and saved
        assert api(office, first, last) == reference  # warm: the past days from the cache
    assert json.loads(api(office, D1, D3))["totals"]["issued"] > 20


def test_warm_requests_use_the_saved_days_and_not_today(office: Office, days: dict[str, dict[str, int]]) -> None:
    before = api(office, D1, D4)
    tamper(office, days[D2]["unrated"])  # D2 is saved: the change does not show
    assert api(office, D1, D4) == before != uncached(office, D1, D4)
    # Today (D4) is never saved: a change of today's tickets shows at once.
    office.clock.advance(60)
    ok(office.act(1, "sign-in", username="clerk1", pin=PIN))
    ok(office.act(1, "call-next"))
    after = json.loads(api(office, D3, D4))
    assert after["by_day"][-1]["in_service"] == 1


def test_late_rating_of_a_past_day_drops_that_day(office: Office, days: dict[str, dict[str, int]]) -> None:
    before = json.loads(api(office, D1, D4))
    # A tablet's rating that lands after midnight (its window crosses it), made in the server's own process:
    # through the API a past day's ticket can no longer be rated.
    running = office.server.office if office.server else None
    assert running is not None
    running.call_blocking(running.store.ratings.rate, days[D2]["unrated"], 1, [], None, Actor("rating1"), "tablet")
    reference = uncached(office, D1, D4)
    assert api(office, D1, D4) == reference
    after = json.loads(reference)
    assert after["totals"]["ratings"] == before["totals"]["ratings"] + 1
    assert [r["ratings"] for r in after["by_day"]] != [r["ratings"] for r in before["by_day"]]


def test_roll_over_closes_yesterday_which_was_never_saved(office: Office, days: dict[str, dict[str, int]]) -> None:
    # On D4, D4 itself has a waiting ticket; the range is computed and its past days saved.
    office.issue("F")
    assert api(office, D3, D4) == uncached(office, D3, D4)
    # D5: the roll-over closes D4's open tickets (day_end); D4 was never saved, so it shows.
    office.clock.advance(DAY_S)
    office.issue("A")
    reference = uncached(office, D3, D4)
    assert api(office, D3, D4) == reference
    assert json.loads(reference)["by_day"][-1]["cancelled_day_end"] == 2


def test_clock_going_backwards_drops_the_days_from_today_on(office: Office, days: dict[str, dict[str, int]]) -> None:
    api(office, D1, D4)  # D1..D3 saved
    to_morning(office, D2)  # the office PC's clock was fixed backwards
    office.sign_in(2)
    office.issue("A")
    ok(office.act(2, "call-next"))
    office.clock.advance(120)
    ok(office.act(2, "finish"))
    reference = uncached(office, D1, D4)
    assert api(office, D1, D4) == reference
    to_morning(office, D4)
    office.issue("B")  # the roll-over forward again
    assert api(office, D1, D4) == uncached(office, D1, D4)


@pytest.fixture
def store(office: Office, days: dict[str, dict[str, int]]) -> Iterator[Store]:
    """The office's database opened in-process (the server stopped), so a test can interleave the steps."""
    office.stop()
    config = load_config(office.data / CONFIG_NAME)
    opened = Store(office.data / DATABASE_NAME, config.office, office.clock)
    opened.tick()  # the server's start-up roll-over: D1..D3 may be saved
    yield opened
    opened.close()


def computed(store: Store, first: str, last: str) -> tuple[str, bool]:
    """One request's steps in order: read (database thread), compute (worker), save (database thread)."""
    read = store.stats.parts_read(first, last)
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    body, new = parts_body(read, store.office, a, b, store.db.clock())
    return json.dumps(body), store.stats.parts_save(read.generation, new)


def test_rating_during_a_computation_is_not_lost(office: Office, days: dict[str, dict[str, int]], store: Store) -> None:
    first, last = dt.date.fromisoformat(D1), dt.date.fromisoformat(D4)
    read = store.stats.parts_read(D1, D4)
    assert read.parts == {} and read.cacheable == [D1, D2, D3]
    body, new = parts_body(read, store.office, first, last, store.db.clock())
    # The rating lands after the read, before the save.
    store.ratings.rate(days[D1]["unrated"], 3, [], None, Actor("rating1"), "tablet")
    assert store.stats.parts_save(read.generation, new) is False
    assert D1 not in store.stats.cache.days
    reference = uncached(office, D1, D4)
    assert json.dumps(body) != reference  # the answer in flight was read before the rating
    assert computed(store, D1, D4) == (reference, True)
    warm = store.stats.parts_read(D1, D4)
    assert sorted(warm.parts) == [D1, D2, D3] and warm.cacheable == []
    assert computed(store, D1, D4) == (reference, True)


def test_roll_over_drops_the_days_of_the_tickets_it_closes(
    office: Office, days: dict[str, dict[str, int]], store: Store
) -> None:
    assert computed(store, D1, D4)[1] is True
    assert sorted(store.stats.cache.days) == [D1, D2, D3]
    # A ticket of a saved day found open (as a crash in the middle of a roll-over could leave it):
    # the next roll-over closes it, and its day must be computed again.
    store.db.conn.execute(
        "UPDATE tickets SET status = 'waiting', finished_at = NULL, close_reason = NULL WHERE id = ?",
        (days[D2]["left"],),
    )
    office.clock.advance(DAY_S)
    store.tick()
    assert sorted(store.stats.cache.days) == [D1, D3]
    assert computed(store, D1, D4)[0] == uncached(office, D1, D4)
