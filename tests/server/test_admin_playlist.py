"""The lobby playlist through the admin API against the real server: uploads checked by content and size,
edits, order, delete, each audited and announced to the displays; the displays' read and media fetch."""

from __future__ import annotations

import json
import os
import stat

from websockets.sync.client import connect

from server.media import MAX_IMAGE_BYTES, MAX_UPLOAD_BYTES
from tests.helpers.media import png_bytes
from tests.helpers.office import TIMEOUT, Office
from tests.helpers.stream import next_event

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64)


def upload(office: Office, data: bytes, device: str = "admin", **query: object) -> dict[str, object]:
    answer = office.post("/api/admin/playlist/media", device, params={"title": "poster.png", **query}, data=data)
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


def refused(answer: object, status: int, code: str | None = None) -> dict[str, str]:
    import requests

    assert isinstance(answer, requests.Response)
    assert answer.status_code == status, answer.text
    body: dict[str, str] = answer.json()
    assert body["message"] and body["message_vi"] and body["message_vi"] != body["message"], body
    if code is not None:
        assert body["error"] == code, body
    return body


def test_an_upload_is_stored_in_the_data_folder_announced_and_audited(office: Office) -> None:
    data = png_bytes()
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as display:
        assert json.loads(display.recv(timeout=TIMEOUT))["type"] == "hello"
        item = upload(office, data, show_from="07:30", show_to="11:30")
        event = next_event(display)
    assert event["type"] == "playlist.changed" and event["change"] == "add"
    assert [i["id"] for i in event["items"]] == [item["id"]] and "actor" not in event  # a display sees no clerk
    assert item["kind"] == "image" and item["media_type"] == "image/png" and item["duration_s"] == 10
    assert item["show_from"] == "07:30" and item["size"] == len(data)
    name = str(item["url"]).rsplit("/", 1)[1]
    stored = office.data / "media" / name
    assert stored.read_bytes() == data
    assert not os.stat(stored).st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    fetched = office.get(str(item["url"]), "display")
    assert fetched.status_code == 200 and fetched.content == data
    assert fetched.headers["content-type"] == "image/png" and fetched.headers["x-content-type-options"] == "nosniff"
    entry = [e for e in office.get("/api/audit", "supervisor").json()["entries"] if e["action"] == "playlist.add"][0]
    assert entry["clerk"] == "lan" and entry["detail"]["new"]["title"] == "poster.png"


def test_the_type_is_read_from_the_content_not_the_name(office: Office) -> None:
    script = b"#!/bin/sh\nrm -rf /\n"
    body = refused(office.post("/api/admin/playlist/media", "admin", params={"title": "poster.png"}, data=script),
                   422, "unsupported_type")  # fmt: skip
    assert "PNG" in body["message"]
    html = b"<html><script>alert(1)</script></html>"
    refused(office.post("/api/admin/playlist/media", "admin", params={"title": "a.mp4"}, data=html), 422)
    refused(office.post("/api/admin/playlist/media", "admin", params={"title": "a.png"}, data=b""), 422, "empty")
    video = upload(office, MP4_HEAD, title="clip.mov")
    assert video["kind"] == "video" and video["media_type"] == "video/mp4" and video["duration_s"] is None
    assert office.get("/api/admin/playlist", "admin").json()["items"][0]["title"] == "clip.mov"
    assert not [p for p in (office.data / "media").iterdir() if p.name.startswith(".upload-")]


def test_size_limits_per_kind_and_for_the_body(office: Office) -> None:
    big_png = png_bytes() + bytes(MAX_IMAGE_BYTES)
    body = refused(office.post("/api/admin/playlist/media", "admin", params={"title": "big.png"}, data=big_png),
                   422, "too_large")  # fmt: skip
    assert "10 MB" in body["message"]
    too_big = MP4_HEAD + bytes(MAX_UPLOAD_BYTES)
    refused(office.post("/api/admin/playlist/media", "admin", params={"title": "big.mp4"}, data=too_big), 413)
    # Other routes keep the small limit.
    refused(office.post("/api/admin/playlist/text", "admin", data=b"x" * (65 * 1024)), 413)
    assert office.get("/api/admin/playlist", "admin").json()["items"] == []


def test_bad_settings_are_refused_in_both_languages(office: Office) -> None:
    data = png_bytes()
    for query in ({"show_from": "07:30"}, {"show_from": "25:00", "show_to": "26:00"},
                  {"show_from": "08:00", "show_to": "08:00"}):  # fmt: skip
        refused(office.post("/api/admin/playlist/media", "admin", params={"title": "p.png", **query}, data=data), 422)
    refused(office.post("/api/admin/playlist/media", "admin", params={"title": "p.png", "duration_s": 1}, data=data),
            422)  # fmt: skip
    refused(office.post("/api/admin/playlist/text", "admin", json={"text_vi": ""}), 422)
    refused(office.post("/api/admin/playlist/text", "admin", json={"text_vi": "x", "duration_s": "10"}), 422)
    text = office.post("/api/admin/playlist/text", "admin", json={"text_vi": "Giờ làm việc", "text_en": "Hours"}).json()
    refused(office.request("PATCH", f"/api/admin/playlist/{text['id']}", "admin", json={"duration_s": None}),
            422, "duration_required")  # fmt: skip
    refused(office.request("PATCH", "/api/admin/playlist/999", "admin", json={"enabled": False}), 404)
    refused(office.request("PUT", "/api/admin/playlist/order", "admin", json={"ids": [999]}), 404, "order_mismatch")
    refused(office.request("DELETE", "/api/admin/playlist/999", "admin"), 404)
    assert office.get("/api/playlist/media/..%2Foffice.db", "display").status_code == 404
    assert office.get("/api/playlist/media/onestop.db", "display").status_code == 404


def test_edit_reorder_delete_each_audited_old_to_new(office: Office) -> None:
    first = upload(office, png_bytes(rgb=(1, 2, 3)), title="first.png")
    second = office.post("/api/admin/playlist/text", "admin", json={"text_vi": "Xin chào", "duration_s": 8}).json()
    changed = office.request("PATCH", f"/api/admin/playlist/{first['id']}", "admin",
                             json={"duration_s": 20, "enabled": False, "show_from": "13:00", "show_to": "17:00"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["duration_s"] == 20 and changed.json()["enabled"] is False
    order = office.request("PUT", "/api/admin/playlist/order", "admin", json={"ids": [second["id"], first["id"]]})
    assert [i["id"] for i in order.json()["items"]] == [second["id"], first["id"]]
    assert office.request("DELETE", f"/api/admin/playlist/{first['id']}", "admin").status_code == 204
    assert not (office.data / "media" / str(first["url"]).rsplit("/", 1)[1]).exists()
    assert office.get(str(first["url"]), "display").status_code == 404
    entries = {e["action"]: e for e in office.get("/api/audit", "supervisor").json()["entries"]}
    change = {c["key"]: (c["old"], c["new"]) for c in entries["playlist.change"]["detail"]["changed"]}
    assert change["duration_s"] == (10, 20) and change["enabled"] == (1, 0) and change["show_to"] == (None, "17:00")
    assert entries["playlist.reorder"]["detail"] == {"old": [first["id"], second["id"]],
                                                     "new": [second["id"], first["id"]]}  # fmt: skip
    assert entries["playlist.delete"]["detail"]["old"]["title"] == "first.png"
    playlist = office.get("/api/playlist", "display").json()
    assert [i["id"] for i in playlist["items"]] == [second["id"]] and playlist["version"] == 5


def test_only_an_administrator_changes_it_and_only_the_display_side_reads_it(office: Office) -> None:
    item = upload(office, png_bytes())
    for device in ("kiosk", "counter1", "rating1", "display", "supervisor", "sync"):
        refused(office.post("/api/admin/playlist/media", device, params={"title": "x.png"}, data=png_bytes()), 403)
        refused(office.request("DELETE", f"/api/admin/playlist/{item['id']}", device), 403)
    for device in ("kiosk", "counter1", "rating1", "sync"):
        refused(office.get(str(item["url"]), device), 403)
    for device in ("display", "supervisor", "admin"):
        assert office.get(str(item["url"]), device).status_code == 200
    # The web display's way: the token in the address (an <img> sends no header).
    assert office.get(f"{item['url']}?token={office.tokens['display']}", None).status_code == 200
    assert office.get(str(item["url"]), None).status_code == 401
