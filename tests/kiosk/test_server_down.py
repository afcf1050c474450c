"""The office server goes away: a clear bilingual message, no invented number, and back by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.controller import Screen
from tests.helpers.office import Office
from tests.kiosk.conftest import WAIT, MakeKiosk

pytestmark = pytest.mark.gui
RECONNECT = 15_000


def tap(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_server_down_message_then_recovers_by_itself(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    out = tmp_path / "t.bin"
    kiosk = make_kiosk(f"file:{out}", ask_priority=False)
    window, controller = kiosk.window, kiosk.controller
    with qtbot.waitSignal(controller.online_changed, timeout=WAIT, check_params_cb=lambda online: not online):
        office.stop()
    home = window.home
    assert home.pages.currentWidget() is home.offline
    assert home.offline_vi.text() == "Không kết nối được máy chủ"
    assert home.offline_en.text() == "Cannot reach the office server"
    assert "tự động kết nối lại" in home.offline_retry.text() and "reconnecting" in home.offline_retry.text()
    assert not any(tile.isEnabled() for tile in home.tiles.values())
    # Even a tap that reached the controller issues and prints nothing.
    controller.choose_service("A")
    assert controller.screen is Screen.HOME and not controller.busy
    assert "Không kết nối được máy chủ" in home.notice.text()
    assert not out.exists()

    restarted = office.restart()
    try:
        qtbot.waitUntil(lambda: controller.online, timeout=RECONNECT)
        assert home.pages.currentWidget() is home.grid_page and home.notice.isHidden()
        with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
            tap(qtbot, home.tiles["A"])
        assert printed.args[0]["number"] == "A001"  # the server's number, the first of the day
    finally:
        restarted.stop()


def test_alert_raised_while_the_server_was_away_arrives_later(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 'unplugged' / 'lp0'}")
    with qtbot.waitSignal(kiosk.controller.online_changed, timeout=WAIT):
        office.stop()
    for _ in range(5):
        kiosk.controller.corner_tapped()
    kiosk.controller.enter_pin("2468")
    with qtbot.waitSignal(kiosk.printer.test_finished, timeout=WAIT) as finished:
        kiosk.controller.test_print()
    assert finished.args[0] is not None  # the printer is unplugged
    qtbot.waitUntil(lambda: kiosk.reports.pending == ["printer"], timeout=WAIT)
    restarted = office.restart()
    try:
        qtbot.waitUntil(lambda: not kiosk.reports.pending, timeout=RECONNECT)
        alerts = restarted.get("/api/alerts", device="supervisor").json()["alerts"]
        assert [(a["source"], a["state"]) for a in alerts] == [("kiosk", "offline")]
    finally:
        restarted.stop()


def test_issue_refused_by_the_server_says_why(qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", ask_priority=False)
    # A service the office dropped since the kiosk loaded its state: the server's own words, no ticket.
    kiosk.context.model.services.append({"code": "Z", "name_vi": "Z", "name_en": "Z"})
    with qtbot.waitSignal(kiosk.controller.notice, timeout=WAIT) as notice:
        kiosk.controller.choose_service("Z")
    assert "Z" in notice.args[0] and kiosk.controller.screen is Screen.HOME
    assert office.get("/api/state").json()["waiting"] == []
