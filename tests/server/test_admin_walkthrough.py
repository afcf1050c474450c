"""Issue 14's "done when", as a new user would go: from `onestop init` to a working office — a new service, a
second kiosk and three counters paired by code, a clerk added, a poster and a video on the lobby TV — with no
text editor and no token copied."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.pairing import PairingClient
from client.token_store import load_token, save_token
from onestop.cli import main
from tests.helpers.media import make_video, png_bytes
from tests.helpers.office import PIN, Office, start_office

pytestmark = pytest.mark.gui
WAIT = 10_000


def pair(qtbot: QtBot, office: Office, kind: str, name: str, config: Path, counter: int | None = None) -> str:
    """The device's own pairing client asks; the administrator approves the code it shows; the token is kept."""
    pairing = PairingClient(ApiClient(office.url, ""), kind)
    try:
        with qtbot.waitSignal(pairing.code_ready, timeout=WAIT) as ready:
            pairing.start()
        code = ready.args[0]
        pending = {p["code"]: p for p in office.get("/api/admin/pairings", "admin").json()["pending"]}
        assert pending[code]["kind"] == kind  # the code on the device's screen is the one listed
        with qtbot.waitSignal(pairing.paired, timeout=WAIT) as paired:
            body = {"name": name, "role": kind, "counter": counter}
            assert office.post(f"/api/admin/pairings/{code}/approve", "admin", json=body).status_code == 204
    finally:
        pairing.stop()
    save_token(name, paired.args[0]["token"], config)
    token = load_token(name, config)  # what the app reads at its next start
    assert token is not None
    office.tokens[name] = token
    return token


def test_from_init_to_a_working_office_without_an_editor(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "office"
    device_dir = tmp_path / "device-config"  # each device PC's ~/.config/onestop
    assert main(["init", "--data", str(data)]) == 0
    seed = (data / "office.toml").read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["clerk", "add", "lan", "--name", "Nguyễn Thị Lan", "--admin", "--data", str(data)]) == 0
    capsys.readouterr()
    office = start_office(data, time.time, {})
    try:
        session = office.post("/api/admin/sign-in", None, json={"username": "lan", "pin": PIN}).json()
        office.tokens["admin"] = session["token"]

        # A new service, served at counter 3 after its own.
        config = office.get("/api/admin/config", "admin").json()
        document: dict[str, Any] = config["document"]
        document["services"].append({"code": "G", "name_vi": "Bảo trợ xã hội", "name_en": "Social protection",
                                     "label": "G###", "mean_service_min": 6.0, "target_wait_min": 15.0,
                                     "hidden": False})  # fmt: skip
        document["counters"][2]["services"].append("G")
        changed = office.request("PUT", "/api/admin/config", "admin", json={"version": 1, "document": document})
        assert changed.status_code == 200 and changed.json()["version"] == 2

        # A second kiosk and three counters, paired by code.
        pair(qtbot, office, "kiosk", "kiosk2", device_dir)
        for n in (1, 2, 3):
            pair(qtbot, office, "counter", f"quay{n}", device_dir, counter=n)

        # A clerk added in the admin screens signs in at a paired counter.
        clerk = {"username": "hoa", "name": "Trần Thị Hoa", "pin": "135790"}
        assert office.post("/api/admin/clerks", "admin", json=clerk).status_code == 201
        signed = office.post("/api/counters/3/sign-in", "quay3", json={"username": "hoa", "pin": "135790"})
        assert signed.status_code == 200, signed.text

        # A citizen takes a ticket for the new service at the second kiosk; counter 3 calls it.
        ticket = office.post("/api/tickets", "kiosk2", json={"service": "G"})
        assert ticket.status_code == 201 and ticket.json()["number"] == "G001"
        called = office.post("/api/counters/3/call-next", "quay3").json()["ticket"]
        assert called["number"] == "G001"

        devices = {d["name"]: d for d in office.get("/api/admin/devices", "admin").json()["devices"]}
        assert {"kiosk2", "quay1", "quay2", "quay3"} <= set(devices) and devices["quay2"]["counter"] == 2
        assert devices["kiosk2"]["last_seen"] and devices["quay3"]["last_seen"]

        # The lobby TV, paired by code too, and its own content: a poster and a video uploaded through the
        # admin API (what the Admin tab's and /admin's "Trình chiếu" pages send), shown in that order.
        pair(qtbot, office, "display", "tv-sanh", device_dir)
        poster = office.post("/api/admin/playlist/media", "admin", params={"title": "cai-cach-hanh-chinh.png"},
                             data=png_bytes(640, 360))  # fmt: skip
        assert poster.status_code == 201, poster.text
        clip = make_video(tmp_path / "huong-dan.mp4", seconds=1.0).read_bytes()
        video = office.post("/api/admin/playlist/media", "admin", params={"title": "huong-dan.mp4"}, data=clip)
        assert video.status_code == 201, video.text
        shown = office.get("/api/playlist", "tv-sanh").json()["items"]
        assert [(i["kind"], i["title"]) for i in shown] == [
            ("image", "cai-cach-hanh-chinh.png"), ("video", "huong-dan.mp4")]  # fmt: skip
        media = office.get(shown[1]["url"], "tv-sanh")
        assert media.status_code == 200 and media.content == clip

        # No text editor: office.toml is as `onestop init` wrote it; the live configuration is in the database.
        assert (data / "office.toml").read_bytes() == seed
    finally:
        office.stop()
