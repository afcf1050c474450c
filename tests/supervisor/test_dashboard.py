"""The supervisor's dashboard against a real office server, with the office's controllable clock."""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.events import EventStream
from client.language import Language
from client.model import OfficeModel
from server.config import DATABASE_NAME
from supervisor.alerts import AlertMonitor
from supervisor.window import SupervisorWindow
from tests.helpers.lock_holder import held_by_another_process
from tests.helpers.office import Office

pytestmark = pytest.mark.gui
WAIT = 5000


@dataclass
class Dashboard:
    window: SupervisorWindow
    monitor: AlertMonitor
    stream: EventStream
    model: OfficeModel
    chimes: list[int]

    def cell(self, table: str, row: int, column: int) -> str:
        item = getattr(self.window, table).item(row, column)
        return item.text() if item is not None else ""

    def keys(self) -> list[str]:
        return [a.key for a in self.monitor.active]


@pytest.fixture
def dashboard(qtbot: QtBot, office: Office) -> Iterator[Dashboard]:
    api = ApiClient(office.url, office.tokens["supervisor"])
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    chimes: list[int] = []
    monitor = AlertMonitor(model, office.clock, pause_alert_s=600)
    window = SupervisorWindow(api, model, Language("vi"), monitor, lambda: chimes.append(1), office.clock)
    stream.state_loaded.connect(monitor.on_state_loaded)
    stream.state_loaded.connect(window.on_state_loaded)
    stream.health_changed.connect(monitor.on_health)
    model.event_applied.connect(monitor.on_event)
    model.event_applied.connect(window.sync.on_event)
    model.event_applied.connect(window.devices.on_event)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    board = Dashboard(window, monitor, stream, model, chimes)
    yield board
    monitor.stop()
    stream.stop()


def start(qtbot: QtBot, board: Dashboard) -> None:
    with qtbot.waitSignal(board.window.loader.loaded, timeout=WAIT):
        board.stream.start()


def test_live_queues_and_counters(qtbot: QtBot, office: Office, dashboard: Dashboard) -> None:
    office.issue("A")
    office.issue("B")
    office.sign_in(2)
    office.sign_in(1)
    office.act(1, "pause", reason="họp")
    start(qtbot, dashboard)
    assert dashboard.cell("queues", 0, 0) == "A  Tư pháp – Hộ tịch"
    assert (dashboard.cell("queues", 0, 1), dashboard.cell("queues", 1, 1)) == ("1", "1")
    assert dashboard.cell("counters", 0, 1) == "Tạm dừng — họp"
    assert dashboard.cell("counters", 3, 1) == "Chưa đăng nhập"
    office.clock.advance(120)
    office.act(2, "call-next")
    qtbot.waitUntil(lambda: dashboard.cell("counters", 1, 3) == "A001", timeout=WAIT)
    assert dashboard.cell("counters", 1, 1) == "Đang gọi" and dashboard.cell("counters", 1, 2) == "Cán bộ 2"
    assert dashboard.cell("queues", 0, 1) == "0"


def test_wait_alert_fires_at_the_threshold_with_a_chime(qtbot: QtBot, office: Office, dashboard: Dashboard) -> None:
    office.issue("C")
    start(qtbot, dashboard)
    assert dashboard.monitor.wait_alert_s == 1800  # office.alert_wait_min = 30 in the sample office
    office.clock.advance(1799)
    dashboard.monitor.check()
    assert dashboard.keys() == [] and dashboard.chimes == []
    assert "Không có cảnh báo" in dashboard.window.alert_bar.text()
    office.clock.advance(1)
    dashboard.monitor.start()  # the 1 s tick finds it
    qtbot.waitUntil(lambda: dashboard.keys() == ["wait:C"], timeout=WAIT)
    assert dashboard.chimes == [1]
    assert "Lĩnh vực C: có người chờ 30 phút (1 đang chờ)" in dashboard.window.alert_bar.text()
    dashboard.monitor.check()
    assert dashboard.chimes == [1]  # one chime per alert, not per check
    office.sign_in(3)
    office.act(3, "call-next")
    qtbot.waitUntil(lambda: dashboard.keys() == [], timeout=WAIT)


def test_counter_paused_too_long(qtbot: QtBot, office: Office, dashboard: Dashboard) -> None:
    office.sign_in(4)
    office.act(4, "pause", reason="nghỉ trưa")
    start(qtbot, dashboard)
    office.clock.advance(599)
    dashboard.monitor.check()
    assert dashboard.keys() == []
    office.clock.advance(1)
    dashboard.monitor.check()
    assert dashboard.keys() == ["pause:4"] and dashboard.chimes == [1]
    assert "Quầy 4 tạm dừng 10 phút (nghỉ trưa)" in dashboard.window.alert_bar.text()


def test_printer_alert_comes_and_goes_with_the_server(qtbot: QtBot, office: Office, dashboard: Dashboard) -> None:
    start(qtbot, dashboard)
    body = {"source": "kiosk", "kind": "printer", "state": "paper_out", "active": True,
            "message_vi": "Máy in hết giấy", "message_en": "Printer out of paper"}  # fmt: skip
    assert office.post("/api/alerts", "kiosk", json=body).status_code in (200, 201)
    qtbot.waitUntil(lambda: any(k.startswith("device:") for k in dashboard.keys()), timeout=WAIT)
    assert "kiosk: Máy in hết giấy" in dashboard.window.alert_bar.text() and dashboard.chimes == [1]
    office.post("/api/alerts", "kiosk", json={**body, "active": False})
    qtbot.waitUntil(lambda: dashboard.keys() == [], timeout=WAIT)


def test_a_supervisor_acknowledges_then_clears_a_kiosks_alert(
    qtbot: QtBot, office: Office, dashboard: Dashboard, tmp_path: Path
) -> None:
    start(qtbot, dashboard)
    body = {"kind": "printer", "state": "paper_out", "active": True,
            "message_vi": "Máy in hết giấy", "message_en": "Printer out of paper"}  # fmt: skip
    alert = office.post("/api/alerts", "kiosk", json=body).json()["alert"]
    rows = dashboard.window.device_alerts.rows
    qtbot.waitUntil(lambda: alert["id"] in rows, timeout=WAIT)
    assert not dashboard.window.device_alerts.isHidden()
    row = rows[alert["id"]]
    assert "kiosk: Máy in hết giấy" in row.label.text() and row.seen.text() == "Đã biết"
    qtbot.mouseClick(row.seen, Qt.MouseButton.LeftButton)
    # Shown as seen only once the office has recorded it (the event comes back).
    qtbot.waitUntil(lambda: alert["id"] in rows and "đã biết: supervisor" in rows[alert["id"]].label.text(),
                    timeout=WAIT)  # fmt: skip
    assert rows[alert["id"]].seen.isHidden()
    stored = office.get("/api/alerts", "supervisor").json()["alerts"]
    assert [a["acknowledged_by"] for a in stored if a["id"] == alert["id"]] == ["supervisor"]
    dashboard.window.grab().save(str(tmp_path / "supervisor-alert.png"))
    qtbot.mouseClick(rows[alert["id"]].clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dashboard.keys() == [] and not rows, timeout=WAIT)
    assert dashboard.window.device_alerts.isHidden()


def test_date_range_picker_fetches_past_days(qtbot: QtBot, office: Office, dashboard: Dashboard) -> None:
    office.sign_in(1)
    office.issue("B")
    office.issue("B")
    office.clock.advance(300)
    for _ in range(2):
        office.act(1, "call-next")
        office.clock.advance(200)
    office.act(1, "finish")
    office.clock.advance(86400)  # the next day: today is empty
    start(qtbot, dashboard)
    window = dashboard.window
    assert window.stats is not None and window.stats["totals"]["issued"] == 0
    window.from_edit.setDate(window.from_edit.date().addDays(-1))
    window.to_edit.setDate(window.to_edit.date().addDays(-1))
    with qtbot.waitSignal(window.loader.loaded, timeout=WAIT):
        qtbot.mouseClick(window.show_button, Qt.MouseButton.LeftButton)
    assert (window.stats["from"], window.stats["to"]) == ("2026-11-27", "2026-11-27")
    assert "Số phát: <b>2</b>" in window.summary.text() and "Đã phục vụ: <b>2</b>" in window.summary.text()
    assert window.charts.served_by_counter == [2.0]
    with qtbot.waitSignal(window.loader.loaded, timeout=WAIT):
        qtbot.mouseClick(window.today_button, Qt.MouseButton.LeftButton)
    assert window.stats["from"] == "2026-11-28"


def test_english_one_tap_away(qtbot: QtBot, office: Office, dashboard: Dashboard) -> None:
    start(qtbot, dashboard)
    qtbot.mouseClick(dashboard.window.lang_button, Qt.MouseButton.LeftButton)
    assert dashboard.window.queues.horizontalHeaderItem(1).text() == "Waiting"
    assert dashboard.window.counters_title.text() == "Counters"
    assert dashboard.cell("counters", 0, 1) == "Signed out"


def test_a_storage_fault_is_an_alert_while_it_lasts(qtbot: QtBot, office: Office, dashboard: Dashboard) -> None:
    start(qtbot, dashboard)
    with held_by_another_process(office.data / DATABASE_NAME):
        assert office.post("/api/tickets", json={"service": "A"}).status_code == 503
        qtbot.waitUntil(lambda: "server:busy" in dashboard.keys(), timeout=WAIT * 2)
        assert "Máy chủ: Cơ sở dữ liệu đang bị một chương trình khác khóa" in dashboard.window.alert_bar.text()
        assert dashboard.chimes
    qtbot.waitUntil(lambda: "server:busy" not in dashboard.keys(), timeout=WAIT * 2)


def test_devices_on_a_fallback_are_listed(qtbot: QtBot, office: Office, dashboard: Dashboard, tmp_path) -> None:
    start(qtbot, dashboard)
    assert dashboard.window.devices_bar.isHidden()
    report = {"version": "0.1.0", "components": {
        "voice": {"state": "fallback", "detail": "chime only"},
        "speech": {"state": "missing", "detail": "Qt text-to-speech cannot load: libpulse.so.0"},
        "sound": {"state": "ok", "detail": "HDMI"},
    }}  # fmt: skip
    assert office.post("/api/devices/status", "display", json=report).status_code == 200
    qtbot.waitUntil(lambda: not dashboard.window.devices_bar.isHidden(), timeout=WAIT)
    text = dashboard.window.devices_bar.text()
    assert "<b>display</b> — giọng đọc: dự phòng (chime only)" in text
    assert "đọc văn bản: thiếu" in text and "loa:" not in text  # the sound is fine: not listed
    shots = Path(os.environ.get("ONESTOP_SCREENSHOTS", tmp_path))
    assert dashboard.window.grab().save(str(shots / "supervisor-devices.png"))
