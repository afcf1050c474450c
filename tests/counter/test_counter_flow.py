"""The counter app against a real office server: sign in, call, recall, start, finish, and the rest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter.intents import Intent
from tests.counter.apps import WAIT, counter_app
from tests.helpers.office import Office

pytestmark = pytest.mark.gui


def ticket_on_server(office: Office, ticket_id: int) -> dict:
    return office.ticket(ticket_id)


def test_sign_in_shows_the_counter_and_its_services(qtbot: QtBot, office: Office) -> None:
    with counter_app(qtbot, office, 1) as app:
        page = app.window.sign_in
        assert app.window.pages.currentWidget() is page
        assert page.title.text() == "Quầy 1"
        assert "1. B · Chứng thực" in page.services.text() and "2. A · Tư pháp – Hộ tịch" in page.services.text()
        qtbot.keyClicks(page.username, "clerk1")
        qtbot.keyClicks(page.pin, "9999")
        qtbot.keyClick(page.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "Sai tên đăng nhập hoặc mã PIN" in app.window.status.text(), timeout=WAIT)
        assert page.pin.text() == "" and app.controller.state == "signed_out"
        qtbot.keyClicks(page.pin, "246810")
        qtbot.keyClick(page.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.controller.state == "idle", timeout=WAIT)
        assert app.window.pages.currentWidget() is not page
        assert app.window.top.clerk.text() == "Cán bộ 1"
        assert office.get("/api/counters", "counter1").json()["counters"][0]["clerk"]["username"] == "clerk1"


def test_wrong_pins_lock_the_name_and_say_for_how_long(qtbot: QtBot, office: Office) -> None:
    with counter_app(qtbot, office, 1) as app:
        page, c = app.window.sign_in, app.controller
        assert not page.lockout.isVisibleTo(app.window)
        for _ in range(5):
            assert c.sign_in("clerk1", "000000")
            qtbot.waitUntil(lambda: c.busy is None, timeout=WAIT)
        assert page.lockout.isVisibleTo(app.window)
        text = page.lockout.text()
        assert "“clerk1” tạm khóa" in text and "Thử lại sau 4:59" in text or "Thử lại sau 5:00" in text
        assert "Nhập sai PIN quá nhiều lần" in app.window.status.text()
        c.language.toggle()
        assert "is locked: too many wrong PINs" in page.lockout.text()
        # The right PIN too is refused until the time is up (the server counts, per name, in its database).
        assert c.sign_in("clerk1", "246810")
        qtbot.waitUntil(lambda: c.busy is None, timeout=WAIT)
        assert c.state == "signed_out"


def test_call_recall_start_finish_with_the_buttons(qtbot: QtBot, office: Office) -> None:
    office.sign_in(1)
    first = office.issue("B")
    office.issue("A", priority="elderly")
    with counter_app(qtbot, office, 1) as app:
        panel = app.window.ticket
        assert panel.number.text() == "—"
        assert app.window.queue.next_numbers.text().count("A001") == 1  # priority first, marked ★
        assert not app.window.action_bar.buttons[Intent.RECALL].isEnabled()

        app.click(qtbot, "next")
        qtbot.waitUntil(lambda: panel.number.text() == "A001", timeout=WAIT)
        assert "Người cao tuổi" in panel.priority.text() and panel.status.text() == "Đang gọi"
        app.wait_idle(qtbot)
        app.click(qtbot, "finish")
        qtbot.waitUntil(lambda: panel.number.text() == "—", timeout=WAIT)
        app.wait_idle(qtbot)

        app.click(qtbot, "next")
        qtbot.waitUntil(lambda: panel.number.text() == "B001", timeout=WAIT)
        assert panel.service.text() == "Chứng thực" and panel.priority.text() == ""
        assert app.window.queue._rows[0][1].text() == "0"
        app.wait_idle(qtbot)
        app.click(qtbot, "recall")
        qtbot.waitUntil(lambda: "Số lần gọi: 2" in panel.calls.text(), timeout=WAIT)
        app.wait_idle(qtbot)
        app.click(qtbot, "start")
        qtbot.waitUntil(lambda: panel.status.text() == "Đang phục vụ", timeout=WAIT)
        assert panel.timer.text().startswith("Phục vụ: ")
        assert not app.window.action_bar.buttons[Intent.RECALL].isEnabled()
        app.wait_idle(qtbot)
        app.click(qtbot, "finish")
        qtbot.waitUntil(lambda: app.controller.state == "idle", timeout=WAIT)
    served = ticket_on_server(office, first["id"])
    assert served["status"] == "done" and served["call_count"] == 2 and served["clerk"] == "clerk1"


def test_every_action_has_its_key(qtbot: QtBot, office: Office) -> None:
    office.sign_in(1)
    b1, b2, b3 = office.issue("B"), office.issue("B"), office.issue("B")
    with counter_app(qtbot, office, 1) as app:
        window, c = app.window, app.controller

        def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
            app.wait_idle(qtbot)
            qtbot.keyClick(window, k, modifier)

        # Each button shows its key.
        assert window.action_bar.buttons[Intent.CALL_NEXT].text().endswith("[F1]")
        assert window.action_bar.buttons[Intent.NO_SHOW_REQUEUE].text().endswith("[Shift+F5]")
        key(Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: c.ticket is not None and c.ticket["number"] == "B001", timeout=WAIT)
        key(Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: c.ticket["call_count"] == 2, timeout=WAIT)
        key(Qt.Key.Key_F3)
        qtbot.waitUntil(lambda: c.state == "serving", timeout=WAIT)
        key(Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: c.state == "idle", timeout=WAIT)
        key(Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: c.ticket is not None and c.ticket["number"] == "B002", timeout=WAIT)
        key(Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)  # no-show, back of the queue
        qtbot.waitUntil(lambda: c.state == "idle", timeout=WAIT)
        assert ticket_on_server(office, b2["id"])["status"] == "waiting"
        # F7: call a given number (the requeued B002) — typed, then Enter.
        key(Qt.Key.Key_F7)
        form = window.forms[Intent.CALL_NUMBER]
        assert window.open_form is form
        qtbot.keyClicks(form.number, "b002")
        qtbot.keyClick(form.number, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: c.ticket is not None and c.ticket["number"] == "B002", timeout=WAIT)
        assert window.open_form is None
        # F6: transfer to Land – construction.
        key(Qt.Key.Key_F6)
        assert window.open_form is window.forms[Intent.TRANSFER]
        assert not window.forms[Intent.TRANSFER].choices["B"].isEnabled()
        qtbot.mouseClick(window.forms[Intent.TRANSFER].choices["C"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: c.state == "idle", timeout=WAIT)
        assert ticket_on_server(office, b2["id"])["service"] == "C"
        # Esc closes a form without doing anything.
        key(Qt.Key.Key_F8)
        assert window.open_form is window.forms[Intent.PAUSE]
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert window.open_form is None and c.state == "idle"
        # F8: pause with a preset reason; F9: resume.
        key(Qt.Key.Key_F8)
        qtbot.mouseClick(window.forms[Intent.PAUSE].presets[1], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: c.state == "paused", timeout=WAIT)
        assert window.ticket.service.text() == "Lý do: Nghỉ trưa"
        assert window.action_bar.buttons[Intent.RESUME].isVisibleTo(window)
        assert not window.action_bar.buttons[Intent.CALL_NEXT].isEnabled()
        key(Qt.Key.Key_F1)  # refused while paused, with a word why
        assert "không áp dụng" in window.status.text()
        key(Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: c.state == "idle", timeout=WAIT)
        # F8 with a typed reason.
        key(Qt.Key.Key_F8)
        qtbot.keyClicks(window.forms[Intent.PAUSE].other, "Meeting")
        qtbot.keyClick(window.forms[Intent.PAUSE].other, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: c.state == "paused", timeout=WAIT)
        assert c.counter["pause_reason"] == "Meeting"
        key(Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: c.state == "idle", timeout=WAIT)
        # F11: English; F12: sign out.
        key(Qt.Key.Key_F11)
        assert window.action_bar.buttons[Intent.CALL_NEXT].text() == "Call next   [F1]"
        key(Qt.Key.Key_F12)
        qtbot.waitUntil(lambda: c.state == "signed_out", timeout=WAIT)
        assert window.pages.currentWidget() is window.sign_in
    assert ticket_on_server(office, b1["id"])["status"] == "done"
    assert ticket_on_server(office, b3["id"])["status"] == "waiting"


def test_one_action_at_a_time(qtbot: QtBot, office: Office) -> None:
    office.sign_in(1)
    office.issue("B")
    office.issue("B")
    with counter_app(qtbot, office, 1) as app:
        app.click(qtbot, "next")
        # A second press before the answer (a double click, a bouncing keypad key) is refused.
        assert app.controller.perform(Intent.CALL_NEXT) is False
        assert not app.window.action_bar.buttons[Intent.CALL_NEXT].isEnabled()
        assert "Thao tác trước chưa xong" in app.window.status.text()
        app.wait_idle(qtbot)
        qtbot.waitUntil(lambda: app.controller.ticket is not None, timeout=WAIT)
    waiting = office.get("/api/services").json()["services"]
    assert next(s for s in waiting if s["code"] == "B")["waiting"] == 1


def test_nobody_waiting_is_said(qtbot: QtBot, office: Office) -> None:
    office.sign_in(3)
    with counter_app(qtbot, office, 3) as app:
        app.click(qtbot, "next")
        qtbot.waitUntil(lambda: "Không còn công dân nào đang chờ" in app.window.status.text(), timeout=WAIT)
        assert app.controller.state == "idle"
