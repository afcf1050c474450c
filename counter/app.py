"""The counter app's object graph on the shared client parts (Qt; imported only when it runs)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from client.app import ClientContext
from counter.controller import CounterController
from counter.follow_up import FollowUp
from counter.window import CounterWindow

SIZE = "1366x768"


def build(context: ClientContext, keypad_uri: str | None = None) -> QWidget:
    """The counter's object graph: controller, window and, if given, the keypad."""
    controller = CounterController(context.api, context.stream, context.model, context.language)
    window = CounterWindow(controller, FollowUp(context.api, context.language))
    if keypad_uri:
        # Imported here: a counter without a keypad never touches serial code.
        from counter.keypad_link import KeypadLink
        from hardware.keypad import KeypadDevice
        from hardware.keypad_reader import KeypadReader
        from hardware.keypad_uri import parse_keypad_uri

        config = parse_keypad_uri(keypad_uri)
        link = KeypadLink(controller, lambda number: KeypadReader(KeypadDevice(config, number)), parent=window)
        app = QApplication.instance()
        assert app is not None
        app.aboutToQuit.connect(link.stop)
    return window
