"""``onestop counter``: the clerk's app at one counter (the device token says which)."""

from __future__ import annotations

import argparse
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from client.app import ClientContext, add_client_args, run_window
from counter.controller import CounterController
from counter.window import CounterWindow

SIZE = "1366x768"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "counter",
        help="the clerk's counter app (call next, serve, transfer, pause)",
        description="The clerk's app at one counter; the device token binds it to its counter.",
    )
    add_client_args(parser, default_size=SIZE)
    parser.add_argument(
        "--keypad",
        metavar="URI",
        help="a hardware call keypad, e.g. serial:/dev/ttyUSB0?baudrate=9600&framing=stx&address=3 "
        "(framing stx or modbus; keys=1:next,2:recall,…)",
    )
    parser.set_defaults(func=cmd_counter)


def build(context: ClientContext, keypad_uri: str | None = None) -> QWidget:
    """The counter's object graph: controller, window and, if given, the keypad."""
    controller = CounterController(context.api, context.stream, context.model, context.language)
    window = CounterWindow(controller)
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


def cmd_counter(args: argparse.Namespace) -> int:
    if args.keypad:
        from hardware.keypad_uri import parse_keypad_uri

        parse_keypad_uri(args.keypad)  # a wrong URI is one line before any window opens
    return run_window(args, lambda context: build(context, args.keypad), "onestop — quầy")
