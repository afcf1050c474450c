"""The satisfaction scale (đánh giá mức độ hài lòng): configuration data and the rate.

Each province designs its own form, so the levels and the reasons are data.
The national index (Decision 766/QĐ-TTg) counts
satisfaction rate = (rated − not satisfied) ÷ rated × 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RatingLevel:
    value: int
    label_vi: str
    label_en: str
    # Counted as "not satisfied" by the satisfaction rate; reasons are asked after it.
    negative: bool = False


@dataclass(frozen=True)
class RatingReason:
    code: str
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class RatingScale:
    levels: tuple[RatingLevel, ...]  # best first
    reasons: tuple[RatingReason, ...]
    show_seconds: int = 30

    def level(self, value: int) -> RatingLevel:
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(value)

    @property
    def negative_values(self) -> frozenset[int]:
        return frozenset(level.value for level in self.levels if level.negative)


DEFAULT_SCALE = RatingScale(
    levels=(
        RatingLevel(3, "Rất hài lòng", "Very satisfied"),
        RatingLevel(2, "Hài lòng", "Satisfied"),
        RatingLevel(1, "Không hài lòng", "Not satisfied", negative=True),
    ),
    reasons=(
        RatingReason("attitude", "Thái độ phục vụ chưa tốt", "Unfriendly attitude"),
        RatingReason("long_wait", "Thời gian chờ lâu", "Long wait"),
        RatingReason("unclear", "Hướng dẫn chưa rõ ràng", "Unclear guidance"),
        RatingReason("slow", "Giải quyết chậm", "Slow handling"),
        RatingReason("other", "Khác", "Other"),
    ),
)


def satisfaction_rate(counts: Mapping[int, int], negative_values: frozenset[int]) -> float | None:
    """Percent of ratings that are not "not satisfied"; None when nobody rated."""
    rated = sum(counts.values())
    if rated == 0:
        return None
    unhappy = sum(n for value, n in counts.items() if value in negative_values)
    return (rated - unhappy) / rated * 100
