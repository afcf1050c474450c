"""The lobby playlist's rules (core/playlist.py): hours of the day, over midnight too, and the next slide."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.playlist import MINUTES_PER_DAY, Hours, HoursError, Slide, minute_of, next_slide, seconds_on_screen

minutes = st.integers(0, MINUTES_PER_DAY - 1)
hours = st.one_of(st.none(), st.builds(Hours, minutes, minutes).filter(lambda h: h.start != h.end))
slides = st.lists(
    st.builds(Slide, st.integers(1, 10_000), st.sampled_from(["image", "video", "text"]),
              st.one_of(st.none(), st.integers(3, 600)), hours, st.booleans()),
    max_size=12, unique_by=lambda s: s.id,
)  # fmt: skip


def test_times_of_day() -> None:
    assert minute_of("07:30") == 450 and minute_of("0:05") == 5 and minute_of("23:59") == 1439
    for bad in ("24:00", "7h30", "07:60", "", "-1:00"):
        with pytest.raises(HoursError):
            minute_of(bad)
    assert Hours.parse(None, None) is None
    for start, end in (("07:30", None), (None, "11:30"), ("08:00", "08:00")):
        with pytest.raises(HoursError):
            Hours.parse(start, end)


def test_a_span_over_midnight() -> None:
    night = Hours.parse("22:00", "06:00")
    assert night is not None
    assert night.contains(23 * 60) and night.contains(0) and night.contains(5 * 60 + 59)
    assert not night.contains(6 * 60) and not night.contains(12 * 60)


@given(hours.filter(lambda h: h is not None), minutes)
def test_a_span_and_its_complement_split_the_day(span: Hours, minute: int) -> None:
    assert span.contains(minute) != Hours(span.end, span.start).contains(minute)


@given(slides, st.one_of(st.none(), st.integers(1, 10_000)), minutes)
def test_the_next_slide_is_the_first_showing_one_after_the_current(
    playlist: list[Slide], after: int | None, minute: int
) -> None:
    chosen = next_slide(playlist, after, minute)
    showing = [s for s in playlist if s.shows_at(minute)]
    if not showing:
        assert chosen is None
        return
    assert chosen is not None and chosen.shows_at(minute)
    ids = [s.id for s in playlist]
    start = ids.index(after) + 1 if after in ids else 0
    skipped = [playlist[(start + i) % len(playlist)] for i in range(len(playlist))]
    assert chosen == next(s for s in skipped if s.shows_at(minute))  # none showing was passed over
    assert 3 <= seconds_on_screen(chosen) <= 600


def test_one_slide_shows_again_and_again() -> None:
    poster = Slide(1, "image", 10)
    assert next_slide([poster], 1, 600) == poster and next_slide([poster], None, 600) == poster
    assert next_slide([Slide(1, "image", 10, enabled=False)], None, 600) is None
