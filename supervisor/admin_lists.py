"""The admin tab's page "Ưu tiên, đánh giá / Priority, rating": the priority rule and groups, the rating form.

Like the other pages it edits the configuration document (supervisor/admin_tab.py sends it whole):
``show(document)`` fills it, ``apply(document)`` writes what it says back. Words come from ``t``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Words = Callable[[str, str], str]
# A rating form to start from when the document has none (the sample office's three levels).
DEFAULT_RATING: dict[str, Any] = {
    "show_seconds": 30,
    "tablet_window_min": 10,
    "reasons": [],
    "levels": [
        {"value": 3, "label_vi": "Rất hài lòng", "label_en": "Very satisfied", "negative": False},
        {"value": 2, "label_vi": "Hài lòng", "label_en": "Satisfied", "negative": False},
        {"value": 1, "label_vi": "Không hài lòng", "label_en": "Not satisfied", "negative": True},
    ],
}


def tick(on: bool) -> QTableWidgetItem:
    """A ticked (or not) cell a person can tick."""
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    return item


def _number(text: str) -> Any:
    """An integer as typed; the text itself when it is none, so the server names the key."""
    return int(text) if text.strip().isdigit() else text.strip()


class ListTable(QWidget):
    """Rows of one list in the document (groups, levels, reasons): text, number and tick columns; add, remove."""

    def __init__(self, keys: tuple[str, ...], ticks: frozenset[str] = frozenset(),
                 numbers: frozenset[str] = frozenset()) -> None:  # fmt: skip
        super().__init__()
        self.keys, self.ticks, self.numbers = keys, ticks, numbers
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(keys))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column, key in enumerate(keys):
            if key in ticks or key in numbers:  # narrow columns; the texts take the rest
                self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.add, self.remove = QPushButton(), QPushButton()
        self.add.clicked.connect(lambda: self.add_row({}))
        self.remove.clicked.connect(self.on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for row in rows:
            self.add_row(row)

    def add_row(self, values: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, key in enumerate(self.keys):
            if key in self.ticks:
                item = tick(bool(values.get(key)))
            else:
                value = values.get(key)
                item = QTableWidgetItem("" if value is None else str(value))
            self.table.setItem(row, column, item)

    def rows(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for column, key in enumerate(self.keys):
                item = self.table.item(row, column)
                if key in self.ticks:
                    values[key] = item is not None and item.checkState() == Qt.CheckState.Checked
                else:
                    text = item.text().strip() if item is not None else ""
                    values[key] = _number(text) if key in self.numbers else text
            result.append(values)
        return result

    def on_remove_clicked(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())


class PriorityPage(QWidget):
    """The priority rule and groups, and the rating form's levels, reasons and how long it shows."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        rule = QFormLayout()
        self.strategy = QComboBox()
        self.every = QLineEdit()
        self.every.setMaximumWidth(120)
        self.strategy_label, self.every_label = QLabel(), QLabel()
        rule.addRow(self.strategy_label, self.strategy)
        rule.addRow(self.every_label, self.every)
        self.groups = ListTable(("code", "name_vi", "name_en"))
        self.levels = ListTable(("value", "label_vi", "label_en", "negative"), frozenset({"negative"}),
                                frozenset({"value"}))  # fmt: skip
        self.reasons = ListTable(("code", "label_vi", "label_en"))
        self.groups_title, self.levels_title, self.reasons_title = QLabel(), QLabel(), QLabel()
        for title in (self.groups_title, self.levels_title, self.reasons_title):
            title.setStyleSheet("font-weight: bold; font-size: 13pt; margin-top: 6px;")
        seconds = QFormLayout()
        self.show_seconds = QLineEdit()
        self.show_seconds.setMaximumWidth(120)
        self.show_seconds_label = QLabel()
        seconds.addRow(self.show_seconds_label, self.show_seconds)
        self.save = QPushButton()  # the admin tab sends the whole document
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addLayout(rule)
        left.addWidget(self.groups_title)
        left.addWidget(self.groups, 1)
        right.addWidget(self.levels_title)
        right.addWidget(self.levels, 1)
        right.addWidget(self.reasons_title)
        right.addWidget(self.reasons, 1)
        right.addLayout(seconds)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addWidget(self.hint)
        layout.addLayout(columns, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def retranslate(self, t: Words) -> None:
        self.hint.setText(t(
            "Nhóm ưu tiên: máy lấy số hỏi công dân thuộc nhóm nào. Mức đánh giá: tốt nhất có giá trị cao nhất; "
            "mức 'không hài lòng' hỏi thêm lý do.",
            "Priority groups: the kiosk asks which one a citizen belongs to. Rating levels: best has the highest "
            "value; a 'not satisfied' level asks for reasons."))  # fmt: skip
        current = self.strategy.currentIndex()
        self.strategy.clear()
        self.strategy.addItem(t("Luôn gọi ưu tiên trước", "Priority always first"), "strict")
        self.strategy.addItem(t("Xen kẽ: 1 ưu tiên sau mỗi N lượt thường", "Interleave: 1 priority per N regular"),
                              "interleave")  # fmt: skip
        self.strategy.setCurrentIndex(max(0, current))
        self.strategy_label.setText(t("Cách gọi ưu tiên", "Priority rule"))
        self.every_label.setText(t("N (xen kẽ)", "N (interleave)"))
        self.groups_title.setText(t("Nhóm ưu tiên", "Priority groups"))
        self.levels_title.setText(t("Mức đánh giá", "Rating levels"))
        self.reasons_title.setText(t("Lý do không hài lòng", "Reasons for 'not satisfied'"))
        self.show_seconds_label.setText(t("Màn hình đánh giá hiện (giây)", "Rating screen shown for (s)"))
        self.save.setText(t("Lưu thay đổi", "Save changes"))
        code, vi = t("Mã", "Code"), t("Tên (tiếng Việt)", "Name (Vietnamese)")
        en = t("Tên (tiếng Anh)", "Name (English)")
        self.groups.table.setHorizontalHeaderLabels([code, vi, en])
        self.levels.table.setHorizontalHeaderLabels([t("Giá trị", "Value"), vi, en, t("Không hài lòng", "Unhappy")])
        self.reasons.table.setHorizontalHeaderLabels([code, vi, en])
        adds = ((self.groups, ("+ Thêm nhóm", "+ Add a group")), (self.levels, ("+ Thêm mức", "+ Add a level")),
                (self.reasons, ("+ Thêm lý do", "+ Add a reason")))  # fmt: skip
        for table, (avi, aen) in adds:
            table.add.setText(t(avi, aen))
            table.remove.setText(t("Xoá dòng chọn", "Remove selected"))

    def show_document(self, document: dict[str, Any]) -> None:
        priority = document["priority"]
        self.strategy.setCurrentIndex(max(0, self.strategy.findData(priority["strategy"])))
        self.every.setText(str(priority["every"]))
        self.groups.show_rows(priority["groups"])
        rating = document.get("rating") or DEFAULT_RATING
        self.levels.show_rows(rating["levels"] or DEFAULT_RATING["levels"])
        self.reasons.show_rows(rating.get("reasons") or [])
        self.show_seconds.setText(str(rating["show_seconds"]))

    def apply(self, document: dict[str, Any]) -> None:
        document["priority"] = {
            "strategy": self.strategy.currentData(),
            "every": _number(self.every.text()),
            "groups": self.groups.rows(),
        }
        rating = dict(document.get("rating") or DEFAULT_RATING)
        rating.update(levels=self.levels.rows(), reasons=self.reasons.rows(),
                      show_seconds=_number(self.show_seconds.text()))  # fmt: skip
        document["rating"] = rating
