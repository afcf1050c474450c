"""GET /api/stats/hourly: the cells the sync agent sends upstream, through the real API."""

from district.schema import Cell
from sync.batches import CELL_FIELDS
from tests.helpers.office import Office


def test_hourly_cells_per_day_hour_and_service(office: Office) -> None:
    office.sign_in(2)  # counter 2 serves A then B
    office.issue("A")  # 08:00
    office.issue("B")
    office.clock.advance(600)  # 08:10
    office.act(2, "call-next")  # A001: waited 600 s
    office.clock.advance(300)
    office.act(2, "finish")  # served in 300 s
    rated = office.post("/api/tickets/1/rating", "rating2", json={"level": 3})
    assert rated.status_code == 201, rated.text
    office.clock.advance(3600)  # 09:15
    office.issue("A")
    office.sign_in(1)  # counter 1 serves B then A
    office.act(1, "call-next")  # B001 (08:00), waited 4500 s
    office.act(1, "no-show")
    answer = office.get("/api/stats/hourly?from=2026-11-27&to=2026-11-27", "sync")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["office"] == {"name": "Bộ phận Một cửa — UBND xã Kỳ Sơn"}
    cells = body["cells"]
    assert [(c["day"], c["hour"], c["service"]) for c in cells] == [
        ("2026-11-27", 8, "A"),
        ("2026-11-27", 8, "B"),
        ("2026-11-27", 9, "A"),
    ]
    assert all(set(CELL_FIELDS) <= set(c) for c in cells)
    for cell in cells:  # what the district accepts
        Cell.model_validate(cell)
    a8, b8, a9 = cells
    assert a8 == {
        "day": "2026-11-27", "hour": 8, "service": "A", "issued": 1, "served": 1, "no_show": 0, "cancelled": 0,
        "wait_mean_s": 600.0, "wait_p90_s": 600.0, "wait_max_s": 600.0, "service_mean_s": 300.0, "ratings": {"3": 1},
    }  # fmt: skip
    assert (b8["no_show"], b8["served"], b8["wait_max_s"]) == (1, 0, 4500.0)
    assert (b8["service_mean_s"], b8["ratings"]) == (None, {})
    assert (a9["issued"], a9["wait_mean_s"], a9["wait_p90_s"], a9["wait_max_s"]) == (1, None, None, None)


def test_hourly_only_for_supervisor_and_sync(office: Office) -> None:
    for device in ("kiosk", "display", "counter1"):
        assert office.get("/api/stats/hourly", device).status_code == 403
    assert office.get("/api/stats/hourly", None).status_code == 401
    assert office.get("/api/stats/hourly", "supervisor").json()["cells"] == []


def test_hourly_rejects_bad_ranges(office: Office) -> None:
    for query in ("from=2026-11-28&to=2026-11-27", "from=2026-13-01&to=2026-13-02", "from=27-11-2026",
                  "from=2025-01-01&to=2026-11-27", "from=2026-02-30&to=2026-03-01"):  # fmt: skip
        answer = office.get(f"/api/stats/hourly?{query}", "sync")
        assert answer.status_code == 422, (query, answer.text)
        assert answer.json()["error"] == "invalid"
