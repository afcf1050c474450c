"""The slip and the printed wait."""

from __future__ import annotations

from datetime import datetime

import pytest

from hardware.slip import closure_words, slip_texts, wait_range_minutes, wait_text
from tests.hardware.conftest import standard_slip


@pytest.mark.parametrize("seconds, expected", [
    (0, (0, 0)), (20, (1, 1)), (150, (2, 2)), (170, (3, 3)), (299, (5, 5)), (300, (5, 10)),
    (1260, (20, 25)), (1800, (30, 40)), (3599, (50, 60)), (4500, (75, 90)),
])
def test_wait_range(seconds: int, expected: tuple[int, int]) -> None:
    assert wait_range_minutes(seconds) == expected


def test_wait_text() -> None:
    assert wait_text(1260, "vi") == "Khoảng 20–25 phút"
    assert wait_text(1260, "en") == "About 20–25 min"
    assert wait_text(180, "vi") == "Khoảng 3 phút"
    assert wait_text(0, "en") == "You are next"


def test_wait_text_with_the_estimators_range() -> None:
    # Bounds rounded to the minute below 15 min, to 5 min below an hour, to 10 above.
    assert wait_text(1800, "vi", low_s=1500, high_s=2100) == "Khoảng 25–35 phút"
    assert wait_text(1800, "en", low_s=1500, high_s=2100, capital=False) == "about 25–35 min"
    assert wait_text(600, "vi", low_s=430, high_s=700, about=False) == "7–12 phút"
    assert wait_text(3900, "vi", low_s=3300, high_s=5000) == "Khoảng 55–80 phút"
    assert wait_text(20, "vi", low_s=10, high_s=150) == "Dưới 3 phút"


def test_wait_text_when_she_may_not_be_called_today() -> None:
    assert wait_text(9000, "vi", low_s=7200, high_s=12000, called_today=0.7) == (
        "Ít nhất 120 phút — có thể không đến lượt hôm nay")
    assert wait_text(9000, "en", low_s=7200, high_s=12000, called_today=0.7, short=True) == "At least 120 min"
    assert wait_text(9000, "vi", low_s=7200, high_s=12000, called_today=0.2) == "Có thể không đến lượt trong hôm nay"
    assert wait_text(9000, "vi", low_s=7200, high_s=12000, called_today=0.2, short=True) == "Có thể không kịp hôm nay"
    assert wait_text(1800, "vi", low_s=1500, high_s=2100, called_today=0.95) == "Khoảng 25–35 phút"


def test_lunch_words() -> None:
    lunch = {"kind": "lunch", "until": "2026-11-27T13:30:00+07:00"}
    assert closure_words(lunch, "vi") == "Bộ phận nghỉ trưa đến 13:30"
    assert closure_words(lunch, "en") == "Closed for lunch until 13:30"
    assert closure_words(lunch, "vi", short=True) == "Nghỉ trưa đến 13:30"
    assert closure_words(None, "vi") == ""
    texts = slip_texts(standard_slip(wait_low_s=1500, wait_high_s=2100, closed="lunch", closed_until="13:30"))
    assert (texts.wait, texts.closed) == ("Chờ khoảng 25–35 phút", "Bộ phận nghỉ trưa đến 13:30")


def test_texts_by_language() -> None:
    vi = slip_texts(standard_slip())
    assert (vi.service, vi.ahead, vi.wait, vi.issued) == (
        "Tư pháp – Hộ tịch", "Số người chờ trước: 7", "Chờ khoảng 20–25 phút",
        "27/11/2026 08:15")
    en = slip_texts(standard_slip(language="en", priority_vi="Người cao tuổi"))
    assert (en.service, en.wait, en.priority) == (
        "Justice – civil status", "Wait: about 20–25 min", "Priority: Người cao tuổi")
    assert slip_texts(standard_slip(estimated_wait_s=0)).wait == "Sắp đến lượt"


@pytest.mark.parametrize("change", [
    {"language": "fr"}, {"issued_at": datetime(2026, 11, 27, 8, 15)}, {"label": " "},
    {"waiting_ahead": -1},
])
def test_invalid_slips(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        standard_slip(**change)
