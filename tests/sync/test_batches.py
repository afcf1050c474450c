"""The batch builder (sync/batches.py): cells built here, checked against the district's own schema."""

from __future__ import annotations

import datetime as dt

from district.schema import Batch
from sync.batches import Scale, build, by_day, days_between, is_final
from tests.helpers.district import cell

NOW = dt.datetime(2026, 11, 27, 1, 5, tzinfo=dt.UTC)


def test_scale_from_the_office_keeps_order_and_negative_levels() -> None:
    answer = {
        "levels": [
            {"value": 5, "label_vi": "Rất hài lòng", "label_en": "Very satisfied", "negative": False},
            {"value": 4, "label_vi": "Hài lòng", "label_en": "Satisfied", "negative": False},
            {"value": 3, "label_vi": "Bình thường", "label_en": "Neutral", "negative": False},
            {"value": 2, "label_vi": "Không hài lòng", "label_en": "Not satisfied", "negative": True},
            {"value": 1, "label_vi": "Rất không hài lòng", "label_en": "Very unsatisfied", "negative": True},
        ]
    }
    assert Scale.from_office(answer) == Scale(("5", "4", "3", "2", "1"), ("2", "1"))


def test_cells_are_grouped_by_day_with_every_day_present_and_extra_fields_dropped() -> None:
    cells = [cell(day="2026-11-27", hour=9), {**cell(day="2026-11-27", hour=8), "something_new": 1}]
    grouped = by_day(cells, ["2026-11-26", "2026-11-27"])
    assert grouped["2026-11-26"] == []
    assert [c["hour"] for c in grouped["2026-11-27"]] == [8, 9]
    assert "something_new" not in grouped["2026-11-27"][0]


def test_a_day_is_final_once_over_and_nothing_is_open() -> None:
    closed = [cell(issued=10, served=8, no_show=1, cancelled=1)]
    still_waiting = [cell(issued=10, served=7, no_show=1, cancelled=1)]
    assert is_final("2026-11-26", "2026-11-27", closed)
    assert is_final("2026-11-26", "2026-11-27", [])
    assert not is_final("2026-11-27", "2026-11-27", closed)
    assert not is_final("2026-11-26", "2026-11-27", still_waiting)


def test_a_built_batch_passes_the_district_schema() -> None:
    scale = Scale(("3", "2", "1"), ("1",))
    built = build("ky-son", "2026-11-26", "2026-11-27", [cell(day="2026-11-26")], scale, 42, NOW)
    parsed = Batch.model_validate(built.body)
    assert str(parsed.batch_id) == built.batch_id
    assert parsed.version == 42 and built.final
    assert parsed.days == [dt.date(2026, 11, 26)]
    assert parsed.scale.negative == ["1"]


def test_every_batch_has_its_own_id() -> None:
    scale = Scale(("3", "2", "1"), ("1",))
    ids = {build("ky-son", "2026-11-26", "2026-11-27", [], scale, 1, NOW).batch_id for _ in range(50)}
    assert len(ids) == 50


def test_days_between_crosses_months() -> None:
    assert days_between("2026-11-29", "2026-12-02") == ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]
