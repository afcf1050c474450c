"""Clerks and devices through the admin API, against the real server."""

from __future__ import annotations

import sqlite3

from tests.helpers.office import PIN, Office


def admin(office: Office, method: str, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return office.request(method, path, "admin", **kwargs)


def test_add_a_clerk_who_then_signs_in_at_a_counter(office: Office) -> None:
    body = {"username": "hoa", "name": "Trần Thị Hoa", "pin": "135790"}
    added = admin(office, "POST", "/api/admin/clerks", json=body)
    assert added.status_code == 201, added.text
    assert added.json() == {"username": "hoa", "name": "Trần Thị Hoa", "role": "counter", "active": True}
    assert office.act(2, "sign-in", username="hoa", pin="135790").status_code == 200
    taken = admin(office, "POST", "/api/admin/clerks", json={"username": "hoa", "name": "X", "pin": "135790"})
    assert taken.status_code == 409 and taken.json()["error"] == "username_taken"
    short = admin(office, "POST", "/api/admin/clerks", json={"username": "mai", "name": "Mai", "pin": "1234"})
    assert short.status_code == 422 and "6" in short.json()["message_vi"]
    listed = {c["username"]: c for c in admin(office, "GET", "/api/admin/clerks").json()["clerks"]}
    assert listed["hoa"]["name"] == "Trần Thị Hoa" and "pin" not in str(listed).lower().replace("pin_", "")


def test_rename_reset_pin_disable_never_delete(office: Office) -> None:
    renamed = admin(office, "PATCH", "/api/admin/clerks/clerk2", json={"name": "Lê Văn Bình"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Lê Văn Bình"
    assert admin(office, "POST", "/api/admin/clerks/clerk2/pin", json={"pin": "975310"}).status_code == 204
    assert office.act(2, "sign-in", username="clerk2", pin=PIN).status_code == 422
    assert office.act(2, "sign-in", username="clerk2", pin="975310").status_code == 200
    assert office.act(2, "sign-out").status_code == 200
    assert admin(office, "PATCH", "/api/admin/clerks/clerk2", json={"active": False}).status_code == 200
    assert office.act(2, "sign-in", username="clerk2", pin="975310").status_code == 422
    listed = {c["username"]: c for c in admin(office, "GET", "/api/admin/clerks").json()["clerks"]}
    assert listed["clerk2"]["active"] is False  # kept, with her name, for the history
    assert admin(office, "PATCH", "/api/admin/clerks/nobody", json={"name": "X"}).status_code == 404
    entries = office.get("/api/audit", "supervisor").json()["entries"]
    change = [e for e in entries if e["action"] == "clerk.change"][0]
    assert change["clerk"] == "clerk2" and change["detail"]["changed"]["name"] == ["Cán bộ 2", "Lê Văn Bình"]
    assert all("975310" not in str(e) for e in entries)


def test_make_an_administrator_and_keep_the_last_one(office: Office) -> None:
    assert admin(office, "PATCH", "/api/admin/clerks/clerk3", json={"admin": True}).status_code == 200
    assert office.post("/api/admin/sign-in", None, json={"username": "clerk3", "pin": PIN}).status_code == 200
    assert admin(office, "PATCH", "/api/admin/clerks/clerk3", json={"admin": False}).status_code == 200
    last = admin(office, "PATCH", "/api/admin/clerks/lan", json={"active": False})
    assert last.status_code == 409 and last.json()["error"] == "last_admin"


def test_devices_listed_renamed_revoked(office: Office) -> None:
    office.request("GET", "/api/state", "kiosk", headers={"User-Agent": "onestop/0.1.0"})
    devices = {d["name"]: d for d in admin(office, "GET", "/api/admin/devices").json()["devices"]}
    assert devices["counter3"]["role"] == "counter" and devices["counter3"]["counter"] == 3
    assert devices["kiosk"]["version"] == "onestop/0.1.0" and devices["kiosk"]["last_seen"]
    assert devices["sync"]["last_seen"] is None
    assert "token" not in str(devices)
    assert admin(office, "POST", "/api/admin/devices/kiosk/rename", json={"name": "kiosk-sanh"}).status_code == 204
    assert admin(office, "POST", "/api/admin/devices/display/rename", json={"name": "kiosk-sanh"}).status_code == 409
    assert admin(office, "POST", "/api/admin/devices/display/revoke").status_code == 204
    devices = {d["name"]: d for d in admin(office, "GET", "/api/admin/devices").json()["devices"]}
    assert "kiosk-sanh" in devices and devices["display"]["revoked"] is True
    office.tokens["kiosk-sanh"] = office.tokens["kiosk"]
    office.clock.advance(0)
    assert office.get("/api/state", "kiosk-sanh").json()["you"]["device"] in ("kiosk", "kiosk-sanh")  # cache ≤ 10 s
    actions = [e["action"] for e in office.get("/api/audit", "supervisor").json()["entries"]]
    assert "device.rename" in actions and "device.revoke" in actions


def test_last_seen_survives_a_restart_and_is_not_written_per_request(office: Office) -> None:
    office.request("GET", "/api/state", "kiosk", headers={"User-Agent": "onestop/0.1.0"})
    before = {d["name"]: d for d in admin(office, "GET", "/api/admin/devices").json()["devices"]}["kiosk"]
    with sqlite3.connect(f"file:{office.data / 'office.db'}?mode=ro", uri=True) as db:
        # The request itself wrote nothing: the time waits in memory for the minute's (or shutdown's) write.
        assert db.execute("SELECT last_seen FROM devices WHERE name = 'kiosk'").fetchone() == (None,)
    restarted = office.restart()
    try:
        after = {d["name"]: d for d in admin(restarted, "GET", "/api/admin/devices").json()["devices"]}
        assert after["kiosk"]["last_seen"] == before["last_seen"]
        assert after["kiosk"]["version"] == "onestop/0.1.0"
        assert after["sync"]["last_seen"] is None
    finally:
        restarted.stop()
