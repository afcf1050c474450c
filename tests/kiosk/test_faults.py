"""Printer faults end to end: the ticket survives, the supervisor is told, the kiosk recovers by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hardware.errors import PaperOut, PrinterOffline
from kiosk.controller import PrintState, Screen
from tests.hardware.escpos_decoder import decode
from tests.helpers.office import Office
from tests.kiosk.conftest import WAIT, MakeKiosk

pytestmark = pytest.mark.gui
READY_QUERIES = b"\x10\x04\x01\x10\x04\x04"


def tap(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def alerts(office: Office) -> list[dict]:
    return office.get("/api/state", device="supervisor").json()["alerts"]


def open_settings(qtbot: QtBot, kiosk) -> None:
    for _ in range(5):
        tap(qtbot, kiosk.window.header.corner)
    for key in "2468":
        tap(qtbot, kiosk.window.pin.keys[key])
    tap(qtbot, kiosk.window.pin.keys["OK"])
    assert kiosk.controller.screen is Screen.SETTINGS


def test_paper_out_mid_job_then_recovery(qtbot: QtBot, office: Office, pty_printer, make_kiosk: MakeKiosk) -> None:
    kiosk = make_kiosk(f"serial:{pty_printer.path}?baudrate=115200&profile=TM-T20II", ask_priority=False)
    window, controller = kiosk.window, kiosk.controller
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        tap(qtbot, window.home.tiles["A"])
    tap(qtbot, window.ticket.done_button)

    # The roll runs out between two citizens.
    pty_printer.state = "paper_out"
    with qtbot.waitSignal(kiosk.printer.failed, timeout=WAIT) as failed:
        tap(qtbot, window.home.tiles["A"])
    ticket, error = failed.args
    assert isinstance(error, PaperOut) and ticket["number"] == "A002"
    # The citizen still has her number: on screen, with its QR code, in both languages.
    assert controller.screen is Screen.TICKET and controller.view.print_state is PrintState.FAILED
    assert window.ticket.number.text() == "A002"
    assert window.ticket.qr_box.isVisible() and window.ticket.qr.data == f"{office.url}/t/{ticket['id']}"
    assert window.ticket.fault_vi.text() == "Máy in đã hết giấy. Vui lòng báo cán bộ."
    assert window.ticket.fault_en.text() == "The printer is out of paper. Please tell a staff member."
    assert "chụp ảnh" in window.ticket.fault_photo.text()
    # The server has the ticket, marked unprinted, and the supervisor sees the alert.
    qtbot.waitUntil(lambda: office.get(f"/api/tickets/{ticket['id']}").json()["printed"] is False, timeout=WAIT)
    qtbot.waitUntil(lambda: [a["state"] for a in alerts(office)] == ["paper_out"], timeout=WAIT)
    alert = alerts(office)[0]
    assert alert["source"] == "kiosk" and alert["kind"] == "printer"
    assert alert["message_vi"].startswith("Máy in vé ở kiosk đã hết giấy")
    assert [t["number"] for t in office.get("/api/state").json()["waiting"]] == ["A001", "A002"]
    # The home screen says what is going on while the fault lasts.
    tap(qtbot, window.ticket.done_button)
    assert window.home.banner.isVisible() and "hết giấy" in window.home.banner.text()

    # A new roll: the kiosk notices by itself (status polled only while in fault) and clears the alert.
    printed_before = len(pty_printer.received)
    with qtbot.waitSignal(controller.printer_fault_changed, timeout=WAIT, check_params_cb=lambda e: e is None):
        pty_printer.state = "ready"
    assert pty_printer.queries.count(1) > 2  # it asked more than once
    qtbot.waitUntil(lambda: alerts(office) == [], timeout=WAIT)
    assert not window.home.banner.isVisible()
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        tap(qtbot, window.home.tiles["B"])
    assert printed.args[0]["number"] == "B001"
    got = pty_printer.wait_for(lambda b: len(b) >= printed_before + printed.args[1])
    assert "B001" in decode(got[got.rindex(READY_QUERIES) + len(READY_QUERIES) :]).lines
    # Polling stops once the printer is fine: status is hardware, asked only while in fault.
    assert not kiosk.printer.polling

    # The unprinted ticket is reprinted from settings and marked printed.
    open_settings(qtbot, kiosk)
    assert window.settings.reprint_button.text() == "In lại vé chưa in (1)"
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as reprinted:
        tap(qtbot, window.settings.reprint_button)
    assert reprinted.args[0]["number"] == "A002"
    assert window.settings.reprint_button.text() == "In lại vé chưa in (0)"
    qtbot.waitUntil(lambda: office.get(f"/api/tickets/{ticket['id']}").json()["printed"] is True, timeout=WAIT)


@pytest.mark.parametrize("state, expected", [("cover_open", "cover_open"), ("silent", "no_answer")])
def test_other_faults_raise_their_alert(
    qtbot: QtBot, office: Office, pty_printer, make_kiosk: MakeKiosk, state: str, expected: str
) -> None:
    kiosk = make_kiosk(f"serial:{pty_printer.path}?baudrate=115200", ask_priority=False)
    pty_printer.state = state
    with qtbot.waitSignal(kiosk.printer.failed, timeout=WAIT):
        tap(qtbot, kiosk.window.home.tiles["F"])
    qtbot.waitUntil(lambda: [a["state"] for a in alerts(office)] == [expected], timeout=WAIT)
    pty_printer.state = "ready"
    qtbot.waitUntil(lambda: alerts(office) == [], timeout=WAIT)


def test_unplugged_file_printer_recovers_on_the_next_ticket(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    # A printer that cannot report status (file:, like a spooler): the next good ticket ends the fault.
    folder = tmp_path / "usb"
    kiosk = make_kiosk(f"file:{folder / 'lp0'}", ask_priority=False)
    with qtbot.waitSignal(kiosk.printer.failed, timeout=WAIT) as failed:
        tap(qtbot, kiosk.window.home.tiles["A"])
    assert isinstance(failed.args[1], PrinterOffline)
    assert kiosk.window.ticket.fault_vi.text() == "Máy in đang tắt hoặc mất kết nối. Vui lòng báo cán bộ."
    qtbot.waitUntil(lambda: [a["state"] for a in alerts(office)] == ["offline"], timeout=WAIT)
    folder.mkdir()  # plugged back in
    tap(qtbot, kiosk.window.ticket.done_button)
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        tap(qtbot, kiosk.window.home.tiles["A"])
    qtbot.waitUntil(lambda: alerts(office) == [], timeout=WAIT)
    assert "A002" in decode((folder / "lp0").read_bytes()).lines
