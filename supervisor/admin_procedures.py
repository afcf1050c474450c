"""The admin tab's page "Thủ tục / Procedures": edit one administrative procedure of the catalogue.

The same form as the /admin page's: pick a procedure, change its texts, queue and papers, save
(PUT /api/admin/procedures/{code} through AdminSession). A whole catalogue is imported with
`onestop procedures import`; an empty field means "not published", never a guess.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supervisor.admin import AdminSession
from supervisor.admin_lists import ListTable

Words = Callable[[str, str], str]
TEXT_KEYS = ("name", "name_en", "field", "field_en", "fee", "processing_time", "result_at", "legal_basis",
             "portal_url", "note")  # fmt: skip
LABELS = {
    "name": ("Tên (tiếng Việt)", "Name (Vietnamese)"), "name_en": ("Tên (tiếng Anh)", "Name (English)"),
    "field": ("Lĩnh vực (như công bố)", "Field (as published)"),
    "field_en": ("Lĩnh vực (tiếng Anh)", "Field (English)"),
    "fee": ("Phí, lệ phí", "Fee"), "processing_time": ("Thời hạn giải quyết", "Processing time"),
    "result_at": ("Nơi trả kết quả", "Results returned at"), "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "portal_url": ("Liên kết Cổng DVC", "Portal link"), "note": ("Ghi chú", "Note"),
}  # fmt: skip


class ProceduresPage(QWidget):
    """Pick a procedure, edit it, save it; ``load()`` asks the server for the catalogue."""

    def __init__(self, session: AdminSession) -> None:
        super().__init__()
        self.session = session
        self._procedures: list[dict[str, Any]] = []
        self._services: list[dict[str, Any]] = []
        self._none = "(không)"  # the service choice "no queue", in the language shown
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.pick = QComboBox()
        self.pick.currentIndexChanged.connect(self.on_pick_current_index_changed)
        form = QFormLayout()
        self.pick_label = QLabel()
        form.addRow(self.pick_label, self.pick)
        self.edits = {key: QLineEdit() for key in TEXT_KEYS}
        self.labels = {key: QLabel() for key in TEXT_KEYS}
        self.service, self.level = QComboBox(), QComboBox()
        self.service_label, self.level_label = QLabel(), QLabel()
        for key in TEXT_KEYS[:4]:
            form.addRow(self.labels[key], self.edits[key])
        form.addRow(self.service_label, self.service)
        form.addRow(self.level_label, self.level)
        for key in TEXT_KEYS[4:]:
            form.addRow(self.labels[key], self.edits[key])
        self.papers_title = QLabel()
        self.papers_title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.papers = ListTable(("name", "copies", "original"), frozenset({"original"}), frozenset({"copies"}))
        self.save, self.discard = QPushButton(), QPushButton()
        self.save.clicked.connect(self.on_save_clicked)
        self.discard.clicked.connect(lambda: self.on_pick_current_index_changed(self.pick.currentIndex()))
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        right = QVBoxLayout()
        right.addWidget(self.papers_title)
        right.addWidget(self.papers, 1)
        columns.addLayout(right, 2)
        layout.addWidget(self.hint)
        layout.addLayout(columns, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.discard)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        session.procedures_loaded.connect(self.on_session_procedures_loaded)
        session.procedure_saved.connect(self.on_session_procedure_saved)

    def retranslate(self, t: Words) -> None:
        self._none = t("(không)", "(none)")
        self.hint.setText(t(
            "Sửa một thủ tục; cả danh mục được nhập bằng 'onestop procedures import'. Để trống nếu chưa công bố.",
            "Edit one procedure; the whole catalogue is imported with 'onestop procedures import'. Leave empty "
            "what is not published."))  # fmt: skip
        self.pick_label.setText(t("Thủ tục", "Procedure"))
        for key, (vi, en) in LABELS.items():
            self.labels[key].setText(t(vi, en))
        self.service_label.setText(t("Lấy số vào lĩnh vực", "Queue (service)"))
        self.level_label.setText(t("Cấp giải quyết", "Level"))
        level = self.level.currentData()
        self.level.clear()
        self.level.addItem(t("Cấp xã", "Commune"), "commune")
        self.level.addItem(t("Cấp tỉnh", "Province"), "province")
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.papers_title.setText(t("Thành phần hồ sơ", "Papers to bring"))
        copies = t("Số bản (0 = xuất trình)", "Copies (0 = shown)")
        self.papers.table.setHorizontalHeaderLabels([t("Giấy tờ", "Paper"), copies, t("Bản chính", "Original")])
        self.papers.add.setText(t("+ Thêm giấy tờ", "+ Add a paper"))
        self.papers.remove.setText(t("Xoá dòng chọn", "Remove selected"))
        self.save.setText(t("Lưu thay đổi", "Save changes"))
        self.discard.setText(t("Huỷ thay đổi", "Discard changes"))

    def load(self, services: list[dict[str, Any]]) -> None:
        self._services = services
        self.session.load_procedures()

    def on_session_procedures_loaded(self, procedures: list[dict[str, Any]]) -> None:
        code = self.pick.currentData()
        self._procedures = procedures
        self.pick.blockSignals(True)
        self.pick.clear()
        for procedure in procedures:
            self.pick.addItem(f"{procedure['code']} — {procedure['name']}", procedure["code"])
        self.pick.blockSignals(False)
        self.pick.setCurrentIndex(max(0, self.pick.findData(code)))
        self.on_pick_current_index_changed(self.pick.currentIndex())

    def on_pick_current_index_changed(self, index: int) -> None:
        if not 0 <= index < len(self._procedures):
            return
        procedure = self._procedures[index]
        for key in TEXT_KEYS:
            self.edits[key].setText(procedure.get(key) or "")
            self.edits[key].setCursorPosition(0)  # a long text shows its start
        self.service.clear()
        self.service.addItem(self._none, None)
        for service in self._services:
            self.service.addItem(f"{service['code']} — {service['name_vi']}", service["code"])
        self.service.setCurrentIndex(max(0, self.service.findData(procedure.get("service"))))
        self.level.setCurrentIndex(max(0, self.level.findData(procedure.get("level"))))
        self.papers.show_rows(copy.deepcopy(procedure.get("papers") or []))

    def edited(self) -> dict[str, Any]:
        """The body of PUT /api/admin/procedures/{code} as the form now says."""
        body: dict[str, Any] = {key: self.edits[key].text().strip() for key in TEXT_KEYS}
        body.update(service=self.service.currentData(), level=self.level.currentData(), papers=self.papers.rows())
        return body

    def on_save_clicked(self) -> None:
        code = self.pick.currentData()
        if code is not None:
            self.session.save_procedure(code, self.edited())

    def on_session_procedure_saved(self, procedure: dict[str, Any]) -> None:
        for i, known in enumerate(self._procedures):
            if known["code"] == procedure["code"]:
                self._procedures[i] = procedure
                self.pick.setItemText(i, f"{procedure['code']} — {procedure['name']}")
