"""What the supervisor is told when the server PC's clock jumps (core/clock_guard.py keeps office time steady)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.clock import local_iso
from core.clock_guard import Jump


def _span(seconds: float) -> tuple[str, str]:
    """(English, Vietnamese) words for a length of time: "1 d 3 h", "12 min"."""
    minutes = int(abs(seconds) // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    en = " ".join(f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "min")) if n) or "1 min"
    vi = " ".join(f"{n} {unit}" for n, unit in ((days, "ngày"), (hours, "giờ"), (minutes, "phút")) if n) or "1 phút"
    return en, vi


def describe(jump: Jump, trusted: bool, tz: ZoneInfo) -> tuple[str, str]:
    """(English, Vietnamese) for the alert and /api/health: what happened, what the office does, what to do."""
    wall, office = local_iso(jump.wall, tz)[:16].replace("T", " "), local_iso(jump.office, tz)[:16].replace("T", " ")
    if not trusted:
        return (
            f"the server PC's clock reads {wall}, before the office's own records: the office goes on from its "
            f"last record ({office}) until the PC's clock is set right (NTP, or by hand)",
            f"Đồng hồ máy chủ đang chỉ {wall}, sớm hơn dữ liệu của văn phòng: văn phòng tiếp tục từ lần ghi cuối "
            f"({office}) cho đến khi giờ máy tính được chỉnh đúng",
        )
    en, vi = _span(jump.seconds)
    ahead = jump.seconds > 0
    return (
        f"the server PC's clock jumped {en} {'ahead' if ahead else 'back'} (it reads {wall}); the office keeps its "
        f"own time ({office}). Set the PC's clock right; if its new time is the right one, restart the server "
        "at a quiet moment",
        f"Đồng hồ máy chủ bị nhảy {'tới' if ahead else 'lùi'} {vi} (đang chỉ {wall}); văn phòng vẫn giữ giờ riêng "
        f"({office}). Hãy chỉnh lại giờ máy tính; nếu giờ mới là đúng, hãy khởi động lại máy chủ lúc vắng khách",
    )
