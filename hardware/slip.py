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
    # The ticket's secret code (its QR's ?c=), printed under the QR so that it can be typed at the kiosk.
    code: str = ""

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be 'vi' or 'en', not {self.language!r}")
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware (office-local time)")
        if not self.label.strip():
            raise ValueError("label must not be empty")
        if self.waiting_ahead < 0 or self.estimated_wait_s < 0:
            raise ValueError("waiting_ahead and estimated_wait_s must be >= 0")


def wait_range_minutes(seconds: int) -> tuple[int, int]:
    """The printed wait as (low, high) minutes; low == high for a single value.

    Short waits are rounded minutes; longer ones a range whose width grows with
    the wait, because the estimate's error grows with it (5, 10, 15 min).
    """
    minutes = seconds / 60
    if minutes < 5:
        single = max(1, round(minutes)) if seconds > 0 else 0
        return single, single
    step = 5 if minutes < 30 else 10 if minutes < 60 else 15
    low = math.floor(minutes / step) * step
    return low, low + step


def wait_text(seconds: int, language: str, *, capital: bool = True) -> str:
    """ "Khoảng 20–25 phút" / "About 20–25 min" ("khoảng..." with capital=False)."""
    low, high = wait_range_minutes(seconds)
    if high == 0:
        text = "Sắp đến lượt" if language == "vi" else "You are next"
    else:
        span = f"{low}" if low == high else f"{low}–{high}"
        text = f"Khoảng {span} phút" if language == "vi" else f"About {span} min"
    return text if capital else text[0].lower() + text[1:]


def _wait_line(seconds: int, language: str) -> str:
    if wait_range_minutes(seconds)[1] == 0:
        return wait_text(seconds, language)
    return ("Chờ " if language == "vi" else "Wait: ") + wait_text(
        seconds, language, capital=False)


@dataclass(frozen=True)
class SlipTexts:
    """The strings of one ticket in its language, in printing order."""

    office: str
    label: str
    service: str
    priority: str | None
    ahead: str
    wait: str
    issued: str
    footer: str
    # The ticket's code under its QR: a label, then the code alone (ASCII, so every mode prints it as
    # native text — drawn, the whole line would cost universal mode ~400 bytes, the label alone ~200).
    code_label: str | None = None
    code: str | None = None


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
        wait=_wait_line(slip.estimated_wait_s, slip.language),
        # Day/month/year as Vietnam writes it; ASCII so it prints natively anywhere.
        issued=slip.issued_at.strftime("%d/%m/%Y %H:%M"),
        footer=slip.footer,
        code_label=("Mã đánh giá:" if vi else "Rating code:") if slip.code else None,
        # In two groups of four, as people read a code out or type it.
        code=f"{slip.code[:4]} {slip.code[4:]}" if slip.code else None,
    )
