"""What the estimate says besides minutes: closures, the break a wait spans, new tickets, bookings."""

from __future__ import annotations

from dataclasses import replace

from core.hours import SAMPLE_HOURS, Span
from core.model import PriorityPolicy
from core.wait_estimate import Closure, ClosureKind, estimate_waits, summarize
from core.wait_state import Activity, Booking, CounterNow, LiveState, WaitingTicket
from core.wait_tuning import Tuning
from tests.core.wait_states import DETERMINISTIC, FAST, MEANS, at, office

LUNCH = Span(at(11, 30), at(13, 30))


def commune(now: float, *waiting: WaitingTicket, activity: Activity = Activity.IDLE) -> LiveState:
    counters = (CounterNow(1, ("A", "B"), activity, signed_in_today=True), CounterNow(2, ("B",), activity,
                signed_in_today=True))  # fmt: skip
    return LiveState(now, office([("A", "B"), ("B",)], PriorityPolicy()), SAMPLE_HOURS, tuple(waiting), counters)


def test_at_lunch_the_ticket_says_until_when() -> None:
    estimates = estimate_waits(commune(at(11, 48), activity=Activity.PAUSED), tuning=FAST)
    assert estimates.closures["A"] == estimates.closures["B"] == Closure(ClosureKind.LUNCH, at(13, 30))
    # A ticket taken now is called after lunch, and says which break it waits through.
    new = estimates.new_ticket["A"]
    assert at(11, 48) + new.point_s > at(13, 30)
    assert new.break_in_wait == LUNCH


def test_before_opening_and_after_closing() -> None:
    assert estimate_waits(commune(at(7, 10)), tuning=FAST).closures["A"] == Closure(ClosureKind.NOT_OPEN_YET, at(7, 30))
    assert estimate_waits(commune(at(17, 30)), tuning=FAST).closures["A"] == Closure(ClosureKind.CLOSED_TODAY, None)


def test_open_services_have_no_closure() -> None:
    # C: no counter serves it at all.
    assert estimate_waits(commune(at(9)), tuning=FAST).closures == {"C": Closure(ClosureKind.CLOSED_TODAY, None)}


def test_a_ticket_just_before_lunch_waits_through_it() -> None:
    """Four A tickets ahead at 11:20, one counter that serves A first: she is called after lunch."""
    ahead = [WaitingTicket(i, "A", False, at(11, 0) + i) for i in range(1, 5)]
    state = commune(at(11, 20), *ahead, WaitingTicket(9, "A", False, at(11, 20)))
    estimate = estimate_waits(state, new_tickets=False, tuning=DETERMINISTIC).tickets[9]
    assert at(11, 20) + estimate.point_s > at(13, 30)
    assert estimate.break_in_wait == LUNCH


def test_a_new_ticket_of_each_service_and_class_is_estimated() -> None:
    estimates = estimate_waits(commune(at(9)), tuning=FAST)
    assert set(estimates.new_ticket) == set(estimates.new_priority_ticket) == {"A", "B", "C"}
    # Nobody serves C today: she would not be called.
    assert estimates.new_ticket["C"].called_today == 0.0
    assert estimates.new_ticket["A"].called_today == 1.0


def test_bookings_are_citizens_to_come() -> None:
    """The hook for booked visits: a priority booking due before she is reached is called before her."""
    ahead = [WaitingTicket(i, "A", False, at(9)) for i in range(1, 4)]
    state = commune(at(9), *ahead, WaitingTicket(9, "A", False, at(9)))
    booked = replace(state, bookings=(Booking("A", at(9, 5), count=2, priority=True),))
    plain = estimate_waits(state, new_tickets=False, tuning=DETERMINISTIC).tickets[9].point_s
    with_bookings = estimate_waits(booked, new_tickets=False, tuning=DETERMINISTIC).tickets[9].point_s
    assert with_bookings >= plain + 2 * MEANS["A"]


def test_the_range_is_wider_for_a_longer_wait() -> None:
    few = commune(at(9), WaitingTicket(1, "A", False, at(9)))
    many = commune(at(9), *[WaitingTicket(i, "A", False, at(9)) for i in range(1, 12)])
    short = estimate_waits(few, new_tickets=False, tuning=Tuning(replicas=48)).tickets[1]
    long = estimate_waits(many, new_tickets=False, tuning=Tuning(replicas=48)).tickets[11]
    assert long.high_s - long.low_s > short.high_s - short.low_s


def test_a_wait_past_closing_is_not_a_range_into_the_night() -> None:
    """At 16:30 with twenty B tickets ahead (10 min each, two counters) she would be called after 17:00:
    the estimate says she may not be called today, and the range's top never runs past closing while the
    point is before it."""
    ahead = [WaitingTicket(i, "B", False, at(16) + i) for i in range(1, 21)]
    late = commune(at(16, 30), *ahead, WaitingTicket(99, "B", False, at(16, 30)))
    estimate = estimate_waits(late, new_tickets=False, tuning=Tuning(replicas=48)).tickets[99]
    assert estimate.called_today < 0.5  # the screens say "Có thể không đến lượt trong hôm nay"
    early = commune(at(16, 30), *ahead[:2], WaitingTicket(99, "B", False, at(16, 30)))
    estimate = estimate_waits(early, new_tickets=False, tuning=Tuning(replicas=48)).tickets[99]
    assert estimate.called_today == 1.0
    assert at(16, 30) + estimate.high_s <= at(17)


def test_the_top_stops_at_closing_while_the_point_is_before_it() -> None:
    waits: list[float | None] = [600.0] * 40 + [1500.0] * 8  # 10 min mostly, 25 in a sixth of futures
    estimate = summarize(waits, Tuning(), now=at(16, 40), never_s=7 * 3600, closing_s=20 * 60)
    assert estimate.point_s == 600
    assert estimate.high_s == 20 * 60
    assert estimate.called_today == 40 / 48
