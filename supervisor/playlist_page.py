"""The admin tab's "Trình chiếu / Lobby playlist" page: the lobby's slides in order, each editable in its row.

Upload opens a file dialog and hands the file to AdminSession, which sends it without reading it
on the UI thread (client/api.py ``upload``); texts, durations, hours, shown/hidden, order and
delete are one admin API call each. What the server answers (a type it refuses, a file too large,
hours that make no sense) is shown in both languages by the admin tab, like its other pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.language import Language
from supervisor.admin import AdminSession

KIND_WORDS = {"image": ("Ảnh", "Image"), "video": ("Video", "Video"), "text": ("Chữ", "Text")}
# Columns: kind, content (title or Vietnamese words), English words, seconds, from, to, shown.
COLUMNS = 7
FILTER = "Ảnh hoặc video (*.png *.jpg *.jpeg *.mp4 *.webm)"


class PlaylistPage(QWidget):
    """Rows of the playlist; buttons act on the selected row through AdminSession."""

    def __init__(self, session: AdminSession, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.language = language
        self.items: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, 3, 6):  # the kind, the seconds, the tick: as wide as their words
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.save, self.up, self.down, self.delete = QPushButton(), QPushButton("↑"), QPushButton("↓"), QPushButton()
        self.save.clicked.connect(self.on_save_clicked)
        self.up.clicked.connect(lambda: self.move_row(-1))
        self.down.clicked.connect(lambda: self.move_row(1))
        self.delete.clicked.connect(self.on_delete_clicked)
        self._row(layout, self.save, self.up, self.down, self.delete)
        self.upload = QPushButton()
        self.upload_seconds = QSpinBox()
        self.upload_seconds.setRange(0, 600)  # 0: the default (10 s for an image; a video's length)
        self.upload.clicked.connect(self.on_upload_clicked)
        self.text_vi, self.text_en = QLineEdit(), QLineEdit()
        self.text_seconds = QSpinBox()
        self.text_seconds.setRange(3, 600)
        self.text_seconds.setValue(10)
        self.add_text = QPushButton()
        self.add_text.clicked.connect(self.on_add_text_clicked)
        self._row(layout, self.upload, self.upload_seconds)
        self._row(layout, self.text_vi, self.text_en, self.text_seconds, self.add_text)
        session.playlist_loaded.connect(self.on_session_playlist_loaded)
        self.retranslate()

    @staticmethod
    def _row(layout: QVBoxLayout, *widgets: QWidget) -> None:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        row.addStretch(0 if any(isinstance(w, QLineEdit) for w in widgets) else 1)
        layout.addLayout(row)

    def t(self, vi: str, en: str) -> str:
        return self.language.pick(vi, en)

    def retranslate(self) -> None:
        t = self.t
        self.hint.setText(t(
            "Ảnh PNG/JPEG (tối đa 10 MB), video MP4/WebM (tối đa 50 MB, không tiếng) và chữ, theo thứ tự. "
            "Giờ để trống: cả ngày. Khi gọi số, màn hình sảnh ưu tiên số được gọi. "
            "Sửa trong bảng rồi bấm Lưu dòng chọn.",
            "PNG/JPEG images (10 MB at most), MP4/WebM videos (50 MB, silent) and texts, in order. Hours left empty: "
            "all day. A call always takes the lobby screen first. Edit in the table, then Save the selected row."))
        self.table.setHorizontalHeaderLabels([
            t("Loại", "Kind"), t("Nội dung", "Content"), t("Tiếng Anh", "English"), t("Giây", "Seconds"),
            t("Từ giờ", "From"), t("Đến giờ", "To"), t("Hiển thị", "Shown")])
        self.save.setText(t("Lưu dòng chọn", "Save selected row"))
        self.delete.setText(t("Xoá dòng chọn", "Delete selected"))
        self.upload.setText(t("Tải lên ảnh hoặc video…", "Upload an image or a video…"))
        self.upload_seconds.setSpecialValueText(t("thời lượng mặc định", "default duration"))
        self.upload_seconds.setSuffix(t(" giây", " s"))
        self.text_seconds.setSuffix(t(" giây", " s"))
        self.text_vi.setPlaceholderText(t("Trang chữ (tiếng Việt)", "Text slide (Vietnamese)"))
        self.text_en.setPlaceholderText(t("Tiếng Anh (không bắt buộc)", "English (optional)"))
        self.add_text.setText(t("+ Thêm trang chữ", "+ Add a text slide"))
        self.on_session_playlist_loaded(self.items)

    def on_session_playlist_loaded(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.table.setRowCount(0)
        for item in items:
            row = self.table.rowCount()
            self.table.insertRow(row)
            kind = QTableWidgetItem(self.t(*KIND_WORDS[item["kind"]]))
            kind.setFlags(kind.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, kind)
            is_text = item["kind"] == "text"
            content = QTableWidgetItem(item["text_vi"] if is_text else item["title"])
            english = QTableWidgetItem(item["text_en"] or "" if is_text else "")
            if not is_text:
                english.setFlags(english.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 1, content)
            self.table.setItem(row, 2, english)
            seconds = item["duration_s"]
            self.table.setItem(row, 3, QTableWidgetItem("" if seconds is None else str(seconds)))
            self.table.setItem(row, 4, QTableWidgetItem(item["show_from"] or ""))
            self.table.setItem(row, 5, QTableWidgetItem(item["show_to"] or ""))
            shown = QTableWidgetItem()
            shown.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            shown.setCheckState(Qt.CheckState.Checked if item["enabled"] else Qt.CheckState.Unchecked)
            self.table.setItem(row, 6, shown)

    def selected(self) -> tuple[int, dict[str, Any]] | None:
        row = self.table.currentRow()
        return (row, self.items[row]) if 0 <= row < len(self.items) else None

    def edited(self, row: int) -> dict[str, Any]:
        """The row as typed: what PATCH /api/admin/playlist/{id} gets (the server checks it)."""
        item = self.items[row]
        cell = self._cell
        shown = self.table.item(row, 6)
        seconds_text = cell(row, 3)
        seconds: Any = None if not seconds_text else int(seconds_text) if seconds_text.isdigit() else seconds_text
        change: dict[str, Any] = {
            "duration_s": seconds, "show_from": cell(row, 4) or None, "show_to": cell(row, 5) or None,
            "enabled": shown is not None and shown.checkState() == Qt.CheckState.Checked,
        }  # fmt: skip
        if item["kind"] == "text":
            change["text_vi"] = cell(row, 1)
            change["text_en"] = cell(row, 2)
        elif cell(row, 1):
            change["title"] = cell(row, 1)
        return change

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def on_save_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.session.change_item(chosen[1]["id"], **self.edited(chosen[0]))

    def move_row(self, step: int) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        row, ids = chosen[0], [i["id"] for i in self.items]
        other = row + step
        if 0 <= other < len(ids):
            ids[row], ids[other] = ids[other], ids[row]
            self.session.reorder_playlist(ids)

    def on_delete_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.session.delete_item(chosen[1]["id"])

    def on_upload_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.upload.text(), "", FILTER)
        if name:
            self.send_file(Path(name))

    def send_file(self, file: Path) -> None:
        """Upload ``file`` (the dialog's choice; tests call this directly)."""
        seconds = self.upload_seconds.value()
        self.session.upload_media(file, seconds or None)

    def on_add_text_clicked(self) -> None:
        if self.text_vi.text().strip():
            self.session.add_text(self.text_vi.text().strip(), self.text_en.text().strip(), self.text_seconds.value())
            self.text_vi.clear()
            self.text_en.clear()
