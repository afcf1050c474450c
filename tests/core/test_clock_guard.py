"""Office time under a jumping PC clock (core/clock_guard.py): property tests over random jumps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.clock_guard import CATCH_UP_RATE, LARGE_JUMP_S, GuardedClock

START = 1795741200.0  # 2026-11-27 08:00 in Hanoi


class Clocks:
    """A wall clock that can be stepped, and a steady one that only runs."""

    def __init__(self) -> None:
        self.steady = 1000.0
        self.wall = START

    def run(self, seconds: float) -> None:
        self.steady += seconds
        self.wall += seconds


def guarded(clocks: Clocks) -> GuardedClock:
    return GuardedClock(wall=lambda: clocks.wall, steady=lambda: clocks.steady)


# A life of the PC: time running, and now and then a step of the wall clock (any size, either way).
steps = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=3600),
        st.one_of(st.just(0.0), st.floats(min_value=-40 * 365 * 86400, max_value=40 * 365 * 86400)),
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(steps)
def test_office_time_never_runs_backwards_nor_faster_than_allowed(life: list[tuple[float, float]]) -> None:
    clocks = Clocks()
    clock = guarded(clocks)
    before = clock()
    for run, step in life:
        clocks.run(run)
        clocks.wall += step
        now = clock()
        assert now >= before
        # Never slower than catching up; never faster than the steady clock plus a followed small step.
        assert now - before >= run * CATCH_UP_RATE - 1e-6
        assert now - before <= run + max(0.0, step) + 1e-6 if abs(step) <= LARGE_JUMP_S else True
        before = now


@settings(max_examples=300)
@given(steps)
def test_large_jumps_are_never_followed(life: list[tuple[float, float]]) -> None:
    """With only large jumps of the wall clock, office time runs exactly with the steady clock."""
    clocks = Clocks()
    clock = guarded(clocks)
    start, steady0 = clock(), clocks.steady
    for run, step in life:
        clocks.run(run)
        if abs(step) > LARGE_JUMP_S:
            clocks.wall += step
        else:
            clocks.wall = start + (clocks.steady - steady0)  # undone: the wall clock agrees again
        assert abs(clock() - (start + clocks.steady - steady0)) < 1e-3


def test_a_large_jump_is_reported_while_it_lasts() -> None:
    clocks = Clocks()
    clock = guarded(clocks)
    clock()
    clocks.wall += 86400  # someone sets tomorrow's date
    clocks.run(10)
    assert clock() == START + 10
    assert clock.jump is not None and clock.jump.seconds == 86400
    clocks.run(60)
    assert clock() == START + 70 and clock.jump is not None
    clocks.wall -= 86400  # and sets it back
    assert clock() == START + 70
    assert clock.jump is None


def test_a_small_backward_step_is_caught_up_at_half_pace() -> None:
    clocks = Clocks()
    clock = guarded(clocks)
    clock()
    clocks.wall -= 120  # NTP finds the clock two minutes fast
    times = []
    for _ in range(300):
        clocks.run(1)
        times.append(clock())
    assert all(b > a for a, b in zip(times, times[1:], strict=False))  # never stands still
    assert abs(times[-1] - clocks.wall) < 1e-6  # caught up within four minutes
    assert clock.jump is None


def test_a_small_forward_step_is_followed() -> None:
    clocks = Clocks()
    clock = guarded(clocks)
    clock()
    clocks.wall += 90
    assert clock() == clocks.wall and clock.jump is None


def test_a_clock_behind_the_records_is_not_believed_until_it_is_set_right() -> None:
    clocks = Clocks()
    clocks.wall = 946684800.0  # 2000-01-01: a dead CMOS battery
    clock = guarded(clocks)
    last_record = START - 3600
    clock.not_before(last_record)
    assert clock() == last_record and not clock.trusted and clock.jump is not None
    clocks.run(30)
    assert clock() == last_record + 30
    clocks.wall = START + 5 * 3600  # NTP sets it right, hours after the last record: followed
    assert clock() == START + 5 * 3600
    assert clock.trusted and clock.jump is None
