"""The office server cannot save (its database held by another program): the kiosk says so and issues nothing
until the server is writable again — then it issues by itself, no restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from server.config import DATABASE_NAME
from tests.helpers.lock_holder import held_by_another_process
from tests.helpers.office import Office
from tests.kiosk.conftest import WAIT, MakeKiosk

pytestmark = pytest.mark.gui


def test_the_kiosk_says_the_server_cannot_issue_and_carries_on_after(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", ask_priority=False)
    controller, home = kiosk.controller, kiosk.window.home
    with held_by_another_process(office.data / DATABASE_NAME):
        assert office.post("/api/tickets", json={"service": "A"}).status_code == 503  # the server notices
        qtbot.waitUntil(lambda: controller.problem is not None, timeout=WAIT)
        assert "gặp sự cố" in home.notice.text() and not home.notice.isHidden()
        with qtbot.assertNotEmitted(kiosk.printer.printed, wait=300):
            controller.choose_service("A")  # refused here: no request, no waiting citizen
        assert not controller.busy and "gặp sự cố" in home.notice.text()
        shots = Path(os.environ.get("ONESTOP_SCREENSHOTS", tmp_path))
        assert kiosk.window.grab().save(str(shots / "kiosk-server-fault.png"))
    qtbot.waitUntil(lambda: controller.problem is None, timeout=WAIT * 2)
    assert home.notice.isHidden() or home.notice.text() == ""
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        controller.choose_service("A")
    assert printed.args[0]["number"] == "A001"
