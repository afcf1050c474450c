"""Property tests of the booked-first rule (core/queue.py with ``Bookings``): booked citizens whose slot has
started go before the walk-ins of their service, and never starve the walk-ins beyond the cap."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.model import PriorityPolicy, PriorityStrategy
from core.queue import Bookings, QueueEntry, pick_next, position_in_queue

SERVICES = ["A", "B"]
NOW = 100.0


@st.composite
def queues(draw: st.DrawFn) -> list[QueueEntry]:
    n = draw(st.integers(0, 20))
    return [
        QueueEntry(
            ticket_id=i + 1,
            service=draw(st.sampled_from(SERVICES)),
            priority=draw(st.integers(0, 9)) == 0,
            queue_key=float(draw(st.integers(0, 10))),
            # None: a walk-in; else a slot already started (≤ NOW) or still to come.
            booked_slot=draw(st.one_of(st.none(), st.sampled_from([40.0, 70.0, 100.0, 130.0]))),
        )
        for i in range(n)
    ]


policies = st.builds(PriorityPolicy, strategy=st.sampled_from(PriorityStrategy), every=st.integers(1, 5))
counter_services = st.lists(st.sampled_from(SERVICES), min_size=1, max_size=2, unique=True)
caps = st.integers(1, 4)


def walk_ins(waiting: list[QueueEntry]) -> list[QueueEntry]:
    return [QueueEntry(e.ticket_id, e.service, e.priority, e.queue_key) for e in waiting]


@given(queues(), counter_services, policies, st.integers(0, 10), st.integers(0, 6), caps)
def test_without_bookings_the_rule_is_the_old_one(waiting, services, policy, since, in_row, cap) -> None:
    plain = walk_ins(waiting)
    assert pick_next(services, plain, policy, since, Bookings(NOW, in_row, cap)) == pick_next(
        services, plain, policy, since
    )


@given(queues(), counter_services, policies, st.integers(0, 10), caps)
def test_a_due_booking_goes_before_the_walk_ins_of_its_service(waiting, services, policy, since, cap) -> None:
    picked = pick_next(services, waiting, policy, since, Bookings(NOW, 0, cap))
    if picked is None or picked.priority:
        return
    for other in waiting:
        if other.service == picked.service and not other.priority and other.due(NOW):
            # Nobody booked and due in the picked service is left behind by a walk-in of that service.
            assert picked.due(NOW), (picked, other)
            assert (other.booked_slot, other.queue_key, other.ticket_id) >= (
                picked.booked_slot, picked.queue_key, picked.ticket_id
            )  # fmt: skip


@given(queues(), counter_services, policies, caps)
def test_walk_ins_are_never_starved_beyond_the_cap(waiting, services, policy, cap) -> None:
    """Call everyone, one by one: never more than ``cap`` booked citizens in a row while a walk-in waits."""
    left = list(waiting)
    in_row = since = 0
    streak_with_walk_in_waiting = 0
    while (picked := pick_next(services, left, policy, since, Bookings(NOW, in_row, cap))) is not None:
        regular_walk_in_waiting = any(e.booked_slot is None and not e.priority and e.service in services for e in left)
        left.remove(picked)
        if picked.priority:
            since = 0
            continue
        since += 1
        if picked.booked_slot is not None:
            in_row += 1
            streak_with_walk_in_waiting = streak_with_walk_in_waiting + 1 if regular_walk_in_waiting else 0
            assert streak_with_walk_in_waiting <= cap
        else:
            in_row = streak_with_walk_in_waiting = 0
    assert not [e for e in left if e.service in services]  # everyone of the counter's services was called


@given(queues(), policies)
def test_the_position_counts_due_bookings_ahead_of_a_walk_in(waiting, policy) -> None:
    for entry in waiting:
        if entry.priority or entry.booked_slot is not None:
            continue
        due = sum(1 for e in waiting if e.service == entry.service and not e.priority and e.due(NOW))
        plain = position_in_queue(entry, [e for e in waiting if not e.due(NOW)], policy)
        assert position_in_queue(entry, waiting, policy, NOW) == plain + due


@given(
    st.integers(0, 30),
    st.floats(60, 1800),
    st.integers(1, 4),
    st.lists(st.floats(-900, 4 * 3600), max_size=12),
)
def test_the_estimate_counts_the_bookings_expected_before_the_call(ahead, mean, counters, slots) -> None:
    from core.estimate import estimate_wait_s, estimate_with_bookings_s

    now = 0.0
    wait = estimate_with_bookings_s(ahead, mean, counters, slots, now)
    assert estimate_wait_s(ahead, mean, counters) <= wait <= estimate_wait_s(ahead + len(slots), mean, counters)
    # Settled: exactly the bookings whose slot starts before the call are counted.
    expected = sum(1 for s in slots if s <= now + wait)
    assert wait == estimate_wait_s(ahead + expected, mean, counters)
    assert estimate_with_bookings_s(ahead, mean, counters, [], now) == estimate_wait_s(ahead, mean, counters)
