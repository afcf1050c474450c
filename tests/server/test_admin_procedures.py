"""Editing a procedure in the admin API (issue 19: written only through import and the admin screens)."""

from __future__ import annotations

import json

from websockets.sync.client import connect

from tests.helpers.office import TIMEOUT, Office
from tests.helpers.stream import next_event

BIRTH = "1.000894"


def test_an_edit_is_a_new_catalogue_version_announced_and_audited(office: Office) -> None:
    before = office.get(f"/api/procedures/{BIRTH}").json()
    version = office.get("/api/procedures").json()["version"]
    body = {
        "name": before["name"], "name_en": before["name_en"], "field": before["field"],
        "field_en": before["field_en"], "service": before["service"], "level": before["level"],
        "fee": "Miễn lệ phí", "processing_time": "Trong ngày", "result_at": before["result_at"],
        "legal_basis": before["legal_basis"], "portal_url": before["portal_url"], "note": before["note"],
        "papers": [{"name": "Giấy chứng sinh", "copies": 1, "original": True},
                   {"name": "Căn cước của người đi đăng ký", "copies": 0, "original": True}],
    }  # fmt: skip
    with connect(f"{office.ws_url}?token={office.tokens['kiosk']}") as kiosk:
        assert json.loads(kiosk.recv(timeout=TIMEOUT))["type"] == "hello"
        answer = office.request("PUT", f"/api/admin/procedures/{BIRTH}", "admin", json=body)
        assert answer.status_code == 200, answer.text
        event = next_event(kiosk)
        assert event["type"] == "procedures.changed" and event["version"] == version + 1
    after = office.get(f"/api/procedures/{BIRTH}").json()
    assert after["fee"] == "Miễn lệ phí" and [p["name"] for p in after["papers"]][1].startswith("Căn cước")
    assert office.get("/api/procedures").json()["version"] == version + 1
    again = office.request("PUT", f"/api/admin/procedures/{BIRTH}", "admin", json=body)
    assert again.status_code == 200 and office.get("/api/procedures").json()["version"] == version + 1  # unchanged
    entry = [e for e in office.get("/api/audit", "supervisor").json()["entries"] if e["action"] == "procedure.edit"][0]
    assert entry["clerk"] == "lan" and entry["detail"]["code"] == BIRTH and "fee" in entry["detail"]["changed"]


def test_mistakes_are_refused_in_both_languages(office: Office) -> None:
    unknown = office.request("PUT", f"/api/admin/procedures/{BIRTH}", "admin",
                             json={"name": "X", "field": "Hộ tịch", "service": "Z"})
    assert unknown.status_code == 422 and "Lĩnh vực 'Z'" in unknown.json()["message_vi"]
    bad_code = office.request("PUT", "/api/admin/procedures/a%20b", "admin", json={"name": "X", "field": "Y"})
    assert bad_code.status_code == 422 and bad_code.json()["message_vi"]
    empty = office.request("PUT", f"/api/admin/procedures/{BIRTH}", "admin", json={"name": "", "field": "Y"})
    assert empty.status_code == 422
    assert office.request("PUT", f"/api/admin/procedures/{BIRTH}", "supervisor",
                          json={"name": "X", "field": "Y"}).status_code == 403
