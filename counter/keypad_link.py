"""Joins a hardware call keypad to a counter: its keys become the same intents as the buttons."""

from __future__ import annotations

from PySide6.QtCore import QObject

from counter.controller import CounterController, Message
from counter.intents import Intent
from hardware.keypad import KeypadError
from hardware.keypad_reader import KeypadReader

# What the keypad's display shows with no ticket at the counter.
IDLE_TEXT = "---"


class KeypadLink(QObject):
    """Keypad presses → controller intents; the counter's current number → the keypad's display.

    It has no signals of its own; problems reach the clerk through the controller's message line.
    """

    def __init__(self, reader: KeypadReader, controller: CounterController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._controller = controller
        self._shown: str | None = None
        reader.pressed.connect(self.on_reader_pressed)
        reader.failed.connect(self.on_reader_failed)
        reader.ready.connect(self.on_reader_ready)
        controller.changed.connect(self.on_controller_changed)

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
        ticket = self._controller.ticket
        text = ticket["number"] if ticket else IDLE_TEXT
        if text != self._shown:
            self._shown = text
            self._reader.show(text)
