"""Office-local days: numbers restart every office day, in the office's timezone."""

from __future__ import annotations

from datetime import UTC, datetime
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
