"""``onestop printer status|test --printer URI``: the technician's printer commands.

onestop/cli.py calls :func:`register` and then ``args.func(args)``; each handler
returns the exit code and shows errors as one line, not a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from hardware.errors import PrinterConfigError, PrinterError
from hardware.printer import TicketPrinter

ENV_PRINTER = "ONESTOP_PRINTER"
EXIT_OK, EXIT_NOT_READY, EXIT_CONFIG = 0, 1, 2


def register(subparsers: Any) -> None:
    """Add the ``printer`` command to an argparse subparsers object."""
    parser = subparsers.add_parser(
        "printer", help="ticket printer: status and test page",
        description="Check a thermal ticket printer or print a test page.")
    commands = parser.add_subparsers(dest="printer_command", metavar="COMMAND",
                                     required=True)
    for name, func, text in (
        ("status", cmd_status, "show the printer's state; non-zero exit unless ready"),
        ("test", cmd_test, "print a test page with Vietnamese text, the code pages and both "
                           "kinds of QR code (native and raster)"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument(
            "--printer", metavar="URI", default=os.environ.get(ENV_PRINTER),
            required=ENV_PRINTER not in os.environ,
            help="e.g. usb:04b8:0202, serial:/dev/ttyUSB0?baudrate=19200, "
                 "tcp://192.168.1.50:9100, file:PATH, preview:DIR "
                 f"(default: ${ENV_PRINTER})")
        sub.set_defaults(func=func)


def _fail(error: PrinterError) -> int:
    print(f"printer: {error} ({error.message_en})", file=sys.stderr)
    return EXIT_CONFIG if isinstance(error, PrinterConfigError) else EXIT_NOT_READY


def cmd_status(args: argparse.Namespace) -> int:
    try:
        with TicketPrinter(args.printer) as printer:
            state = printer.status()
    except PrinterError as e:
        return _fail(e)
    detail = f" ({state.detail})" if state.detail else ""
    print(f"{state.state.value}: {state.message('en')} / {state.message('vi')}{detail}")
    return EXIT_OK if state.ok else EXIT_NOT_READY


def cmd_test(args: argparse.Namespace) -> int:
    try:
        with TicketPrinter(args.printer) as printer:
            sent = printer.print_test_page()
            options = printer.options
            written = getattr(printer.transport, "written", [])
    except PrinterError as e:
        return _fail(e)
    print(f"test page sent: {sent} bytes, mode {options.mode}, profile {options.profile}, "
          f"paper {options.paper_mm} mm, qr {options.qr}")
    print("The page has two QR codes: QR 1 from the printer's own QR command, QR 2 a "
          "picture. No QR 1? Add qr=raster to the printer URI.")
    for path in written:
        print(f"preview: {path}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry: ``python -m hardware.cli printer status --printer URI``."""
    parser = argparse.ArgumentParser(prog="python -m hardware.cli")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
