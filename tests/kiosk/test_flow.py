"""The kiosk end to end: a tap on the touchscreen -> a ticket on the server -> bytes on the printer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hardware.slip import wait_range_minutes
from kiosk.controller import PrintState, Screen
from tests.hardware.escpos_decoder import assert_codepage_after_every_init, decode
from tests.helpers.office import Office
from tests.kiosk.conftest import WAIT, MakeKiosk

pytestmark = pytest.mark.gui
CODEPAGE = "profile=TM-T20II"  # native TCVN-3 text, so the decoder reads the Vietnamese back


def tap(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _at(estimates: dict) -> float:
    return datetime.fromisoformat(estimates["at"]).timestamp()


def server_ticket(office: Office, ticket_id: int) -> dict:
    return office.get(f"/api/tickets/{ticket_id}").json()


def test_tap_service_issues_and_prints_the_ticket(qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path):
    office.sign_in(2)  # Quầy 2 serves A first
    office.issue("A")  # someone is already waiting
    out = tmp_path / "tickets.bin"
    kiosk = make_kiosk(f"file:{out}?{CODEPAGE}")
    window, controller, model = kiosk.window, kiosk.controller, kiosk.context.model
    office.clock.advance(10)
    office.settle_estimates()
    # The batch made now (the one at start-up saw nobody signed in and said "not today").
    qtbot.waitUntil(lambda: model.estimates is not None and _at(model.estimates) >= office.clock.now, timeout=WAIT)
    queue = model.queues["A"]
    low, high = wait_range_minutes(0, queue["estimated_low_s"], queue["estimated_high_s"])
    assert window.home.tiles["A"].stats.text() == f"Đang chờ: 1 người\nChờ khoảng {low}–{high} phút"
    tap(qtbot, window.home.tiles["A"])
    assert controller.screen is Screen.PRIORITY
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        tap(qtbot, window.priority.no_button)
    ticket, sent = printed.args
    assert ticket["number"] == "A002" and ticket["waiting_ahead"] == 1
    assert controller.screen is Screen.TICKET and window.stack.currentWidget() is window.ticket
    assert window.ticket.number.text() == "A002"
    assert window.ticket.ahead.text() == "Số người chờ trước: 1"
    assert window.ticket.status.text() == "Mời ông/bà nhận vé ở khe bên dưới"

    data = out.read_bytes()
    assert len(data) == sent
    stream = decode(data)
    assert_codepage_after_every_init(stream, 30)
    assert "A002" in stream.lines
    assert "Tư pháp - Hộ tịch" in stream.lines
    assert "Số người chờ trước: 1" in stream.lines
    # The estimator's range, as issued and kept with the ticket (ASCII dash in code page mode).
    low, high = wait_range_minutes(0, ticket["estimated_low_s"], ticket["estimated_high_s"])
    assert 0 < low < high and f"Chờ khoảng {low}-{high} phút" in stream.lines
    assert window.ticket.wait.text() == f"Thời gian chờ dự kiến: khoảng {low}–{high} phút"
    assert "Bộ phận Một cửa - UBND xã Kỳ Sơn" in stream.lines
    assert stream.of("qr") == [f"{office.url}/t/{ticket['id']}"]
    assert stream.of("cut")
    qtbot.waitUntil(lambda: server_ticket(office, ticket["id"])["printed"] is True, timeout=WAIT)


def test_pty_printer_answers_status_and_gets_the_ticket(qtbot: QtBot, pty_printer, make_kiosk: MakeKiosk) -> None:
    # (pty_printer first: it must outlive the kiosk, which closes its port at teardown)
    kiosk = make_kiosk(f"serial:{pty_printer.path}?baudrate=115200&{CODEPAGE}", ask_priority=False)
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        tap(qtbot, kiosk.window.home.tiles["D"])
    received = pty_printer.wait_for(lambda b: len(b) >= 6 + printed.args[1])
    assert received.startswith(b"\x10\x04\x01\x10\x04\x04")  # asked before printing
    stream = decode(received[6:])
    # The service name prints at twice font A on 80 mm, so it wraps at 24 characters.
    assert "D001" in stream.lines and "Lao động - Thương binh và Xã hội" in " ".join(stream.lines)


def test_universal_mode_prints_the_label_natively(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    out = tmp_path / "tickets.bin"
    kiosk = make_kiosk(f"file:{out}", ask_priority=False)
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        tap(qtbot, kiosk.window.home.tiles["B"])
    stream = decode(out.read_bytes())
    assert "B001" in stream.lines and stream.rasters  # Vietnamese lines as raster, the label as text


def test_double_tap_makes_one_ticket(qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", ask_priority=False)
    tile = kiosk.window.home.tiles["C"]
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        tap(qtbot, tile)
        assert kiosk.controller.busy and not tile.isEnabled()
        tap(qtbot, tile)
        kiosk.controller.choose_service("C")  # even a tap the disabled button let through
    qtbot.waitUntil(lambda: not kiosk.controller.busy, timeout=WAIT)
    kiosk.controller.choose_service("C")  # on the ticket screen: ignored too
    waiting = office.get("/api/state").json()["waiting"]
    assert [t["number"] for t in waiting] == ["C001"]


def test_priority_question(qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    window = kiosk.window
    tap(qtbot, window.home.tiles["B"])
    assert window.priority.service.text() == "Lĩnh vực: Chứng thực"
    assert [b.text() for b in window.priority.group_buttons.values()][:2] == ["Người cao tuổi", "Người khuyết tật"]
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        tap(qtbot, window.priority.group_buttons["elderly"])
    assert printed.args[0]["priority"] == "elderly"
    assert window.ticket.priority.text() == "Ưu tiên: Người cao tuổi"
    assert office.get(f"/api/tickets/{printed.args[0]['id']}").json()["priority"] == "elderly"
    # "Back" on the question issues nothing.
    tap(qtbot, window.ticket.done_button)
    tap(qtbot, window.home.tiles["B"])
    tap(qtbot, window.priority.back_button)
    assert kiosk.controller.screen is Screen.HOME
    assert len(office.get("/api/state").json()["waiting"]) == 1


def test_idle_timeout_and_confirmation_return_home(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", idle_timeout_s=0.3, confirm_s=0.3)
    controller = kiosk.controller
    tap(qtbot, kiosk.window.home.tiles["A"])
    assert controller.screen is Screen.PRIORITY
    with qtbot.waitSignal(controller.screen_changed, timeout=WAIT, check_params_cb=lambda s: s == "home"):
        pass
    tap(qtbot, kiosk.window.home.tiles["A"])
    tap(qtbot, kiosk.window.priority.no_button)
    qtbot.waitUntil(lambda: controller.screen is Screen.TICKET, timeout=WAIT)
    with qtbot.waitSignal(controller.screen_changed, timeout=WAIT, check_params_cb=lambda s: s == "home"):
        pass
    assert kiosk.window.stack.currentWidget() is kiosk.window.home


def test_language_is_one_tap_away(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    window = kiosk.window
    assert window.home.title.text() == "Mời chọn lĩnh vực cần giải quyết"
    assert window.header.language_button.text() == "English"
    tap(qtbot, window.header.language_button)
    assert window.home.title.text() == "Please choose the service you need"
    assert window.home.tiles["A"].name.text() == "Justice – civil status"
    assert window.header.language_button.text() == "Tiếng Việt"
    tap(qtbot, window.header.language_button)
    assert window.home.tiles["A"].name.text() == "Tư pháp – Hộ tịch"


def test_live_queue_counts_follow_the_office(qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    stats = kiosk.window.home.tiles["F"].stats
    assert stats.text() == "Không có người chờ"
    office.issue("F")
    office.issue("F")
    qtbot.waitUntil(lambda: stats.text().startswith("Đang chờ: 2 người"), timeout=WAIT)


def test_ticket_screen_waits_for_the_printer(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", ask_priority=False)
    views = []
    kiosk.controller.ticket_changed.connect(views.append)
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        tap(qtbot, kiosk.window.home.tiles["E"])
    assert [v.print_state for v in views] == [PrintState.PRINTING, PrintState.PRINTED]
