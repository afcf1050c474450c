"""The display's settings as GET /api/display gives them ([display] in office.toml); words on screen."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hardware.slip import closure_words, wait_text
from server.config import DisplayConfig

_DEFAULT = DisplayConfig()

STATES = {
    "signed_out": ("Đóng", "Closed"),
    "idle": ("Sẵn sàng", "Ready"),
    "calling": ("Đang gọi", "Calling"),
    "serving": ("Đang phục vụ", "Serving"),
    "paused": ("Tạm dừng", "Paused"),
}
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DisplaySettings:
    notice_vi: str = _DEFAULT.notice_vi
    notice_en: str = _DEFAULT.notice_en
    colors: dict[str, str] = field(
        default_factory=lambda: {
            "background": _DEFAULT.background,
            "panel": _DEFAULT.panel,
            "text": _DEFAULT.text,
            "accent": _DEFAULT.accent,
            "highlight": _DEFAULT.highlight,
        }
    )
    logo: bytes | None = None
    highlight_s: int = _DEFAULT.highlight_s
    recent_calls: int = _DEFAULT.recent_calls
    call_vi: str = _DEFAULT.call_vi
    call_en: str = _DEFAULT.call_en
    announce: tuple[str, ...] = _DEFAULT.announce

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DisplaySettings:
        logo = None
        if data.get("logo"):
            # "data:image/png;base64,…"
            logo = base64.b64decode(str(data["logo"]).partition(",")[2])
        return cls(
            notice_vi=data["notice_vi"],
            notice_en=data["notice_en"],
            colors=dict(data["colors"]),
            logo=logo,
            highlight_s=int(data["highlight_s"]),
            recent_calls=int(data["recent_calls"]),
            call_vi=data["call_vi"],
            call_en=data["call_en"],
            announce=tuple(data["announce"]),
        )

    def templates(self) -> dict[str, str]:
        return {"vi": self.call_vi, "en": self.call_en}


def state_words(state: str, language: str) -> str:
    vi, en = STATES.get(state, (state, state))
    return vi if language == "vi" else en


def wait_words(queue: dict[str, Any] | None, language: str) -> str:
    """"3 chờ · 10–15 phút" / "3 waiting · 10–15 min"; "không chờ" when nobody waits;
    "Nghỉ trưa đến 13:30" while the service's counters are at lunch (worded as the ticket words it)."""
    closed = closure_words((queue or {}).get("closure"), language, short=True)
    if not queue or not queue.get("waiting"):
        return closed or ("không chờ" if language == "vi" else "no wait")
    count = f"{queue['waiting']} chờ" if language == "vi" else f"{queue['waiting']} waiting"
    wait = closed or wait_text(
        int(queue["estimated_wait_s"]),
        language,
        capital=False,
        low_s=queue.get("estimated_low_s"),
        high_s=queue.get("estimated_high_s"),
        called_today=queue.get("estimated_called_today"),
        about=False,
        short=True,
    )
    return f"{count} · {wait}"


def date_words(moment: datetime, language: str) -> str:
    days = WEEKDAYS_VI if language == "vi" else WEEKDAYS_EN
    return f"{days[moment.weekday()]}, {moment:%d/%m/%Y}"
