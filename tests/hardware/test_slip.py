"""The slip and the printed wait."""

from __future__ import annotations

from datetime import datetime

import pytest

from hardware.slip import slip_texts, wait_range_minutes, wait_text
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
