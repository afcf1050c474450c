"""`onestop <command>`: argument parsing and dispatch; each command's work lives in its package."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_dir

from server.errors import OnestopError

# Modules that add their own subcommands with register(subparsers).
COMMAND_MODULES = (
    "server.cli",
    "hardware.cli",
    "sync.cli",
    "district.cli",
    "counter.cli",
    "rating.cli",
    "kiosk.cli",
    "kiosk.ticket_cli",
    "display.cli",
    "hardware.led_cli",
    "reports.cli",
    "supervisor.cli",
    "demo.cli",
)


def default_data_dir() -> Path:
    return Path(user_data_dir("onestop", appauthor=False))


def add_data_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=default_data_dir(),
        help=f"the office's data directory (default: {default_data_dir()})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onestop",
        description="Queue tickets and service ratings for one-stop reception offices.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except OnestopError as exc:
        # A known failure: one line a person can act on, no traceback.
        print(f"onestop: {exc.message_en}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
