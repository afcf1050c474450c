"""``onestop ticket print``: issue a real ticket and print it exactly as the kiosk would.

For technicians testing a printer with a real ticket. The last line of output
is the ticket's label (scripts read it); a printing failure still leaves the
ticket issued and marked unprinted on the server, and exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import requests

from client.args import add_ca_arg
from hardware.errors import PrinterConfigError, PrinterError
from hardware.options import MODES, QR_KINDS
from hardware.printer import TicketPrinter
from kiosk.config import load_kiosk_config
from kiosk.slips import printed_body, slip_for_ticket
from server.errors import ConfigError, OnestopError

TIMEOUT_S = 10
EXIT_NOT_PRINTED = 1


class ServerError(OnestopError):
    code = "server"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ticket", help="issue and print a real ticket", description="Issue a real ticket and print it."
    )
    commands = parser.add_subparsers(dest="ticket_command", metavar="COMMAND", required=True)
    text = "issue a ticket on the server and print it as the kiosk would; the last line is its label"
    sub = commands.add_parser("print", help=text, description=text)
    sub.add_argument("--server", default=os.environ.get("ONESTOP_SERVER"), help="e.g. http://192.168.1.10:8000")
    sub.add_argument("--token", default=os.environ.get("ONESTOP_TOKEN"), help="a kiosk or supervisor device token")
    add_ca_arg(sub)
    sub.add_argument("--service", required=True, metavar="CODE", help="the service code, e.g. A")
    sub.add_argument("--priority", metavar="GROUP", help="a priority group code, e.g. elderly")
    sub.add_argument("--printer", metavar="URI", default=os.environ.get("ONESTOP_PRINTER"), help="the printer URI")
    sub.add_argument("--mode", choices=MODES, help="override the URI's mode=")
    sub.add_argument("--profile", metavar="NAME", help="override the URI's profile= (a python-escpos profile)")
    sub.add_argument("--paper", type=int, choices=(80, 58), help="override the URI's paper=")
    sub.add_argument("--qr", choices=QR_KINDS, help="override the URI's qr=")
    sub.add_argument("--config", type=Path, metavar="PATH", help="the kiosk's kiosk.toml (footer, QR, ticket language)")
    sub.set_defaults(func=cmd_print)


def with_options(uri: str, **options: object) -> str:
    """``uri`` with these query options set (replacing the URI's own); None leaves an option alone."""
    base, _, query = uri.partition("?")
    pairs = dict(parse_qsl(query, keep_blank_values=True))
    pairs.update({key: str(value) for key, value in options.items() if value is not None})
    return f"{base}?{urlencode(pairs, safe=':/')}" if pairs else base


def _call(method: str, url: str, token: str, body: dict[str, Any] | None = None, ca: Path | None = None) -> Any:
    try:
        response = requests.request(
            method, url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT_S,
            verify=str(ca) if ca else True,  # the office's own CA (onestop init), for https://
        )
    except requests.RequestException as exc:
        raise ServerError(f"cannot reach {url}: {exc}. Fix: check --server and that 'onestop server' runs") from None
    if response.status_code >= 400:
        try:
            message = response.json().get("message", response.text)
        except ValueError:
            message = response.text
        raise ServerError(f"{method} {url}: {response.status_code} {message}")
    return response.json()


def cmd_print(args: argparse.Namespace) -> int:
    if not args.server or not args.token:
        raise ConfigError("--server and --token are needed. Fix: pass them, or set ONESTOP_SERVER and ONESTOP_TOKEN")
    config = load_kiosk_config(args.config)
    uri = args.printer or config.printer
    if not uri:
        raise ConfigError("no printer given. Fix: pass --printer URI, e.g. --printer file:/tmp/tickets.bin")
    try:
        printer = TicketPrinter(
            with_options(uri, mode=args.mode, profile=args.profile, paper=args.paper, qr=args.qr)
        )
    except PrinterConfigError as exc:
        raise ConfigError(str(exc)) from None
    server = args.server.rstrip("/")
    state = _call("GET", f"{server}/api/state", args.token, ca=args.ca)
    body = {"service": args.service, "priority": args.priority}
    ticket = _call("POST", f"{server}/api/tickets", args.token, body, ca=args.ca)
    slip = slip_for_ticket(ticket, state["office"], state["services"], config, server)
    try:
        with printer:
            sent = printer.print_slip(slip)
            previews = list(getattr(printer.transport, "written", []))
    except PrinterError as exc:
        not_printed = printed_body(False, str(exc))
        _call("POST", f"{server}/api/tickets/{ticket['id']}/printed", args.token, not_printed, args.ca)
        print(f"ticket {ticket['number']} issued but NOT printed: {exc} ({exc.message_en})", file=sys.stderr)
        print(ticket["number"])
        return EXIT_NOT_PRINTED
    _call("POST", f"{server}/api/tickets/{ticket['id']}/printed", args.token, printed_body(True), args.ca)
    options = printer.options
    print(
        f"printed {sent} bytes: mode {options.mode}, profile {options.profile}, paper {options.paper_mm} mm, "
        f"qr {options.qr}"
    )
    for path in previews:
        print(f"preview: {path}")
    print(ticket["number"])
    return 0
