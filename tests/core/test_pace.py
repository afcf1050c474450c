"""Today's pace: service means and clerk speeds from finished calls, shrunk toward history."""

from __future__ import annotations

import random

import pytest

from core.hours import SAMPLE_HOURS
from core.model import PriorityPolicy
from core.pace import clerk_paces, observe_pace
from core.reference_day import service_time_s
from core.wait_state import Activity, ClerkHistory, CounterNow, FinishedCall, HourlyHistory, LiveState
from core.wait_tuning import DEFAULT_TUNING
from tests.core.wait_states import MEANS, at, office


def day_of_calls(speeds: dict[int, float], services: int, seed: int = 1) -> list[FinishedCall]:
    """Each counter serves ``services`` A tickets back to back from 07:30, at its clerk's speed."""
    rng = random.Random(seed)
    calls = []
    for counter, speed in speeds.items():
        t = at(7, 30)
        for _ in range(services):
            start = t + 30
            end = start + service_time_s(rng, MEANS["A"] * speed)
            calls.append(FinishedCall(counter, "A", t - 60, t, start, end, clerk=f"clerk{counter}"))
            t = end + 20
    return calls


def state_with(calls: list[FinishedCall], **more: object) -> LiveState:
    counters = tuple(CounterNow(n, ("A",), Activity.IDLE, clerk=f"clerk{n}") for n in (1, 2, 3))
    return LiveState(at(12), office([("A",)] * 3, PriorityPolicy()), SAMPLE_HOURS, (), counters,
                     finished_today=tuple(calls), **more)  # type: ignore[arg-type]  # fmt: skip


def test_a_clerk_twice_as_slow_shows_after_a_few_services() -> None:
    pace = observe_pace(state_with(day_of_calls({1: 1.0, 2: 1.0, 3: 2.0}, services=12)), DEFAULT_TUNING)
    # Her slowness is hers, not the service's: the others' services are still expected at their length.
    assert pace.speed[3] / pace.speed[1] > 1.6
    assert abs(pace.mean_s["A"] * pace.speed[1] - MEANS["A"]) < 0.25 * MEANS["A"]
    assert abs(pace.mean_s["A"] * pace.speed[3] - 2 * MEANS["A"]) < 0.25 * 2 * MEANS["A"]


def test_with_nothing_seen_the_configured_mean_stands() -> None:
    pace = observe_pace(state_with([]), DEFAULT_TUNING)
    assert pace.mean_s == pytest.approx(MEANS)
    assert set(pace.speed.values()) == {1.0}
    assert pace.walkup_s == DEFAULT_TUNING.walkup_s


def test_history_for_this_weekday_comes_before_the_configured_mean() -> None:
    history = (HourlyHistory("A", 12, 30.0, 0.1, 420.0, 4),)
    assert observe_pace(state_with([], history=history), DEFAULT_TUNING).mean_s["A"] == pytest.approx(420.0)


def test_a_clerk_slow_in_past_weeks_is_expected_slow_today() -> None:
    past = clerk_paces(day_of_calls({1: 1.0, 2: 1.0, 3: 1.8}, services=80, seed=2), DEFAULT_TUNING)
    speed = {h.clerk: h.speed for h in past}
    assert speed["clerk3"] / speed["clerk1"] > 1.5  # speeds are against the office's own mean
    assert {h.services for h in past} == {80}
    pace = observe_pace(state_with([], clerk_history=past), DEFAULT_TUNING)
    assert pace.speed[3] / pace.speed[1] > 1.5


def test_a_new_clerk_starts_at_the_offices_pace() -> None:
    pace = observe_pace(state_with([], clerk_history=(ClerkHistory("someone else", 2.0, 50),)), DEFAULT_TUNING)
    assert pace.speed[1] == 1.0


def test_changeovers_and_reactions_come_from_the_gaps_between_calls() -> None:
    # Counter 1: a citizen waiting at each finish (changeover 40 s); then an idle spell and a ticket
    # that came while it stood idle, called 10 s later (reaction).
    calls = [
        FinishedCall(1, "A", at(7, 0), at(7, 30), at(7, 31), at(7, 40)),
        FinishedCall(1, "A", at(7, 35), at(7, 40) + 40, at(7, 41), at(7, 50)),
        FinishedCall(1, "A", at(8, 30), at(8, 30) + 10, at(8, 31), at(8, 40)),
    ]
    tuning = DEFAULT_TUNING
    pace = observe_pace(state_with(calls), tuning)
    n = tuning.overhead_prior_n
    assert pace.changeover_s == (40 + tuning.changeover_s * n) / (1 + n)
    assert pace.reaction_s == (10 + tuning.reaction_s * n) / (1 + n)
