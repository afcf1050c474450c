"""The clerk's buttons: a big "call next" and one button per action, each showing its key."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from counter.controller import CounterController
from counter.intents import INTENTS, Intent

# Two rows under "call next", in the order a service goes.
GRID = (
    (Intent.RECALL, Intent.START, Intent.FINISH, Intent.TRANSFER),
    (Intent.NO_SHOW, Intent.NO_SHOW_REQUEUE, Intent.CALL_NUMBER, Intent.PAUSE),
)
STYLES = {Intent.CALL_NEXT: "primary", Intent.FINISH: "finish", Intent.NO_SHOW: "danger",
          Intent.NO_SHOW_REQUEUE: "danger"}


class ActionBar(QWidget):
    """One button per Intent; enabled when the counter's state allows it and no action is in flight.

    Signals:
        intent(str): the Intent of the button pressed.
    """

    intent = Signal(str)

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.buttons: dict[Intent, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self._button(Intent.CALL_NEXT, 104), 3)
        # Beside "call next": the citizen in front of the clerk may need to come back (hidden when the
        # office takes no bookings).
        top.addWidget(self._button(Intent.FOLLOW_UP, 104), 1)
        layout.addLayout(top)
        grid = QGridLayout()
        grid.setSpacing(10)
        for row, intents in enumerate(GRID):
            for column, intent in enumerate(intents):
                grid.addWidget(self._button(intent, 66), row, column)
        # Pause and resume share a place: only one of them ever applies.
        grid.addWidget(self._button(Intent.RESUME, 66), 1, 3)
        layout.addLayout(grid)
        self.refresh()

    def _button(self, intent: Intent, height: int) -> QPushButton:
        button = QPushButton()
        button.setMinimumHeight(height)
        # Keys drive the actions; a focused button must not swallow Space/Enter meant for a form.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if intent in STYLES:
            button.setObjectName(STYLES[intent])
        button.clicked.connect(lambda: self.intent.emit(intent.value))
        self.buttons[intent] = button
        return button

    def refresh(self) -> None:
        c = self._controller
        free = c.busy is None and not c.resyncing
        for intent, button in self.buttons.items():
            info = INTENTS[intent]
            label = c.language.pick(info.label_vi, info.label_en)
            if c.busy is intent:
                label = c.language.pick("Đang gửi…", "Sending…")
            button.setText(f"{label}   [{info.key_text}]" if intent is Intent.CALL_NEXT else
                           f"{label}\n[{info.key_text}]")
            # Left enabled while offline: pressing then says why nothing happens.
            button.setEnabled(free and c.can(intent))
        self.buttons[Intent.FOLLOW_UP].setVisible(bool(c.bookable_services()))
        paused = c.state == "paused"
        self.buttons[Intent.PAUSE].setVisible(not paused)
        self.buttons[Intent.RESUME].setVisible(paused)
