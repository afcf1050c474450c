"""What goes on a ticket, and the words printed for it in each language."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
    # The range printed with the wait (the estimator's; None: the wait alone, worded as a rough range),
    # and the share of its futures that call her today (below 0.9 the ticket says she may not be).
    wait_low_s: int | None = None
    wait_high_s: int | None = None
    wait_called_today: float | None = None
    # The service's counters are all outside their sessions (a Closure's kind) until ``closed_until`` ("13:30").
    closed: str | None = None
    closed_until: str | None = None
    # The ticket's secret code (its QR's ?c=), printed under the QR so that it can be typed at the kiosk.
    code: str = ""
    # A booked citizen's slot ("08:30", office-local): "Lịch hẹn 08:30" under the service. None: a walk-in,
    # whose ticket stays exactly as it was (its size is measured, issue #13).
    appointment: str | None = None

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


# Below this share of the estimator's futures calling her today, the range's top is "not today".
SURELY_TODAY = 0.9
LIKELY_TODAY = 0.5


def wait_text(
    seconds: int,
    language: str,
    *,
    capital: bool = True,
    low_s: int | None = None,
    high_s: int | None = None,
    called_today: float | None = None,
    about: bool = True,
    short: bool = False,
) -> str:
    """ "Khoảng 20–25 phút" / "About 20–25 min" ("khoảng..." with capital=False, "20–25 phút" without
    ``about``); "Dưới 5 phút" from 0; "Ít nhất 40 phút — có thể không đến lượt hôm nay" when some of the
    futures do not call her today (``short``, for a tile: "Ít nhất 40 phút", "Có thể không kịp hôm nay")."""
    low, high = wait_range_minutes(seconds, low_s, high_s)
    vi = language == "vi"
    if called_today is not None and called_today < SURELY_TODAY:
        if called_today < LIKELY_TODAY or low == 0:
            if short:
                text = "Có thể không kịp hôm nay" if vi else "May not be called today"
            else:
                text = "Có thể không đến lượt trong hôm nay" if vi else "May not be called today"
        elif short:
            text = f"Ít nhất {low} phút" if vi else f"At least {low} min"
        else:
            text = (f"Ít nhất {low} phút — có thể không đến lượt hôm nay" if vi
                    else f"At least {low} min — may not be called today")
    elif high == 0:
        text = "Sắp đến lượt" if vi else "You are next"
    elif low == 0:
        text = f"Dưới {high} phút" if vi else f"Under {high} min"
    else:
        span = f"{low}" if low == high else f"{low}–{high}"
        text = f"{span} phút" if vi else f"{span} min"
        if about:
            text = f"Khoảng {text}" if vi else f"About {text}"
    return text if capital else text[0].lower() + text[1:]


# A Closure's kind (core.wait_estimate) → what the ticket and the kiosk say, {until} the time it reopens.
CLOSED_TEXTS = {
    "lunch": ("Bộ phận nghỉ trưa đến {until}", "Closed for lunch until {until}"),
    "not_open_yet": ("Bộ phận bắt đầu làm việc lúc {until}", "Opens at {until}"),
    "closed_today": ("Bộ phận đã hết giờ làm việc hôm nay", "Closed for the rest of today"),
}
# The same, short, for a tile of the lobby display's strip.
CLOSED_SHORT = {
    "lunch": ("Nghỉ trưa đến {until}", "Lunch break until {until}"),
    "not_open_yet": ("Làm việc từ {until}", "Opens at {until}"),
    "closed_today": ("Hết giờ làm việc", "Closed for today"),
}


def closed_text(kind: str, until: str | None, language: str, *, short: bool = False) -> str:
    """ "Bộ phận nghỉ trưa đến 13:30" / "Closed for lunch until 13:30" (``short``: "Nghỉ trưa đến 13:30")."""
    vi, en = (CLOSED_SHORT if short else CLOSED_TEXTS)[kind]
    return (vi if language == "vi" else en).format(until=until or "")


def closure_words(closure: dict[str, Any] | None, language: str, *, short: bool = False) -> str:
    """A ticket's or a queue's ``closure`` (the API's: kind, until as ISO time) in words; "" when open."""
    if not closure:
        return ""
    until = closure.get("until")
    hhmm = datetime.fromisoformat(until).strftime("%H:%M") if until else None
    return closed_text(closure["kind"], hhmm, language, short=short)


def wait_sentence(
    seconds: int,
    language: str,
    *,
    low_s: int | None = None,
    high_s: int | None = None,
    called_today: float | None = None,
    lead: tuple[str, str] = ("Chờ", "Wait:"),
    short: bool = False,
) -> str:
    """The wait as a line of its own: "Chờ khoảng 20–25 phút" (``lead`` before a length of time), else
    "Sắp đến lượt", "Có thể không đến lượt trong hôm nay" …"""
    text = wait_text(
        seconds, language, capital=False, low_s=low_s, high_s=high_s, called_today=called_today, short=short
    )
    if text.startswith(("khoảng", "dưới", "about", "under")):
        return f"{lead[0] if language == 'vi' else lead[1]} {text}"
    return text[0].upper() + text[1:]


def _wait_line(slip: TicketSlip) -> str:
    return wait_sentence(slip.estimated_wait_s, slip.language, low_s=slip.wait_low_s, high_s=slip.wait_high_s,
                         called_today=slip.wait_called_today)


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
    # The ticket's code under its QR: a label, then the code alone (ASCII, so every mode prints it as
    # native text — drawn, the whole line would cost universal mode ~400 bytes, the label alone ~200).
    code_label: str | None = None
    code: str | None = None
    appointment: str | None = None


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
        code_label=("Mã đánh giá:" if vi else "Rating code:") if slip.code else None,
        # In two groups of four, as people read a code out or type it.
        code=f"{slip.code[:4]} {slip.code[4:]}" if slip.code else None,
        appointment=appointment_text(slip.appointment, slip.language) if slip.appointment else None,
    )


def appointment_text(hhmm: str, language: str) -> str:
    """A booked citizen's slot: "Lịch hẹn 08:30" / "Appointment 08:30"."""
    return f"Lịch hẹn {hhmm}" if language == "vi" else f"Appointment {hhmm}"
