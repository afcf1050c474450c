"""Printer URIs: the accepted forms and the one-line errors for the rest."""

from __future__ import annotations

import sys

import pytest

from hardware.errors import PrinterConfigError
from hardware.uri import parse_printer_uri


def test_schemes() -> None:
    usb = parse_printer_uri("usb:04b8:0202?profile=TM-T88V")
    assert (usb.vendor, usb.product) == (0x04B8, 0x0202)
    assert usb.options.mode == "codepage" and usb.options.dots == 512
    ser = parse_printer_uri("serial:/dev/ttyUSB0?baudrate=19200&paper=58")
    assert (ser.target, ser.baudrate, ser.options.dots) == ("/dev/ttyUSB0", 19200, 384)
    tcp = parse_printer_uri("tcp://192.168.1.50")
    assert (tcp.target, tcp.port) == ("192.168.1.50", 9100)
    assert parse_printer_uri("tcp://printer.local:9101").port == 9101
    assert parse_printer_uri("file:///tmp/x.bin").target == "/tmp/x.bin"
    assert parse_printer_uri("file:tickets.bin").target == "tickets.bin"
    prev = parse_printer_uri("preview:/tmp/p?mode=universal&status=off")
    assert prev.options.mode == "universal" and not prev.check_status
    old = parse_printer_uri("serial:/dev/ttyS0?profile=TM-T88II&qr=raster&capitals=page30")
    assert (old.options.qr, old.options.capitals) == ("raster", "page30")
    assert parse_printer_uri("usb:0416:5011?profile=POS-5890&mode=glyphs").options.mode == "glyphs"


def test_defaults() -> None:
    plain = parse_printer_uri("serial:COM3")
    assert plain.options.mode == "universal"  # safe on any printer
    assert (plain.options.qr, plain.options.capitals) == ("native", "page31")
    assert (plain.options.paper_mm, plain.options.columns, plain.baudrate) == (80, 48, 9600)
    pos58 = parse_printer_uri("usb:0416:5011?profile=POS-5890")
    assert pos58.options.paper_mm == 58 and not pos58.options.has_cutter
    assert pos58.options.mode == "universal"


@pytest.mark.parametrize("uri, words", [
    ("", "no printer type"),
    ("lpt1", "no printer type"),
    ("http://x", "unknown printer type 'http'"),
    ("usb:04b8", "usb:VID:PID"),
    ("usb:zz:01", "usb:VID:PID"),
    ("serial:", "device path"),
    ("serial:loop://", "not a pyserial URL"),
    ("serial:/dev/ttyS0?baudrate=1234", "baudrate=1234"),
    ("serial:/dev/ttyS0?baud=9600", "unknown option baud"),
    ("tcp:host", "tcp://HOST"),
    ("tcp://host:99999", "tcp://HOST"),
    ("file:", "file: needs"),
    ("preview:?paper=80", "preview: needs"),
    ("file:/x?paper=76", "paper=76"),
    ("file:/x?mode=fast", "mode='fast'"),
    ("file:/x?profile=NOPE", "unknown printer profile 'NOPE'"),
    ("file:/x?profile=POS-5890&mode=codepage", "no Vietnamese TCVN-3 code page"),
    ("file:/x?status=maybe", "status=on or status=off"),
    ("file:/x?paper=80&paper=58", "given twice"),
    ("file:/x?qr=picture", "qr=native"),
    ("file:/x?capitals=31", "capitals=page31"),
])
def test_bad_uris_name_uri_problem_and_fix(uri: str, words: str) -> None:
    with pytest.raises(PrinterConfigError) as info:
        parse_printer_uri(uri)
    message = str(info.value)
    assert words in message
    assert repr(uri) in message
    assert "\n" not in message
    assert info.value.message_vi and info.value.message_en


@pytest.mark.skipif(sys.platform.startswith("win"), reason="win32: works on Windows")
def test_win32_elsewhere_is_a_clear_error() -> None:
    with pytest.raises(PrinterConfigError, match="only on Windows"):
        parse_printer_uri("win32:POS-80")
