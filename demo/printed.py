"""A screen of the demo: the last ticket the kiosk printed on its preview: printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PrintedTickets(QWidget):
    """Shows the newest PNG in ``folder`` (the kiosk's preview printer), updated as tickets print."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.picture = QLabel("Chưa in vé nào / No ticket printed yet")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture)
        self.setStyleSheet("background: #d9d9d9;")
        self._watcher = QFileSystemWatcher([str(folder)], self)
        self._watcher.directoryChanged.connect(self.on_watcher_directory_changed)
        self.on_watcher_directory_changed(str(folder))

    def newest(self) -> Path | None:
        pictures = sorted(self.folder.glob("*.png"), key=lambda p: p.stat().st_mtime)
        return pictures[-1] if pictures else None

    def on_watcher_directory_changed(self, _path: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        newest = self.newest()
        if newest is None:
            return
        pixmap = QPixmap(str(newest))
        if pixmap.isNull():
            # Seen before the printer finished writing it: look again shortly.
            QTimer.singleShot(200, self.refresh)
            return
        self.picture.setPixmap(pixmap)
