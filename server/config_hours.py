"""office.toml's [hours]: when the counters call citizens, per weekday, and counters that keep other hours.

    [hours]
    weekdays = ["07:30-11:30", "13:30-17:00"]   # Monday to Friday
    saturday = ["07:30-11:30"]                  # monday … sunday: a day of its own

    [[hours.counters]]                          # lunch duty: these keep other hours
    numbers = [5, 6]
    weekdays = ["07:30-17:00"]

A day given no sessions is closed; the gap between two sessions is the lunch
break. A counter block's days not given are the office's. Read into
core.hours.OpeningHours (the wait estimator's, the kiosk's "closed for lunch").
"""

from __future__ import annotations

from pydantic import field_validator, model_validator

from core.clock import DEFAULT_TIMEZONE
from core.hours import OpeningHours, Session, Week
from server.config_file import Table, problem, setting

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SAMPLE_SESSIONS = ["07:30-11:30", "13:30-17:00"]
_FIX = 'write sessions as "HH:MM-HH:MM" in order, e.g. weekdays = ["07:30-11:30", "13:30-17:00"]'


def _sessions(texts: list[str]) -> tuple[Session, ...]:
    try:
        sessions = tuple(Session.parse(text) for text in texts)
    except ValueError as exc:
        raise problem(str(exc), _FIX) from None
    for earlier, later in zip(sessions, sessions[1:], strict=False):
        if later.start_min < earlier.end_min:
            raise problem(f"sessions {earlier} and {later} overlap or are out of order", _FIX)
    return sessions


class _WeekTable(Table):
    """``weekdays`` (Monday to Friday) and each day by name; None: not given here."""

    weekdays: list[str] | None = setting(None, fix=_FIX)
    monday: list[str] | None = setting(None, fix=_FIX)
    tuesday: list[str] | None = setting(None, fix=_FIX)
    wednesday: list[str] | None = setting(None, fix=_FIX)
    thursday: list[str] | None = setting(None, fix=_FIX)
    friday: list[str] | None = setting(None, fix=_FIX)
    saturday: list[str] | None = setting(None, fix=_FIX)
    sunday: list[str] | None = setting(None, fix=_FIX)

    @field_validator("weekdays", *DAYS)
    @classmethod
    def _valid_sessions(cls, texts: list[str] | None) -> list[str] | None:
        if texts is not None:
            _sessions(texts)
        return texts

    def week(self, base: Week) -> Week:
        """This table's week: each day as given, else ``weekdays`` for Monday to Friday, else ``base``'s."""
        days = []
        for index, name in enumerate(DAYS):
            own = getattr(self, name)
            if own is None and index < 5:
                own = self.weekdays
            days.append(_sessions(own) if own is not None else base[index])
        return tuple(days)


class CounterHoursTable(_WeekTable):
    numbers: list[int] = setting(min_length=1, fix="write e.g. numbers = [5, 6] (counter numbers)")


class HoursTable(_WeekTable):
    weekdays: list[str] | None = setting(SAMPLE_SESSIONS, fix=_FIX)
    counters: list[CounterHoursTable] = []

    @model_validator(mode="after")
    def _each_counter_once(self) -> HoursTable:
        seen: set[int] = set()
        for block in self.counters:
            twice = seen & set(block.numbers)
            if twice:
                raise problem(
                    f"counter {min(twice)} is in two [[hours.counters]] blocks",
                    "give each counter its hours in one block",
                    "hours.counters.numbers",
                )
            seen |= set(block.numbers)
        return self

    def opening_hours(self, timezone: str = DEFAULT_TIMEZONE) -> OpeningHours:
        closed: Week = ((),) * 7
        week = self.week(closed)
        counters = {n: block.week(week) for block in self.counters for n in block.numbers}
        return OpeningHours(timezone, week, counters)
