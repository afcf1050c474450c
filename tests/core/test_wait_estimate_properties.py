"""Property tests of the wait estimator (core/wait_estimate.py).

The simulation ties its random numbers to what they describe (a ticket's
service time to the ticket, a counter's pause to the counter), so two states
that differ in one respect simulate the same futures otherwise.

"One more person ahead never shortens the wait", "a closed counter never
shortens it" and "a pause never shortens it" hold in every simulated future,
exactly, where the counters serve one service under strict priority: the
calls then go in one order whoever makes them. Where counters serve different
services they do not hold, and not by the estimator's fault: the queue rules
themselves let one more ticket ahead move a long service from one counter to
another, so a citizen can truly be called sooner (the last test shows it).
Interleaving, each counter keeps its own count of regular calls, with the same
effect. The order in which counters call is the server's own either way
(core.queue.pick_next: see test_wait_sim.py).
"""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from core.hours import SAMPLE_HOURS, OpeningHours, Session
from core.model import PriorityPolicy, PriorityStrategy
from core.wait_estimate import ClosureKind, estimate_waits, forecast
from core.wait_sim import PHANTOM_BASE
from core.wait_state import Activity, CounterNow, LiveState, WaitingTicket
from core.wait_tuning import Tuning
from tests.core.wait_states import DETERMINISTIC, FAST, MEANS, OPEN_ACTIVITIES, at, live_states, office, with_counter

INF = math.inf


def waits(state: LiveState, ticket: int, tuning: Tuning = FAST) -> list[float]:
    """The ticket's wait in each simulated future (not called today: infinity)."""
    result = forecast(state, tickets=[ticket], new_tickets=False, tuning=tuning)
    return [INF if w is None else w for w in result.waits[ticket]]


def point(state: LiveState, ticket: int) -> int:
    return estimate_waits(state, tickets=[ticket], new_tickets=False).tickets[ticket].point_s


def strict(state: LiveState) -> LiveState:
    return replace(state, office=replace(state.office, priority=PriorityPolicy(PriorityStrategy.STRICT)))


def never_shorter(longer: list[float], shorter: list[float]) -> bool:
    return all(a >= b - 1e-6 for a, b in zip(longer, shorter, strict=True))


def one_more_ahead(state: LiveState, target: WaitingTicket, earlier_s: int) -> LiveState:
    """Someone of her service and class, queued before her: whatever the counters do, called before her."""
    ahead = WaitingTicket(10_000, target.service, target.priority, target.queue_key - earlier_s)
    return replace(state, waiting=(*state.waiting, ahead))


def closed(state: LiveState, number: int) -> LiveState:
    """Counter ``number`` signed out, nobody there earlier today, past the day's sign-in grace and not one the
    office's past expects (``expected_counters``: none in these states): closed all day."""
    return with_counter(state, number, activity=Activity.SIGNED_OUT, since=None, signed_in_today=False,
                        current_service=None)  # fmt: skip


# -- more people ahead, fewer counters ------------------------------------------------------------


@given(live_states(one_service=True), st.data())
@settings(max_examples=150, deadline=None)
def test_one_more_person_ahead_never_shortens_the_wait_in_any_future(state: LiveState, data: st.DataObject) -> None:
    state = strict(state)
    target = data.draw(st.sampled_from(state.waiting))
    more = one_more_ahead(state, target, data.draw(st.integers(1, 600)))
    assert never_shorter(waits(more, target.ticket_id), waits(state, target.ticket_id))


@given(live_states(one_service=True), st.data())
@settings(max_examples=150, deadline=None)
def test_a_closed_counter_never_shortens_the_wait_in_any_future(state: LiveState, data: st.DataObject) -> None:
    state = strict(state)
    target = data.draw(st.sampled_from(state.waiting))
    counter = data.draw(st.sampled_from(state.counters))
    assert never_shorter(waits(closed(state, counter.number), target.ticket_id), waits(state, target.ticket_id))


@given(live_states(one_service=True), st.data())
@settings(max_examples=150, deadline=None)
def test_a_pause_never_shortens_the_wait_in_any_future(state: LiveState, data: st.DataObject) -> None:
    state = strict(state)
    target = data.draw(st.sampled_from(state.waiting))
    counter = data.draw(st.sampled_from(state.counters))
    idle = with_counter(state, counter.number, activity=Activity.IDLE, since=None, current_service=None)
    paused = with_counter(state, counter.number, activity=Activity.PAUSED, since=state.now, current_service=None)
    assert never_shorter(waits(paused, target.ticket_id), waits(idle, target.ticket_id))


def test_with_counters_of_several_services_one_more_ahead_can_truly_shorten_a_wait() -> None:
    """Counter 1 serves A, B, C and calls priority citizens by arrival across them; counter 2 serves B, C.
    Priority C001 came at 07:50, priority A001 (her) at 07:53. Counter 1 frees first and calls C001, a long
    service: she waits for it. Had priority A000 come at 07:49, counter 1 would call A000 (short), counter 2
    would take C001, and counter 1 would call her right after A000 — sooner. The rules, simulated faithfully."""
    now = at(8)
    state = LiveState(
        now,
        office([("A", "B", "C"), ("B", "C")], PriorityPolicy(PriorityStrategy.STRICT)),
        SAMPLE_HOURS,
        (WaitingTicket(1, "A", True, at(7, 53)), WaitingTicket(6, "C", True, at(7, 50))),
        (
            CounterNow(1, ("A", "B", "C"), Activity.SERVING, since=now, current_service="A"),
            CounterNow(2, ("B", "C"), Activity.SERVING, since=now - 60, current_service="B"),
        ),
    )
    more = replace(state, waiting=(*state.waiting, WaitingTicket(2, "A", True, at(7, 49))))
    alone, behind_one_more = waits(state, 1, DETERMINISTIC)[0], waits(more, 1, DETERMINISTIC)[0]
    assert alone > MEANS["C"] > behind_one_more


# -- the lunch break --------------------------------------------------------------------------------

NO_LUNCH = OpeningHours.weekdays(Session.parse("07:30-17:00"))
LUNCH = (at(11, 30), at(13, 30))


def longest_occupancy() -> float:
    """Walk-up, the longest service and changeover, with nothing observed (the defaults)."""
    return DETERMINISTIC.walkup_s + max(MEANS.values()) + DETERMINISTIC.changeover_s


@given(live_states(minutes=(9 * 60, 11 * 60 + 29), activities=OPEN_ACTIVITIES), st.data())
@settings(max_examples=150, deadline=None)
def test_a_lunch_break_inside_the_wait_lengthens_it_by_its_overlap(state: LiveState, data: st.DataObject) -> None:
    """With the break, the wait is at least the wait without it plus the part of the break it spans —
    less at most one service: a clerk finishes the citizen in front of her before she goes to lunch.
    (No randomness and nobody arriving: one future, the same in both.)"""
    state = replace(state, history=())
    target = data.draw(st.sampled_from(state.waiting))
    without = waits(replace(state, hours=NO_LUNCH), target.ticket_id, DETERMINISTIC)[0]
    with_break = waits(replace(state, hours=SAMPLE_HOURS), target.ticket_id, DETERMINISTIC)[0]
    overlap = max(0.0, min(state.now + without, LUNCH[1]) - LUNCH[0])
    assert with_break >= without + overlap - longest_occupancy()
    if overlap > 0:
        assert with_break >= LUNCH[1] - state.now  # called after lunch, not before


@given(live_states(minutes=(11 * 60 + 30, 11 * 60 + 31), one_service=True), st.data())
@settings(max_examples=100, deadline=None)
def test_a_break_beginning_with_nobody_at_the_counters_adds_all_of_itself(
    state: LiveState, data: st.DataObject
) -> None:
    """(One service, strict priority: who calls whom does not depend on which counter comes back first.)"""
    state = strict(state)
    target = data.draw(st.sampled_from(state.waiting))
    counters = tuple(replace(c, activity=Activity.IDLE, since=None) for c in state.counters)
    idle = replace(state, counters=counters, history=())  # nobody arriving
    without = waits(replace(idle, hours=NO_LUNCH), target.ticket_id, DETERMINISTIC)[0]
    with_break = waits(replace(idle, hours=SAMPLE_HOURS), target.ticket_id, DETERMINISTIC)[0]
    assert with_break >= without + (LUNCH[1] - state.now)


@given(live_states(minutes=(11 * 60 + 35, 13 * 60 + 20), activities=(Activity.PAUSED,)), st.integers(60, 600))
@settings(max_examples=100, deadline=None)
def test_while_everyone_is_at_lunch_the_call_time_stands_still(state: LiveState, later_s: int) -> None:
    """No counter open, nobody expected: as the clock runs, the wait shortens by exactly the time passed."""
    state = replace(state, history=())
    target = state.waiting[0].ticket_id
    later = replace(state, now=state.now + later_s)
    for now_wait, later_wait in zip(waits(state, target), waits(later, target), strict=True):
        assert math.isclose(state.now + now_wait, later.now + later_wait, abs_tol=1e-6)


@given(live_states(minutes=(11 * 60 + 30, 13 * 60 + 29)))
@settings(max_examples=50, deadline=None)
def test_at_lunch_every_service_says_until_when(state: LiveState) -> None:
    estimates = estimate_waits(state, tuning=FAST)
    for service in {s for c in state.counters for s in c.services}:
        closure = estimates.closures[service]
        assert closure.kind is ClosureKind.LUNCH
        assert closure.until == at(13, 30)


# -- the estimate itself ----------------------------------------------------------------------------


@given(live_states())
@settings(max_examples=100, deadline=None)
def test_the_range_holds_the_point(state: LiveState) -> None:
    estimates = estimate_waits(state, tuning=FAST)
    for e in (*estimates.tickets.values(), *estimates.new_ticket.values(), *estimates.new_priority_ticket.values()):
        assert 0 <= e.low_s <= e.point_s <= e.high_s
        assert 0.0 <= e.called_today <= 1.0


@given(live_states())
@settings(max_examples=100, deadline=None)
def test_under_strict_priority_a_new_priority_ticket_never_waits_longer(state: LiveState) -> None:
    result = forecast(strict(state), tickets=[], tuning=FAST)
    for i, phantom in enumerate(result.phantoms):
        if phantom.priority:
            regular = result.phantoms.index(replace(phantom, priority=False))
            pairs = zip(result.waits[PHANTOM_BASE + i], result.waits[PHANTOM_BASE + regular], strict=True)
            assert all((INF if p is None else p) <= (INF if r is None else r) for p, r in pairs)


@given(live_states())
@settings(max_examples=50, deadline=None)
def test_later_in_the_same_queue_never_means_sooner(state: LiveState) -> None:
    """Two tickets of one service and class: the one queued later is never told a shorter wait."""
    estimates = estimate_waits(state, new_tickets=False, tuning=FAST)
    by_queue: dict[tuple[str, bool], list[WaitingTicket]] = {}
    for t in sorted(state.waiting, key=lambda t: (t.queue_key, t.ticket_id)):
        by_queue.setdefault((t.service, t.priority), []).append(t)
    for queue in by_queue.values():
        points = [estimates.tickets[t.ticket_id].point_s for t in queue]
        assert points == sorted(points)


@given(live_states(), st.integers(0, 2**31))
@settings(max_examples=50, deadline=None)
def test_the_same_state_gives_the_same_estimate(state: LiveState, seed: int) -> None:
    assert estimate_waits(state, tuning=FAST, seed=seed) == estimate_waits(state, tuning=FAST, seed=seed)
