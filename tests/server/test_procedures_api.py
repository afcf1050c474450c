"""The catalogue over HTTP: every role reads it, the kiosk counts its use, /api/stats reports it, imports announced."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from websockets.sync.client import connect

import server.app
from onestop.cli import main
from tests.helpers.office import FakeClock, Office, load_sample_catalogue, prepare_data, register_devices, start_office
from tests.helpers.stream import next_event

ROLES = ("kiosk", "display", "supervisor", "sync", "counter1")


@pytest.mark.parametrize("device", ROLES)
def test_every_role_reads_the_catalogue(office: Office, device: str) -> None:
    answer = office.get("/api/procedures", device=device)
    assert answer.status_code == 200
    catalogue = answer.json()
    assert catalogue["version"] == 1 and catalogue["source"].startswith("sample_procedures.csv")
    assert len(catalogue["procedures"]) == 13
    assert catalogue["fields"][0] == {"name": "Hộ tịch", "name_en": "Civil status"}
    marriage = office.get("/api/procedures/1.000894", device=device).json()
    assert marriage["name"] == "Đăng ký kết hôn" and marriage["service"] == "A" and marriage["level"] == "commune"
    assert marriage["papers"][0] == {
        "name": "Tờ khai đăng ký kết hôn (theo mẫu; hai bên có thể khai chung một tờ)",
        "copies": 1,
        "original": True,
    }
    assert marriage["papers"][2]["copies"] == 0  # shown only
    assert marriage in catalogue["procedures"]


def test_no_token_no_catalogue(office: Office) -> None:
    assert office.get("/api/procedures", device=None).status_code == 401


def test_unknown_and_malformed_codes(office: Office) -> None:
    missing = office.get("/api/procedures/9.999999")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": "not_found",
        "message": "no procedure with code '9.999999'",
        "message_vi": "Không có thủ tục mã '9.999999'",
    }
    assert office.get("/api/procedures/a%20b").status_code == 422
    assert office.post("/api/procedures/9.999999/looked-up").status_code == 404


def test_only_the_kiosk_counts_use(office: Office) -> None:
    for device in ("display", "supervisor", "sync", "counter1"):
        refused = office.post("/api/procedures/1.000894/looked-up", device=device)
        assert refused.status_code == 403 and refused.json()["message_vi"], device
    first = office.post("/api/procedures/1.000894/looked-up").json()
    assert first == {"code": "1.000894", "day": "2026-11-27", "kind": "looked_up", "count": 1}
    assert office.post("/api/procedures/1.000894/looked-up").json()["count"] == 2
    assert office.post("/api/procedures/1.000894/checklist-printed").json()["count"] == 1


def test_stats_count_look_ups_and_checklists_per_day(office: Office, clock: FakeClock) -> None:
    for code in ("1.000894", "1.000894", "1.001193"):
        office.post(f"/api/procedures/{code}/looked-up")
    office.post("/api/procedures/1.000894/checklist-printed")
    clock.advance(86_400)
    office.post("/api/procedures/2.000815/looked-up")
    today = office.get("/api/stats", device="supervisor").json()["procedures"]
    assert today == {
        "looked_up": 1,
        "checklists_printed": 0,
        "by_day": [{"day": "2026-11-28", "looked_up": 1, "checklists_printed": 0}],
        "by_procedure": [
            {
                "code": "2.000815",
                "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp "
                "hoặc chứng nhận",
                "looked_up": 1,
                "checklists_printed": 0,
            }
        ],
    }
    both = office.get("/api/stats?from=2026-11-27&to=2026-11-28", device="supervisor").json()["procedures"]
    assert (both["looked_up"], both["checklists_printed"]) == (4, 1)
    assert [d["day"] for d in both["by_day"]] == ["2026-11-27", "2026-11-28"]
    assert [(p["code"], p["looked_up"], p["checklists_printed"]) for p in both["by_procedure"]] == [
        ("1.000894", 2, 1),
        ("1.001193", 1, 0),
        ("2.000815", 1, 0),
    ]


def test_an_import_beside_the_running_server_is_announced_and_use_outlives_it(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(server.app, "TICK_S", 0.05)
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, clock)
    load_sample_catalogue(data, clock)
    office = start_office(data, clock, tokens)
    try:
        office.post("/api/procedures/XKS-KD-02/looked-up")
        file = tmp_path / "new.csv"
        with file.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["code", "name", "field", "level"])
            writer.writerow(["1.000894", "Đăng ký kết hôn", "Hộ tịch", "commune"])
        with connect(f"{office.ws_url}?token={tokens['kiosk']}") as ws:
            assert json.loads(ws.recv(timeout=5))["type"] == "hello"
            assert main(["procedures", "import", "--data", str(data), str(file)]) == 0
            event = next_event(ws, timeout=5)
        assert (event["type"], event["version"], event["count"]) == ("procedures.changed", 2, 1)
        catalogue = office.get("/api/procedures").json()
        assert (catalogue["version"], catalogue["source"]) == (2, "new.csv")
        assert [p["code"] for p in catalogue["procedures"]] == ["1.000894"]
        # The statistics keep the dropped procedure, under its code.
        used = office.get("/api/stats", device="supervisor").json()["procedures"]["by_procedure"]
        assert used == [{"code": "XKS-KD-02", "name": "XKS-KD-02", "looked_up": 1, "checklists_printed": 0}]
        assert office.post("/api/procedures/XKS-KD-02/looked-up").status_code == 404
    finally:
        office.stop()
