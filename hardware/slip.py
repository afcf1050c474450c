"""What goes on a ticket, and the words printed for it in each language."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class TicketSlip:
    """Everything printed on one queue ticket.

    ``issued_at`` is office-local and timezone-aware; ``language`` chooses which
    texts are printed ("vi", the default, or "en").
    """

    office_name: str
    label: str
    service_vi: str
    service_en: str
    issued_at: datetime
    waiting_ahead: int
    estimated_wait_s: int
    qr_data: str
    footer: str
    language: str = "vi"
    priority_vi: str | None = None
    # The range printed with the wait (the estimator's; None: the wait alone, worded as a rough range).
    wait_low_s: int | None = None
    wait_high_s: int | None = None
    # The service's counters are all outside their sessions (a Closure's kind) until ``closed_until`` ("13:30").
    closed: str | None = None
    closed_until: str | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be 'vi' or 'en', not {self.language!r}")
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware (office-local time)")
        if not self.label.strip():
            raise ValueError("label must not be empty")
        if self.waiting_ahead < 0 or self.estimated_wait_s < 0:
            raise ValueError("waiting_ahead and estimated_wait_s must be >= 0")
        if (self.wait_low_s is None) != (self.wait_high_s is None):
            raise ValueError("wait_low_s and wait_high_s come together")
        if self.closed not in (None, *CLOSED_TEXTS):
            raise ValueError(f"closed must be one of {', '.join(CLOSED_TEXTS)}, not {self.closed!r}")


def wait_range_minutes(seconds: int, low_s: int | None = None, high_s: int | None = None) -> tuple[int, int]:
    """The printed wait as (low, high) minutes; low == high for a single value.

    With the estimator's range (``low_s``, ``high_s``): its bounds, each rounded
    to the nearest minute below 15 minutes, 5 minutes to an hour, 10 above
    (a citizen plans in such steps; rounding to the nearest keeps the range
    as calibrated as it came). With the wait alone: short waits are rounded
    minutes, longer ones a range whose width grows with the wait (5, 10, 15 min).
    """
    if low_s is not None and high_s is not None:
        low, high = _rounded(low_s / 60), _rounded(high_s / 60)
        return low, max(low, high)
    minutes = seconds / 60
    if minutes < 5:
        single = max(1, round(minutes)) if seconds > 0 else 0
        return single, single
    step = 5 if minutes < 30 else 10 if minutes < 60 else 15
    low = math.floor(minutes / step) * step
    return low, low + step


def _rounded(minutes: float) -> int:
    step = 1 if minutes < 15 else 5 if minutes < 60 else 10
    return int(minutes / step + 0.5) * step


def wait_text(
    seconds: int, language: str, *, capital: bool = True, low_s: int | None = None, high_s: int | None = None
) -> str:
    """ "Khoảng 20–25 phút" / "About 20–25 min" ("khoảng..." with capital=False); "Dưới 5 phút" from 0."""
    low, high = wait_range_minutes(seconds, low_s, high_s)
    vi = language == "vi"
    if high == 0:
        text = "Sắp đến lượt" if vi else "You are next"
    elif low == 0:
        text = f"Dưới {high} phút" if vi else f"Under {high} min"
    else:
        span = f"{low}" if low == high else f"{low}–{high}"
        text = f"Khoảng {span} phút" if vi else f"About {span} min"
    return text if capital else text[0].lower() + text[1:]


# A Closure's kind (core.wait_estimate) → what the ticket and the kiosk say, {until} the time it reopens.
CLOSED_TEXTS = {
    "lunch": ("Bộ phận nghỉ trưa đến {until}", "Closed for lunch until {until}"),
    "not_open_yet": ("Bộ phận bắt đầu làm việc lúc {until}", "Opens at {until}"),
    "closed_today": ("Bộ phận đã hết giờ làm việc hôm nay", "Closed for the rest of today"),
}


def closed_text(kind: str, until: str | None, language: str) -> str:
    """ "Bộ phận nghỉ trưa đến 13:30" / "Closed for lunch until 13:30"."""
    vi, en = CLOSED_TEXTS[kind]
    return (vi if language == "vi" else en).format(until=until or "")


def _wait_line(slip: TicketSlip) -> str:
    text = wait_text(slip.estimated_wait_s, slip.language, capital=False, low_s=slip.wait_low_s,
                     high_s=slip.wait_high_s)
    if wait_range_minutes(slip.estimated_wait_s, slip.wait_low_s, slip.wait_high_s)[1] == 0:
        return text[0].upper() + text[1:]
    return ("Chờ " if slip.language == "vi" else "Wait: ") + text


@dataclass(frozen=True)
class SlipTexts:
    """The strings of one ticket in its language, in printing order."""

    office: str
    label: str
    service: str
    priority: str | None
    ahead: str
    wait: str
    closed: str | None
    issued: str
    footer: str


def slip_texts(slip: TicketSlip) -> SlipTexts:
    """Choose and format the texts of ``slip`` in its language."""
    vi = slip.language == "vi"
    priority = None
    if slip.priority_vi:
        priority = ("Ưu tiên: " if vi else "Priority: ") + slip.priority_vi
    return SlipTexts(
        office=slip.office_name,
        label=slip.label,
        service=slip.service_vi if vi else slip.service_en,
        priority=priority,
        ahead=(f"Số người chờ trước: {slip.waiting_ahead}" if vi
               else f"People ahead of you: {slip.waiting_ahead}"),
        wait=_wait_line(slip),
        closed=closed_text(slip.closed, slip.closed_until, slip.language) if slip.closed else None,
        # Day/month/year as Vietnam writes it; ASCII so it prints natively anywhere.
        issued=slip.issued_at.strftime("%d/%m/%Y %H:%M"),
        footer=slip.footer,
    )
