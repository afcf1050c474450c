"""Rating at the kiosk against the real office server: scan the QR, or type the number and the code under it;
rate, back home. A number alone cannot rate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.controller import Screen
from kiosk.scan import Scanned, parse_scan
from rating.controller import Page
from tests.helpers.office import Office
from tests.kiosk.conftest import WAIT, MakeKiosk

pytestmark = pytest.mark.gui


def tap(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def served(office: Office, service: str = "A", counter: int = 2) -> dict[str, Any]:
    ticket = office.issue(service)
    office.sign_in(counter)
    assert office.act(counter, "call-next").json()["ticket"]["id"] == ticket["id"]
    assert office.act(counter, "finish").status_code == 200
    return ticket


def scanner_types(window, text: str) -> None:
    """What a USB QR scanner does: one key event with text per character, then Enter."""
    for char in text:
        key = Qt.Key(ord(char.upper())) if char.isascii() else Qt.Key.Key_unknown
        QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char))
    enter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    QApplication.sendEvent(window, enter)


def ready(qtbot: QtBot, kiosk: Kiosk) -> None:
    qtbot.waitUntil(lambda: bool(kiosk.controller.rating.levels), timeout=WAIT)


def test_parse_scan() -> None:
    assert parse_scan("http://10.0.0.5:8000/t/42?c=AB23CD45") == Scanned(ticket_id=42, code="AB23CD45")
    assert parse_scan("http://10.0.0.5:8000/api/tickets/7") == Scanned(ticket_id=7)
    assert parse_scan(" a012 ") == Scanned(number="A012")
    assert parse_scan("1023") == Scanned(number="1023")
    for junk in ("", "hello world", "http://x/t/0?c=1", "http://x/t/abc", "http://x/other/3", "A" * 40):
        assert parse_scan(junk) is None


def test_type_the_number_and_its_code_and_rate(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    ticket = served(office)
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    window, controller = kiosk.window, kiosk.controller
    ready(qtbot, kiosk)
    assert window.home.rate_button.main.text() == "★  Đánh giá dịch vụ"
    tap(qtbot, window.home.rate_button)
    assert controller.screen is Screen.RATE and window.stack.currentWidget() is window.rate
    assert sorted(k for k in window.rate.keys if k.isalpha() and k != "OK") == list("ABCDEF")
    for key in ["A", "0", "0", "2", "⌫", "1"]:
        tap(qtbot, window.rate.keys[key])
    assert window.rate.number_field.text() == "Số thứ tự:  A001"
    tap(qtbot, window.rate.keys["OK"])  # on to the code, whose keypad has its own alphabet
    assert window.rate.field == "code" and "Z" in window.rate.keys and "O" not in window.rate.keys
    for key in ticket["public_code"]:
        tap(qtbot, window.rate.keys[key])
    assert window.rate.code_field.text().endswith(f"{ticket['public_code'][:4]} {ticket['public_code'][4:]}")
    tap(qtbot, window.rate.keys["OK"])
    qtbot.waitUntil(lambda: controller.screen is Screen.RATING, timeout=WAIT)
    assert window.stack.currentWidget() is window.rating
    widget = window.rating.widget
    assert widget.ticket_label.text() == "Số thứ tự A001"
    with qtbot.waitSignal(controller.rating.rated, timeout=WAIT) as rated:
        tap(qtbot, widget.faces[3])  # Rất hài lòng
    assert rated.args[0]["level"] == 3
    assert controller.rating.page is Page.THANKS and widget.pages.currentWidget() is widget.thanks_page
    stored = office.ticket(ticket["id"])["rating"]
    assert stored["level"] == 3 and stored["counter"] == 2 and stored["path"] == "kiosk_code"
    # The thank-you, then home by itself.
    qtbot.waitUntil(lambda: controller.screen is Screen.HOME, timeout=WAIT)
    assert window.stack.currentWidget() is window.home


def test_scan_the_qr_anywhere_and_rate_with_reasons(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    ticket = served(office, "B", 1)
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    window, controller = kiosk.window, kiosk.controller
    ready(qtbot, kiosk)
    assert controller.screen is Screen.HOME
    scanner_types(window, f"{office.url}/t/{ticket['id']}?c={ticket['public_code']}")
    qtbot.waitUntil(lambda: controller.screen is Screen.RATING, timeout=WAIT)
    widget = window.rating.widget
    assert widget.ticket_label.text() == "Số thứ tự B001"
    tap(qtbot, widget.faces[1])  # Không hài lòng → reasons
    assert controller.rating.page is Page.REASONS
    tap(qtbot, widget.reason_buttons["long_wait"])
    with qtbot.waitSignal(controller.rating.rated, timeout=WAIT):
        tap(qtbot, widget.send)
    stored = office.ticket(ticket["id"])["rating"]
    assert stored["level"] == 1 and stored["reasons"] == ["long_wait"]

    # The same ticket again: said clearly, no second rating.
    controller.go_home()
    scanner_types(window, f"{office.url}/t/{ticket['id']}?c={ticket['public_code']}")
    qtbot.waitUntil(lambda: "đã được đánh giá" in window.rate.message.text(), timeout=WAIT)
    assert controller.screen is Screen.RATE
    assert window.rate.message.text() == "Số B001 đã được đánh giá. Xin cảm ơn!"


def test_a_number_alone_cannot_rate(qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    ticket = served(office, "B", 1)
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    window, controller = kiosk.window, kiosk.controller
    ready(qtbot, kiosk)
    scanner_types(window, "b001")  # the number read off the lobby screen, typed on a keyboard
    assert controller.screen is Screen.RATE
    assert window.rate.message.text().startswith("Số thứ tự thôi chưa đủ để đánh giá. Xin quét mã QR")
    scanner_types(window, f"{office.url}/t/{ticket['id']}")  # a QR without the ticket's code
    assert "tablet" not in window.rate.message.text() and "máy tính bảng" in window.rate.message.text()
    controller.rate_number("B001", "")
    assert "mã đánh giá" in window.rate.message.text()
    controller.rate_number("B001", "AAAA2222")  # a wrong code: the server says so
    qtbot.waitUntil(lambda: "Mã không đúng" in window.rate.message.text(), timeout=WAIT)
    assert controller.screen is Screen.RATE and office.ticket(ticket["id"])["rating"] is None


def test_unserved_unknown_and_junk_say_why_in_both_languages(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    code = office.issue("C")["public_code"]
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    window, controller = kiosk.window, kiosk.controller
    ready(qtbot, kiosk)
    message = window.rate.message

    def type_number(number: str) -> None:
        controller.go_home()
        tap(qtbot, window.home.rate_button)
        for key in number:
            tap(qtbot, window.rate.keys[key])
        tap(qtbot, window.rate.keys["OK"])
        for key in code:
            tap(qtbot, window.rate.keys[key])
        tap(qtbot, window.rate.keys["OK"])

    type_number("C001")
    qtbot.waitUntil(lambda: message.text() != "", timeout=WAIT)
    assert message.text() == "Số C001 chưa được phục vụ xong nên chưa thể đánh giá."
    type_number("D9")
    qtbot.waitUntil(lambda: message.text() != "", timeout=WAIT)
    assert message.text() == "Hôm nay không có số D9"
    scanner_types(window, "hello")
    assert message.text() == "Không đọc được mã này. Xin quét mã QR trên phiếu, hoặc nhập số thứ tự."

    controller.toggle_language()
    type_number("C001")
    qtbot.waitUntil(lambda: message.text() != "", timeout=WAIT)
    assert message.text() == "C001 has not been served yet, so it cannot be rated."
    type_number("D9")
    qtbot.waitUntil(lambda: message.text() != "", timeout=WAIT)
    assert message.text() == "no ticket D9 today"
    scanner_types(window, f"{office.url}/t/999?c=XXXXXXXX")
    qtbot.waitUntil(lambda: message.text() != "", timeout=WAIT)
    assert message.text() == "no ticket with id 999"
    assert controller.screen is Screen.RATE


def test_idle_returns_home_from_the_number_and_from_the_rating(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    ticket = served(office)
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", idle_timeout_s=0.3)
    window, controller = kiosk.window, kiosk.controller
    ready(qtbot, kiosk)
    tap(qtbot, window.home.rate_button)
    assert controller.screen is Screen.RATE
    qtbot.waitUntil(lambda: controller.screen is Screen.HOME, timeout=WAIT)

    scanner_types(window, f"{office.url}/t/{ticket['id']}?c={ticket['public_code']}")
    qtbot.waitUntil(lambda: controller.screen is Screen.RATING, timeout=WAIT)
    qtbot.waitUntil(lambda: controller.screen is Screen.HOME, timeout=WAIT)
    assert controller.rating.page is Page.IDLE and window.stack.currentWidget() is window.home
    assert office.ticket(ticket["id"])["rating"] is None
