"""The supervisor's dashboard at 1920×1080: queues, counters, alerts, and the figures of any days."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient, ApiError
from client.clock import epoch
from client.language import Language
from client.model import OfficeModel
from supervisor.alerts import Alert, AlertMonitor
from supervisor.charts import StatsCharts
from supervisor.device_alerts import AlertActions, DeviceAlertList
from supervisor.loader import DevicesLoader, StatsLoader, SyncStatusLoader

# Events after which today's figures are fetched again, at most every REFRESH_MS.
REFRESH_ON = (
    "ticket.finished", "ticket.no_show", "ticket.cancelled", "rating.created", "day.started", "office.configured"
)
REFRESH_MS = 5000
# The parts devices report (client/status.py), as the supervisor reads them.
PARTS = {
    "voice": ("giọng đọc", "voice"),
    "speech": ("đọc văn bản", "text-to-speech"),
    "clips": ("tệp ghi âm", "recorded clips"),
    "espeak": ("espeak-ng", "espeak-ng"),
    "sound": ("loa", "sound"),
    "printer": ("máy in", "printer"),
    "usb": ("USB", "USB"),
}
PART_STATES = {
    "fallback": ("dự phòng", "fallback"),
    "missing": ("thiếu", "missing"),
    "fault": ("lỗi", "fault"),
}
STATE_VI = {
    "signed_out": ("Chưa đăng nhập", "Signed out", "#9e9e9e"),
    "idle": ("Sẵn sàng", "Idle", "#2e8b57"),
    "calling": ("Đang gọi", "Calling", "#1f6fb2"),
    "serving": ("Đang phục vụ", "Serving", "#1f6fb2"),
    "paused": ("Tạm dừng", "Paused", "#ef6c00"),
}


def duration(seconds: float, language: str) -> str:
    """Minutes as people say them: "41 phút", "1 giờ 15" (English: "41 min", "1 h 15")."""
    m = int(seconds // 60)
    if m < 60:
        return f"{m} phút" if language == "vi" else f"{m} min"
    return f"{m // 60} giờ {m % 60:02d}" if language == "vi" else f"{m // 60} h {m % 60:02d}"


def _label(size: int, bold: bool = False) -> QLabel:
    label = QLabel()
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    return label


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(40)
    font = QFont()
    font.setPointSize(14)
    table.setFont(font)
    return table


def _item(text: str, colour: str | None = None, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if colour:
        item.setForeground(QColor(colour))
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


class SupervisorWindow(QWidget):
    """Renders the office model, the alerts and the figures; asks for figures through StatsLoader."""

    def __init__(
        self,
        api: ApiClient,
        model: OfficeModel,
        language: Language,
        monitor: AlertMonitor,
        chime: Callable[[], None],
        clock: Callable[[], float],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._language = language
        self._monitor = monitor
        self._chime = chime
        self._clock = clock
        self.stats: dict[str, Any] | None = None
        self.level_names: dict[str, str] = {}
        self._scale: dict[str, Any] = {}
        self.loader = StatsLoader(api, self)
        self.sync = SyncStatusLoader(api, self)
        self.devices = DevicesLoader(api, self)
        self._api = api
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.on_refresh_timeout)
        self._build()
        self.setStyleSheet(
            "SupervisorWindow { background: #f4f6f8; } QTableWidget { background: white; }"
            " QPushButton { padding: 6px 16px; font-size: 14pt; } QDateEdit { font-size: 14pt; padding: 4px; }"
        )
        model.reset.connect(self.on_model_reset)
        model.waiting_changed.connect(self.render_queues)
        model.queues_changed.connect(self.render_queues)
        model.counter_changed.connect(self.on_model_counter_changed)
        model.event_applied.connect(self.on_model_event)
        monitor.changed.connect(self.on_monitor_changed)
        monitor.changed.connect(self.device_alerts.on_alerts_changed)
        monitor.raised.connect(self.on_monitor_raised)
        self.loader.loaded.connect(self.on_loader_loaded)
        self.loader.failed.connect(self.on_loader_failed)
        self.sync.changed.connect(self.on_sync_changed)
        self.devices.changed.connect(self.render_devices)
        language.changed.connect(self.on_language_changed)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.on_tick_timeout)
        self._tick.start()
        self.retranslate()

    # -- layout -------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(20, 14, 20, 14)
        root.setSpacing(10)
        head = QHBoxLayout()
        self.title = _label(24, bold=True)
        self.clock_label = _label(18)
        self.connection = _label(14)
        self.sync_label = _label(14)
        self.lang_button = QPushButton()
        self.lang_button.clicked.connect(self._language.toggle)
        head.addWidget(self.title, 1)
        head.addWidget(self.sync_label)
        head.addSpacing(24)
        head.addWidget(self.connection)
        head.addSpacing(24)
        head.addWidget(self.clock_label)
        head.addSpacing(12)
        head.addWidget(self.lang_button)
        root.addLayout(head)

        self.alert_bar = _label(16, bold=True)
        self.alert_bar.setWordWrap(True)
        self.alert_bar.setTextFormat(Qt.TextFormat.RichText)
        self.alert_bar.setMinimumHeight(44)
        self.alert_bar.setContentsMargins(14, 6, 14, 6)
        root.addWidget(self.alert_bar)
        self.device_alerts = DeviceAlertList(AlertActions(self._api, self), self._language, self)
        root.addWidget(self.device_alerts)

        # Devices running on a fallback or missing a part: one quiet line, shown only when there are some.
        self.devices_bar = _label(13)
        self.devices_bar.setWordWrap(True)
        self.devices_bar.setTextFormat(Qt.TextFormat.RichText)
        self.devices_bar.setContentsMargins(14, 2, 14, 2)
        self.devices_bar.setStyleSheet("background: #fff3e0; color: #6d4c00; border-radius: 6px;")
        root.addWidget(self.devices_bar)

        live = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        self.queues_title = _label(16, bold=True)
        self.queues = _table(4)
        left.addWidget(self.queues_title)
        left.addWidget(self.queues)
        self.counters_title = _label(16, bold=True)
        self.counters = _table(5)
        right.addWidget(self.counters_title)
        right.addWidget(self.counters)
        live.addLayout(left, 5)
        live.addLayout(right, 6)
        root.addLayout(live, 4)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        root.addWidget(line)
        bar = QHBoxLayout()
        self.figures_title = _label(16, bold=True)
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.from_label, self.to_label = _label(14), _label(14)
        self.show_button, self.today_button = QPushButton(), QPushButton()
        self.show_button.clicked.connect(self.on_show_button_clicked)
        self.today_button.clicked.connect(self.on_today_button_clicked)
        bar.addWidget(self.figures_title)
        bar.addStretch(1)
        for w in (self.from_label, self.from_edit, self.to_label, self.to_edit, self.show_button, self.today_button):
            bar.addWidget(w)
        root.addLayout(bar)
        self.summary = _label(15)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.summary)
        self.charts = StatsCharts()
        root.addWidget(self.charts, 6)

    # -- text -----------------------------------------------------------------------

    def t(self, vi: str, en: str) -> str:
        return self._language.pick(vi, en)

    def duration(self, seconds: float) -> str:
        return duration(seconds, self._language.code)

    def retranslate(self) -> None:
        name = self._model.office.get("name", "")
        self.title.setText(self.t("Giám sát", "Supervisor") + (f" — {name}" if name else ""))
        self.lang_button.setText("English" if self._language.code == "vi" else "Tiếng Việt")
        self.queues_title.setText(self.t("Hàng chờ theo lĩnh vực", "Queues by service"))
        self.queues.setHorizontalHeaderLabels(
            [self.t("Lĩnh vực", "Service"), self.t("Đang chờ", "Waiting"), self.t("Chờ lâu nhất", "Longest wait"),
             self.t("Dự kiến (vé mới)", "Estimate (new ticket)")]
        )  # fmt: skip
        self.counters_title.setText(self.t("Các quầy", "Counters"))
        self.counters.setHorizontalHeaderLabels(
            [self.t("Quầy", "Counter"), self.t("Trạng thái", "State"), self.t("Cán bộ", "Clerk"),
             self.t("Số đang phục vụ", "Current ticket"), self.t("Thời gian", "For")]
        )  # fmt: skip
        self.figures_title.setText(self.t("Số liệu", "Figures"))
        self.from_label.setText(self.t("Từ", "From"))
        self.to_label.setText(self.t("đến", "to"))
        self.show_button.setText(self.t("Xem", "Show"))
        self.today_button.setText(self.t("Hôm nay", "Today"))
        self.charts.set_titles(
            self.t("Số người chờ trong ngày", "Queue length over the day"),
            self.t("Phân bố thời gian chờ (phút)", "Wait distribution (min)"),
            self.t("Lượt phục vụ theo quầy", "Served per counter"),
            self.t("Đánh giá hài lòng", "Ratings"),
        )
        self.render_all()

    # -- rendering ----------------------------------------------------------------------

    def render_all(self) -> None:
        self.render_queues()
        self.render_counters()
        self.on_monitor_changed(self._monitor.active)
        self.on_sync_changed(self.sync.status)
        self.render_devices()
        self.render_figures()
        self.on_tick_timeout()

    def render_queues(self) -> None:
        longest = self._monitor.longest_waits()
        services = self._model.services
        self.queues.setRowCount(len(services))
        for row, service in enumerate(services):
            code = service["code"]
            queue = self._model.queues.get(code, {})
            waiting = sum(1 for t in self._model.waiting.values() if t["service"] == code)
            wait = longest.get(code, 0.0)
            late = wait >= self._monitor.wait_alert_s
            name = service["name_vi"] if self._language.code == "vi" else service["name_en"]
            self.queues.setItem(row, 0, _item(f"{code}  {name}"))
            self.queues.setItem(row, 1, _item(str(waiting), bold=True))
            shown = self.duration(wait) if waiting else "–"
            self.queues.setItem(row, 2, _item(shown, "#c62828" if late else None, bold=late))
            self.queues.setItem(row, 3, _item(self.duration(queue.get("estimated_wait_s", 0))))
        self.queues.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        if self._live:
            self.charts.set_live_queue(self._hour_now(), len(self._model.waiting))

    def render_counters(self) -> None:
        counters = [self._model.counters[n] for n in sorted(self._model.counters)]
        self.counters.setRowCount(len(counters))
        now = self._clock()
        for row, counter in enumerate(counters):
            vi, en, colour = STATE_VI.get(counter["state"], (counter["state"], counter["state"], "#000"))
            state = self.t(vi, en)
            since = ""
            if counter["state"] == "paused":
                state += f" — {counter.get('pause_reason') or ''}"
                if counter.get("paused_at"):
                    since = self.duration(now - epoch(counter["paused_at"]))
            ticket = counter.get("ticket")
            if ticket and ticket.get("called_at"):
                since = self.duration(now - epoch(ticket["called_at"]))
            clerk = (counter.get("clerk") or {}).get("name", "")
            self.counters.setItem(row, 0, _item(counter["name"], bold=True))
            self.counters.setItem(row, 1, _item(state, colour, bold=True))
            self.counters.setItem(row, 2, _item(clerk))
            self.counters.setItem(row, 3, _item(ticket["number"] if ticket else "", bold=True))
            self.counters.setItem(row, 4, _item(since))
        header = self.counters.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def render_figures(self) -> None:
        stats = self.stats
        if stats is None:
            self.summary.setText(self.t("Đang tải số liệu…", "Loading figures…"))
            return
        t = stats["totals"]

        def fmt(value: Any, unit: str = "") -> str:
            if value is None:
                return "–"
            return f"{value / 60:.1f} {self.t('phút', 'min')}" if unit == "min" else f"{value}{unit}"

        period = stats["from"] if stats["from"] == stats["to"] else f"{stats['from']} → {stats['to']}"
        parts = [
            (self.t("Số phát", "Issued"), fmt(t["issued"])),
            (self.t("Đã phục vụ", "Served"), fmt(t["served"])),
            (self.t("Vắng mặt", "No-show"), fmt(t["no_show"])),
            (self.t("Chờ TB", "Mean wait"), fmt(t["wait_mean_s"], "min")),
            (self.t("Chờ P90", "p90 wait"), fmt(t["wait_p90_s"], "min")),
            (self.t("Đạt chuẩn chờ", "Service level"), fmt(t["service_level"], "%")),
            (self.t("Hài lòng", "Satisfied"), fmt(t["satisfaction_rate"], "%")),
            (self.t("Đánh giá", "Ratings"), fmt(t["ratings"])),
        ]
        cells = " &nbsp;·&nbsp; ".join(f"{k}: <b>{v}</b>" for k, v in parts)
        self.summary.setText(f"<b>{period}</b> &nbsp;&nbsp; {cells}")
        names = {n: c["name"] for n, c in self._model.counters.items()}
        self.charts.show_stats(stats, names, self.level_names)
        if self._live:
            self.charts.set_live_queue(self._hour_now(), len(self._model.waiting))

    # -- figures ------------------------------------------------------------------------

    @property
    def _live(self) -> bool:
        """The figures shown are today's: the queue chart follows the live count."""
        return self.stats is not None and self.stats["from"] == self.stats["to"] == self._model.day

    def _hour_now(self) -> float:
        now = dt.datetime.fromtimestamp(self._clock(), _office_tz(self._model))
        return now.hour + now.minute / 60

    def fetch(self, first: str, last: str) -> None:
        self.loader.fetch(first, last)

    def on_show_button_clicked(self) -> None:
        first = self.from_edit.date().toString("yyyy-MM-dd")
        last = self.to_edit.date().toString("yyyy-MM-dd")
        if first > last:
            first, last = last, first
        self.fetch(first, last)

    def on_today_button_clicked(self) -> None:
        self._set_dates(self._model.day, self._model.day)
        self.fetch(self._model.day, self._model.day)

    def _set_dates(self, first: str, last: str) -> None:
        self.from_edit.setDate(QDate.fromString(first, "yyyy-MM-dd"))
        self.to_edit.setDate(QDate.fromString(last, "yyyy-MM-dd"))

    def on_loader_loaded(self, stats: dict[str, Any]) -> None:
        self.stats = stats
        self.render_figures()

    def on_loader_failed(self, error: ApiError) -> None:
        self.summary.setText(f"<span style='color:#c62828'>{error.message(self._language.code)}</span>")

    def on_refresh_timeout(self) -> None:
        if self._live:
            self.fetch(self._model.day, self._model.day)

    # -- model, alerts, sync ------------------------------------------------------------------

    def on_state_loaded(self, state: dict[str, Any]) -> None:
        """After the clock and the alerts took the new state in: draw everything with them."""
        self.render_all()

    def on_model_reset(self) -> None:
        if self.stats is None or self._live or self.stats["to"] > self._model.day:
            self._set_dates(self._model.day, self._model.day)
            self.fetch(self._model.day, self._model.day)
        if not self.level_names:
            reply = self._api.get("/api/rating-scale")
            reply.finished.connect(self.on_scale_finished)
        self.sync.fetch()
        self.devices.fetch()
        self.retranslate()

    def on_scale_finished(self, scale: dict[str, Any]) -> None:
        self._scale = scale
        self._name_levels()
        self.render_figures()

    def _name_levels(self) -> None:
        key = "label_vi" if self._language.code == "vi" else "label_en"
        self.level_names = {str(lv["value"]): lv[key] for lv in self._scale.get("levels", [])}

    def on_model_counter_changed(self, number: int) -> None:
        self.render_counters()

    def on_model_event(self, event: dict[str, Any]) -> None:
        if event.get("type") in REFRESH_ON and self._live and not self._refresh.isActive():
            self._refresh.start()

    def on_monitor_changed(self, alerts: list[Alert]) -> None:
        if not alerts:
            self.alert_bar.setText("✓ " + self.t("Không có cảnh báo", "No alerts"))
            self.alert_bar.setStyleSheet("background: #e8f5e9; color: #2e7d32; border-radius: 6px;")
            return
        # Non-breaking after each sign: a line never ends on a lone "⚠".
        self.alert_bar.setText(" &nbsp; ".join(f"⚠&nbsp;{html.escape(a.message(self._language.code))}" for a in alerts))
        self.alert_bar.setStyleSheet("background: #c62828; color: white; border-radius: 6px;")

    def on_monitor_raised(self, alert: Alert) -> None:
        self._chime()

    def render_devices(self) -> None:
        parts = self.devices.not_ok()
        self.devices_bar.setVisible(bool(parts))
        if not parts:
            return
        items = []
        for device, part, report in parts:
            name = self.t(*PARTS.get(part, (part, part)))
            state = self.t(*PART_STATES.get(report.get("state", ""), (report.get("state", ""),) * 2))
            detail = f" ({html.escape(report['detail'])})" if report.get("detail") else ""
            items.append(f"<b>{html.escape(device)}</b> — {html.escape(name)}: {html.escape(state)}{detail}")
        self.devices_bar.setText(self.t("Thiết bị", "Devices") + ": " + " &nbsp;·&nbsp; ".join(items))

    def on_sync_changed(self, status: dict[str, Any] | None) -> None:
        label = self.t("Đồng bộ", "Sync")
        if status is None:
            self.sync_label.setText(f"{label}: " + self.t("chưa có báo cáo", "no report yet"))
            return
        if status.get("last_error"):
            text, colour = self.t("lỗi", "error"), "#c62828"
        elif status.get("backlog"):
            text, colour = self.t(f"còn {status['backlog']} gói", f"{status['backlog']} pending"), "#ef6c00"
        else:
            text, colour = "OK", "#2e7d32"
        when = (status.get("last_success_at") or "")[11:16]
        self.sync_label.setText(f"{label}: <b style='color:{colour}'>{text}</b> {when}")

    def on_language_changed(self, code: str) -> None:
        self._name_levels()
        self.retranslate()

    def on_tick_timeout(self) -> None:
        tz = _office_tz(self._model)
        self.clock_label.setText(dt.datetime.fromtimestamp(self._clock(), tz).strftime("%H:%M:%S  %d/%m/%Y"))
        self.render_queues()
        self.render_counters()

    def set_connection(self, state: str) -> None:
        vi, en, colour = {
            "online": ("● Trực tuyến", "● Online", "#2e7d32"),
            "connecting": ("● Đang kết nối", "● Connecting", "#ef6c00"),
        }.get(state, ("● Mất kết nối", "● Offline", "#c62828"))
        self.connection.setText(f"<span style='color:{colour}'>{self.t(vi, en)}</span>")


def _office_tz(model: OfficeModel) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(model.office.get("timezone", "Asia/Ho_Chi_Minh"))


class SupervisorTabs(QTabWidget):
    """The supervisor app's window: the dashboard, "Lịch hẹn / Appointments" (supervisor/bookings_tab.py) and
    "Quản trị / Admin" (supervisor/admin_tab.py)."""

    def __init__(
        self, dashboard: SupervisorWindow, bookings: QWidget, admin: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.dashboard = dashboard
        self.bookings = bookings
        self.admin = admin
        self.addTab(dashboard, "Giám sát / Supervisor")
        self.addTab(bookings, "Lịch hẹn / Appointments")
        self.addTab(admin, "Quản trị / Admin")
        self.setStyleSheet("QTabBar::tab { font-size: 14pt; padding: 8px 22px; }")
