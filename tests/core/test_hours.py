"""Opening hours: sessions, breaks, counters that keep other hours."""

from __future__ import annotations

from datetime import date

import pytest

from core.hours import SAMPLE_HOURS, OpeningHours, Session, Span
from tests.core.wait_states import at

SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "session"), [("07:30-11:30", Session(450, 690)), ("13:30 – 17:00", Session(810, 1020))]
)
def test_sessions_read_like_an_office_writes_them(text: str, session: Session) -> None:
    assert Session.parse(text) == session
    assert Session.parse(str(session)) == session


@pytest.mark.parametrize("bad", ["7h30-11h30", "11:30-07:30", "07:70-08:00", "", "25:00-26:00"])
def test_a_bad_session_says_how_to_write_one(bad: str) -> None:
    with pytest.raises(ValueError, match="session"):
        Session.parse(bad)


def test_overlapping_sessions_are_refused() -> None:
    with pytest.raises(ValueError, match="overlap"):
        OpeningHours.weekdays(Session.parse("07:30-11:30"), Session.parse("11:00-17:00"))


def test_the_sample_office_breaks_for_lunch() -> None:
    assert SAMPLE_HOURS.is_open(at(11, 29))
    assert not SAMPLE_HOURS.is_open(at(11, 30))
    assert SAMPLE_HOURS.next_opening(at(12)) == at(13, 30)
    assert SAMPLE_HOURS.breaks(at(9)) == (Span(at(11, 30), at(13, 30)),)
    assert SAMPLE_HOURS.closing(at(9)) == at(17)
    assert SAMPLE_HOURS.next_opening(at(17, 30)) is None


def test_the_weekend_is_closed() -> None:
    assert SAMPLE_HOURS.sessions_on(SATURDAY) == ()


def test_a_counter_on_lunch_duty_keeps_its_own_hours() -> None:
    hours = SAMPLE_HOURS.with_counter(6, ((Session.parse("07:30-17:00"),),) * 5 + ((), ()))
    assert hours.is_open(at(12), 6)
    assert not hours.is_open(at(12), 5)
    assert hours.breaks(at(12), 6) == ()


def test_a_span_measures_its_overlap() -> None:
    lunch = Span(at(11, 30), at(13, 30))
    assert lunch.overlap(at(11), at(12)) == 1800
    assert lunch.overlap(at(14), at(15)) == 0
