"""The province's structure (CSV import), figures per office, province, level, service, day and month, and revoking."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from district.database import database_url
from district.service import TOKEN_CACHE_S
from district.store import DistrictStore
from server.errors import InvalidError
from tests.helpers.district import DAY, District, batch, cell, post_batch

STRUCTURE = """id,name,level,province,province_name
ky-son,UBND xã Kỳ Sơn,commune,nghe-an,Nghệ An
tan-ky,UBND xã Tân Kỳ,commune,nghe-an,Nghệ An
ttphcc-nghe-an,Trung tâm Phục vụ hành chính công tỉnh Nghệ An,province,nghe-an,Nghệ An
phuong-hue,UBND phường Thuận Hóa,commune,hue,Thành phố Huế
"""


def store_of(district: District) -> DistrictStore:
    return DistrictStore.open(database_url(district.db, district.data))


@pytest.fixture
def structured(district: District) -> District:
    store = store_of(district)
    try:
        done = store.accounts.import_offices(STRUCTURE, "tinh.csv", issue_tokens=True)
    finally:
        store.close()
    assert sorted(o for o, _ in done.created) == ["phuong-hue", "ttphcc-nghe-an"]
    assert sorted(done.updated) == ["ky-son", "tan-ky"]
    district.offices.update({o: t for o, t in done.created if t})
    figures = {
        "ky-son": dict(issued=10, served=9, no_show=1, cancelled=0, ratings={"3": 8, "1": 1}),
        "tan-ky": dict(issued=20, served=18, no_show=2, cancelled=0, ratings={"3": 10, "1": 5}),
        "ttphcc-nghe-an": dict(issued=100, served=95, no_show=5, cancelled=0, ratings={"3": 50}),
        "phuong-hue": dict(issued=30, served=30, no_show=0, cancelled=0, ratings={"3": 20, "2": 5}),
    }
    for office, values in figures.items():
        cells = [cell(service="A", **values), cell(hour=9, service="B", **values)]
        response = post_batch(district, batch(office, DAY, cells, 1), district.offices[office])
        assert response.status_code == 200, response.text
    return district


def rows(district: District, query: str) -> dict:
    response = district.request("GET", f"/api/figures?from={DAY}&to={DAY}&{query}", district.readers["reader"])
    assert response.status_code == 200, response.text
    return response.json()


def test_offices_are_ranked_within_their_level(structured: District) -> None:
    result = rows(structured, "by=office")
    ranked = [(r["level"], r["rank"], r["key"]) for r in result["rows"]]
    assert ranked == [
        ("commune", 1, "phuong-hue"), ("commune", 2, "ky-son"), ("commune", 3, "tan-ky"),
        ("province", 1, "ttphcc-nghe-an"),
    ]  # fmt: skip
    assert result["totals"]["issued"] == 2 * (10 + 20 + 100 + 30)
    in_province = rows(structured, "by=office&province=nghe-an&level=commune")
    assert [r["key"] for r in in_province["rows"]] == ["ky-son", "tan-ky"]
    assert in_province["totals"]["issued"] == 2 * (10 + 20)


def test_figures_per_province_level_service_day_and_month(structured: District) -> None:
    provinces = rows(structured, "by=province")["rows"]
    assert [(r["key"], r["rank"], r["issued"]) for r in provinces] == [("hue", 1, 60), ("nghe-an", 2, 260)]
    levels = {r["key"]: r["issued"] for r in rows(structured, "by=level")["rows"]}
    assert levels == {"commune": 120, "province": 200}
    services = {r["key"]: r["served"] for r in rows(structured, "by=service&province=nghe-an")["rows"]}
    assert services == {"A": 122, "B": 122}
    assert [r["key"] for r in rows(structured, "by=day")["rows"]] == [DAY]
    month = rows(structured, "by=month")["rows"]
    assert [(r["key"], r["rated"], r["not_satisfied"]) for r in month] == [("2026-11", 2 * 99, 2 * 6)]


def test_figures_as_csv(structured: District) -> None:
    response = structured.request(
        "GET", f"/api/figures?by=office&level=commune&from={DAY}&to={DAY}&format=csv", structured.readers["reader"]
    )
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["key"], r["rank"], r["issued"]) for r in table] == [
        ("phuong-hue", "1", "60"), ("ky-son", "2", "20"), ("tan-ky", "3", "40")
    ]  # fmt: skip


def test_provinces_and_offices_list_the_structure(structured: District) -> None:
    reader = structured.readers["reader"]
    provinces = structured.request("GET", "/api/provinces", reader).json()["provinces"]
    assert provinces == [
        {"code": "hue", "name": "Thành phố Huế", "offices": 1}, {"code": "nghe-an", "name": "Nghệ An", "offices": 3},
    ]  # fmt: skip
    offices = {o["id"]: o for o in structured.request("GET", "/api/offices", reader).json()["offices"]}
    assert offices["ttphcc-nghe-an"]["level"] == "province"
    assert offices["ky-son"]["province_name"] == "Nghệ An"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("id,name\nky-son,X\n", "missing column(s) level, province, province_name"),
        ("id,name,level,province,province_name\nKy Son,X,commune,nghe-an,Nghệ An\n", "tinh.csv line 2: id"),
        ("id,name,level,province,province_name\nky-son,X,district,nghe-an,Nghệ An\n", "line 2: level 'district'"),
        ("id,name,level,province,province_name\na,X,commune,p,P\na,Y,commune,p,P\n", "line 3: id 'a' is on line 2"),
        ("id,name,level,province,province_name\na,,commune,p,P\n", "line 2: name"),
    ],
)
def test_a_bad_import_names_the_line_and_changes_nothing(district: District, text: str, said: str) -> None:
    store = store_of(district)
    try:
        with pytest.raises(InvalidError, match=said.replace("(", r"\(").replace(")", r"\)")):
            store.accounts.import_offices(text, "tinh.csv", issue_tokens=True)
        assert {o.id for o in store.accounts.offices()} == {"ky-son", "tan-ky"}
    finally:
        store.close()


def test_a_revoked_token_fails_within_the_cache_time(district: District) -> None:
    """Revoked in the database (as 'onestop district … revoke' does): refused within TOKEN_CACHE_S seconds."""
    office_token, reader = district.offices["ky-son"], district.readers["reader"]
    assert post_batch(district, batch("ky-son", DAY, [cell()], 1), office_token).status_code == 200
    assert district.request("GET", "/api/offices", reader).status_code == 200
    store = store_of(district)
    try:
        store.accounts.revoke_office("ky-son")
        store.accounts.revoke_user("reader")
    finally:
        store.close()
    revoked_at = time.monotonic()
    deadline = revoked_at + TOKEN_CACHE_S + 2
    statuses: tuple[int, int] = (200, 200)
    while time.monotonic() < deadline:  # polls a condition: the cache entry's expiry
        statuses = (
            post_batch(district, batch("ky-son", DAY, [cell()], 2), office_token).status_code,
            district.request("GET", "/api/offices", reader).status_code,
        )
        if statuses == (401, 401):
            break
        time.sleep(0.2)
    assert statuses == (401, 401), f"still accepted {time.monotonic() - revoked_at:.1f} s after revoking"
    assert time.monotonic() - revoked_at <= TOKEN_CACHE_S + 1
    # The office's figures stay; a new token works at once.
    store = store_of(district)
    try:
        new_token = store.accounts.issue_office_token("ky-son")
    finally:
        store.close()
    assert post_batch(district, batch("ky-son", DAY, [cell()], 3), new_token).status_code == 200


def test_the_migrated_schema_is_what_the_code_queries(district: District, tmp_path: Path) -> None:
    """Migrations are the only way the schema changes; the tables the code builds queries from must match them."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from district.tables import metadata

    store = store_of(district)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        store.close()
    assert diff == []


def test_a_page_of_the_ranking_is_the_same_rows_as_the_whole(structured: District) -> None:
    """limit/offset: the ranked rows from offset, each complete (its pooled p90 too), and how many in all;
    only the page's totals leave out the p90, which would need every office's days."""
    whole = rows(structured, "by=office")
    page = rows(structured, "by=office&limit=2&offset=1")
    assert page["count"] == whole["count"] == 4
    assert page["rows"] == whole["rows"][1:3]
    assert all(r["wait_p90_s"] is not None for r in page["rows"])
    assert whole["totals"]["wait_p90_s"] is not None and page["totals"]["wait_p90_s"] is None
    assert {k: v for k, v in page["totals"].items() if k != "wait_p90_s"} == {
        k: v for k, v in whole["totals"].items() if k != "wait_p90_s"}  # fmt: skip
    assert rows(structured, "by=office&limit=10&offset=4")["rows"] == []
    provinces = rows(structured, "by=province&limit=1&offset=1")
    assert (provinces["count"], provinces["rows"]) == (2, rows(structured, "by=province")["rows"][1:])
    for bad in ("limit=0", "limit=10001", "offset=-1", "limit=x"):
        response = structured.request("GET", f"/api/figures?by=office&{bad}", structured.readers["reader"])
        assert response.status_code == 422, bad
