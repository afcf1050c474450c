"""``onestop counter``: the clerk's app at one counter (the device token says which)."""

from __future__ import annotations

import argparse
from typing import Any

from client.args import add_client_args

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


def cmd_counter(args: argparse.Namespace) -> int:
    if args.keypad:
        from hardware.keypad_uri import parse_keypad_uri

        parse_keypad_uri(args.keypad)  # a wrong URI is one line before any window opens
    from client.app import run_window
    from counter.app import build

    return run_window(args, lambda context: build(context, args.keypad), "onestop — quầy", kind="counter")
