"""Booking a follow-up visit from the counter app, against the real office server: service, day, slot with its
free places, name and phone; the code shown large; a full slot refused in the server's words. Screens grabbed
at 1366 x 768 in both languages ($ONESTOP_SCREENSHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter.intents import Intent
from tests.counter.apps import WAIT, counter_app
from tests.helpers.office import Office

pytestmark = pytest.mark.gui


def type_text(widget: QWidget, text: str) -> None:
    """Vietnamese as an input method commits it (qtbot.keyClicks with accented letters aborts, DOMAIN.md)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_a_clerk_books_a_follow_up_visit_and_reads_out_the_code(
    qtbot: QtBot, office: Office, tmp_path: Path
) -> None:
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    assert office.server is not None
    running = office.server.office
    # Monday 30/11 09:30 (A) is already full: two citizens booked it on their phones.
    monday_0930 = office.clock() + 3 * 86400 + 90 * 60
    for phone in ("0911111111", "0922222222"):
        running.call_blocking(running.store.bookings.book, "A", monday_0930, "Trần Văn Bình", phone)
    office.sign_in(2)  # Quầy 2 serves A, then B
    office.issue("A")
    office.act(2, "call-next")
    with counter_app(qtbot, office, 2) as app:
        window, panel = app.window, app.window.follow_up
        qtbot.waitUntil(lambda: app.controller.state == "calling", timeout=WAIT)
        button = window.action_bar.buttons[Intent.FOLLOW_UP]
        assert button.isVisibleTo(window) and button.text() == "Đặt lịch hẹn…\n[F10]"
        qtbot.keyClick(window, Qt.Key.Key_F10)
        assert window.right.currentWidget() is panel and panel.isVisibleTo(window)
        # Her counter's bookable service, and the first day after today with places (Friday → Monday).
        assert panel.service == "A" and panel.services["A"].isChecked()
        qtbot.waitUntil(lambda: panel.day == "2026-11-30" and len(panel.slot_buttons) > 4, timeout=WAIT)
        assert panel.days.currentText() == "Thứ Hai 30/11/2026 — 28 chỗ trống"
        texts = [b.text() for b in panel.slot_buttons if b.isVisibleTo(window)]
        assert texts[:5] == ["07:30 · 2", "08:00 · 2", "08:30 · 2", "09:00 · 2", "09:30 · hết"]
        assert not panel.slot_buttons[4].isEnabled()
        qtbot.mouseClick(panel.slot_buttons[3], Qt.MouseButton.LeftButton)  # 09:00
        type_text(panel.name, "Phạm Thị Dung")
        qtbot.keyClicks(panel.phone, "0901 234 567")
        QApplication.processEvents()
        window.grab().save(str(out / "counter-follow-up-1366x768.png"))
        app.controller.language.toggle()
        assert panel.title.text() == "Book a visit for the citizen" and panel.slot_buttons[4].text() == "09:30 · full"
        window.grab().save(str(out / "counter-follow-up-en-1366x768.png"))
        app.controller.language.toggle()
        qtbot.keyClick(panel.phone, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.booking is not None, timeout=WAIT)
        booking = panel.booking
        assert booking is not None and booking["time"] == "09:00" and booking["status"] == "booked"
        assert panel.code.isVisibleTo(window) and panel.code.text() == f"{booking['code'][:4]} {booking['code'][4:]}"
        assert panel.when.text() == "Tư pháp – Hộ tịch\n09:00 — Thứ Hai 30/11/2026"
        window.grab().save(str(out / "counter-follow-up-booked-1366x768.png"))
        app.controller.language.toggle()
        assert panel.done_caption.text() == "Booked. The citizen's code:"
        window.grab().save(str(out / "counter-follow-up-booked-en-1366x768.png"))
        app.controller.language.toggle()
        # On the server: her booking, made at counter 2, in the supervisor's day.
        day = office.get("/api/bookings?day=2026-11-30", "supervisor").json()
        mine = [b for s in day["slots"] for b in s["bookings"] if b["code"] == booking["code"]]
        assert mine and mine[0]["name"] == "Phạm Thị Dung" and mine[0]["phone"] == "0901234567"
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert window.right.currentWidget() is window.queue

        # Again, for a slot that fills while the form is open: refused in the server's words, places re-read.
        qtbot.keyClick(window, Qt.Key.Key_F10)
        assert panel.booking is None and panel.name.text() == ""
        qtbot.waitUntil(lambda: len([b for b in panel.slot_buttons if b.isVisibleTo(window)]) > 4, timeout=WAIT)
        qtbot.mouseClick(panel.slot_buttons[0], Qt.MouseButton.LeftButton)  # 07:30
        type_text(panel.name, "Lê Văn Cường")
        qtbot.keyClicks(panel.phone, "0933333333")
        monday_0730 = office.clock() + 3 * 86400 - 30 * 60
        for phone in ("0944444444", "0955555555"):
            running.call_blocking(running.store.bookings.book, "A", monday_0730, "Đỗ Thị Em", phone)
        qtbot.mouseClick(panel.book, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "vừa hết chỗ" in panel.message.text(), timeout=WAIT)
        qtbot.waitUntil(lambda: panel.slot_buttons[0].text() == "07:30 · hết", timeout=WAIT)
        assert panel.booking is None and not panel.slot_buttons[0].isEnabled()


def test_no_follow_up_button_where_nothing_can_be_booked(qtbot: QtBot, office: Office) -> None:
    """Quầy 4 serves D and F, and the office books A and C: the button shows (any bookable service), but
    an office with no bookable service at all shows none — the model's appointments list decides."""
    office.sign_in(4)
    with counter_app(qtbot, office, 4) as app:
        qtbot.waitUntil(lambda: app.controller.state == "idle", timeout=WAIT)
        assert app.window.action_bar.buttons[Intent.FOLLOW_UP].isVisibleTo(app.window)
        app.model.office["appointments"] = []
        app.controller.changed.emit()
        assert not app.window.action_bar.buttons[Intent.FOLLOW_UP].isVisibleTo(app.window)
        assert not app.controller.can(Intent.FOLLOW_UP)
