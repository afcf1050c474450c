"""Live states for the wait estimator's tests: a small office of three services, drawn by hypothesis."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from core.clock import local_epoch
from core.hours import SAMPLE_HOURS
from core.model import Counter, LabelFormat, Office, PriorityPolicy, PriorityStrategy, Service
from core.wait_state import Activity, CounterNow, HourlyHistory, LiveState, WaitingTicket
from core.wait_tuning import Tuning

DAY = date(2026, 11, 27)  # a Friday
TZ = ZoneInfo(SAMPLE_HOURS.timezone)
SERVICES = ("A", "B", "C")
MEANS = {"A": 300.0, "B": 600.0, "C": 900.0}
# Few futures: the properties hold future by future, so many are not needed.
FAST = Tuning(replicas=6)
# No randomness and nobody new arriving: each future is the same, exactly.
DETERMINISTIC = Tuning(replicas=1, cv=0.0, demand_sd=0.0, no_show_share=0.0)


def at(hour: int, minute: int = 0) -> float:
    return local_epoch(DAY, hour * 60 + minute, TZ)


def office(counters: list[tuple[str, ...]], policy: PriorityPolicy) -> Office:
    return Office(
        name="Test",
        timezone=SAMPLE_HOURS.timezone,
        services=tuple(Service(s, s, s, LabelFormat.parse(f"{s}###"), MEANS[s]) for s in SERVICES),
        counters=tuple(Counter(i + 1, f"Q{i + 1}", c) for i, c in enumerate(counters)),
        priority=policy,
    )


policies = st.builds(PriorityPolicy, strategy=st.sampled_from(PriorityStrategy), every=st.integers(1, 4))
OPEN_ACTIVITIES = (Activity.IDLE, Activity.CALLING, Activity.SERVING, Activity.PAUSED)


@st.composite
def counter_services(draw: st.DrawFn) -> tuple[str, ...]:
    order = draw(st.permutations(SERVICES))
    return tuple(order[: draw(st.integers(1, 3))])


@st.composite
def live_states(
    draw: st.DrawFn,
    minutes: tuple[int, int] = (8 * 60, 16 * 60 + 30),
    activities: tuple[Activity, ...] = tuple(Activity),
    max_waiting: int = 12,
    one_service: bool = False,
) -> LiveState:
    """An office at a moment of the day: counters doing anything, tickets waiting.

    ``one_service``: every counter serves A alone, and only A tickets wait.
    """
    now = local_epoch(DAY, draw(st.integers(*minutes)), TZ)
    if one_service:
        services = [("A",)] * draw(st.integers(1, 4))
    else:
        services = draw(st.lists(counter_services(), min_size=1, max_size=4))
    offered = sorted({s for served in services for s in served})
    counters = []
    for number, served in enumerate(services, start=1):
        activity = draw(st.sampled_from(activities))
        busy = activity in (Activity.CALLING, Activity.SERVING, Activity.PAUSED)
        counters.append(
            CounterNow(
                number=number,
                services=served,
                activity=activity,
                since=now - draw(st.integers(0, 1200)) if busy else None,
                current_service=served[0] if activity in (Activity.CALLING, Activity.SERVING) else None,
                regular_since_priority=draw(st.integers(0, 4)),
                signed_in_today=draw(st.booleans()),
            )
        )
    waiting = tuple(
        WaitingTicket(
            ticket_id=i + 1,
            service=draw(st.sampled_from(offered if one_service else SERVICES)),
            priority=draw(st.booleans()),
            queue_key=now - draw(st.integers(0, 3600)),
        )
        for i in range(draw(st.integers(1, max_waiting)))
    )
    # Citizens still to come, or none.
    history = tuple(
        HourlyHistory(s, hour, draw(st.floats(0, 6)), draw(st.floats(0, 0.3)), None, 4)
        for s in (offered if draw(st.booleans()) else ())
        for hour in range(7, 17)
    )
    return LiveState(
        now=now,
        office=office(services, draw(policies)),
        hours=SAMPLE_HOURS,
        waiting=waiting,
        counters=tuple(counters),
        history=history,
    )


def with_counter(state: LiveState, number: int, **changes: object) -> LiveState:
    counters = tuple(replace(c, **changes) if c.number == number else c for c in state.counters)
    return replace(state, counters=counters)
