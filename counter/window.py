"""The counter app's window: sign-in, or the ticket, the actions and the queue; keys drive it all."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from client.events import ConnectionState
from counter.action_bar import ActionBar
from counter.controller import CounterController, Message
from counter.follow_up import FollowUp
from counter.follow_up_panel import FollowUpPanel
from counter.forms import CallNumberForm, Form, PauseForm, TransferForm
from counter.intents import Intent, intent_for_key
from counter.queue_panel import QueuePanel
from counter.signin_page import SignInPage
from counter.style import RED, STYLESHEET
from counter.ticket_panel import TicketPanel
from counter.top_bar import TopBar

# An "all good" line fades after this; errors stay until the next message.
INFO_MS = 6000


class CounterWindow(QWidget):
    """Renders a CounterController and turns clicks and keys into its intents; it has no signals."""

    def __init__(self, controller: CounterController, follow_up: FollowUp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        follow_up.setParent(self)
        self.setObjectName("counterWindow")
        self.setStyleSheet(STYLESHEET)
        self.top = TopBar(controller)
        self.sign_in = SignInPage(controller)
        self.ticket = TicketPanel(controller)
        self.queue = QueuePanel(controller)
        self.action_bar = ActionBar(controller)
        self.forms: dict[Intent, Form] = {
            Intent.PAUSE: PauseForm(controller),
            Intent.TRANSFER: TransferForm(controller),
            Intent.CALL_NUMBER: CallNumberForm(controller),
        }
        self.bottom = QStackedWidget()
        self.bottom.addWidget(self.action_bar)
        for form in self.forms.values():
            self.bottom.addWidget(form)
        self.bottom.setFixedHeight(270)
        main = QWidget()
        columns = QHBoxLayout(main)
        columns.setContentsMargins(16, 14, 16, 8)
        columns.setSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.ticket, 1)
        left.addWidget(self.bottom)
        columns.addLayout(left, 1)
        # The follow-up form takes the queue's place while open: the ticket and the actions stay in sight.
        self.follow_up = FollowUpPanel(controller, follow_up)
        self.follow_up.closed.connect(self.close_follow_up)
        self.right = QStackedWidget()
        self.right.addWidget(self.queue)
        self.right.addWidget(self.follow_up)
        self.right.setFixedWidth(400)
        columns.addWidget(self.right)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        self.pages.addWidget(main)
        self._main = main
        self.status = QLabel()
        self.status.setMinimumHeight(40)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self._info_timer = QTimer(self)
        self._info_timer.setSingleShot(True)
        self._info_timer.setInterval(INFO_MS)
        self._info_timer.timeout.connect(lambda: self.show_message(Message.INFO, ""))
        self._offline_said = False
        self.show_message(Message.INFO, "")

        controller.changed.connect(self.on_controller_changed)
        controller.message.connect(self.on_controller_message)
        self.top.intent.connect(self.on_intent)
        self.action_bar.intent.connect(self.on_intent)
        self.sign_in.sign_in.connect(self.on_sign_in_sign_in)
        for intent, form in self.forms.items():
            form.submitted.connect(lambda value, intent=intent: self.on_form_submitted(intent, value))
            form.cancelled.connect(self.close_form)
        self.refresh()

    # -- rendering ---------------------------------------------------------------

    def refresh(self) -> None:
        c = self.controller
        signed_in = c.state != "signed_out"
        self.pages.setCurrentWidget(self._main if signed_in else self.sign_in)
        form = self.open_form
        if form is not None and not c.can(self._form_intent(form)):
            self.close_form()
        self.top.refresh()
        self.sign_in.refresh()
        self.ticket.refresh()
        self.queue.refresh()
        if self.right.currentWidget() is self.follow_up:
            if signed_in:
                self.follow_up.refresh()
            else:
                self.close_follow_up()
        self.action_bar.refresh()
        if self.open_form is not None:
            self.open_form.refresh()
        if c.connection == ConnectionState.OFFLINE and not self.status.text():
            # Said until the link is back, so nobody wonders why a press does nothing.
            self.show_message(Message.ERROR, c.language.pick(
                "Mất kết nối máy chủ — đang kết nối lại… Các thao tác chưa thực hiện được.",
                "Server unreachable — reconnecting… Actions cannot be done for now."))
            self._offline_said = True
        elif c.online and self._offline_said:
            self._offline_said = False
            self.show_message(Message.INFO, c.language.pick("Đã kết nối lại máy chủ.", "Reconnected to the server."))

    def show_message(self, kind: str, text: str) -> None:
        colour = RED if kind == Message.ERROR else "#e8f0e9"
        ink = "white" if kind == Message.ERROR else "#1f4d2b"
        self.status.setText(text)
        self.status.setStyleSheet(f"background: {colour if text else 'transparent'}; color: {ink};"
                                  " font-size: 18px; padding: 6px 20px;")
        if kind == Message.INFO and text:
            self._info_timer.start()
        else:
            self._info_timer.stop()

    # -- forms -------------------------------------------------------------------

    @property
    def open_form(self) -> Form | None:
        widget = self.bottom.currentWidget()
        return widget if isinstance(widget, Form) else None

    def _form_intent(self, form: Form) -> Intent:
        return next(intent for intent, f in self.forms.items() if f is form)

    def open(self, intent: Intent) -> None:
        if not self.controller.check(intent):
            return
        form = self.forms[intent]
        self.bottom.setCurrentWidget(form)
        form.open()

    def open_follow_up(self) -> None:
        if not self.controller.check(Intent.FOLLOW_UP):
            return
        self.right.setCurrentWidget(self.follow_up)
        self.follow_up.open()

    def close_follow_up(self) -> None:
        self.right.setCurrentWidget(self.queue)
        self.setFocus()

    def close_form(self) -> None:
        self.bottom.setCurrentWidget(self.action_bar)
        self.setFocus()

    # -- slots -------------------------------------------------------------------

    def on_intent(self, name: str) -> None:
        intent = Intent(name)
        if intent is Intent.FOLLOW_UP:
            self.open_follow_up()
        elif intent in self.forms:
            self.open(intent)
        else:
            self.close_form()
            self.controller.perform(intent)

    def on_form_submitted(self, intent: Intent, value: str) -> None:
        do = {
            Intent.PAUSE: self.controller.pause,
            Intent.TRANSFER: self.controller.transfer,
            Intent.CALL_NUMBER: self.controller.call_number,
        }[intent]
        # Refused (e.g. offline): the form stays, with what was typed, for another try.
        if do(value):
            self.close_form()

    def on_sign_in_sign_in(self, username: str, pin: str) -> None:
        if self.controller.sign_in(username, pin):
            self.sign_in.clear()

    def on_controller_changed(self) -> None:
        self.refresh()

    def on_controller_message(self, kind: str, text: str) -> None:
        self.show_message(kind, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.open_form is not None:
            self.close_form()
            return
        if event.key() == Qt.Key.Key_Escape and self.right.currentWidget() is self.follow_up:
            self.close_follow_up()
            return
        intent = intent_for_key(event.key(), event.modifiers())
        if intent is None or (self.controller.state == "signed_out" and intent is not Intent.LANGUAGE):
            super().keyPressEvent(event)
            return
        self.on_intent(intent.value)
