"""Who is waiting for this counter: per service, and who "call next" will bring."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from counter.controller import CounterController
from counter.style import AMBER, BLUE, GREY

SHOWN_NUMBERS = 6


class QueuePanel(QFrame):
    """Renders the live queues of the counter's services; it has no signals."""

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(self.title)
        self._grid = QGridLayout()
        self._grid.setVerticalSpacing(4)
        self._grid.setHorizontalSpacing(10)
        layout.addLayout(self._grid)
        layout.addSpacing(10)
        self.next_title = QLabel()
        self.next_title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.next_numbers = QLabel()
        self.next_numbers.setWordWrap(True)
        self.next_numbers.setTextFormat(Qt.TextFormat.RichText)
        self.next_numbers.setStyleSheet("font-size: 26px;")
        layout.addWidget(self.next_title)
        layout.addWidget(self.next_numbers)
        layout.addStretch(1)
        self._rows: list[tuple[QLabel, QLabel, QLabel]] = []
        controller.tick.connect(self.refresh)  # the longest wait grows by the minute
        self.refresh()

    def _row(self, index: int) -> tuple[QLabel, QLabel, QLabel]:
        while len(self._rows) <= index:
            name, count, numbers = QLabel(), QLabel(), QLabel()
            name.setWordWrap(True)
            name.setStyleSheet("font-size: 17px;")
            count.setStyleSheet(f"font-size: 30px; font-weight: bold; color: {BLUE};")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            numbers.setStyleSheet(f"font-size: 16px; color: {GREY};")
            row = len(self._rows) * 2
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(count, row, 1, 2, 1)
            self._grid.addWidget(numbers, row + 1, 0)
            self._rows.append((name, count, numbers))
        return self._rows[index]

    def refresh(self) -> None:
        c = self._controller
        pick = c.language.pick
        self.title.setText(pick("Hàng chờ của quầy", "This counter's queue"))
        services = c.services()
        for index, service in enumerate(services):
            name, count, numbers = self._row(index)
            name.setText(f"<b>{service['code']}</b> · {pick(service['name_vi'], service['name_en'])}")
            queue = c.queue(service["code"])
            count.setText(str(queue["waiting"]))
            waiting = c.waiting_numbers(service["code"], SHOWN_NUMBERS)
            longest = round(c.longest_wait_s(service["code"]) / 60)
            numbers.setText(
                "  ".join(waiting) + pick(f"<br>chờ lâu nhất {longest} phút", f"<br>longest wait {longest} min")
                if waiting else pick("không có ai chờ", "nobody waiting")
            )
            for label in (name, count, numbers):
                label.show()
        for row in self._rows[len(services):]:
            for label in row:
                label.hide()
        self.next_title.setText(pick("Lần gọi tiếp theo:", "Call next brings:"))
        upcoming = c.next_up()
        parts = [
            f"<span style='color:{AMBER}'>★{t['number']}</span>" if t["priority"] else t["number"]
            for t in upcoming
        ]
        self.next_numbers.setText(" → ".join(parts) if parts else f"<span style='color:{GREY}'>—</span>")
