"""The simulation calls tickets in the server's own order (core.queue.pick_next), from the queues' heads."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from core.hours import SAMPLE_HOURS
from core.model import PriorityPolicy
from core.queue import QueueEntry, pick_next
from core.wait_estimate import forecast
from core.wait_state import Activity, CounterNow, LiveState, WaitingTicket
from tests.core.test_queue_properties import counter_services, policies, queues
from tests.core.wait_states import DETERMINISTIC, at, live_states, office


@given(queues(), counter_services, policies, st.integers(0, 10))
def test_the_heads_of_the_queues_are_enough_to_pick(
    waiting: list[QueueEntry], services: list[str], policy: PriorityPolicy, since: int
) -> None:
    """The simulation hands pick_next only the oldest ticket of each service and class: the same pick."""
    heads = {}
    for e in sorted(waiting, key=lambda e: (e.queue_key, e.ticket_id)):
        heads.setdefault((e.service, e.priority), e)
    assert pick_next(services, list(heads.values()), policy, since) == pick_next(services, waiting, policy, since)


def server_order(services: tuple[str, ...], waiting: list[QueueEntry], policy: PriorityPolicy, since: int) -> list[int]:
    """What one counter calling again and again would call, by the server's rule."""
    order, remaining = [], list(waiting)
    while (entry := pick_next(services, remaining, policy, since)) is not None:
        order.append(entry.ticket_id)
        remaining.remove(entry)
        since = 0 if entry.priority else since + 1
    return order


@given(live_states(minutes=(8 * 60, 9 * 60)), st.data())
@settings(max_examples=150, deadline=None)
def test_one_counter_calls_in_the_servers_order(state: LiveState, data: st.DataObject) -> None:
    counter = state.counters[0]
    # Everything it serves, and the others closed: its calls, in time order, are the server's order.
    waiting = tuple(w for w in state.waiting if w.service in counter.services)
    only = replace(counter, activity=Activity.IDLE, since=None, current_service=None)
    state = replace(state, counters=(only,), waiting=waiting, history=())
    result = forecast(state, new_tickets=False, tuning=DETERMINISTIC)
    simulated = sorted(result.waits, key=lambda tid: (result.waits[tid][0] or 0.0, tid))
    assert simulated == server_order(
        counter.services, [w.entry() for w in waiting], state.office.priority, counter.regular_since_priority
    )


def test_a_counter_busy_over_lunch_finishes_and_comes_back_after_it() -> None:
    """A service that runs past 11:30 is finished; the next call waits for 13:30 and the clerk's return."""
    now = at(11, 25)
    state = LiveState(
        now,
        office([("A", "C")], PriorityPolicy()),
        SAMPLE_HOURS,
        (WaitingTicket(1, "A", False, now - 60),),
        # A C service (15 min) begun a minute ago: it runs to 11:39.
        (CounterNow(1, ("A", "C"), Activity.SERVING, since=now - 60, current_service="C"),),
    )
    wait = forecast(state, new_tickets=False, tuning=DETERMINISTIC).waits[1][0]
    assert wait is not None
    assert at(13, 30) < now + wait <= at(13, 30) + 2 * DETERMINISTIC.start_delay_s


def test_nobody_to_serve_her_today_is_not_called() -> None:
    now = at(9)
    state = LiveState(
        now,
        office([("A",), ("B",)], PriorityPolicy()),
        SAMPLE_HOURS,
        (WaitingTicket(1, "B", False, now),),
        (CounterNow(1, ("A",), Activity.IDLE), CounterNow(2, ("B",), Activity.SIGNED_OUT)),
    )
    assert forecast(state, new_tickets=False, tuning=DETERMINISTIC).waits[1] == [None]



def late_clerk(now: float, expected: frozenset[int]) -> LiveState:
    """Counter 2, the only one serving B, nobody signed in to it yet today."""
    return LiveState(
        now,
        office([("A",), ("B",)], PriorityPolicy()),
        SAMPLE_HOURS,
        (WaitingTicket(1, "B", False, now),),
        (CounterNow(1, ("A",), Activity.IDLE, signed_in_today=True), CounterNow(2, ("B",), Activity.SIGNED_OUT)),
        expected_counters=expected,
    )


def test_a_clerk_the_office_expects_is_late_not_gone_for_the_day() -> None:
    """Past the sign-in grace, a counter the office's past says is staffed is still expected this morning
    (her clerk comes like one back from a pause); one it does not expect is closed, as above."""
    wait = forecast(late_clerk(at(9), frozenset({2})), new_tickets=False, tuning=DETERMINISTIC).waits[1][0]
    assert wait is not None
    assert at(9) + wait < at(11, 30)
    assert forecast(late_clerk(at(9), frozenset({1})), new_tickets=False, tuning=DETERMINISTIC).waits[1] == [None]


def test_nobody_is_expected_after_the_morning() -> None:
    """Nobody has come to counter 2 all morning: in the afternoon it is not expected any more."""
    state = late_clerk(at(14), frozenset({1, 2}))
    assert forecast(state, new_tickets=False, tuning=DETERMINISTIC).waits[1] == [None]
