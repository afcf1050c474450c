"""The kiosk's window: the header, the screens, and the lockdown around them."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from client.language import Language
from client.model import OfficeModel
from core.procedures import Procedure
from kiosk.catalogue import ProcedureFinder
from kiosk.controller import KioskController, Screen, TicketView
from kiosk.scan import ScanBuffer
from kiosk.ui.admin import PinScreen, SettingsScreen
from kiosk.ui.check_in import CheckInScreen
from kiosk.ui.common import Header
from kiosk.ui.find import FindScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.priority import PriorityScreen
from kiosk.ui.procedure import ProcedurePage
from kiosk.ui.rate import RateEntryScreen, RatingPage
from kiosk.ui.style import NAVY, scale_for, service_color, stylesheet
from kiosk.ui.ticket import TicketScreen
from rating.widget import RatingWidget


class KioskWindow(QWidget):
    """Renders the controller's state and forwards taps to it.

    With ``lockdown`` the window has no frame, stays on top and refuses to close
    or to be left with the keyboard; only settings' "exit" (behind the corner
    gesture and the admin PIN) ends it.
    """

    def __init__(
        self,
        controller: KioskController,
        model: OfficeModel,
        language: Language,
        finder: ProcedureFinder,
        lockdown: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.controller = controller
        self._model = model
        self._lockdown = lockdown
        self._may_close = False
        if lockdown:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        config = controller.config
        # The server's clock: right even when the kiosk PC's own clock is not.
        self.header = Header(language, model.clock)
        self.home = HomeScreen(model, language, config.colors)
        self.priority = PriorityScreen(model, language)
        self.ticket = TicketScreen(model, language)
        self.pin = PinScreen(language)
        self.settings = SettingsScreen(language, controller.printer.uri, controller.api.base_url)
        self.rate = RateEntryScreen(model, language)
        self.rating = RatingPage(RatingWidget(controller.rating), language)
        self.search = FindScreen(finder, language)
        self.procedure = ProcedurePage(language)
        self.check_in = CheckInScreen(language)
        # A USB QR scanner types the code and Enter, as a keyboard; keys reach the window (nothing takes focus).
        self._scan = ScanBuffer()
        self.screens: dict[Screen, QWidget] = {
            Screen.HOME: self.home,
            Screen.PRIORITY: self.priority,
            Screen.TICKET: self.ticket,
            Screen.PIN: self.pin,
            Screen.SETTINGS: self.settings,
            Screen.RATE: self.rate,
            Screen.RATING: self.rating,
            Screen.FIND: self.search,
            Screen.PROCEDURE: self.procedure,
            Screen.CHECK_IN: self.check_in,
        }
        self.stack = QStackedWidget()
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        # The screen's size is the screen's; the layout must not push size hints to the window
        # (the offscreen and some kiosk platforms warn "does not support propagateSizeHints").
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)

        # Intents: widgets -> controller.
        self.header.language_tapped.connect(controller.toggle_language)
        self.header.corner_tapped.connect(controller.corner_tapped)
        self.home.service_chosen.connect(controller.choose_service)
        self.priority.priority_chosen.connect(controller.choose_priority)
        self.priority.back.connect(controller.go_home)
        self.ticket.done.connect(controller.go_home)
        self.pin.pin_entered.connect(controller.enter_pin)
        self.pin.cancelled.connect(controller.go_home)
        self.pin.typed.connect(controller.touch)
        self.settings.test_print.connect(controller.test_print)
        self.settings.reprint.connect(controller.reprint_last)
        self.settings.language.connect(controller.toggle_language)
        self.settings.exit.connect(controller.request_exit)
        self.settings.back.connect(controller.go_home)
        self.home.rate_requested.connect(controller.open_rating)
        self.rate.number_entered.connect(controller.rate_number)
        self.rate.typed.connect(controller.touch)
        self.rate.back.connect(controller.go_home)
        self.rating.back.connect(controller.go_home)
        self.home.find_requested.connect(controller.open_find)
        self.search.procedure_chosen.connect(controller.open_procedure)
        self.search.back.connect(controller.go_home)
        self.procedure.print_requested.connect(controller.print_checklist)
        self.procedure.ticket_requested.connect(controller.take_ticket_for_procedure)
        self.procedure.back.connect(controller.back_to_find)
        self.home.check_in_requested.connect(controller.open_check_in)
        self.check_in.code_entered.connect(controller.check_in)
        self.check_in.typed.connect(controller.touch)
        self.check_in.back.connect(controller.go_home)
        self.check_in.normal_ticket.connect(controller.go_home)
        controller.check_in_message.connect(self.check_in.show_message)
        # State: controller -> widgets.
        controller.screen_changed.connect(self.on_controller_screen_changed)
        controller.busy_changed.connect(self.on_controller_busy_changed)
        controller.online_changed.connect(self.on_controller_online_changed)
        controller.ticket_changed.connect(self.on_controller_ticket_changed)
        controller.notice.connect(self.home.set_notice)
        controller.printer_fault_changed.connect(self.home.set_printer_fault)
        controller.printer_fault_changed.connect(self.settings.set_printer_fault)
        controller.pin_rejected.connect(self.pin.show_rejected)
        controller.settings_message.connect(self.settings.set_message)
        controller.unprinted_changed.connect(self.settings.set_unprinted)
        controller.quit_requested.connect(self.on_controller_quit_requested)
        controller.rate_message.connect(self.rate.show_message)
        controller.procedure_changed.connect(self.on_controller_procedure_changed)
        controller.checklist_changed.connect(self.procedure.set_print_state)
        controller.procedures_changed.connect(self.home.set_procedures)
        model.reset.connect(self.on_model_reset)

        self.on_controller_online_changed(controller.online)
        self.on_model_reset()
        self._rescale()
        # Every touch anywhere restarts the idle timeout.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- controller -> screens ----------------------------------------------------

    def on_controller_screen_changed(self, name: str) -> None:
        screen = Screen(name)
        if screen is Screen.PRIORITY:
            code = self.controller.service_code
            self.priority.set_service(self._model.service(code) if code else None)
        if screen is Screen.PIN:
            self.pin.reset()
        if screen is Screen.SETTINGS:
            self.settings.set_message("", "")
        if screen is Screen.RATE:
            self.rate.reset()
        if screen is Screen.CHECK_IN and self.stack.currentWidget() is not self.check_in:
            self.check_in.reset()
        if screen is Screen.FIND and self.stack.currentWidget() is not self.procedure:
            self.search.reset()  # a new search, unless back from a procedure's page
        self.stack.setCurrentWidget(self.screens[screen])

    def on_controller_busy_changed(self, busy: bool) -> None:
        self.home.set_busy(busy)
        self.priority.set_busy(busy)

    def on_controller_online_changed(self, online: bool) -> None:
        self.home.set_online(online)
        self.settings.set_online(online)
        self.procedure.set_online(online)

    def on_controller_procedure_changed(self, procedure: Procedure) -> None:
        service = self._model.service(procedure.service) if procedure.service else None
        self.procedure.show_procedure(procedure, service)

    def on_controller_ticket_changed(self, view: TicketView) -> None:
        code = view.ticket["service"]
        codes = [s["code"] for s in self._model.services]
        index = codes.index(code) if code in codes else 0
        own = self._model.services[index].get("colour") if code in codes else None
        color = service_color(code, index, self.controller.config.colors, own) if code in codes else NAVY
        self.ticket.show_ticket(view, color)

    def on_controller_quit_requested(self) -> None:
        self._may_close = True
        self.close()

    def on_model_reset(self) -> None:
        self.header.set_office(self._model.office.get("name", ""), self._model.office.get("timezone"))
        self.home.set_online(self.controller.online)

    # -- the window -----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        scale = scale_for(self.width(), self.height())
        self.setStyleSheet(stylesheet(scale))
        self.header.rescale(scale)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.controller.touch()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            scanned = self._scan.enter(time.monotonic())
            if scanned:
                self.controller.scan(scanned)
        elif event.text().isprintable() and event.text():
            self._scan.feed(event.text(), time.monotonic())
        if self._lockdown:
            event.accept()  # no Escape, no Alt+F4 through the widget
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._lockdown and not self._may_close:
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
