"""The office server cannot save (its database held by another program): the clerk is told why, her presses are
refused without waiting, and she carries on once the server is writable again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.intents import Intent
from server.config import DATABASE_NAME
from tests.counter.apps import WAIT, counter_app
from tests.helpers.lock_holder import held_by_another_process
from tests.helpers.office import Office

pytestmark = pytest.mark.gui


def test_the_clerk_is_told_and_carries_on_after(qtbot: QtBot, office: Office, tmp_path: Path) -> None:
    office.issue("B")
    office.sign_in(1)
    with counter_app(qtbot, office, 1) as app:
        controller = app.controller
        with held_by_another_process(office.data / DATABASE_NAME):
            with qtbot.waitSignal(controller.message, timeout=WAIT * 3) as told:
                assert office.post("/api/tickets", json={"service": "A"}).status_code == 503
            kind, text = told.args
            assert kind == "error" and "Máy chủ đang gặp sự cố" in text and "khóa" in text
            with qtbot.waitSignal(controller.message, timeout=WAIT) as refused:
                assert not controller.perform(Intent.CALL_NEXT)
            assert "chưa thực hiện «Gọi tiếp»" in refused.args[1] or "chưa thực hiện" in refused.args[1]
            assert controller.busy is None
            shots = Path(os.environ.get("ONESTOP_SCREENSHOTS", tmp_path))
            assert app.window.grab().save(str(shots / "counter-server-fault.png"))
        with qtbot.waitSignal(controller.message, timeout=WAIT * 3) as back:
            pass
        assert tuple(back.args) == ("info", "Máy chủ đã hoạt động bình thường trở lại.")
        assert controller.perform(Intent.CALL_NEXT)
        app.wait_idle(qtbot)
        assert controller.ticket is not None and controller.ticket["number"] == "B001"
