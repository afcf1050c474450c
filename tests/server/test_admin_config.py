"""The live configuration against the real server: read, change, refuse, audit, announce, survive a restart."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from onestop.cli import main
from tests.helpers.office import PIN, TIMEOUT, Office
from tests.helpers.stream import next_event


def read(office: Office) -> tuple[int, dict[str, Any]]:
    response = office.get("/api/admin/config", "admin")
    assert response.status_code == 200, response.text
    body = response.json()
    return body["version"], body["document"]


def put(office: Office, version: int, document: dict[str, Any]) -> Any:
    return office.request("PUT", "/api/admin/config", "admin", json={"version": version, "document": document})


NEW_SERVICE = {
    "code": "G", "name_vi": "Bảo trợ xã hội", "name_en": "Social protection", "label": "G###",
    "mean_service_min": 6.0, "target_wait_min": 15.0, "hidden": False,
}


def test_office_toml_seeds_version_one(office: Office) -> None:
    version, document = read(office)
    assert version == 1
    assert [s["code"] for s in document["services"]] == ["A", "B", "C", "D", "E", "F"]
    assert document["office"]["name"].startswith("Bộ phận Một cửa")
    assert "server" not in document and "security" not in document


def test_a_new_service_reaches_every_screen_live_and_is_audited(office: Office) -> None:
    version, document = read(office)
    changed = copy.deepcopy(document)
    changed["services"].append(NEW_SERVICE)
    changed["counters"][3]["services"].append("G")
    with connect(f"{office.ws_url}?token={office.tokens['kiosk']}") as kiosk, \
            connect(f"{office.ws_url}?token={office.tokens['rating1']}") as tablet:
        assert json.loads(kiosk.recv(timeout=TIMEOUT))["type"] == "hello"
        assert json.loads(tablet.recv(timeout=TIMEOUT))["type"] == "hello"
        started = time.monotonic()
        response = put(office, version, changed)
        assert response.status_code == 200, response.text
        assert response.json()["version"] == 2
        for ws in (kiosk, tablet):
            event = next_event(ws, timeout=2)
            assert event["type"] == "office.configured" and event["version"] == 2
            assert "actor" not in event or event["actor"]["clerk"] is None  # no clerk names to a kiosk
        assert time.monotonic() - started < 2
    state = office.get("/api/state").json()
    assert "G" in [s["code"] for s in state["services"]]
    ticket = office.issue("G")
    assert ticket["number"] == "G001"
    office.sign_in(4)
    assert office.act(4, "call-next").json()["ticket"]["number"] == "G001"  # counter 4 now serves G
    entry = [e for e in office.get("/api/audit", "supervisor").json()["entries"] if e["action"] == "config.change"][-1]
    assert entry["clerk"] == "lan" and entry["device"] == "admin-session" and entry["detail"]["version"] == 2
    keys = {c["key"]: c for c in entry["detail"]["changed"]}
    assert keys["counters[4].services"]["old"] == ["D", "F"] and keys["counters[4].services"]["new"] == ["D", "F", "G"]
    assert keys["services[G]"]["old"] is None


def test_no_ticket_is_lost_or_renumbered(office: Office) -> None:
    first, second = office.issue("B"), office.issue("B")
    version, document = read(office)
    changed = copy.deepcopy(document)
    changed["services"][1]["name_vi"] = "Chứng thực bản sao"
    changed["services"][1]["mean_service_min"] = 5.0
    assert put(office, version, changed).status_code == 200
    third = office.issue("B")
    assert [first["number"], second["number"], third["number"]] == ["B001", "B002", "B003"]
    waiting = [t["number"] for t in office.get("/api/state", "supervisor").json()["waiting"]]
    assert waiting == ["B001", "B002", "B003"]
    assert office.get("/api/state").json()["services"][1]["name_vi"] == "Chứng thực bản sao"


def test_a_service_with_tickets_waiting_cannot_go_but_can_hide(office: Office) -> None:
    office.issue("E")
    version, document = read(office)
    removed = copy.deepcopy(document)
    removed["services"] = [s for s in removed["services"] if s["code"] != "E"]
    removed["counters"][2]["services"] = ["C"]
    refused = put(office, version, removed)
    assert refused.status_code == 409 and refused.json()["error"] == "service_has_tickets"
    assert "1" in refused.json()["message"] and "Lĩnh vực E" in refused.json()["message_vi"]
    assert read(office)[0] == version  # nothing changed
    hidden = copy.deepcopy(document)
    hidden["services"][4]["hidden"] = True
    assert put(office, version, hidden).status_code == 200
    services = {s["code"]: s for s in office.get("/api/state").json()["services"]}
    assert services["E"]["hidden"] is True


def test_a_number_format_under_todays_tickets_is_refused(office: Office) -> None:
    version, document = read(office)
    changed = copy.deepcopy(document)
    changed["services"][0]["label"] = "AA###"
    office.issue("A")
    refused = put(office, version, changed)
    assert refused.status_code == 409 and refused.json()["error"] == "label_in_use"
    assert refused.json()["message_vi"] != refused.json()["message"]
    changed["services"][2]["label"] = "CC###"  # C has no ticket today: allowed
    changed["services"][0]["label"] = "A###"
    assert put(office, version, changed).status_code == 200
    assert office.issue("C")["number"] == "CC001"


def test_a_closed_counter_takes_no_clerk_and_one_in_use_cannot_close(office: Office) -> None:
    version, document = read(office)
    office.sign_in(4)
    changed = copy.deepcopy(document)
    changed["counters"][3]["closed"] = True
    refused = put(office, version, changed)
    assert refused.status_code == 409 and refused.json()["error"] == "counter_in_use"
    assert "đăng xuất" in refused.json()["message_vi"]
    changed["counters"][2]["closed"] = True
    changed["counters"][3]["closed"] = False
    changed["services"][0]["colour"] = "#1565C0"
    assert put(office, version, changed).status_code == 200
    closed = office.act(3, "sign-in", username="clerk3", pin=PIN)
    assert closed.status_code == 409 and closed.json()["error"] == "counter_closed"
    assert "Quầy 3" in closed.json()["message_vi"] and "closed" in closed.json()["message"]
    state = office.get("/api/state").json()
    assert {c["number"]: c["closed"] for c in state["counters"]}[3] is True
    assert state["services"][0]["colour"] == "#1565C0" and state["services"][1]["colour"] is None
    entries = office.get("/api/audit", "supervisor").json()["entries"]
    keys = {c["key"] for e in entries if e["action"] == "config.change" for c in e["detail"]["changed"]}
    assert {"counters[3].closed", "services[A].colour"} <= keys


def test_a_counter_in_use_cannot_go(office: Office) -> None:
    version, document = read(office)
    office.sign_in(4)
    changed = copy.deepcopy(document)
    changed["counters"] = changed["counters"][:3]
    refused = put(office, version, changed)
    assert refused.status_code == 409 and refused.json()["error"] == "counter_in_use"


@pytest.mark.parametrize(
    ("edit", "key", "vi"),
    [
        (lambda d: d["services"][1].update(code="A"), "services.code", "bị dùng hai lần"),
        (lambda d: d["services"][1].update(label="A1##"), "services.label", "in trùng số"),
        (lambda d: d["counters"][0].update(services=["Z"]), "counters[0].services", "không có: Z"),
        (lambda d: d["services"][0].update(name_vi=""), "services[0].name_vi", "không được để trống"),
        (lambda d: d["services"][0].update(mean_service_min=0), "services[0].mean_service_min", "phải là số ≥"),
        (lambda d: d["office"].update(alert_wait_min="30"), "office.alert_wait_min", "phải là số"),
        (lambda d: d["services"][0].update(colour="blue"), "services[0].colour", "không phải là màu"),
        (lambda d: d["priority"].update(every=0), "priority.every", "phải là số ≥"),
        (lambda d: d["priority"]["groups"][0].update(name_vi=""), "priority.groups[0].name_vi", "không được để trống"),
        (lambda d: d["rating"]["levels"][2].update(negative=False), "rating.levels", ""),
        (lambda d: d["hours"].update(weekdays=["11:30-07:30"]), "hours.weekdays", ""),
    ],
)
def test_mistakes_are_named_in_both_languages(office: Office, edit: Any, key: str, vi: str) -> None:
    version, document = read(office)
    changed = copy.deepcopy(document)
    edit(changed)
    refused = put(office, version, changed)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["message"].startswith(key) and "Fix:" in body["message"], body
    assert vi in body["message_vi"], body
    assert read(office)[0] == version


def test_a_second_administrator_does_not_overwrite_the_first(office: Office) -> None:
    version, document = read(office)
    one, two = copy.deepcopy(document), copy.deepcopy(document)
    one["office"]["alert_wait_min"] = 20.0
    two["office"]["alert_wait_min"] = 40.0
    assert put(office, version, one).status_code == 200
    late = put(office, version, two)
    assert late.status_code == 409 and late.json()["error"] == "version_conflict"
    assert office.get("/api/state", "supervisor").json()["office"]["alert_wait_s"] == 20 * 60


def test_the_database_is_the_source_of_truth_after_a_restart(office: Office) -> None:
    version, document = read(office)
    changed = copy.deepcopy(document)
    changed["services"].append(NEW_SERVICE)
    changed["office"]["name"] = "Trung tâm Phục vụ hành chính công xã Kỳ Sơn"
    assert put(office, version, changed).status_code == 200
    restarted = office.restart()
    try:
        assert read(restarted)[0] == 2
        state = restarted.get("/api/state").json()
        assert state["office"]["name"] == "Trung tâm Phục vụ hành chính công xã Kỳ Sơn"
        assert restarted.issue("G")["number"] == "G001"
    finally:
        restarted.stop()


def test_config_export_and_import(office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(office.data)
    out = tmp_path / "exported.toml"
    assert main(["config", "export", "--data", data, str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "[[services]]" in text and "[server]" in text and "version 1" in text
    assert main(["config", "import", "--data", data, str(out)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    edited = text.replace('name_vi = "Chứng thực"', 'name_vi = "Chứng thực bản sao, chữ ký"')
    assert edited != text
    out.write_text(edited, encoding="utf-8")
    assert main(["config", "import", "--data", data, str(out)]) == 0
    assert "version 2" in capsys.readouterr().out
    broken = tmp_path / "broken.toml"
    broken.write_text(edited.replace('label = "C###"', 'label = "B###"'), encoding="utf-8")
    assert main(["config", "import", "--data", data, str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.toml: services.label" in err and len(err.strip().splitlines()) == 1
    # The running server applies an import at its next tick (every 30 s), announced to the screens.
    assert office.get("/api/state").json()["services"][1]["name_vi"] == "Chứng thực"
    assert office.server is not None
    running = office.server.office
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
        assert json.loads(ws.recv(timeout=TIMEOUT))["type"] == "hello"
        running.call_blocking(running.store.tick)
        assert next_event(ws)["type"] == "office.configured"
    assert read(office)[0] == 2
    assert office.get("/api/state").json()["services"][1]["name_vi"] == "Chứng thực bản sao, chữ ký"


def test_a_served_service_can_go_and_its_history_stays_readable(office: Office) -> None:
    office.issue("E")
    office.sign_in(3)
    assert office.act(3, "call-next").json()["ticket"]["number"] == "E001"
    assert office.act(3, "finish").status_code == 200
    version, document = read(office)
    removed = copy.deepcopy(document)
    removed["services"] = [s for s in removed["services"] if s["code"] != "E"]
    removed["counters"][2]["services"] = ["C"]
    assert put(office, version, removed).status_code == 200
    assert office.get("/api/stats", "supervisor").status_code == 200
    assert office.get("/api/stats/hourly", "supervisor").status_code == 200
    assert office.get("/api/state", "supervisor").status_code == 200
    assert office.issue("C")["number"] == "C001"
    refused = office.post("/api/tickets", json={"service": "E"})
    assert refused.status_code in (404, 422) and refused.json()["message_vi"]
