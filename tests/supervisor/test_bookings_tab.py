"""The supervisor's "Lịch hẹn / Appointments" tab against the real server: today's bookings per slot —
booked, arrived, missed — the totals, another day, and cancelling one with a reason (audited)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.events import ConnectionState, EventStream
from client.language import Language
from client.model import OfficeModel
from supervisor.bookings import BookingsLoader
from supervisor.bookings_tab import BookingsTab
from tests.helpers.office import Office

pytestmark = pytest.mark.gui
WAIT = 5000


@dataclass
class Tab:
    widget: BookingsTab
    loader: BookingsLoader
    language: Language


@pytest.fixture
def tab(qtbot: QtBot, office: Office) -> Iterator[Tab]:
    api = ApiClient(office.url, office.tokens["supervisor"])
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    language = Language("vi")
    loader = BookingsLoader(api)
    widget = BookingsTab(loader, model, language, lambda: model.day)
    stream.state_loaded.connect(widget.on_state_loaded)
    qtbot.addWidget(widget)
    widget.resize(1920, 1040)
    online = ConnectionState.ONLINE
    with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == online):
        stream.start()
    try:
        yield Tab(widget, loader, language)
    finally:
        stream.stop()


def book(office: Office, minutes: int, phone: str, name: str = "Nguyễn Văn An", service: str = "A") -> str:
    """A booking for the slot ``minutes`` after the test clock's Friday 08:00."""
    assert office.server is not None
    running = office.server.office
    slot = office.clock() + minutes * 60
    return running.call_blocking(running.store.bookings.book, service, slot, name, phone)["code"]


def cells(widget: BookingsTab, row: int) -> list[str]:
    return [widget.table.item(row, c).text() for c in range(widget.table.columnCount())]


def test_today_and_another_day_and_a_cancellation_with_its_reason(qtbot: QtBot, office: Office, tab: Tab) -> None:
    shots = Path(os.environ.get("ONESTOP_SCREENSHOTS") or "/tmp/onestop-shots")
    shots.mkdir(parents=True, exist_ok=True)
    widget = tab.widget
    # Today: one who arrives (08:30), one to come who will miss it (09:30), one to cancel (10:30); Monday: one.
    arrived = book(office, 30, "0912345678", "Lê Văn Cường")
    coming = book(office, 90, "0987654321", "Trần Thị Bình", "C")
    to_cancel = book(office, 150, "0901234567", "Phạm Thị Dung")
    book(office, 3 * 24 * 60 + 60, "0933333333", "Đỗ Văn Em")
    ticket = office.post("/api/bookings/check-in", json={"code": arrived}).json()
    qtbot.waitUntil(lambda: widget.table.rowCount() == 3, timeout=WAIT)
    assert widget.day == "2026-11-27"
    assert cells(widget, 0) == ["08:30", "A · Tư pháp – Hộ tịch", arrived, "Lê Văn Cường", "0912345678", "Đã đến",
                                f"vé #{ticket['id']}"]  # fmt: skip
    assert cells(widget, 1)[:6] == ["09:30", "C · Đất đai – Xây dựng", coming, "Trần Thị Bình", "0987654321", "Đã đặt"]
    assert widget.totals.text().startswith("Đã đặt: 3  ·  Đã đến: 1  ·  Đúng giờ: 0")
    widget.grab().save(str(shots / "supervisor-bookings-1920x1040.png"))

    # Cancel 10:30 with a reason: a reason is required; the place is free again; the row says why.
    widget.table.selectRow(2)
    assert widget.cancel_button.isEnabled()
    qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    assert widget.message.text() == "Xin ghi lý do hủy lịch hẹn."
    widget.reason.setText("Cán bộ tiếp nhận đi công tác")
    with qtbot.waitSignal(tab.loader.cancelled, timeout=WAIT):
        qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cells(widget, 2)[5] == "Đã hủy", timeout=WAIT)
    assert cells(widget, 2)[6] == "Cán bộ tiếp nhận đi công tác"
    assert widget.message.text() == f"Đã hủy lịch hẹn {to_cancel} (10:30)."
    widget.table.selectRow(0)
    assert not widget.cancel_button.isEnabled()  # arrived: nothing to cancel
    audit = office.get("/api/audit", "supervisor").json()
    entries = [e for e in audit["entries"] if e["action"] == "booking.cancel"]
    assert entries and entries[-1]["detail"]["reason"] == "Cán bộ tiếp nhận đi công tác"
    assert entries[-1]["detail"]["slot"].startswith("2026-11-27T10:30")
    assert to_cancel not in str(entries[-1]) and "Phạm" not in str(entries[-1])  # no code, no name in the trail
    free = office.get("/api/bookings/free?service=A&day=2026-11-27", "supervisor").json()["slots"]
    assert next(s for s in free if s["time"] == "10:30")["free"] == 2
    tab.language.toggle()
    qtbot.waitUntil(lambda: cells(widget, 2)[5] == "Cancelled", timeout=WAIT)
    assert widget.title.text() == "Appointments of the day"
    widget.grab().save(str(shots / "supervisor-bookings-en-1920x1040.png"))
    tab.language.toggle()

    # Monday: the next weekday with a booking; the missed one shows once its window has passed.
    for _ in range(3):
        qtbot.mouseClick(widget.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: widget.day == "2026-11-30" and widget.table.rowCount() == 1, timeout=WAIT)
    assert cells(widget, 0)[:6] == ["09:00", "A · Tư pháp – Hộ tịch", cells(widget, 0)[2], "Đỗ Văn Em", "0933333333",
                                    "Đã đặt"]  # fmt: skip
    qtbot.mouseClick(widget.today_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: widget.day == "2026-11-27" and widget.table.rowCount() == 3, timeout=WAIT)
    office.clock.advance(2 * 3600)  # 10:00: 09:30's window closed without her
    qtbot.mouseClick(widget.today_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cells(widget, 1)[5] == "Không đến", timeout=WAIT)
    assert "Không đến: 1" in widget.totals.text()
