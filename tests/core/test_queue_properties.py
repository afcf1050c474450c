"""Property tests of who is called next: FIFO, priority per strategy, counter service order."""

from hypothesis import given
from hypothesis import strategies as st

from core.model import PriorityPolicy, PriorityStrategy
from core.queue import QueueEntry, pick_next, position_in_queue

SERVICES = ["A", "B", "C"]


@st.composite
def queues(draw: st.DrawFn) -> list[QueueEntry]:
    n = draw(st.integers(0, 25))
    return [
        QueueEntry(
            ticket_id=i + 1,
            service=draw(st.sampled_from(SERVICES)),
            priority=draw(st.booleans()),
            # Coarse times so ties happen; the id breaks them.
            queue_key=float(draw(st.integers(0, 10))),
        )
        for i in range(n)
    ]


policies = st.builds(PriorityPolicy, strategy=st.sampled_from(PriorityStrategy), every=st.integers(1, 5))
counter_services = st.lists(st.sampled_from(SERVICES), min_size=1, max_size=3, unique=True)


def order(e: QueueEntry) -> tuple[float, int]:
    return (e.queue_key, e.ticket_id)


@given(queues(), counter_services, policies, st.integers(0, 10))
def test_picks_only_what_the_counter_serves(waiting, services, policy, since) -> None:
    picked = pick_next(services, waiting, policy, since)
    mine = [e for e in waiting if e.service in services]
    assert (picked is None) == (not mine)
    if picked:
        assert picked.service in services


@given(queues(), counter_services, policies, st.integers(0, 10))
def test_within_a_class_arrival_order_decides(waiting, services, policy, since) -> None:
    picked = pick_next(services, waiting, policy, since)
    if picked is None:
        return
    same_class = [e for e in waiting if e.service in services and e.priority == picked.priority]
    if picked.priority:
        # Priority citizens: by arrival, across all the counter's services.
        assert picked == min(same_class, key=order)
    else:
        # Regular: the counter's first service with anyone waiting, then arrival.
        first = next(s for s in services if any(e.service == s for e in same_class))
        assert picked == min((e for e in same_class if e.service == first), key=order)


@given(queues(), counter_services, st.integers(0, 10))
def test_strict_never_lets_a_regular_ticket_jump_a_priority_one(waiting, services, since) -> None:
    picked = pick_next(services, waiting, PriorityPolicy(PriorityStrategy.STRICT), since)
    if any(e.priority and e.service in services for e in waiting):
        assert picked is not None and picked.priority


@given(queues(), counter_services, st.integers(1, 5))
def test_interleave_serves_one_priority_per_n_regular(waiting, services, every) -> None:
    """Simulate one counter draining its queues: between two priority calls there are
    at most ``every`` regular ones while priority citizens wait, and a priority
    citizen is never left waiting while the counter idles."""
    policy = PriorityPolicy(PriorityStrategy.INTERLEAVE, every)
    remaining = list(waiting)
    since = 0
    run_of_regular_while_priority_waits = 0
    while True:
        picked = pick_next(services, remaining, policy, since)
        if picked is None:
            break
        priority_waiting = any(e.priority and e.service in services for e in remaining)
        remaining.remove(picked)
        if picked.priority:
            since = 0
            run_of_regular_while_priority_waits = 0
        else:
            since += 1
            if priority_waiting:
                run_of_regular_while_priority_waits += 1
                assert run_of_regular_while_priority_waits <= every
    assert not any(e.service in services for e in remaining)


@given(queues(), policies)
def test_position_counts_only_the_same_service(waiting, policy) -> None:
    for entry in waiting:
        ahead = position_in_queue(entry, waiting, policy)
        same = [e for e in waiting if e.service == entry.service and e is not entry]
        assert 0 <= ahead <= len(same)
        if entry.priority:
            assert ahead == sum(1 for e in same if e.priority and order(e) < order(entry))


@given(queues())
def test_strict_position_matches_draining_order(waiting) -> None:
    """Under strict priority at a single-service counter, the printed 'ahead' is exact."""
    policy = PriorityPolicy(PriorityStrategy.STRICT)
    for service in SERVICES:
        mine = [e for e in waiting if e.service == service]
        drained, remaining = [], list(mine)
        while (nxt := pick_next([service], remaining, policy, 0)) is not None:
            drained.append(nxt)
            remaining.remove(nxt)
        for i, entry in enumerate(drained):
            assert position_in_queue(entry, mine, policy) == i
