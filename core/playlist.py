"""The lobby playlist's rules: which slides show at a time of day, and which one comes next.

A slide is an image, a short video or a text (vi/en) with how long it shows (a video without one
plays to its end) and, optionally, the hours of the day it shows: ``"07:30"``–``"11:30"``; a span
whose end is before its start runs over midnight. No Qt, no HTTP, no SQL: the server checks
uploads and hours with these, the displays (Qt and web) choose the next slide with them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("image", "video", "text")
MINUTES_PER_DAY = 24 * 60
# What a slide may last: long enough for a poster, short enough that a lobby sees several.
MIN_DURATION_S = 3
MAX_DURATION_S = 600
# A video without a set duration plays to its end, but never longer than this (a stuck file).
VIDEO_CAP_S = MAX_DURATION_S
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
    """A time of day that is not HH:MM (00:00–23:59), or a span that starts where it ends."""


def minute_of(text: str) -> int:
    """``"07:30"`` → 450; HoursError for anything else."""
    match = _TIME.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise HoursError(f"{text!r} is not a time of day HH:MM (00:00 to 23:59)")
    return int(match[1]) * 60 + int(match[2])


@dataclass(frozen=True)
class Hours:
    """When a slide shows: [start, end) in minutes after local midnight, over midnight if end < start."""

    start: int
    end: int

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Hours | None:
        """None when neither is given (all day); HoursError when only one is, or they are equal."""
        if start is None and end is None:
            return None
        if start is None or end is None:
            raise HoursError("give both the hour a slide starts showing and the hour it stops, or neither")
        hours = cls(minute_of(start), minute_of(end))
        if hours.start == hours.end:
            raise HoursError(f"{start}–{end} is an empty span: the end must differ from the start")
        return hours

    def contains(self, minute: int) -> bool:
        minute %= MINUTES_PER_DAY
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end


@dataclass(frozen=True)
class Slide:
    """One playlist item as the rules see it."""

    id: int
    kind: str
    # Seconds on screen; None only for a video (it plays to its end, at most VIDEO_CAP_S).
    duration_s: int | None
    hours: Hours | None = None
    enabled: bool = True

    def shows_at(self, minute: int) -> bool:
        return self.enabled and (self.hours is None or self.hours.contains(minute))


def next_slide(slides: Sequence[Slide], after: int | None, minute: int) -> Slide | None:
    """The slide to show after the one with id ``after`` (None: from the top) at ``minute`` of the day.

    The order is the playlist's; slides outside their hours or disabled are skipped; after the
    last comes the first again. None when nothing shows now. A slide removed meanwhile (``after``
    no longer in the list) restarts from the top.
    """
    ids = [s.id for s in slides]
    start = ids.index(after) + 1 if after in ids else 0
    for offset in range(len(slides)):
        slide = slides[(start + offset) % len(slides)]
        if slide.shows_at(minute):
            return slide
    return None


def seconds_on_screen(slide: Slide) -> int:
    """How long a slide holds the zone: its duration, or for a video without one the cap (its end comes first)."""
    return slide.duration_s if slide.duration_s is not None else VIDEO_CAP_S
