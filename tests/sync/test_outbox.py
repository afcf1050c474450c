"""The durable outbox (sync/outbox.py): on disk before sending, gone only once acknowledged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sync.batches import Batch, Scale, build
from sync.outbox import OUTBOX_NAME, Outbox

SCALE = Scale(("3", "2", "1"), ("1",))
NOW = dt.datetime(2026, 11, 27, 1, 5, tzinfo=dt.UTC)


def made(day: str, version: int, today: str = "2026-11-28") -> Batch:
    return build("ky-son", day, today, [], SCALE, version, NOW)


def test_a_newer_batch_of_a_day_replaces_the_unsent_older_one(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / OUTBOX_NAME)
    outbox.put_all([made("2026-11-27", 1), made("2026-11-26", 2)], 0)
    outbox.put_all([made("2026-11-27", 3)], 0)
    pending = outbox.pending()
    assert [(p.day, p.version) for p in pending] == [("2026-11-26", 2), ("2026-11-27", 3)]


def test_pending_survives_a_reopen_and_is_oldest_day_first(tmp_path: Path) -> None:
    path = tmp_path / OUTBOX_NAME
    outbox = Outbox(path)
    outbox.put_all([made("2026-11-27", 5), made("2026-11-25", 6), made("2026-11-26", 7)], 0)
    outbox.close()
    again = Outbox(path)
    assert [p.day for p in again.pending()] == ["2026-11-25", "2026-11-26", "2026-11-27"]
    assert again.backlog() == 3 and again.oldest_pending_day() == "2026-11-25"


def test_acknowledged_final_batches_move_the_watermark_over_contiguous_days(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / OUTBOX_NAME)
    outbox.update(start_day="2026-11-24")
    outbox.put_all([made(d, i + 1) for i, d in enumerate(["2026-11-24", "2026-11-25", "2026-11-26"])], 0)
    items = {p.day: p for p in outbox.pending()}
    outbox.acknowledged(items["2026-11-25"], day_applied=True, now=1)
    assert outbox.get("watermark") is None  # the 24th is not done yet
    outbox.acknowledged(items["2026-11-24"], day_applied=True, now=1)
    assert outbox.get("watermark") == "2026-11-25"
    outbox.acknowledged(items["2026-11-26"], day_applied=False, now=1)  # stale: not done
    assert outbox.get("watermark") == "2026-11-25"
    assert outbox.backlog() == 0
    assert outbox.done_days("2026-11-01") == {"2026-11-24", "2026-11-25"}


def test_a_batch_of_an_open_day_does_not_close_it(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / OUTBOX_NAME)
    outbox.update(start_day="2026-11-28")
    outbox.put_all([made("2026-11-28", 1, today="2026-11-28")], 0)
    (item,) = outbox.pending()
    assert not item.final
    outbox.acknowledged(item, day_applied=True, now=1)
    assert outbox.done_days("2026-11-01") == set()


def test_versions_keep_rising_when_the_clock_steps_back(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / OUTBOX_NAME)
    first = outbox.reserve_versions(3, now_us=1_000_000)
    assert first == 1_000_000
    assert outbox.reserve_versions(1, now_us=5) == 1_000_003
    outbox.raise_version_floor(9_000_000)
    assert outbox.reserve_versions(1, now_us=5) == 9_000_001


def test_rejected_batches_are_set_aside_one_per_day(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / OUTBOX_NAME)
    for version in (1, 2):
        outbox.put_all([made("2026-11-27", version)], 0)
        (item,) = outbox.pending()
        outbox.reject(item, 422, "invalid request: cells.0.hour", now=1)
    assert outbox.backlog() == 0 and outbox.rejected_count() == 1
