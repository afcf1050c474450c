"""Month roll-ups: a range reads the same from whole months as from their days; batches (replayed, replaced,
stale, across a month's end) keep the months right; the migration fills them from the days stored before it."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from district import figures, migrate, reads
from district.database import database_url, open_engine
from district.rollups import rebuild_months
from district.store import DistrictStore
from district.tables import office_days, office_months
from tests.helpers.district import District, a_month, batch, cell, post_batch
from tests.helpers.postgres import PostgresServer


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        ("2026-01-01", "2026-12-31", ("2026-01", "2026-12")),
        ("2025-11-27", "2026-11-26", ("2025-12", "2026-10")),  # the bench's year: ragged at both ends
        ("2026-10-28", "2026-11-26", None),  # the bench's month: no whole month
        ("2026-02-01", "2026-02-28", ("2026-02", "2026-02")),
        ("2024-02-01", "2024-02-28", None),  # a leap year's February has a 29th
        ("2026-11-30", "2026-12-01", None),
        ("2026-12-01", "2026-12-31", ("2026-12", "2026-12")),
    ],
)
def test_the_whole_months_of_a_range(first: str, last: str, months: tuple[str, str] | None) -> None:
    assert reads.whole_months(first, last) == months


def _read_all(store: DistrictStore, first: str, last: str) -> dict[str, object]:
    got: dict[str, object] = {}
    for by in ("office", "province", "level", "month"):
        grouped = store.reads.grouped(by, first, last, reads.Scope())
        got[by] = {key: figures.figures(r) for key, r in grouped.items()}
    got["trend"] = store.reads.trend("month", first, last, reads.Scope(), None)
    one = store.reads.grouped("office", first, last, reads.Scope(office="tan-ky"))
    got["one office"] = {key: figures.figures(r) for key, r in one.items()}
    # (Figures, not the raw sums: adding floats in another order may change their last bits.)
    return got


def test_a_range_reads_the_same_from_whole_months_as_from_their_days(
    district: District, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_month(district, "ky-son", "2026-11-27", 70, seed=1, unhappy=0.1)
    a_month(district, "tan-ky", "2026-11-27", 70, seed=2, unhappy=0.25, load=1.6)
    store = DistrictStore.open(database_url(district.db, district.data))
    try:
        for first, last in [("2026-09-19", "2026-11-27"), ("2026-10-01", "2026-10-31"), ("2026-09-25", "2026-11-03")]:
            assert reads.whole_months(first, last) is not None
            from_months = _read_all(store, first, last)
            with monkeypatch.context() as patch:
                patch.setattr(reads, "whole_months", lambda first, last: None)
                from_days = _read_all(store, first, last)
            assert from_months == from_days, (first, last)
            assert set(from_months["office"]) == {"ky-son", "tan-ky"}  # type: ignore[arg-type]
    finally:
        store.close()


def test_a_pages_p90s_are_the_rankings(district: District) -> None:
    """Reads.p90s (the rows a ranking page shows) gives each office the p90 grouped() pools for it,
    over whole months and ragged days alike; grouped(p90=False) the same sums without it."""
    a_month(district, "ky-son", "2026-11-27", 70, seed=3, unhappy=0.1)
    a_month(district, "tan-ky", "2026-11-27", 40, seed=4, unhappy=0.2, load=1.4)
    store = DistrictStore.open(database_url(district.db, district.data))
    try:
        for first, last in [("2026-09-19", "2026-11-27"), ("2026-10-28", "2026-11-26"), ("2026-11-01", "2026-11-30")]:
            whole = store.reads.grouped("office", first, last, reads.Scope(level="commune"))
            sums = store.reads.grouped("office", first, last, reads.Scope(level="commune"), p90=False)
            assert set(sums) == set(whole) == {"ky-son", "tan-ky"}
            assert all(r.wait_p90 is None for r in sums.values())
            for key, r in sums.items():
                r.wait_p90 = whole[key].wait_p90
                assert figures.figures(r) == figures.figures(whole[key])
            p90s = store.reads.p90s(first, last, reads.Scope(level="commune"), ["tan-ky", "nowhere"])
            assert list(p90s) == ["tan-ky"]
            assert figures.rounded(p90s["tan-ky"]) == figures.figures(whole["tan-ky"])["wait_p90_s"] is not None
        assert store.reads.p90s("2026-01-01", "2026-01-31", reads.Scope(), ["ky-son"]) == {}
        assert store.reads.p90s("2026-11-01", "2026-11-30", reads.Scope(), []) == {}
    finally:
        store.close()


def _month_issued(district: District, office: str, month: str, last_day: str) -> int:
    stats = district.stats(office, f"{month}-01", last_day)
    assert [m["month"] for m in stats["by_month"]] == [month]
    issued: int = stats["by_month"][0]["issued"]
    assert stats["totals"]["issued"] == issued
    return issued


def test_months_follow_replaced_replayed_and_stale_batches_and_batches_across_a_month_end(
    district: District,
) -> None:
    token = district.offices["ky-son"]
    plain = {"served": 5, "no_show": 0, "cancelled": 0, "ratings": {"3": 5}}
    first = batch("ky-son", "2026-10-10", [cell(day="2026-10-10", issued=5, **plain)], version=2)
    other = batch("ky-son", "2026-10-11", [cell(day="2026-10-11", issued=7, **plain)], version=1)
    newer = batch("ky-son", "2026-10-10", [cell(day="2026-10-10", issued=9, **plain)], version=3)
    older = batch("ky-son", "2026-10-10", [cell(day="2026-10-10", issued=100, **plain)], version=1)
    for body in (first, other, newer):
        assert post_batch(district, body, token).json()["status"] == "applied"
    assert post_batch(district, first, token).json()["status"] == "duplicate"
    assert post_batch(district, older, token).json()["status"] == "stale"
    assert _month_issued(district, "ky-son", "2026-10", "2026-10-31") == 9 + 7
    # One batch for the last day of October and the first of November: both months rebuilt.
    days = ["2026-10-31", "2026-11-01"]
    body = batch("ky-son", days[0], [cell(day=d, issued=6, **plain) for d in days], version=1)
    body["days"] = days
    answer = post_batch(district, body, token)
    assert answer.status_code == 200, answer.text
    assert answer.json()["days"] == dict.fromkeys(days, "applied")
    assert _month_issued(district, "ky-son", "2026-10", "2026-10-31") == 9 + 7 + 6
    assert _month_issued(district, "ky-son", "2026-11", "2026-11-30") == 6
    # A newer version of October 31st without tickets: the month loses them.
    body = {**body, "batch_id": str(uuid.uuid4()), "version": 2, "days": days[:1], "cells": []}
    assert post_batch(district, body, token).json()["status"] == "applied"
    assert _month_issued(district, "ky-son", "2026-10", "2026-10-31") == 9 + 7


@pytest.fixture
def blank_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema at all, on this backend."""
    if backend == "sqlite":
        return database_url(None, tmp_path)
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"blank_{uuid.uuid4().hex[:12]}"
    url = database_url(server.create_database(name), tmp_path)
    request.addfinalizer(lambda: server.drop_database(name))
    return url


def test_the_migration_fills_the_months_from_the_days_stored_before_it(blank_url: str) -> None:
    engine = open_engine(blank_url)
    try:
        assert migrate.upgrade(engine, "0001") == (None, "0001")
        accounts = DistrictStore(engine).accounts
        accounts.add_office("ky-son", "UBND xã Kỳ Sơn")
        accounts.add_office("tan-ky", "UBND xã Tân Kỳ")
        rows = []
        for n, (office, day) in enumerate(
            [("ky-son", "2026-09-30"), ("ky-son", "2026-10-01"), ("ky-son", "2026-10-31"), ("tan-ky", "2026-10-15"),
             ("tan-ky", "2026-10-16")]
        ):  # fmt: skip
            waits = 0 if day == "2026-10-16" else 10 + n
            rows.append({
                "office": office, "day": day, "version": 1, "batch_id": str(uuid.uuid4()), "received_at": 0.0,
                "issued": 12 + n, "served": 10 + n, "no_show": 1, "cancelled": 1, "waits": waits,
                "within_target": waits * 0.75, "wait_sum": 300.5 * waits, "wait_p90": 610.25 + n if waits else None,
                "wait_max": 900.0 + n if waits else None, "timed": 10 + n, "service_sum": 2400.0, "rated": 6,
                "scaled": 6, "not_satisfied": 1, "ratings": json.dumps({"3": 5, "1": 1}), "cells": "[]",
            })  # fmt: skip
        with engine.begin() as conn:
            conn.execute(office_days.insert(), rows)
        assert migrate.upgrade(engine) == ("0001", migrate.head())

        def months() -> list[tuple[object, ...]]:
            with engine.connect() as conn:
                query = office_months.select().order_by(office_months.c.office, office_months.c.month)
                return [tuple(row) for row in conn.execute(query)]

        filled = months()
        assert [(row[0], row[1]) for row in filled] == [
            ("ky-son", "2026-09"), ("ky-son", "2026-10"), ("tan-ky", "2026-10")
        ]  # fmt: skip
        # What the migration filled is exactly what a batch's transaction rebuilds.
        with engine.begin() as conn:
            for office in ("ky-son", "tan-ky"):
                conn.execute(rebuild_months(engine.dialect.name), {"office": office, "first": "2026-01-01",
                                                                   "last": "2026-12-31"})  # fmt: skip
        assert months() == filled
        tan_ky = dict(zip([c.name for c in office_months.columns], filled[2], strict=True))
        assert tan_ky["issued"] == 15 + 16 and tan_ky["waits"] == 13  # the day without waits adds no part
        assert isinstance(tan_ky["parts"], str) and tan_ky["parts"].count(":") == 2
    finally:
        engine.dispose()


def test_init_rebuilds_months_that_a_process_of_the_old_version_left_behind(district: District) -> None:
    """During a rolling upgrade the old version's processes store days without their months; the
    README's upgrade ends with ``init`` once more, which rebuilds every month from its days."""
    token = district.offices["ky-son"]
    plain = {"served": 5, "no_show": 0, "cancelled": 0, "ratings": {"3": 5}}
    assert post_batch(district, batch("ky-son", "2026-10-10", [cell(day="2026-10-10", issued=5, **plain)], 1),
                      token).ok  # fmt: skip
    store = DistrictStore.open(database_url(district.db, district.data))
    try:  # what an old process does: the day replaced, the month not
        with store.engine.begin() as conn:
            conn.execute(office_days.update().where(office_days.c.day == "2026-10-10").values(issued=8))
    finally:
        store.close()
    assert _month_issued(district, "ky-son", "2026-10", "2026-10-31") == 5
    init = subprocess.run([sys.executable, "-m", "onestop", "district", "init", "--data", str(district.data), "--db",
                           district.db], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert _month_issued(district, "ky-son", "2026-10", "2026-10-31") == 8
