"""A booked citizen at the kiosk, against the real office server: "Tôi đã đặt lịch hẹn", the booking's QR
scanned or its code typed, a ticket printed that is called before the walk-ins; too early or late, she is
told and takes a normal ticket. Screens grabbed at 1920 x 1080 in both languages ($ONESTOP_SCREENSHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.controller import Screen
from kiosk.scan import booking_code
from kiosk.ui.style import TOUCH_MIN_PX
from tests.hardware.escpos_decoder import decode
from tests.helpers.office import Office
from tests.kiosk.conftest import WAIT, MakeKiosk
from tests.kiosk.test_rating_at_kiosk import scanner_types, tap
from tests.kiosk.test_screens import clipped

pytestmark = pytest.mark.gui


def settle() -> None:
    """Let the layouts follow new words (the language button's width) before a grab."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def booked(office: Office, minutes_ahead: int = 30, phone: str = "0912345678") -> str:
    """A booking for the slot ``minutes_ahead`` from the test clock's 08:00 (service A)."""
    assert office.server is not None
    running = office.server.office
    slot = office.clock() + minutes_ahead * 60
    return running.call_blocking(running.store.bookings.book, "A", slot, "Lê Văn Cường", phone)["code"]


def test_booking_code_from_the_qr() -> None:
    assert booking_code("http://192.168.1.10:8080/book/K7M2Q9XA") == "K7M2Q9XA"
    assert booking_code("https://queue.example.gov.vn/book/k7m2q9xa?lang=en") == "K7M2Q9XA"
    assert booking_code("http://x/t/12?c=ABCDEFGH") is None and booking_code("A012") is None


def test_type_the_code_and_get_a_booked_ticket(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    code = booked(office)
    early = booked(office, 150, "0987654321")
    printed = tmp_path / "t.bin"
    kiosk = make_kiosk(f"file:{printed}?profile=TM-T20II")  # native TCVN-3: the decoder reads the words back
    window, controller = kiosk.window, kiosk.controller
    qtbot.waitUntil(lambda: window.home.appointment_button.isVisible(), timeout=WAIT)
    assert window.home.appointment_button.main.text() == "✓ Tôi đã đặt lịch hẹn"
    assert window.home.appointment_button.other.text() == "I have an appointment"
    window.grab().save(str(out / "kiosk-home-appointment-1920x1080.png"))
    tap(qtbot, window.home.appointment_button)
    assert controller.screen is Screen.CHECK_IN and window.stack.currentWidget() is window.check_in

    # Too early (her slot is at 10:30): told when to come back, offered a normal ticket.
    for key in early:
        tap(qtbot, window.check_in.keys[key])
    tap(qtbot, window.check_in.keys["OK"])
    qtbot.waitUntil(lambda: window.check_in.normal_button.isVisible(), timeout=WAIT)
    assert "xin quay lại từ 10:00" in window.check_in.message.text()
    assert window.check_in.normal_button.text() == "Lấy số thông thường"
    window.grab().save(str(out / "kiosk-check-in-too-early-1920x1080.png"))
    controller.toggle_language()
    settle()
    assert window.check_in.title.text() == "I have an appointment"
    window.grab().save(str(out / "kiosk-check-in-too-early-en-1920x1080.png"))
    controller.toggle_language()

    # Her own code, typed: a ticket marked with her 08:30 slot, printed like any other.
    for _ in range(8):
        tap(qtbot, window.check_in.keys["⌫"])
    for key in code[:5]:
        tap(qtbot, window.check_in.keys[key])
    assert window.check_in.code_field.text() == f"Mã đặt lịch:  {code[:4]} {code[4]}"
    window.grab().save(str(out / "kiosk-check-in-1920x1080.png"))
    controller.toggle_language()
    settle()
    window.grab().save(str(out / "kiosk-check-in-en-1920x1080.png"))
    controller.toggle_language()
    for key in code[5:]:
        tap(qtbot, window.check_in.keys[key])
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        tap(qtbot, window.check_in.keys["OK"])
    assert controller.screen is Screen.TICKET
    ticket = controller.view.ticket if controller.view else {}
    assert ticket["number"] == "A001" and ticket["booked_slot"].startswith("2026-11-27T08:30")
    # Her slot on the screen and on the paper, under the service.
    assert window.ticket.appointment.isVisible() and window.ticket.appointment.text() == "Lịch hẹn 08:30"
    lines = decode(printed.read_bytes()).lines
    assert lines[lines.index("A001") + 2] == "Lịch hẹn 08:30"
    window.grab().save(str(out / "kiosk-check-in-ticket-1920x1080.png"))
    controller.toggle_language()
    settle()
    assert window.ticket.appointment.text() == "Appointment 08:30"
    window.grab().save(str(out / "kiosk-check-in-ticket-en-1920x1080.png"))
    controller.toggle_language()


def test_scan_the_booking_qr_from_home(qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    code = booked(office)
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    window, controller = kiosk.window, kiosk.controller
    qtbot.waitUntil(lambda: window.home.appointment_button.isVisible(), timeout=WAIT)
    scanner_types(window, f"http://192.168.1.10:8080/book/{code}")
    qtbot.waitUntil(lambda: controller.screen is Screen.TICKET, timeout=WAIT)
    assert controller.view is not None and controller.view.ticket["booked_slot"]
    # The same QR again: already checked in, said on the check-in screen.
    controller.go_home()
    scanner_types(window, f"http://192.168.1.10:8080/book/{code}")
    qtbot.waitUntil(lambda: window.check_in.normal_button.isVisible(), timeout=WAIT)
    assert controller.screen is Screen.CHECK_IN and "đã được xác nhận" in window.check_in.message.text()
    tap(qtbot, window.check_in.normal_button)
    assert controller.screen is Screen.HOME


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_the_appointment_button_is_a_finger_high_on_small_kiosks(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path, size: tuple[int, int]
) -> None:
    """At least TOUCH_MIN_PX high and as wide as "Rate our service", the home screen still fitting, both languages."""
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", size=size)
    window, controller = kiosk.window, kiosk.controller
    button = window.home.appointment_button
    qtbot.waitUntil(button.isVisible, timeout=WAIT)
    for language in ("vi", "en"):
        settle()
        assert button.height() >= TOUCH_MIN_PX, button.height()
        assert button.width() == window.home.rate_button.width()
        suffix = "" if language == "vi" else "-en"
        window.grab().save(str(out / f"kiosk-home-appointment{suffix}-{size[0]}x{size[1]}.png"))
        assert clipped(window) == []
        assert all(tile.height() >= 150 for tile in window.home.tiles.values())  # the tiles stay big targets
        controller.toggle_language()
