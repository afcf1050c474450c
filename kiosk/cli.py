"""``onestop kiosk``: the ticket kiosk, fullscreen and locked down."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from client.args import add_client_args
from hardware.errors import PrinterConfigError
from hardware.printer import TicketPrinter
from server.errors import ConfigError

ENV_PRINTER = "ONESTOP_PRINTER"
ENV_CONFIG = "ONESTOP_KIOSK_CONFIG"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "kiosk",
        help="the touchscreen ticket kiosk",
        description="Citizens choose a service and take a printed queue number. Fullscreen and locked: "
        "tap the top-left corner 5 times within 3 s and enter the admin PIN (kiosk.toml) for settings and exit.",
    )
    add_client_args(parser)
    parser.add_argument(
        "--printer",
        metavar="URI",
        default=os.environ.get(ENV_PRINTER),
        help="e.g. usb:04b8:0202, serial:/dev/ttyUSB0?baudrate=19200, tcp://192.168.1.50:9100, file:PATH "
        f"(default: [kiosk] printer in the config, or ${ENV_PRINTER})",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=os.environ.get(ENV_CONFIG),
        help=f"the kiosk's settings file (kiosk.toml: admin PIN, timings, ticket footer; or ${ENV_CONFIG})",
    )
    parser.set_defaults(func=cmd_kiosk)


def open_printer(uri: str | None, config_path: Path | None) -> TicketPrinter:
    """The printer named on the command line or in the config; ConfigError when none or a bad URI."""
    if not uri:
        where = f"[kiosk] printer in {config_path}" if config_path else f"${ENV_PRINTER}"
        raise ConfigError(f"no printer given. Fix: pass --printer URI (e.g. serial:/dev/ttyUSB0) or set {where}")
    try:
        return TicketPrinter(uri)
    except PrinterConfigError as exc:
        raise ConfigError(f"{exc}") from None


def cmd_kiosk(args: argparse.Namespace) -> int:
    from client.app import run_window
    from kiosk.app import build_kiosk
    from kiosk.config import load_kiosk_config

    config = load_kiosk_config(args.config)
    printer = open_printer(args.printer or config.printer, args.config)
    lockdown = not (args.windowed or args.screenshot)
    kiosks = []

    def build(context: Any) -> Any:
        kiosk = build_kiosk(context, config, printer, lockdown=lockdown)
        kiosks.append(kiosk)
        return kiosk.window

    return run_window(args, build, "onestop kiosk", kind="kiosk")
