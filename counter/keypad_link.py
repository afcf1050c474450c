"""Joins a hardware call keypad to a counter: its keys become the same intents as the buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from counter.controller import CounterController, Message
from counter.intents import Intent
from hardware.keypad import KeypadError
from hardware.keypad_reader import KeypadReader

# What the keypad's display shows with no ticket at the counter.
IDLE_TEXT = "---"


class KeypadLink(QObject):
    """Keypad presses → controller intents; the counter's current number → the keypad's display.

    The reader is made (``make_reader(counter_number)``) and started once the
    controller knows its counter, since a keypad's bus address defaults to it.
    It has no signals of its own; problems reach the clerk through the controller's message line.
    """

    def __init__(
        self,
        controller: CounterController,
        make_reader: Callable[[int], KeypadReader],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._make_reader = make_reader
        self.reader: KeypadReader | None = None
        self._shown: str | None = None
        controller.changed.connect(self.on_controller_changed)
        self.on_controller_changed()

    def stop(self) -> None:
        if self.reader is not None:
            self.reader.stop()

    def on_reader_pressed(self, action: str) -> None:
        # Exactly what a button press does: same checks, same refusals, same one-at-a-time rule.
        self._controller.perform(Intent(action))

    def on_reader_failed(self, error: KeypadError) -> None:
        c = self._controller
        c.message.emit(Message.ERROR, c.language.pick(error.message_vi, error.message_en))

    def on_reader_ready(self) -> None:
        self._shown = None
        self.on_controller_changed()

    def on_controller_changed(self) -> None:
        c = self._controller
        if self.reader is None:
            if c.number is None:
                return
            self.reader = self._make_reader(c.number)
            self.reader.setParent(self)
            self.reader.pressed.connect(self.on_reader_pressed)
            self.reader.failed.connect(self.on_reader_failed)
            self.reader.ready.connect(self.on_reader_ready)
            self.reader.start()
            return
        ticket = c.ticket
        text = ticket["number"] if ticket else IDLE_TEXT
        if text != self._shown:
            self._shown = text
            self.reader.show(text)
