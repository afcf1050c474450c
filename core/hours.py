"""Opening hours: when an office's counters call citizens, per weekday, and the breaks between sessions.

A day has sessions ("07:30–11:30", "13:30–17:00"); the gap between two
sessions is the lunch break. Some counters keep other hours (a centre keeps
half its counters open over lunch): ``counters`` overrides the week for
those. Times are office-local (``timezone``), weekday 0 is Monday.

office.toml's ``[hours]`` table is read into one of these (server/config.py);
``SAMPLE_HOURS`` is its default, the hours DOMAIN.md gives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import DEFAULT_TIMEZONE, local_epoch

MINUTES_PER_DAY = 24 * 60
_SESSION = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, order=True)
class Session:
    """One stretch of opening, in minutes after local midnight: [start, end)."""

    start_min: int
    end_min: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_min < self.end_min <= MINUTES_PER_DAY:
            raise ValueError(f"a session runs forward within one day, got {self}")

    @classmethod
    def parse(cls, text: str) -> Session:
        """``"07:30-11:30"`` (or with an en dash)."""
        match = _SESSION.match(text)
        if not match:
            raise ValueError(f"session {text!r} must read like '07:30-11:30'")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 >= 60 or m2 >= 60:
            raise ValueError(f"session {text!r}: minutes run 00 to 59")
        return cls(h1 * 60 + m1, h2 * 60 + m2)

    def __str__(self) -> str:
        return f"{self.start_min // 60:02d}:{self.start_min % 60:02d}–{self.end_min // 60:02d}:{self.end_min % 60:02d}"


# Sessions of Monday … Sunday.
Week = tuple[tuple[Session, ...], ...]


def _check_week(week: Week) -> None:
    if len(week) != 7:
        raise ValueError(f"a week has 7 days of sessions, got {len(week)}")
    for day in week:
        for earlier, later in zip(day, day[1:], strict=False):
            if later.start_min < earlier.end_min:
                raise ValueError(f"sessions {earlier} and {later} overlap or are out of order")


@dataclass(frozen=True)
class Span:
    """A session or a break on a given day, as epoch seconds [start, end)."""

    start: float
    end: float

    def contains(self, epoch_s: float) -> bool:
        return self.start <= epoch_s < self.end

    def overlap(self, start: float, end: float) -> float:
        """Seconds of [start, end) inside this span."""
        return max(0.0, min(self.end, end) - max(self.start, start))


@dataclass(frozen=True)
class OpeningHours:
    timezone: str
    week: Week
    # Counter number → its own week, for counters that keep other hours than the office.
    counters: Mapping[int, Week] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ZoneInfo(self.timezone)  # an unknown zone fails here, not at the first estimate
        _check_week(self.week)
        for week in self.counters.values():
            _check_week(week)

    @classmethod
    def weekdays(cls, *sessions: Session, timezone: str = DEFAULT_TIMEZONE) -> OpeningHours:
        """The same sessions Monday to Friday; closed at the weekend."""
        return cls(timezone, (tuple(sessions),) * 5 + ((), ()))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def with_counter(self, number: int, week: Week) -> OpeningHours:
        return OpeningHours(self.timezone, self.week, {**self.counters, number: week})

    def sessions_on(self, day: date, counter: int | None = None) -> tuple[Session, ...]:
        week = self.counters.get(counter, self.week) if counter is not None else self.week
        return week[day.weekday()]

    def local_day(self, epoch_s: float) -> date:
        return datetime.fromtimestamp(epoch_s, self.tz).date()

    def spans(self, epoch_s: float, counter: int | None = None) -> tuple[Span, ...]:
        """The sessions of the office-local day of ``epoch_s``, as epoch spans."""
        day = self.local_day(epoch_s)
        tz = self.tz
        return tuple(
            Span(local_epoch(day, s.start_min, tz), local_epoch(day, s.end_min, tz))
            for s in self.sessions_on(day, counter)
        )

    def is_open(self, epoch_s: float, counter: int | None = None) -> bool:
        return any(span.contains(epoch_s) for span in self.spans(epoch_s, counter))

    def next_opening(self, epoch_s: float, counter: int | None = None) -> float | None:
        """The start of the next session later this day, or None."""
        return next((s.start for s in self.spans(epoch_s, counter) if s.start > epoch_s), None)

    def breaks(self, epoch_s: float, counter: int | None = None) -> tuple[Span, ...]:
        """The gaps between this day's sessions (the lunch break)."""
        spans = self.spans(epoch_s, counter)
        return tuple(Span(a.end, b.start) for a, b in zip(spans, spans[1:], strict=False) if b.start > a.end)

    def closing(self, epoch_s: float, counter: int | None = None) -> float | None:
        """The end of this day's last session, or None on a closed day."""
        spans = self.spans(epoch_s, counter)
        return spans[-1].end if spans else None

    def next_day_start(self, epoch_s: float) -> float:
        day = self.local_day(epoch_s) + timedelta(days=1)
        return local_epoch(day, 0, self.tz)


# The sample office (DOMAIN.md): 07:30–11:30 and 13:30–17:00, Monday to Friday, Hanoi time.
SAMPLE_HOURS = OpeningHours.weekdays(Session.parse("07:30-11:30"), Session.parse("13:30-17:00"))
