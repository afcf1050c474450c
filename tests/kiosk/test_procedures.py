"""Finding a procedure at the kiosk, as a citizen does it: against the real server, touches on the real widgets."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import server.app
from hardware import layout
from hardware.options import PrintOptions
from hardware.printer import TicketPrinter
from kiosk.app import Kiosk, build_kiosk
from kiosk.controller import Screen
from onestop.cli import main
from tests.hardware.conftest import marriage_checklist
from tests.hardware.escpos_decoder import assert_clear_around_qr, assert_codepage_after_every_init, decode
from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office
from tests.kiosk.conftest import CONFIG, WAIT, MakeKiosk, make_context

pytestmark = pytest.mark.gui
CODEPAGE = "profile=TM-T20II"  # native TCVN-3 text, so the decoder reads the Vietnamese back


def tap(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_on_keyboard(qtbot: QtBot, kiosk: Kiosk, text: str) -> None:
    """Each letter tapped on the on-screen keyboard; a space is its key."""
    keys = kiosk.window.search.keyboard.keys
    for letter in text:
        tap(qtbot, keys["space" if letter == " " else letter])


def shown_rows(kiosk: Kiosk) -> list[str]:
    return [row.main.text() for row in kiosk.window.search.rows if row.isVisibleTo(kiosk.window)]


def uses(office: Office) -> dict:
    return office.get("/api/stats", device="supervisor").json()["procedures"]


def test_search_without_accents_open_print_and_take_a_ticket(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    """The issue's "done when": search "ket hon", open "Đăng ký kết hôn", print its checklist, take a ticket."""
    out = tmp_path / "printer.bin"
    kiosk = make_kiosk(f"file:{out}?{CODEPAGE}")
    window, controller = kiosk.window, kiosk.controller
    qtbot.waitUntil(lambda: window.home.find_button.isVisible(), timeout=WAIT)
    assert (window.home.find_button.main.text(), window.home.find_button.other.text()) == (
        "Tra cứu thủ tục",
        "Find a procedure",
    )

    tap(qtbot, window.home.find_button)
    assert controller.screen is Screen.FIND and window.stack.currentWidget() is window.search
    # Browsing: the fields first.
    assert shown_rows(kiosk)[:2] == ["Hộ tịch", "Chứng thực"]
    type_on_keyboard(qtbot, kiosk, "ket hon")
    assert window.search.search.text() == "ket hon▏"
    assert shown_rows(kiosk)[0] == "Đăng ký kết hôn"

    tap(qtbot, window.search.rows[0])
    assert controller.screen is Screen.PROCEDURE and window.stack.currentWidget() is window.procedure
    page = window.procedure
    assert page.name.text() == "Đăng ký kết hôn"
    assert page.about.text() == "Hộ tịch · Cấp xã · Mã 1.000894"
    assert [(row.name.text(), row.terms.text()) for row in page.papers] == [
        ("•  Tờ khai đăng ký kết hôn (theo mẫu; hai bên có thể khai chung một tờ)", "1 bản chính"),
        ("•  Giấy xác nhận tình trạng hôn nhân (khi một bên không thường trú tại xã)", "1 bản chính"),
        ("•  Giấy tờ tùy thân có ảnh của cả hai bên nam, nữ", "Xuất trình bản chính"),
    ]
    assert page.facts["fee"][1].text() == "Miễn lệ phí (công dân Việt Nam cư trú trong nước)"
    assert page.ticket_hint.text() == "Lĩnh vực: A – Tư pháp – Hộ tịch"
    qtbot.waitUntil(lambda: uses(office)["looked_up"] == 1, timeout=WAIT)

    with qtbot.waitSignal(kiosk.printer.checklist_printed, timeout=WAIT) as printed:
        tap(qtbot, page.print_button)
    code, sent = printed.args
    assert code == "1.000894"
    assert page.print_status.text() == "Đã in — mời ông/bà nhận danh sách ở khe bên dưới"
    data = out.read_bytes()
    assert len(data) == sent
    # Exactly the bytes of the checklist written out by hand from the sample catalogue.
    expected = marriage_checklist(
        note="Hai bên nam, nữ cùng có mặt khi đăng ký. Dữ liệu mẫu (sample data) của onestop: đối chiếu với danh "
        "mục thủ tục hành chính do UBND tỉnh công bố trước khi dùng.",
        qr_data=f"{office.url}/thu-tuc/1.000894",
        printed_at=datetime(2026, 11, 27, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    assert data == layout.checklist(expected, PrintOptions.resolve("TM-T20II", "codepage", 80))
    stream = decode(data)
    assert_codepage_after_every_init(stream, 30)
    assert_clear_around_qr(stream)
    assert stream.lines[:5] == [
        "Bộ phận Một cửa - UBND xã Kỳ Sơn",
        "",
        "GIẤY TỜ CẦN MANG THEO",
        "Đăng ký kết hôn",
        "Mã thủ tục: 1.000894",
    ]
    assert "Lấy số: A - Tư pháp - Hộ tịch" in stream.lines
    assert stream.of("qr") == [f"{office.url}/thu-tuc/1.000894"]
    qtbot.waitUntil(lambda: uses(office)["checklists_printed"] == 1, timeout=WAIT)

    tap(qtbot, page.ticket_button)
    assert controller.screen is Screen.PRIORITY
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as ticket_printed:
        tap(qtbot, window.priority.no_button)
    ticket = ticket_printed.args[0]
    assert ticket["number"] == "A001" and ticket["service"] == "A"
    assert controller.screen is Screen.TICKET
    assert office.get(f"/api/tickets/{ticket['id']}").json()["service"] == "A"
    assert "A001" in decode(out.read_bytes()[len(data) :]).lines
    by_procedure = uses(office)["by_procedure"]
    assert by_procedure == [
        {"code": "1.000894", "name": "Đăng ký kết hôn", "looked_up": 1, "checklists_printed": 1},
    ]


def test_browse_a_field_typos_and_tone_keys(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 'p.bin'}")
    window, controller = kiosk.window, kiosk.controller
    qtbot.waitUntil(lambda: window.home.find_button.isVisible(), timeout=WAIT)
    tap(qtbot, window.home.find_button)
    search = window.search
    tap(qtbot, search.rows[1])  # Chứng thực
    assert search.field_chip.isVisible() and search.field_chip.text() == "Lĩnh vực: Chứng thực   ✕"
    assert len(shown_rows(kiosk)) == 3 and shown_rows(kiosk)[1] == "Chứng thực chữ ký trong các giấy tờ, văn bản"
    type_on_keyboard(qtbot, kiosk, "chu ky")  # within the field
    assert shown_rows(kiosk) == ["Chứng thực chữ ký trong các giấy tờ, văn bản"]
    tap(qtbot, search.field_chip)  # leave the field: the whole catalogue
    assert not search.field_chip.isVisible()
    tap(qtbot, search.keyboard.keys["clear"])
    assert shown_rows(kiosk)[0] == "Hộ tịch"
    type_on_keyboard(qtbot, kiosk, "khai sihn")  # two letters swapped
    assert shown_rows(kiosk) == ["Đăng ký khai sinh"]
    tap(qtbot, search.keyboard.keys["clear"])
    type_on_keyboard(qtbot, kiosk, "kêt")
    tap(qtbot, search.keyboard.keys["sắc"])
    assert search.search.text() == "kết▏"
    assert shown_rows(kiosk)[0] == "Đăng ký kết hôn"
    type_on_keyboard(qtbot, kiosk, " xyzw")  # nothing anywhere: left out
    assert shown_rows(kiosk)[0] == "Đăng ký kết hôn"
    tap(qtbot, search.keyboard.keys["clear"])
    type_on_keyboard(qtbot, kiosk, "qqqq")
    assert shown_rows(kiosk) == []
    assert search.hint.text() == "Không tìm thấy thủ tục nào. Xin thử từ khác, hoặc hỏi cán bộ tại quầy."
    # Back from a procedure keeps what was typed; home and back again starts afresh.
    tap(qtbot, search.keyboard.keys["clear"])
    type_on_keyboard(qtbot, kiosk, "dat dai")
    tap(qtbot, search.rows[0])
    assert window.procedure.name.text() == "Hòa giải tranh chấp đất đai"
    tap(qtbot, window.procedure.back_button)
    assert controller.screen is Screen.FIND and search.search.text() == "dat dai▏"
    tap(qtbot, search.back_button)
    tap(qtbot, window.home.find_button)
    assert search.keyboard.text == "" and shown_rows(kiosk)[0] == "Hộ tịch"


def test_english_and_back_home_on_idle(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 'p.bin'}", idle_timeout_s=0.4)
    window, controller = kiosk.window, kiosk.controller
    qtbot.waitUntil(lambda: window.home.find_button.isVisible(), timeout=WAIT)
    tap(qtbot, window.header.language_button)
    tap(qtbot, window.home.find_button)
    assert window.search.title.text() == "Find an administrative procedure"
    type_on_keyboard(qtbot, kiosk, "marriage")
    assert shown_rows(kiosk) == ["Marriage registration"]
    tap(qtbot, window.search.rows[0])
    page = window.procedure
    assert page.name.text() == "Marriage registration"
    assert page.papers[0].terms.text() == "1 original" and page.papers[2].terms.text() == "Show the original"
    assert page.print_button.text() == "Print the checklist" and page.ticket_button.text() == "Take a ticket"
    with qtbot.waitSignal(controller.screen_changed, timeout=WAIT, check_params_cb=lambda s: s == "home"):
        pass  # nobody touched the screen
    assert window.stack.currentWidget() is window.home


def test_a_printer_fault_on_the_checklist_is_said_and_counts_nothing(
    qtbot: QtBot, office: Office, pty_printer, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(f"serial:{pty_printer.path}?baudrate=115200&{CODEPAGE}")
    window, controller = kiosk.window, kiosk.controller
    qtbot.waitUntil(lambda: window.home.find_button.isVisible(), timeout=WAIT)
    pty_printer.state = "paper_out"
    controller.open_find()
    controller.open_procedure("1.001193")
    with qtbot.waitSignal(kiosk.printer.checklist_failed, timeout=WAIT):
        tap(qtbot, window.procedure.print_button)
    status = window.procedure.print_status
    assert status.property("state") == "failed" and status.text().startswith("Máy in đã hết giấy")
    assert window.procedure.print_button.isEnabled()  # try again once the paper is in
    qtbot.waitUntil(lambda: uses(office)["looked_up"] == 1, timeout=WAIT)
    assert uses(office)["checklists_printed"] == 0


def test_a_new_catalogue_reaches_the_kiosk_and_none_hides_the_button(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server.app, "TICK_S", 0.05)
    clock = FakeClock()
    data = tmp_path / "office"
    prepare_data(data)
    office = start_office(data, clock, register_devices(data, clock))  # no catalogue yet
    context = make_context(office)
    kiosk = build_kiosk(context, replace(CONFIG), TicketPrinter(f"file:{tmp_path / 'p.bin'}"), lockdown=False)
    try:
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        context.stream.start()
        qtbot.waitUntil(lambda: kiosk.controller.online and kiosk.catalogue.version == 0, timeout=WAIT)
        assert not kiosk.window.home.find_button.isVisible()
        kiosk.controller.open_find()
        assert kiosk.controller.screen is Screen.HOME  # nothing to find
        file = tmp_path / "xa.csv"
        with file.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(
                [["code", "name", "field", "level", "service"], ["1.000894", "Đăng ký kết hôn", "Hộ tịch", "xã", "A"]]
            )
        with qtbot.waitSignal(kiosk.catalogue.changed, timeout=WAIT):
            assert main(["procedures", "import", "--data", str(data), str(file)]) == 0
        assert kiosk.catalogue.version == 1 and [p.name for p in kiosk.catalogue.procedures] == ["Đăng ký kết hôn"]
        qtbot.waitUntil(lambda: kiosk.window.home.find_button.isVisible(), timeout=WAIT)
    finally:
        kiosk.stop()
        kiosk.window._may_close = True
        kiosk.window.close()
        kiosk.window.deleteLater()
        office.stop()
