"""Office time that does not jump when the PC's clock does.

The office's day, its numbering, every wait and every sign-in hang on the server's
clock. PC clocks jump: NTP steps a wrong clock right, someone sets the date by hand,
a dead CMOS battery boots the PC in 2000. Followed blindly, a jump to tomorrow would
close today's queue and sign every clerk out; a jump back would make waits negative.

``GuardedClock`` follows the wall clock while it runs at the pace of a steady clock
(CLOCK_BOOTTIME: never stepped, and it counts a suspended PC's sleep), and notices a
step as the two drifting apart:

- a step of at most ``LARGE_JUMP_S`` (5 minutes: an NTP correction) is followed —
  forward at once, backward by running at ``CATCH_UP_RATE`` until the wall clock has
  caught up, so office time never runs backwards and never stands still;
- a larger step is not followed: office time goes on from before it at the steady
  pace, and ``jump`` says so (the server raises a supervisor alert) until the wall
  clock agrees again — or, if office time had no trustworthy start, until a step
  brings the wall clock to a believable time (see ``not_before``).

Pure: no Qt, HTTP or SQL; both clocks are injectable for tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Below this the two clocks only differ by their own reading noise.
TOLERANCE_S = 1.0
# Above this a step is not followed, and the supervisor is told.
LARGE_JUMP_S = 300.0
# After a small backward step office time runs at this pace until the wall clock catches up.
CATCH_UP_RATE = 0.5


def steady_now() -> float:
    """Seconds on a clock that is never stepped and counts suspend (Linux), or the monotonic clock."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boottime) if boottime is not None else time.monotonic()


@dataclass(frozen=True)
class Jump:
    """A step of the wall clock that office time did not follow."""

    seconds: float  # the wall clock minus office time when it was noticed (+ forward, − backward)
    office: float  # office time then (epoch seconds)
    wall: float  # the wall clock then


class GuardedClock:
    """Epoch seconds for the office: the wall clock, without its jumps (see the module doc). Thread-safe."""

    def __init__(self, wall: Callable[[], float] = time.time, steady: Callable[[], float] = steady_now) -> None:
        self._wall = wall
        self._steady = steady
        self._lock = threading.Lock()
        self._office = wall()
        self._at = steady()
        # False while office time started from the records, not from the wall clock (see not_before).
        self.trusted = True
        self.jump: Jump | None = None

    def not_before(self, floor: float) -> None:
        """The office's records reach ``floor``: office time starts no earlier.

        A wall clock far behind its own records is wrong (a PC booting in 2000): office time then
        goes on from the records, ``jump`` says so, and the first step that brings the wall clock
        past them is followed, however large — that is the clock being set right.
        """
        with self._lock:
            if floor <= self._office:
                return
            wall = self._office
            self._office = floor
            if floor - wall > LARGE_JUMP_S:
                self.trusted = False
                self.jump = Jump(wall - floor, floor, wall)

    def __call__(self) -> float:
        with self._lock:
            wall, steady = self._wall(), self._steady()
            elapsed = max(0.0, steady - self._at)
            expected = self._office + elapsed
            gap = wall - expected
            if abs(gap) <= TOLERANCE_S:
                now = max(wall, self._office + elapsed * CATCH_UP_RATE)
                self._agree()
            elif gap > 0 and (gap <= LARGE_JUMP_S or not self.trusted):
                now = wall  # a small step forward, or the wall clock set right at last
                self._agree()
            elif gap < 0 and -gap <= LARGE_JUMP_S:
                now = max(wall, self._office + elapsed * CATCH_UP_RATE)  # catching up, never backwards
                self._agree()
            else:
                now = expected
                if self.jump is None:
                    self.jump = Jump(gap, expected, wall)
            self._office, self._at = now, steady
            return now

    def _agree(self) -> None:
        self.trusted = True
        self.jump = None
