"""Appointments booked ahead: which days and slots can be booked, and when a booked citizen counts as on time.

An office offers some of its services for booking, in slots of ``slot_min`` minutes laid over its
opening sessions (a slot never runs into the lunch break or past closing), ``capacity`` places per
slot and service, up to ``days_ahead`` days ahead, never on a closed weekday, a public holiday or one
of the office's own days off. A booked citizen who checks in from ``early_min`` before to ``late_min``
after the slot's start is served before the walk-ins of that service once the slot starts
(core/queue.py ``pick_next``), but never more than ``walk_in_every`` booked citizens in a row while
walk-ins wait: bookings must not starve the people who came in person.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import local_epoch
from core.hours import Session, Week

# Phones keep a name and number only this long after the slot (Decree 13/2023: no longer than needed).
KEEP_PERSONAL_DAYS = 30


class Arrival(enum.StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class AppointmentRules:
    services: tuple[str, ...] = ()
    slot_min: int = 30
    capacity: int = 2
    days_ahead: int = 14
    # Monday … Sunday; the gaps between sessions are the breaks (lunch).
    week: Week = ((),) * 7
    holidays: frozenset[date] = frozenset()
    days_off: frozenset[date] = frozenset()
    early_min: int = 30
    late_min: int = 15
    # After this many booked citizens called in a row by one counter, a waiting walk-in goes next.
    walk_in_every: int = 2
    timezone: str = "Asia/Ho_Chi_Minh"
    # Per phone number: at most this many bookings still to come, and this many made in 24 hours
    # (cancelled ones too: booking and cancelling in a loop would hold places and flood the list).
    per_phone: int = 2
    per_phone_per_day: int = 4

    def __post_init__(self) -> None:
        if self.slot_min < 5 or self.capacity < 1 or self.days_ahead < 0 or self.walk_in_every < 1:
            raise ValueError("slot_min ≥ 5, capacity ≥ 1, days_ahead ≥ 0 and walk_in_every ≥ 1")

    @property
    def enabled(self) -> bool:
        return bool(self.services)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def closed_reason(self, day: date) -> str | None:
        """Why ``day`` cannot be booked at all: "holiday", "day_off", "closed" (no sessions), or None."""
        if day in self.holidays:
            return "holiday"
        if day in self.days_off:
            return "day_off"
        if not self.week[day.weekday()]:
            return "closed"
        return None


def slot_starts(day: date, rules: AppointmentRules) -> list[int]:
    """The slots of ``day`` as minutes after local midnight; none on a day that cannot be booked."""
    if rules.closed_reason(day) is not None:
        return []
    starts: list[int] = []
    session: Session
    for session in rules.week[day.weekday()]:
        start = session.start_min
        while start + rules.slot_min <= session.end_min:
            starts.append(start)
            start += rules.slot_min
    return starts


def slot_epoch(day: date, start_min: int, rules: AppointmentRules) -> float:
    return local_epoch(day, start_min, rules.tz)


def bookable_days(now: float, rules: AppointmentRules) -> list[date]:
    """Today (if a slot is still ahead) and the next ``days_ahead`` days that have slots."""
    today = datetime.fromtimestamp(now, rules.tz).date()
    days = []
    for offset in range(rules.days_ahead + 1):
        day = today + timedelta(days=offset)
        if any(slot_epoch(day, start, rules) > now for start in slot_starts(day, rules)):
            days.append(day)
    return days


def is_bookable(now: float, slot_start: float, rules: AppointmentRules) -> bool:
    """Is ``slot_start`` (epoch) one of the slots a citizen may book at ``now``?"""
    if slot_start <= now:
        return False
    local = datetime.fromtimestamp(slot_start, rules.tz)
    day = local.date()
    if day not in bookable_days(now, rules):
        return False
    return slot_epoch(day, local.hour * 60 + local.minute, rules) == slot_start and (
        local.hour * 60 + local.minute in slot_starts(day, rules)
    )


def arrival(now: float, slot_start: float, rules: AppointmentRules) -> Arrival:
    """A check-in at ``now`` for the slot starting at ``slot_start``: too early, on time, or too late."""
    if now < slot_start - rules.early_min * 60:
        return Arrival.EARLY
    if now > slot_start + rules.late_min * 60:
        return Arrival.LATE
    return Arrival.ON_TIME


def missed(now: float, slot_start: float, rules: AppointmentRules) -> bool:
    """A booking not checked in is missed once its check-in window has closed."""
    return now > slot_start + rules.late_min * 60
