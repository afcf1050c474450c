"""Office-local days: numbers restart every office day, in the office's timezone."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def office_day(epoch_s: float, tz: ZoneInfo) -> str:
    """The office-local date (YYYY-MM-DD) of an instant."""
    return datetime.fromtimestamp(epoch_s, tz).date().isoformat()


def local_iso(epoch_s: float, tz: ZoneInfo) -> str:
    """An instant as ISO 8601 with the office's offset, to the second."""
    return datetime.fromtimestamp(epoch_s, tz).isoformat(timespec="seconds")


def utc_now_s() -> float:
    return datetime.now(UTC).timestamp()


class ScaledClock:
    """Office time that runs ``speed`` times faster than the wall, from ``start`` (epoch s).

    The demo runs a whole office day in minutes with figures that still read
    like a real day's; ``real`` is injectable for tests.
    """

    def __init__(self, start: float, speed: float, real: Callable[[], float] = time.monotonic) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.start = start
        self.speed = speed
        self._real = real
        self._origin = real()

    def __call__(self) -> float:
        return self.start + (self._real() - self._origin) * self.speed

    def real_seconds_until(self, epoch_s: float) -> float:
        return max(0.0, (epoch_s - self()) / self.speed)


def local_epoch(day: date, minute_of_day: float, tz: ZoneInfo) -> float:
    """Epoch seconds of a local time of day (minutes after midnight) on ``day``."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
    return midnight.timestamp() + minute_of_day * 60
