"""The kiosk follows the live configuration: a service hidden or added in the admin screens shows within 2 s."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.helpers.office import Office
from tests.kiosk.conftest import MakeKiosk

SHOTS = Path(os.environ.get("ONESTOP_SHOTS", "/tmp/onestop-shots"))


def test_hidden_and_new_services_reach_the_kiosk_live(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(f"preview:{tmp_path}")
    assert set(kiosk.window.home.tiles) == {"A", "B", "C", "D", "E", "F"}
    config = office.get("/api/admin/config", "admin").json()
    document = config["document"]
    document["services"][4]["hidden"] = True  # E: off the kiosk
    document["services"].append({"code": "G", "name_vi": "Bảo trợ xã hội", "name_en": "Social protection",
                                 "label": "G###", "mean_service_min": 6.0, "target_wait_min": 15.0,
                                 "hidden": False})  # fmt: skip
    # The kiosk reloads its state with its stream left open: it never says "cannot reach the server".
    with qtbot.assertNotEmitted(kiosk.controller.online_changed):
        answer = office.request("PUT", "/api/admin/config", "admin", json={"version": 1, "document": document})
        assert answer.status_code == 200, answer.text
        qtbot.waitUntil(lambda: set(kiosk.window.home.tiles) == {"A", "B", "C", "D", "F", "G"}, timeout=2000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert kiosk.window.grab().save(str(SHOTS / "kiosk-home-live-config-1920x1080.png"))
    refused = office.post("/api/tickets", json={"service": "E"})
    assert refused.status_code == 409 and "máy lấy số" in refused.json()["message_vi"]
    assert office.post("/api/tickets", "supervisor", json={"service": "E"}).status_code == 201  # still served
