"""The rating tablet at a counter: a welcome while idle, the rating when the clerk finishes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from client.model import OfficeModel
from rating.controller import Page, RatingController
from rating.watcher import CounterWatcher
from rating.widget import RatingWidget, named_label

STYLESHEET = """
RatingStation { background: #f7f9fb; }
QWidget#bar { background: #12325a; }
QWidget#bar QLabel { color: white; font-size: 22px; }
QWidget#bar QLabel#connection { color: #ffb4ab; font-weight: bold; }
QWidget#bar QPushButton { font-size: 18px; padding: 6px 16px; border-radius: 8px; background: white; }
QLabel#welcome { font-size: 48px; font-weight: bold; color: #12325a; }
QLabel#hint { font-size: 26px; color: #3c4043; }
QLabel#counterBig { font-size: 120px; font-weight: bold; color: #1456a0; }
"""



class RatingStation(QWidget):
    """Idle welcome, or the RatingWidget while a citizen rates; starts a rating on each finished ticket.

    It has no signals.
    """

    def __init__(
        self,
        controller: RatingController,
        watcher: CounterWatcher,
        model: OfficeModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._model = model
        self._watcher = watcher
        self._connection = "online"
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLESHEET)
        bar = QWidget()
        bar.setObjectName("bar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setFixedHeight(60)
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(24, 0, 16, 0)
        self.office = QLabel()
        self.connection = named_label("connection", centred=False)
        self.language = QPushButton()
        self.language.clicked.connect(controller.language.toggle)
        bar_layout.addWidget(self.office, 1)
        bar_layout.addWidget(self.connection)
        bar_layout.addSpacing(12)
        bar_layout.addWidget(self.language)

        self.idle = QWidget()
        idle = QVBoxLayout(self.idle)
        self.welcome = named_label("welcome", wrap=True)
        self.counter_big = named_label("counterBig")
        self.hint = named_label("hint", wrap=True)
        idle.addStretch(1)
        idle.addWidget(self.welcome)
        idle.addWidget(self.counter_big)
        idle.addWidget(self.hint)
        idle.addStretch(2)
        self.rating = RatingWidget(controller)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.idle)
        self.pages.addWidget(self.rating)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.pages, 1)

        watcher.finished.connect(self.on_watcher_finished)
        watcher.bound.connect(self.refresh)
        model.reset.connect(self.refresh)
        controller.page_changed.connect(self.on_controller_page_changed)
        controller.language.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        pick = self.controller.language.pick
        counter = self._model.counters.get(self._watcher.counter) if self._watcher.counter else None
        self.office.setText(self._model.office.get("name", ""))
        self.language.setText(pick("English", "Tiếng Việt"))
        self.welcome.setText(pick("Kính chào quý ông/bà", "Welcome"))
        self.counter_big.setText(counter["name"] if counter else "")
        self.hint.setText(pick("Sau khi được phục vụ, xin ông/bà đánh giá mức độ hài lòng tại đây.",
                               "After your service, please tell us how satisfied you are, here."))
        # Only a problem is worth the citizen's eye: a tablet that hears no "finished" asks nobody.
        self.connection.setText(
            "" if self._connection == "online" else pick("● Mất kết nối máy chủ", "● Server unreachable"))
        showing = self.controller.page is not Page.IDLE
        self.pages.setCurrentWidget(self.rating if showing else self.idle)

    def on_watcher_finished(self, ticket: dict[str, Any]) -> None:
        # A new finish means a new citizen at the counter: she is asked, whoever was before.
        self.controller.begin(ticket)

    def on_controller_page_changed(self, _page: str) -> None:
        self.refresh()

    def on_stream_connection_changed(self, state: str) -> None:
        self._connection = state
        self.refresh()
