"""GET /api/offices/{id}/stats (JSON and CSV), GET /api/offices, and who may read them."""

from __future__ import annotations

import csv
import io

import pytest

from tests.helpers.district import DAY, District, batch, cell, post_batch

DAY2 = "2026-11-26"


@pytest.fixture
def filled(district: District) -> District:
    token = district.offices["ky-son"]
    cells = [cell(hour=8, service="A"), cell(hour=9, service="B", wait_mean_s=600.0, wait_p90_s=900.0)]
    assert post_batch(district, batch("ky-son", DAY, cells, 2), token).ok
    assert post_batch(district, batch("ky-son", DAY2, [cell(day=DAY2, ratings={"1": 4})], 1), token).ok
    return district


def test_stats_have_totals_by_day_and_by_service(filled: District) -> None:
    stats = filled.stats("ky-son", DAY2, DAY)
    assert stats["office"]["name"] == "UBND xã Kỳ Sơn"
    totals = stats["totals"]
    assert (totals["issued"], totals["served"], totals["no_show"], totals["cancelled"]) == (30, 24, 3, 3)
    assert totals["rated"] == 18 and totals["not_satisfied"] == 2 + 4
    assert totals["satisfaction_rate"] == pytest.approx((18 - 6) / 18 * 100, abs=0.01)
    assert totals["ratings"] == {"3": 8, "2": 4, "1": 6}
    assert totals["wait_mean_s"] == pytest.approx(400.0)
    assert 600 <= totals["wait_p90_s"] <= 900
    assert [d["day"] for d in stats["by_day"]] == [DAY2, DAY]
    assert [d["issued"] for d in stats["by_day"]] == [10, 20]
    assert [s["service"] for s in stats["by_service"]] == ["A", "B"]
    assert sum(s["served"] for s in stats["by_service"]) == totals["served"]


def test_csv_carries_the_same_figures(filled: District) -> None:
    reader = filled.readers["reader"]
    query = f"from={DAY2}&to={DAY}"
    for path in (f"/api/offices/ky-son/stats.csv?{query}", f"/api/offices/ky-son/stats?{query}&format=csv"):
        response = filled.request("GET", path, reader)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        json_stats = filled.stats("ky-son", DAY2, DAY)
        total = rows[0]
        assert total["scope"] == "total"
        assert int(total["issued"]) == json_stats["totals"]["issued"]
        assert float(total["satisfaction_rate"]) == json_stats["totals"]["satisfaction_rate"]
        assert [r["key"] for r in rows if r["scope"] == "day"] == [DAY2, DAY]
        assert [r["key"] for r in rows if r["scope"] == "service"] == ["A", "B"]


def test_reading_needs_a_read_token(filled: District) -> None:
    path = f"/api/offices/ky-son/stats?from={DAY}&to={DAY}"
    assert filled.request("GET", path, None).status_code == 401
    assert filled.request("GET", path, filled.offices["ky-son"]).status_code == 401
    # A token in the address is never taken (addresses end up in logs and browser histories).
    assert filled.request("GET", path + "&token=" + filled.readers["reader"], None).status_code == 401
    assert filled.request("GET", path, filled.readers["reader"]).status_code == 200


def test_bad_ranges_and_unknown_offices_are_4xx(filled: District) -> None:
    reader = filled.readers["reader"]
    cases = {
        f"/api/offices/ky-son/stats?from={DAY}&to={DAY2}": 422,
        "/api/offices/ky-son/stats?from=2026-13-01": 422,
        "/api/offices/ky-son/stats?from=2020-01-01&to=2026-01-01": 422,
        "/api/offices/ky-son/stats?format=xml": 422,
        "/api/offices/nowhere/stats": 404,
        "/api/offices/BAD ID/stats": 422,
        "/api/offices/ky-son/stats?from=2026-11-01&format=csv&to=2026-10-01": 422,
    }
    for path, status in cases.items():
        response = filled.request("GET", path, reader)
        assert response.status_code == status, (path, response.text)
        assert response.json()["message"]


def test_default_range_is_the_last_30_days(filled: District) -> None:
    response = filled.request("GET", "/api/offices/ky-son/stats", filled.readers["reader"])
    stats = response.json()
    assert (stats["from"], stats["to"]) == ("2026-10-29", "2026-11-27")
    assert stats["totals"]["issued"] == 30


def test_offices_list_shows_last_sync(filled: District) -> None:
    offices = filled.request("GET", "/api/offices", filled.readers["reader"]).json()["offices"]
    by_id = {o["id"]: o for o in offices}
    assert by_id["ky-son"]["last_batch_at"] == "2026-11-27T08:00:00+07:00"
    assert by_id["tan-ky"]["last_batch_at"] is None


def test_stats_have_a_row_per_month(filled: District) -> None:
    stats = filled.stats("ky-son", "2026-10-01", DAY)
    assert [m["month"] for m in stats["by_month"]] == ["2026-11"]
    assert stats["by_month"][0]["issued"] == stats["totals"]["issued"] == 30
    assert 0 <= stats["totals"]["service_level"] <= 100
