"""Printer URIs: where the printer is and how to lay tickets out for it.

    usb:04b8:0202                  USB vendor:product id (hex)
    serial:/dev/ttyUSB0?baudrate=19200   (serial:COM3 on Windows)
    tcp://192.168.1.50:9100        raw TCP (port 9100 if omitted)
    file:/var/log/onestop/tickets.bin    appends raw ESC/POS bytes
    preview:/tmp/tickets           writes a PNG of each ticket
    win32:POS-80                   a printer in the Windows spooler (Windows only)

Options for every scheme: profile=NAME (a python-escpos profile), mode=universal|
codepage|glyphs, paper=80|58, status=on|off (off for printers that ignore DLE EOT),
qr=native|raster (raster for printers without the QR command GS ( k) and
capitals=page31|page30 (where codepage mode sends Đ Ă Â Ê Ô Ơ Ư; see hardware.tcvn3).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .errors import PrinterConfigError
from .options import PrintOptions

SCHEMES = ("usb", "serial", "tcp", "file", "preview", "win32")
_COMMON_OPTIONS = {"profile", "mode", "paper", "status", "qr", "capitals"}
_SCHEME_OPTIONS = {"serial": {"baudrate"}}
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
EXAMPLES = ("usb:04b8:0202, serial:/dev/ttyUSB0?baudrate=19200, tcp://192.168.1.50:9100, "
            "file:/tmp/tickets.bin, preview:/tmp/tickets, win32:POS-80")


@dataclass(frozen=True)
class PrinterURI:
    """A parsed printer URI."""

    uri: str
    scheme: str
    target: str                # device path, host, file, directory or printer name
    options: PrintOptions
    port: int = 9100           # tcp
    vendor: int = 0            # usb
    product: int = 0           # usb
    baudrate: int = 9600       # serial
    check_status: bool = True  # ask DLE EOT before each ticket where the link can


def _fail(uri: str, problem: str, fix: str) -> PrinterConfigError:
    return PrinterConfigError(f"printer URI {uri!r}: {problem}; {fix}")


def _split_query(uri: str, rest: str) -> tuple[str, dict[str, str]]:
    target, _, query = rest.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    options = dict(pairs)
    if len(options) != len(pairs):
        raise _fail(uri, "an option is given twice", "give each option once")
    return target, options


def parse_printer_uri(uri: str) -> PrinterURI:
    """Parse ``uri``; raise PrinterConfigError naming the URI, the problem and the fix."""
    scheme, sep, rest = uri.strip().partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in SCHEMES:
        raise _fail(uri, f"unknown printer type {scheme!r}" if sep else "no printer type",
                    f"start with one of {', '.join(s + ':' for s in SCHEMES)} "
                    f"(e.g. {EXAMPLES})")
    target, query = _split_query(uri, rest)
    allowed = _COMMON_OPTIONS | _SCHEME_OPTIONS.get(scheme, set())
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise _fail(uri, f"unknown option {', '.join(unknown)}",
                    f"use only {', '.join(sorted(allowed))}")
    paper: int | None = None
    if "paper" in query:
        if query["paper"] not in ("80", "58"):
            raise _fail(uri, f"paper={query['paper']} is not a roll width",
                        "use paper=80 or paper=58")
        paper = int(query["paper"])
    status = query.get("status", "on")
    if status not in ("on", "off"):
        raise _fail(uri, f"status={status}", "use status=on or status=off")
    options = PrintOptions.resolve(query.get("profile") or None, query.get("mode") or None,
                                   paper, qr=query.get("qr") or None,
                                   capitals=query.get("capitals") or None,
                                   where=f"printer URI {uri!r}")
    fields: dict[str, Any] = {"check_status": status == "on"}

    if scheme == "usb":
        ids = target.split(":")
        try:
            vendor, product = (int(x, 16) for x in ids)
        except ValueError:
            raise _fail(uri, "usb: needs a vendor and a product id in hex",
                        "write usb:VID:PID, e.g. usb:04b8:0202 (see 'lsusb')") from None
        fields.update(vendor=vendor, product=product)
    elif scheme == "serial":
        if not target:
            raise _fail(uri, "serial: needs a device path",
                        "write e.g. serial:/dev/ttyUSB0?baudrate=19200 or serial:COM3")
        if target.startswith(("loop:", "socket:", "rfc2217:", "spy:")):
            raise _fail(uri, "serial: takes a device path, not a pyserial URL",
                        "give a device such as /dev/ttyUSB0 (tests inject a pyserial object)")
        baud = query.get("baudrate", "9600")
        if not baud.isdigit() or int(baud) not in BAUDRATES:
            raise _fail(uri, f"baudrate={baud} is not a serial speed",
                        f"use one of {', '.join(map(str, BAUDRATES))}")
        fields["baudrate"] = int(baud)
    elif scheme == "tcp":
        parts = urlsplit(f"tcp:{target}")
        try:
            port = parts.port or 9100
        except ValueError:
            port = -1
        if not target.startswith("//") or not parts.hostname or not 0 < port < 65536:
            raise _fail(uri, "tcp: needs tcp://HOST or tcp://HOST:PORT",
                        "write e.g. tcp://192.168.1.50:9100")
        target, fields["port"] = parts.hostname, port
    elif scheme in ("file", "preview"):
        if not target:
            what = "a file" if scheme == "file" else "a directory"
            raise _fail(uri, f"{scheme}: needs {what}", f"write e.g. {scheme}:/tmp/tickets")
        if target.startswith("//"):
            target = target[2:]  # file:///tmp/x -> /tmp/x
    elif scheme == "win32":
        if not sys.platform.startswith("win"):
            raise _fail(uri, f"win32: printers exist only on Windows, not {sys.platform}",
                        "use usb:, serial: or tcp:// here")
        if not target:
            raise _fail(uri, "win32: needs a printer name",
                        "write the name shown in Windows' Printers, e.g. win32:POS-80")
    return PrinterURI(uri=uri, scheme=scheme, target=target, options=options, **fields)
