"""The supervisor app's tab "Quản trị / Admin": sign in as an administrator, then services, counters, office
and lobby notice, clerks, devices — the same admin API as the /admin page, rendered from AdminSession."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiError
from client.language import Language
from supervisor.admin import AdminSession
from supervisor.admin_lists import PriorityPage, tick
from supervisor.admin_procedures import ProceduresPage
from supervisor.playlist_page import PlaylistPage

SERVICE_KEYS = ("code", "name_vi", "name_en", "label", "mean_service_min", "target_wait_min", "colour")
HIDDEN_COLUMN = len(SERVICE_KEYS)
COLOUR_COLUMN = SERVICE_KEYS.index("colour")
# The opening-hours fields of the office page: the document's hours key, and what an empty field means
# (weekdays: closed, []; Saturday and Sunday: not given, null — closed unless a counter's block says otherwise).
HOURS: tuple[tuple[str, list[str] | None], ...] = (("weekdays", []), ("saturday", None), ("sunday", None))
NUMBER_KEYS = {"mean_service_min", "target_wait_min"}
PAIR_ROLES = ("kiosk", "counter", "rating", "display", "supervisor", "sync")
# What a device says it is → the role it is approved with (the LED-board driver reads as a display).
ROLE_OF_KIND = {"led": "display"}


def _number(text: str) -> Any:
    """A number as typed ("4", "4,5"); the text itself when it is none, so the server names the key."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return text
    return value


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(38)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    return table


def _ticked(item: QTableWidgetItem | None) -> bool:
    return item is not None and item.checkState() == Qt.CheckState.Checked


def _readonly(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class AdminTab(QWidget):
    """Sign-in page, then the administrator's pages; every change goes through AdminSession."""

    def __init__(self, session: AdminSession, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._language = language
        self.document: dict[str, Any] | None = None
        self._clerks: list[dict[str, Any]] = []
        self._devices: list[dict[str, Any]] = []
        self._pending: list[dict[str, Any]] = []
        self._build()
        session.signed_in.connect(self.on_session_signed_in)
        session.signed_out.connect(self.on_session_signed_out)
        session.failed.connect(self.on_session_failed)
        session.done.connect(self.on_session_done)
        session.config_loaded.connect(self.on_session_config_loaded)
        session.clerks_loaded.connect(self.on_session_clerks_loaded)
        session.devices_loaded.connect(self.on_session_devices_loaded)
        session.pairings_loaded.connect(self.on_session_pairings_loaded)
        language.changed.connect(self.retranslate)
        self.setStyleSheet(
            "QTableWidget { background: white; font-size: 13pt; } QLineEdit { font-size: 13pt; padding: 4px; }"
            " QLabel#message { padding: 8px 12px; border-radius: 6px; font-size: 13pt; font-weight: bold; }"
        )
        self.retranslate()

    def t(self, vi: str, en: str) -> str:
        return self._language.pick(vi, en)

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        head = QHBoxLayout()
        self.who = QLabel()
        self.sign_out_button = QPushButton()
        self.sign_out_button.clicked.connect(self.session.sign_out)
        head.addWidget(self.who, 1)
        head.addWidget(self.sign_out_button)
        root.addLayout(head)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        root.addWidget(self.message)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self.stack.addWidget(self._sign_in_page())
        self.pages = QTabWidget()
        self.stack.addWidget(self.pages)
        self.pages.addTab(self._services_page(), "")
        self.pages.addTab(self._counters_page(), "")
        self.pages.addTab(self._office_page(), "")
        self.priority = PriorityPage()
        self.priority.save.clicked.connect(self.on_save_clicked)
        self.pages.addTab(self.priority, "")
        self.pages.addTab(self._clerks_page(), "")
        self.pages.addTab(self._devices_page(), "")
        self.procedures = ProceduresPage(self.session)
        self.pages.addTab(self.procedures, "")
        self.playlist = PlaylistPage(self.session, self._language)
        self.pages.addTab(self.playlist, "")
        self.pages.currentChanged.connect(self.on_pages_current_changed)
        self.sign_out_button.hide()

    def _sign_in_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(480)
        form = QFormLayout(box)
        self.sign_in_title = QLabel()
        font = QFont()
        font.setPointSize(18)
        font.setBold(True)
        self.sign_in_title.setFont(font)
        self.sign_in_hint = QLabel()
        self.sign_in_hint.setWordWrap(True)
        self.username = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.returnPressed.connect(self.on_sign_in_clicked)
        self.sign_in_button = QPushButton()
        self.sign_in_button.clicked.connect(self.on_sign_in_clicked)
        self.username_label, self.pin_label = QLabel(), QLabel()
        form.addRow(self.sign_in_title)
        form.addRow(self.sign_in_hint)
        form.addRow(self.username_label, self.username)
        form.addRow(self.pin_label, self.pin)
        form.addRow(self.sign_in_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        return page

    def _buttons(self, layout: QVBoxLayout, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def _services_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.services_hint = QLabel()
        self.services_hint.setWordWrap(True)
        self.services = _table(HIDDEN_COLUMN + 1)
        header = self.services.horizontalHeader()
        for column in range(HIDDEN_COLUMN + 1):
            if SERVICE_KEYS[column:column + 1] not in (("name_vi",), ("name_en",)):  # the names take the room
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add_service, self.remove_service = QPushButton(), QPushButton()
        self.up_service, self.down_service = QPushButton("↑"), QPushButton("↓")
        self.save_services, self.discard_services = QPushButton(), QPushButton()
        self.add_service.clicked.connect(self.on_add_service_clicked)
        self.remove_service.clicked.connect(lambda: self._remove_row(self.services))
        self.up_service.clicked.connect(lambda: self._move_row(self.services, -1))
        self.down_service.clicked.connect(lambda: self._move_row(self.services, 1))
        self.save_services.clicked.connect(self.on_save_clicked)
        self.discard_services.clicked.connect(self.session.load_config)
        layout.addWidget(self.services_hint)
        layout.addWidget(self.services, 1)
        self._buttons(layout, self.add_service, self.remove_service, self.up_service, self.down_service,
                      self.save_services, self.discard_services)  # fmt: skip
        return page

    def _counters_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.counters_hint = QLabel()
        self.counters_hint.setWordWrap(True)
        self.counters = _table(4)
        self.add_counter, self.remove_counter = QPushButton(), QPushButton()
        self.save_counters = QPushButton()
        self.add_counter.clicked.connect(self.on_add_counter_clicked)
        self.remove_counter.clicked.connect(lambda: self._remove_row(self.counters))
        self.save_counters.clicked.connect(self.on_save_clicked)
        layout.addWidget(self.counters_hint)
        layout.addWidget(self.counters, 1)
        self._buttons(layout, self.add_counter, self.remove_counter, self.save_counters)
        return page

    def _office_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.office_name, self.alert_min = QLineEdit(), QLineEdit()
        self.notice_vi, self.notice_en = QLineEdit(), QLineEdit()
        self.hours = {key: QLineEdit() for key, _empty in HOURS}
        self.office_labels = [QLabel() for _ in range(4 + len(HOURS))]
        edits = (self.office_name, self.alert_min, self.notice_vi, self.notice_en, *self.hours.values())
        for label, edit in zip(self.office_labels, edits, strict=True):
            form.addRow(label, edit)
        self.save_office = QPushButton()
        self.save_office.clicked.connect(self.on_save_clicked)
        layout.addLayout(form)
        self._buttons(layout, self.save_office)
        layout.addStretch(1)
        return page

    def _clerks_page(self) -> QWidget:
        page = self.clerks_page = QWidget()
        layout = QVBoxLayout(page)
        self.clerks_hint = QLabel()
        self.clerks = _table(4)
        self.clerks.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.clerks_hint)
        layout.addWidget(self.clerks, 1)
        acts = QHBoxLayout()
        self.clerk_name, self.clerk_pin = QLineEdit(), QLineEdit()
        self.clerk_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.rename_clerk, self.pin_clerk = QPushButton(), QPushButton()
        self.admin_clerk, self.disable_clerk = QPushButton(), QPushButton()
        self.rename_clerk.clicked.connect(self.on_rename_clerk_clicked)
        self.pin_clerk.clicked.connect(self.on_pin_clerk_clicked)
        self.admin_clerk.clicked.connect(self.on_admin_clerk_clicked)
        self.disable_clerk.clicked.connect(self.on_disable_clerk_clicked)
        for w in (self.clerk_name, self.rename_clerk, self.clerk_pin, self.pin_clerk, self.admin_clerk,
                  self.disable_clerk):  # fmt: skip
            acts.addWidget(w)
        layout.addLayout(acts)
        add = QHBoxLayout()
        self.new_username, self.new_name, self.new_pin = QLineEdit(), QLineEdit(), QLineEdit()
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_admin = QCheckBox()
        self.add_clerk = QPushButton()
        self.add_clerk.clicked.connect(self.on_add_clerk_clicked)
        for widget in (self.new_username, self.new_name, self.new_pin, self.new_admin, self.add_clerk):
            add.addWidget(widget)
        layout.addLayout(add)
        return page

    def _devices_page(self) -> QWidget:
        page = self.devices_page = QWidget()
        layout = QVBoxLayout(page)
        self.pending_hint = QLabel()
        self.pending_hint.setWordWrap(True)
        self.pending = _table(3)
        self.pending.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.pending.setMaximumHeight(180)
        layout.addWidget(self.pending_hint)
        layout.addWidget(self.pending)
        approve = QHBoxLayout()
        self.pair_name, self.pair_counter = QLineEdit(), QLineEdit()
        self.pair_role = QComboBox()
        self.pair_role.addItems(list(PAIR_ROLES))
        self.approve_pairing, self.refuse_pairing, self.refresh_pairings = QPushButton(), QPushButton(), QPushButton()
        self.approve_pairing.clicked.connect(self.on_approve_pairing_clicked)
        self.refuse_pairing.clicked.connect(self.on_refuse_pairing_clicked)
        self.refresh_pairings.clicked.connect(self.session.load_pairings)
        self.pending.currentCellChanged.connect(self.on_pending_current_cell_changed)
        for widget in (self.pair_name, self.pair_role, self.pair_counter, self.approve_pairing, self.refuse_pairing,
                       self.refresh_pairings):  # fmt: skip
            approve.addWidget(widget)
        approve.addStretch(1)
        layout.addLayout(approve)
        self.devices_hint = QLabel()
        self.devices = _table(6)
        self.devices.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.devices_hint)
        layout.addWidget(self.devices, 1)
        acts = QHBoxLayout()
        self.device_name = QLineEdit()
        self.rename_device, self.revoke_device = QPushButton(), QPushButton()
        self.rename_device.clicked.connect(self.on_rename_device_clicked)
        self.revoke_device.clicked.connect(self.on_revoke_device_clicked)
        for w in (self.device_name, self.rename_device, self.revoke_device):
            acts.addWidget(w)
        acts.addStretch(1)
        layout.addLayout(acts)
        return page

    # -- words ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.t
        self.sign_in_title.setText(t("Đăng nhập quản trị", "Administrator sign-in"))
        self.sign_in_hint.setText(t("Dành cho cán bộ quản trị. Phiên làm việc kéo dài 60 phút.",
                                    "For the office's administrators. A session lasts 60 minutes."))  # fmt: skip
        self.username_label.setText(t("Tên đăng nhập", "Username"))
        self.pin_label.setText(t("Mã PIN", "PIN"))
        self.sign_in_button.setText(t("Đăng nhập", "Sign in"))
        self.sign_out_button.setText(t("Đăng xuất", "Sign out"))
        tabs = (("Lĩnh vực", "Services"), ("Quầy", "Counters"), ("Văn phòng, giờ làm việc", "Office and hours"),
                ("Ưu tiên, đánh giá", "Priority, rating"), ("Cán bộ", "Clerks"), ("Thiết bị", "Devices"),
                ("Thủ tục", "Procedures"), ("Trình chiếu", "Lobby playlist"))  # fmt: skip
        for i, (vi, en) in enumerate(tabs):
            self.pages.setTabText(i, t(vi, en))
        self.services_hint.setText(t(
            "Thứ tự ở đây là thứ tự trên máy lấy số. Không xoá được lĩnh vực còn phiếu chờ hôm nay: hãy ẩn nó. "
            "Màu nút: #RRGGBB, ví dụ #1565C0; để trống: màu tự động.",
            "The order here is the kiosk's. A service with tickets waiting today cannot be removed: hide it. "
            "Colour: #RRGGBB, e.g. #1565C0; empty: automatic."))
        self.services.setHorizontalHeaderLabels([
            t("Mã", "Code"), t("Tên (tiếng Việt)", "Name (Vietnamese)"), t("Tên (tiếng Anh)", "Name (English)"),
            t("Định dạng số", "Number format"), t("Phục vụ TB (phút)", "Mean service (min)"),
            t("Chờ tối đa (phút)", "Target wait (min)"),
            t("Màu nút", "Colour"),
            t("Ẩn khỏi máy lấy số", "Hidden from kiosk")])
        self.add_service.setText(t("+ Thêm lĩnh vực", "+ Add a service"))
        self.remove_service.setText(t("Xoá dòng chọn", "Remove selected"))
        for button in (self.save_services, self.save_counters, self.save_office):
            button.setText(t("Lưu thay đổi", "Save changes"))
        self.discard_services.setText(t("Huỷ thay đổi", "Discard changes"))
        self.counters_hint.setText(t(
            "Mỗi quầy phục vụ các lĩnh vực theo thứ tự (mã cách nhau bằng dấu phẩy, lĩnh vực chính trước).",
            "Each counter serves its services in order (codes separated by commas, the main one first)."))
        self.counters.setHorizontalHeaderLabels([
            t("Số quầy", "Number"), t("Tên", "Name"), t("Phục vụ lĩnh vực", "Serves"), t("Đóng quầy", "Closed")])
        self.add_counter.setText(t("+ Thêm quầy", "+ Add a counter"))
        self.remove_counter.setText(t("Xoá dòng chọn", "Remove selected"))
        for label, (vi, en) in zip(self.office_labels, (
            ("Tên văn phòng", "Office name"), ("Cảnh báo khi chờ quá (phút)", "Alert when a wait exceeds (min)"),
            ("Thông báo màn hình sảnh (tiếng Việt)", "Lobby notice (Vietnamese)"),
            ("Thông báo màn hình sảnh (tiếng Anh)", "Lobby notice (English)"),
            ("Giờ làm việc thứ hai – thứ sáu", "Hours Monday – Friday"), ("Giờ làm việc thứ bảy", "Hours Saturday"),
            ("Giờ làm việc chủ nhật", "Hours Sunday")), strict=True):  # fmt: skip
            label.setText(t(vi, en))
        self.clerks_hint.setText(t("Không bao giờ xoá cán bộ: lịch sử giữ tên. Chọn một dòng để thao tác.",
                                   "Clerks are never deleted (the history keeps names). Select a row to act on it."))
        self.clerks.setHorizontalHeaderLabels([t("Tên đăng nhập", "Username"), t("Họ tên", "Full name"),
                                               t("Vai trò", "Role"), t("Trạng thái", "State")])  # fmt: skip
        self.clerk_name.setPlaceholderText(t("Họ tên mới", "New full name"))
        self.clerk_pin.setPlaceholderText(t("PIN mới", "New PIN"))
        self.rename_clerk.setText(t("Đổi tên", "Rename"))
        self.pin_clerk.setText(t("Đặt PIN mới", "Set new PIN"))
        self.admin_clerk.setText(t("Bật/tắt quyền quản trị", "Toggle administrator"))
        self.disable_clerk.setText(t("Khoá/mở khoá", "Disable/enable"))
        self.new_username.setPlaceholderText(t("Tên đăng nhập", "Username"))
        self.new_name.setPlaceholderText(t("Họ tên", "Full name"))
        self.new_pin.setPlaceholderText(t("Mã PIN", "PIN"))
        self.new_admin.setText(t("Quản trị", "Administrator"))
        self.add_clerk.setText(t("Thêm cán bộ", "Add a clerk"))
        for edit in self.hours.values():
            edit.setPlaceholderText(t("(nghỉ) — ví dụ 07:30-11:30, 13:30-17:00; khoảng giữa là nghỉ trưa",
                                      "(closed) — e.g. 07:30-11:30, 13:30-17:00; the gap is lunch"))  # fmt: skip
        self.priority.retranslate(t)
        self.procedures.retranslate(t)
        self.devices_hint.setText(t("Thiết bị bị thu hồi ngừng hoạt động trong vòng 10 giây.",
                                    "A revoked device stops within 10 s."))  # fmt: skip
        self.devices.setHorizontalHeaderLabels([t("Thiết bị", "Device"), t("Loại", "Role"), t("Quầy", "Counter"),
                                                t("Hoạt động lần cuối", "Last seen"), t("Phiên bản", "Version"),
                                                t("Trạng thái", "State")])  # fmt: skip
        self.pending_hint.setText(t(
            "Thiết bị mới đang chờ duyệt: kiểm tra mã trên màn hình thiết bị, chọn loại, tên và quầy rồi bấm Duyệt.",
            "New devices waiting: check the code on the device's screen, choose role, name and counter, then Approve."))
        self.pending.setHorizontalHeaderLabels([t("Mã trên thiết bị", "Code on the device"),
                                                t("Thiết bị tự báo", "It says it is"), t("Tên máy", "Host name")])
        self.pair_name.setPlaceholderText(t("Tên thiết bị", "Device name"))
        self.pair_counter.setPlaceholderText(t("Số quầy (nếu có)", "Counter (if any)"))
        self.approve_pairing.setText(t("Duyệt", "Approve"))
        self.refuse_pairing.setText(t("Từ chối", "Refuse"))
        self.refresh_pairings.setText(t("Làm mới", "Refresh"))
        self.device_name.setPlaceholderText(t("Tên mới", "New name"))
        self.rename_device.setText(t("Đổi tên", "Rename"))
        self.revoke_device.setText(t("Thu hồi", "Revoke"))
        self.playlist.retranslate()
        if self.session.active:
            self.who.setText(t("Quản trị viên: ", "Administrator: ") + self.session.name)
            self.on_pages_current_changed(self.pages.currentIndex())
        else:
            self.who.setText(t("Quản trị — cần đăng nhập", "Admin — sign in first"))

    # -- session --------------------------------------------------------------------------------

    def on_sign_in_clicked(self) -> None:
        self.session.sign_in(self.username.text().strip(), self.pin.text())
        self.pin.clear()

    def on_session_signed_in(self, _name: str) -> None:
        self.stack.setCurrentIndex(1)
        self.sign_out_button.show()
        self.message.hide()
        self.retranslate()

    def on_session_signed_out(self) -> None:
        self.stack.setCurrentIndex(0)
        self.sign_out_button.hide()
        self.document = None
        self.retranslate()

    def on_session_failed(self, error: ApiError) -> None:
        self._say(error.message_vi, error.message_en, ok=False)

    def on_session_done(self, vi: str, en: str) -> None:
        self._say(vi, en, ok=True)

    def _say(self, vi: str, en: str, ok: bool) -> None:
        first, second = (vi, en) if self._language.code == "vi" else (en, vi)
        self.message.setText(f"{first}\n{second}")
        colours = ("#d8f3ec", "#11574e") if ok else ("#fde2e4", "#8a0c16")
        self.message.setStyleSheet(f"background: {colours[0]}; color: {colours[1]};")
        self.message.show()

    def on_pages_current_changed(self, index: int) -> None:
        page = self.pages.widget(index)
        if page is self.clerks_page:
            self.session.load_clerks()
        elif page is self.devices_page:
            self.session.load_pairings()
            self.session.load_devices()
        elif page is self.procedures and self.document is not None:
            self.procedures.load(self.document["services"])
        elif page is self.playlist:
            self.session.load_playlist()

    # -- configuration ----------------------------------------------------------------------------

    def on_session_config_loaded(self, config: dict[str, Any]) -> None:
        self.document = config["document"]
        doc = config["document"]
        self.services.setRowCount(0)
        for service in doc["services"]:
            self._service_row(service)
        self.counters.setRowCount(0)
        for counter in doc["counters"]:
            row = self.counters.rowCount()
            self.counters.insertRow(row)
            self.counters.setItem(row, 0, QTableWidgetItem(str(counter["number"])))
            self.counters.setItem(row, 1, QTableWidgetItem(counter.get("name") or ""))
            self.counters.setItem(row, 2, QTableWidgetItem(", ".join(counter["services"])))
            self.counters.setItem(row, 3, tick(counter.get("closed", False)))
        self.office_name.setText(doc["office"]["name"])
        self.alert_min.setText(f"{doc['office']['alert_wait_min']:g}")
        self.notice_vi.setText(doc["display"]["notice_vi"])
        self.notice_en.setText(doc["display"]["notice_en"])
        for key, edit in self.hours.items():
            edit.setText(", ".join(doc["hours"].get(key) or []))
        self.priority.show_document(doc)

    def _service_row(self, service: dict[str, Any], new: bool = False) -> None:
        row = self.services.rowCount()
        self.services.insertRow(row)
        for column, key in enumerate(SERVICE_KEYS):
            value = service.get(key)
            text = f"{value:g}" if isinstance(value, float) else "" if value is None else str(value)
            item = QTableWidgetItem(text) if new or key != "code" else _readonly(text)
            if key == "colour" and text:
                item.setBackground(QColor(text))  # the kiosk button's colour, as a swatch behind its code
                item.setForeground(QColor("white"))
            self.services.setItem(row, column, item)
        self.services.setItem(row, HIDDEN_COLUMN, tick(service.get("hidden", False)))

    def edited_document(self) -> dict[str, Any]:
        """The document as the tables and fields now say."""
        assert self.document is not None
        doc = copy.deepcopy(self.document)
        services = []
        for row in range(self.services.rowCount()):
            cells = {key: self._text(self.services, row, col) for col, key in enumerate(SERVICE_KEYS)}
            service: dict[str, Any] = {
                key: (_number(value) if key in NUMBER_KEYS else value or None) for key, value in cells.items()
            }
            service["code"] = (service["code"] or "").upper()
            item = self.services.item(row, HIDDEN_COLUMN)
            service["hidden"] = item is not None and item.checkState() == Qt.CheckState.Checked
            services.append(service)
        doc["services"] = services
        counters = []
        for row in range(self.counters.rowCount()):
            number = self._text(self.counters, row, 0)
            codes = [c.strip().upper() for c in self._text(self.counters, row, 2).replace(";", ",").split(",")]
            counters.append({
                "number": int(number) if number.isdigit() else number,
                "name": self._text(self.counters, row, 1) or None,
                "services": [c for c in codes if c],
                "closed": _ticked(self.counters.item(row, 3)),
            })  # fmt: skip
        doc["counters"] = counters
        doc["office"]["name"] = self.office_name.text().strip()
        doc["office"]["alert_wait_min"] = _number(self.alert_min.text())
        doc["display"]["notice_vi"] = self.notice_vi.text().strip()
        doc["display"]["notice_en"] = self.notice_en.text().strip()
        for key, empty in HOURS:
            sessions = [s.strip() for s in self.hours[key].text().replace(";", ",").split(",") if s.strip()]
            doc["hours"][key] = sessions or empty
        self.priority.apply(doc)
        return doc

    @staticmethod
    def _text(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def on_save_clicked(self) -> None:
        if self.document is not None:
            self.session.save_config(self.edited_document())

    def on_add_service_clicked(self) -> None:
        self._service_row({"mean_service_min": 8.0, "target_wait_min": 15.0}, new=True)
        self.services.setCurrentCell(self.services.rowCount() - 1, 0)

    def on_add_counter_clicked(self) -> None:
        numbers = [int(n) for r in range(self.counters.rowCount()) if (n := self._text(self.counters, r, 0)).isdigit()]
        number = max(numbers, default=0) + 1
        row = self.counters.rowCount()
        self.counters.insertRow(row)
        for column, text in enumerate((str(number), f"Quầy {number}", "")):
            self.counters.setItem(row, column, QTableWidgetItem(text))
        self.counters.setItem(row, 3, tick(False))

    @staticmethod
    def _remove_row(table: QTableWidget) -> None:
        if table.currentRow() >= 0:
            table.removeRow(table.currentRow())

    def _move_row(self, table: QTableWidget, step: int) -> None:
        row = table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < table.rowCount():
            return
        for column in range(table.columnCount()):
            a, b = table.takeItem(row, column), table.takeItem(target, column)
            table.setItem(row, column, b)
            table.setItem(target, column, a)
        table.setCurrentCell(target, 0)

    # -- clerks and devices -----------------------------------------------------------------------

    def on_session_clerks_loaded(self, clerks: list[dict[str, Any]]) -> None:
        self.clerks.setRowCount(len(clerks))
        for row, clerk in enumerate(clerks):
            role = self.t("Quản trị", "Administrator") if clerk["role"] == "admin" else self.t("Cán bộ quầy", "Counter")
            state = self.t("Đang dùng", "Active") if clerk["active"] else self.t("Đã khoá", "Disabled")
            for column, text in enumerate((clerk["username"], clerk["name"], role, state)):
                self.clerks.setItem(row, column, _readonly(text))
        self._clerks = clerks

    def _selected_clerk(self) -> dict[str, Any] | None:
        row = self.clerks.currentRow()
        return self._clerks[row] if 0 <= row < len(self._clerks) else None

    def on_rename_clerk_clicked(self) -> None:
        clerk = self._selected_clerk()
        if clerk is not None:
            self.session.change_clerk(clerk["username"], name=self.clerk_name.text().strip())

    def on_pin_clerk_clicked(self) -> None:
        clerk = self._selected_clerk()
        if clerk is not None:
            self.session.set_pin(clerk["username"], self.clerk_pin.text())
            self.clerk_pin.clear()

    def on_admin_clerk_clicked(self) -> None:
        clerk = self._selected_clerk()
        if clerk is not None:
            self.session.change_clerk(clerk["username"], admin=clerk["role"] != "admin")

    def on_disable_clerk_clicked(self) -> None:
        clerk = self._selected_clerk()
        if clerk is not None:
            self.session.change_clerk(clerk["username"], active=not clerk["active"])

    def on_add_clerk_clicked(self) -> None:
        self.session.add_clerk(
            self.new_username.text().strip(), self.new_name.text().strip(), self.new_pin.text(),
            self.new_admin.isChecked(),
        )
        self.new_pin.clear()

    def on_session_devices_loaded(self, devices: list[dict[str, Any]]) -> None:
        self.devices.setRowCount(len(devices))
        for row, device in enumerate(devices):
            seen = (device["last_seen"] or "")[:19].replace("T", " ") or self.t("chưa thấy", "not seen")
            state = self.t("Đã thu hồi", "Revoked") if device["revoked"] else self.t("Đang dùng", "Active")
            counter = str(device["counter"] or "—")
            cells = (device["name"], device["role"], counter, seen, device["version"] or "—", state)
            for column, text in enumerate(cells):
                self.devices.setItem(row, column, _readonly(text))
        self._devices = devices

    def _selected_device(self) -> dict[str, Any] | None:
        row = self.devices.currentRow()
        return self._devices[row] if 0 <= row < len(self._devices) else None

    def on_rename_device_clicked(self) -> None:
        device = self._selected_device()
        if device is not None:
            self.session.rename_device(device["name"], self.device_name.text().strip())

    def on_revoke_device_clicked(self) -> None:
        device = self._selected_device()
        if device is not None:
            self.session.revoke_device(device["name"])

    # -- pairing ----------------------------------------------------------------------------------

    def on_session_pairings_loaded(self, pending: list[dict[str, Any]]) -> None:
        self._pending = pending
        self.pending.setRowCount(len(pending))
        for row, request in enumerate(pending):
            code = request["code"]
            for column, text in enumerate((f"{code[:3]} {code[3:]}", request["kind"], request["hint"] or "—")):
                self.pending.setItem(row, column, _readonly(text))
        if pending:
            self.pending.setCurrentCell(0, 0)

    def on_pending_current_cell_changed(self, row: int, *_: int) -> None:
        if 0 <= row < len(self._pending):
            request = self._pending[row]
            self.pair_role.setCurrentText(ROLE_OF_KIND.get(request["kind"], request["kind"]))
            self.pair_name.setText(f"{request['kind']}-{request['code'][:3]}")

    def _selected_pairing(self) -> dict[str, Any] | None:
        row = self.pending.currentRow()
        return self._pending[row] if 0 <= row < len(self._pending) else None

    def on_approve_pairing_clicked(self) -> None:
        request = self._selected_pairing()
        if request is not None:
            counter = self.pair_counter.text().strip()
            self.session.approve_pairing(
                request["code"], self.pair_name.text().strip(), self.pair_role.currentText(),
                int(counter) if counter.isdigit() else None,
            )

    def on_refuse_pairing_clicked(self) -> None:
        request = self._selected_pairing()
        if request is not None:
            self.session.refuse_pairing(request["code"])
