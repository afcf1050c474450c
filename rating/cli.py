"""``onestop rating``: the citizen-facing rating tablet at a counter (the device token says which)."""

from __future__ import annotations

import argparse
from typing import Any

from client.args import add_client_args

SIZE = "1280x800"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rating",
        help="the citizen's rating tablet at a counter",
        description="Shows the satisfaction rating when the clerk at this device's counter finishes a ticket. "
        "Make its token with 'onestop device add NAME --role rating --counter N'.",
    )
    add_client_args(parser, default_size=SIZE)
    parser.set_defaults(func=cmd_rating)


def cmd_rating(args: argparse.Namespace) -> int:
    from client.app import run_window
    from rating.app import build

    return run_window(args, build, "onestop — đánh giá", kind="rating")
