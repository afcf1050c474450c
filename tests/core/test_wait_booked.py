"""Booked citizens in the estimator's futures (core/wait_booked.py): ahead of the walk-ins of their service, as
the server calls them — those who checked in, and those expected at their slot."""

from __future__ import annotations

from collections import deque
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from core.queue import Bookings, QueueEntry, pick_next
from core.wait_booked import enqueue
from core.wait_estimate import estimate_waits, forecast
from core.wait_state import Activity, Booking, LiveState, WaitingTicket
from tests.core.test_wait_estimate import commune
from tests.core.wait_states import DETERMINISTIC, MEANS, at, live_states

entries = st.lists(
    st.builds(
        QueueEntry,
        ticket_id=st.integers(1, 10_000),
        service=st.just("A"),
        priority=st.just(False),
        queue_key=st.floats(0, 1000),
        booked_slot=st.none() | st.floats(0, 1000),
    ),
    max_size=12,
    unique_by=lambda e: e.ticket_id,
)


@given(entries, entries)
def test_a_queue_fed_by_enqueue_has_the_booked_first_by_slot_and_the_walk_ins_in_their_order(
    first: list[QueueEntry], then: list[QueueEntry]
) -> None:
    queue: deque[QueueEntry] = deque()
    arrived = first + [e for e in then if e.ticket_id not in {f.ticket_id for f in first}]
    for entry in arrived:
        enqueue(queue, entry)
    booked = [e for e in queue if e.booked_slot is not None]
    walk_ins = [e for e in queue if e.booked_slot is None]
    assert list(queue) == booked + walk_ins
    assert booked == sorted(booked, key=lambda e: (e.booked_slot, e.queue_key, e.ticket_id))
    assert walk_ins == [e for e in arrived if e.booked_slot is None]


def test_bookings_expected_before_her_call_lengthen_a_walk_ins_wait() -> None:
    """Three walk-ins ahead of her at 9:00; two citizens booked at 9:05 go before her when they come."""
    ahead = [WaitingTicket(i, "A", False, at(9)) for i in range(1, 4)]
    state = commune(at(9), *ahead, WaitingTicket(9, "A", False, at(9)))
    booked = replace(state, bookings=(Booking("A", at(9, 5), count=2),))
    plain = estimate_waits(state, new_tickets=False, tuning=DETERMINISTIC).tickets[9].point_s
    with_bookings = estimate_waits(booked, new_tickets=False, tuning=DETERMINISTIC).tickets[9].point_s
    assert with_bookings >= plain + 2 * MEANS["A"]
    # A new walk-in's estimate counts them too; bookings after she is called change nothing.
    new_plain = estimate_waits(state, tuning=DETERMINISTIC).new_ticket["A"].point_s
    assert estimate_waits(booked, tuning=DETERMINISTIC).new_ticket["A"].point_s >= new_plain + 2 * MEANS["A"]
    late = replace(state, bookings=(Booking("A", at(16), count=2),))
    assert estimate_waits(late, new_tickets=False, tuning=DETERMINISTIC).tickets[9].point_s == plain


def test_a_checked_in_citizen_is_called_before_the_walk_ins_who_came_earlier() -> None:
    walk_ins = [WaitingTicket(i, "A", False, at(8, 40) + i) for i in range(1, 4)]
    booked = WaitingTicket(7, "A", False, at(8, 58), booked_slot=at(9))
    estimates = estimate_waits(commune(at(9), *walk_ins, booked), new_tickets=False, tuning=DETERMINISTIC).tickets
    assert estimates[7].point_s < min(estimates[i].point_s for i in range(1, 4))


@given(live_states(minutes=(8 * 60, 9 * 60)), st.data())
@settings(max_examples=100, deadline=None)
def test_one_counter_calls_checked_in_citizens_in_the_servers_order(state: LiveState, data: st.DataObject) -> None:
    """Some regular tickets checked in with a slot that has started: the futures call in the server's order
    (pick_next with the booked-first rule; its walk-ins' cap not reached)."""
    counter = state.counters[0]
    only = replace(counter, activity=Activity.IDLE, since=None, current_service=None)
    waiting = []
    for w in state.waiting:
        if w.service in counter.services:
            slot = data.draw(st.none() | st.floats(state.now - 1800, state.now)) if not w.priority else None
            waiting.append(replace(w, booked_slot=slot))
    state = replace(state, counters=(only,), waiting=tuple(waiting), history=())
    result = forecast(state, new_tickets=False, tuning=DETERMINISTIC)
    simulated = sorted(result.waits, key=lambda tid: (result.waits[tid][0] or 0.0, tid))
    order, remaining, since = [], [w.entry() for w in waiting], counter.regular_since_priority
    rule = Bookings(state.now, 0, walk_in_every=len(waiting) + 1)
    while (entry := pick_next(counter.services, remaining, state.office.priority, since, rule)) is not None:
        order.append(entry.ticket_id)
        remaining.remove(entry)
        since = 0 if entry.priority else since + 1
    assert simulated == order
