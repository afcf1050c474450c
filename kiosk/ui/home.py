"""Home: the grid of services with their live queues, or a clear message while the server is away."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.language import Language
from client.model import OfficeModel
from hardware.errors import PrinterError
from hardware.slip import closure_words, wait_sentence
from kiosk.ui.common import label
from kiosk.ui.rate import RateButton
from kiosk.ui.style import GREY, darker, service_color

# Below this width the home screen's heading drops the find button's second language.
NARROW_PX = 1100


class ServiceTile(QPushButton):
    """One big button: the service's code and name, how many wait and for how long."""

    def __init__(self, service: dict[str, Any], color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.code = service["code"]
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            f"QPushButton {{ background: {color}; border: none; border-radius: 24px; }}"
            f"QPushButton:pressed {{ background: {darker(color)}; }}"
            f"QPushButton:disabled {{ background: {GREY}; }}"
        )
        self.code_label = label("tile-code", service["code"])
        self.name = label("tile-name")
        self.other = label("tile-other")
        self.stats = label("tile-stats", wrap=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 12)
        layout.setSpacing(4)
        layout.addWidget(self.code_label)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.other)
        layout.addWidget(self.stats)
        for child in (self.code_label, self.name, self.other, self.stats):
            # Touches on the texts belong to the button.
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # The code, the other language and the queue keep their full height; the (word-wrapped)
        # name takes what is left. Otherwise a two-line name squeezes the queue line out of sight.
        for fixed in (self.code_label, self.other, self.stats):
            fixed.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.name.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def render_texts(self, language: Language, queue: dict[str, Any] | None) -> None:
        vi, en = self.service["name_vi"], self.service["name_en"]
        self.name.setText(language.pick(vi, en))
        self.other.setText(language.pick(en, vi))
        if queue is None:
            self.stats.setText("")
            return
        waiting = int(queue.get("waiting", 0))
        closed = closure_words(queue.get("closure"), language.code)
        if waiting == 0 and not closed:
            self.stats.setText(language.pick("Không có người chờ", "Nobody waiting"))
            return
        wait = wait_sentence(
            int(queue.get("estimated_wait_s", 0)),
            language.code,
            low_s=queue.get("estimated_low_s"),
            high_s=queue.get("estimated_high_s"),
            called_today=queue.get("estimated_called_today"),
            lead=("Chờ", "Wait"),
            short=True,  # a tile's line: "Có thể không kịp hôm nay", the ticket says the rest
        )
        count = language.pick(f"Đang chờ: {waiting} người", f"Waiting: {waiting}")
        if waiting == 0:
            count = language.pick("Không có người chờ", "Nobody waiting")
        # Closed (lunch): when it opens again says more than the wait; the wait follows on the ticket.
        self.stats.setText(f"{count}\n{closed or wait}")


class FindButton(QPushButton):
    """Home's "Tra cứu thủ tục / Find a procedure" beside the subtitle: one line high, so the tiles lose nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "find")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.main = label("find-main", wrap=False)
        self.other = label("find-other", wrap=False)
        self._line = QHBoxLayout(self)
        self._line.setContentsMargins(24, 6, 24, 6)
        self._line.setSpacing(18)
        self._line.addWidget(self.main)
        self._line.addWidget(self.other)
        for child in (self.main, self.other):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # touches belong to the bar

    # QPushButton sizes itself by its own (empty) text; this one is as big as its line.
    def sizeHint(self) -> QSize:
        return self._line.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._line.sizeHint()

    def render_texts(self, language: Language) -> None:
        vi, en = "Tra cứu thủ tục", "Find a procedure"
        self.main.setText(language.pick(vi, en))
        self.other.setText(language.pick(en, vi))
        self.updateGeometry()  # its size hint is its line's, which the new words change


class AppointmentButton(RateButton):
    """Home's "Tôi đã đặt lịch hẹn / I have an appointment" under "Rate our service", when the office takes
    bookings: as wide as it, in both languages, and never under a finger's height (style.TOUCH_MIN_PX),
    whatever the screen (an elderly citizen with a booking looks for it first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "appointment")
        self.main.setProperty("role", "appointment-main")
        self.other.setProperty("role", "appointment-other")
        # "I have an appointment" is wider than "Rate our service": less air at the sides, so that the
        # heading beside them keeps its line at 1280 x 800.
        self._lines.setContentsMargins(8, 6, 8, 6)

    def render_texts(self, language: Language) -> None:
        vi, en = "Tôi đã đặt lịch hẹn", "I have an appointment"
        self.main.setText("✓ " + language.pick(vi, en))
        self.other.setText(language.pick(en, vi))
        self.updateGeometry()


class HomeScreen(QWidget):
    """The first screen a citizen sees.

    Signals:
        service_chosen(str): the service code tapped.
        rate_requested(): "rate our service" was tapped.
        find_requested(): "find a procedure" was tapped.
        check_in_requested(): "I have an appointment" was tapped.
    """

    service_chosen = Signal(str)
    rate_requested = Signal()
    find_requested = Signal()
    check_in_requested = Signal()

    def __init__(
        self, model: OfficeModel, language: Language, colors: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._language = language
        self._colors = colors
        self.tiles: dict[str, ServiceTile] = {}
        self._online = False
        self._busy = False
        self._fault: PrinterError | None = None
        self._notice = ("", "")
        self._procedures = 0

        self.title = label("title")
        self.subtitle = label("subtitle")
        self.grid_page = QWidget()
        self.grid = QGridLayout(self.grid_page)
        self.grid.setSpacing(24)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.offline = self._offline_panel()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.grid_page)
        self.pages.addWidget(self.offline)
        self.banner = label("banner")
        self.notice = label("notice")
        self.rate_button = RateButton()
        self.rate_button.clicked.connect(self.rate_requested)
        self.appointment_button = AppointmentButton()
        self.appointment_button.clicked.connect(self.check_in_requested)
        # What papers to bring, before taking a number: shown when the office has a catalogue.
        self.find_button = FindButton()
        self.find_button.clicked.connect(self.find_requested)
        layout = QVBoxLayout(self)
        # (The find button makes the heading a few dots taller: the margins give them back to the tiles.)
        layout.setContentsMargins(48, 10, 48, 16)
        layout.setSpacing(18)
        # "Rate our service" beside the heading: the tiles keep every pixel of height.
        heading = QVBoxLayout()
        heading.setSpacing(10)
        heading.addWidget(self.title)
        # "What papers do I need?" beside "touch a box": one line, so the tiles keep their height.
        below = QHBoxLayout()
        below.setSpacing(14)
        below.addStretch(1)
        self.subtitle.setWordWrap(False)  # one line beside the button, which leaves it room
        below.addWidget(self.subtitle)
        below.addWidget(self.find_button)
        below.addStretch(1)
        heading.addLayout(below)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(heading, 1)
        # "I have an appointment" under "Rate our service": the heading keeps its width.
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addWidget(self.rate_button)
        side.addWidget(self.appointment_button)
        top.addLayout(side)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.banner)

        model.reset.connect(self.on_model_reset)
        model.queues_changed.connect(self.on_model_queues_changed)
        language.changed.connect(self.on_language_changed)
        self.on_model_reset()

    def _offline_panel(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "offline")
        self.offline_vi = label("offline-vi", "Không kết nối được máy chủ")
        self.offline_en = label("offline-en", "Cannot reach the office server")
        self.offline_retry = label(
            "offline-retry",
            "Kiosk đang tự động kết nối lại, vui lòng chờ trong giây lát.\n"
            "The kiosk is reconnecting by itself; please wait a moment.",
        )
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addStretch(1)
        for widget in (self.offline_vi, self.offline_en):
            layout.addWidget(widget)
        layout.addSpacing(30)
        layout.addWidget(self.offline_retry)
        layout.addStretch(1)
        return panel

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A narrow kiosk (1024 x 768): "Find a procedure" without its other language, so that the
        # subtitle beside it keeps its one line in English too.
        self.find_button.other.setVisible(event.size().width() >= NARROW_PX)
        self.find_button.updateGeometry()
        super().resizeEvent(event)

    # -- state in ------------------------------------------------------------------

    def set_online(self, online: bool) -> None:
        self._online = online
        self._render_state()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._render_state()

    def set_printer_fault(self, error: PrinterError | None) -> None:
        self._fault = error
        self._render_texts()

    def set_procedures(self, count: int) -> None:
        """How many procedures the catalogue has: none, no "find a procedure" button."""
        self._procedures = count
        self._render_state()

    def set_notice(self, vi: str, en: str) -> None:
        self._notice = (vi, en)
        self._render_texts()

    def on_model_reset(self) -> None:
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = {}
        # A hidden service (the admin screens) takes no new tickets here.
        services = [s for s in self._model.services if not s.get("hidden")]
        columns = 2 if len(services) <= 4 else 3 if len(services) <= 9 else 4
        for i, service in enumerate(services):
            tile = ServiceTile(service, service_color(service["code"], i, self._colors, service.get("colour")))
            tile.clicked.connect(lambda _checked=False, code=service["code"]: self.service_chosen.emit(code))
            self.grid.addWidget(tile, i // columns, i % columns)
            self.tiles[service["code"]] = tile
        self._render_state()
        self._render_texts()

    def on_model_queues_changed(self) -> None:
        self._render_texts()

    def on_language_changed(self, _code: str) -> None:
        self._render_texts()

    # -- drawing ---------------------------------------------------------------------

    def _render_state(self) -> None:
        show_grid = self._online and self._model.loaded
        self.pages.setCurrentWidget(self.grid_page if show_grid else self.offline)
        self.title.setVisible(show_grid)
        self.subtitle.setVisible(show_grid)
        self.rate_button.setVisible(show_grid)
        self.rate_button.setEnabled(not self._busy)
        self.appointment_button.setVisible(show_grid and bool(self._model.office.get("appointments")))
        self.appointment_button.setEnabled(not self._busy)
        self.find_button.setVisible(show_grid and self._procedures > 0)
        self.find_button.setEnabled(not self._busy)
        for tile in self.tiles.values():
            tile.setEnabled(show_grid and not self._busy)

    def _render_texts(self) -> None:
        pick = self._language.pick
        self.title.setText(pick("Mời chọn lĩnh vực cần giải quyết", "Please choose the service you need"))
        self.subtitle.setText(pick("Chạm vào một ô để lấy số thứ tự", "Touch a box to take a queue number"))
        for code, tile in self.tiles.items():
            tile.render_texts(self._language, self._model.queues.get(code))
        self.rate_button.render_texts(self._language)
        self.appointment_button.render_texts(self._language)
        self.find_button.render_texts(self._language)
        vi, en = self._notice
        self.notice.setText(pick(vi, en))
        self.notice.setVisible(bool(vi or en))
        if self._fault is None:
            self.banner.hide()
        else:
            self.banner.setText(
                pick(
                    f"{self._fault.message_vi}\nSố thứ tự sẽ hiện trên màn hình để ông/bà chụp ảnh.",
                    f"{self._fault.message_en}\nYour number will be shown on the screen for you to photograph.",
                )
            )
            self.banner.show()
