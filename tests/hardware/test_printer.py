"""TicketPrinter end to end through real transports with fake printers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import serial
from PIL import Image

from hardware import layout
from hardware.errors import CoverOpen, NoAnswer, PaperOut
from hardware.printer import TicketPrinter
from tests.hardware.conftest import standard_slip
from tests.hardware.escpos_decoder import assert_codepage_after_every_init, decode
from tests.hardware.fake_printer import PtyPrinter, TcpPrinter

STATUS_QUERIES = b"\x10\x04\x01\x10\x04\x04"


def test_serial_pty_printer_gets_the_ticket(pty_printer: PtyPrinter) -> None:
    uri = f"serial:{pty_printer.path}?baudrate=115200&profile=TM-T20II"
    with TicketPrinter(uri) as printer:
        sent = printer.print_slip(standard_slip())
        expected = layout.ticket(standard_slip(), printer.options)
    assert sent == len(expected)
    got = pty_printer.wait_for(lambda b: b.endswith(expected))
    assert got == STATUS_QUERIES + expected
    stream = decode(got[len(STATUS_QUERIES):])
    assert_codepage_after_every_init(stream, 30)
    assert "Tư pháp - Hộ tịch" in stream.lines


@pytest.mark.parametrize("state, error", [("paper_out", PaperOut),
                                          ("cover_open", CoverOpen)])
def test_not_ready_printer_raises_and_prints_nothing(
        pty_printer: PtyPrinter, state: str, error: type[Exception]) -> None:
    pty_printer.state = state
    with TicketPrinter(f"serial:{pty_printer.path}") as printer, pytest.raises(error) as info:
        printer.print_slip(standard_slip())
    assert info.value.message_vi  # type: ignore[attr-defined]
    assert b"\x1b@" not in pty_printer.received


def test_silent_printer_raises_no_answer(pty_printer: PtyPrinter) -> None:
    pty_printer.state = "silent"
    with (TicketPrinter(f"serial:{pty_printer.path}", status_timeout=0.05) as printer,
          pytest.raises(NoAnswer)):
        printer.print_slip(standard_slip())


def test_status_off_prints_without_asking(pty_printer: PtyPrinter) -> None:
    pty_printer.state = "silent"
    with TicketPrinter(f"serial:{pty_printer.path}?status=off") as printer:
        printer.print_slip(standard_slip())
        expected = layout.ticket(standard_slip(), printer.options)
    assert pty_printer.wait_for(lambda b: b.endswith(expected)) == expected


def test_injected_loop_device_receives_the_bytes() -> None:
    port = serial.serial_for_url("loop://", timeout=5)
    printer = TicketPrinter("serial:/dev/ttyUSB0?status=off", serial_device=port)
    expected = layout.test_page(printer.options, printer.where.uri)
    # loop:// holds 4 KB; the test page is longer, so read while it is written.
    with ThreadPoolExecutor(1) as pool:
        echoed = pool.submit(port.read, len(expected))
        sent = printer.print_test_page()
        printer.close()
        assert echoed.result(timeout=10) == expected
    assert sent == len(expected)
    assert port.is_open  # an injected device belongs to its owner
    port.close()


def test_tcp_printer_gets_ticket_and_reconnects(tcp_printer: TcpPrinter) -> None:
    with TicketPrinter(tcp_printer.uri) as printer:
        printer.print_slip(standard_slip())
        printer.close()
        printer.print_slip(standard_slip(label="A024"))
        expected = layout.ticket(standard_slip(label="A024"), printer.options)
    got = tcp_printer.wait_for(lambda b: b.endswith(expected))
    assert b"A023" in got and b"A024" in got


def test_file_printer_appends(tmp_path: Path) -> None:
    target = tmp_path / "tickets.bin"
    with TicketPrinter(f"file:{target}?mode=codepage") as printer:
        first = printer.print_slip(standard_slip())
        second = printer.print_slip(standard_slip(label="A024"))
    data = target.read_bytes()
    assert len(data) == first + second
    assert decode(data).of("init") == [None, None]


def test_preview_png_looks_like_a_ticket(tmp_path: Path) -> None:
    for paper, width in ((80, 640), (58, 464)):
        with TicketPrinter(f"preview:{tmp_path}/{paper}?paper={paper}") as printer:
            printer.print_slip(standard_slip())
            (path,) = printer.transport.written  # type: ignore[attr-defined]
        with Image.open(path) as image:
            assert image.width == width
            assert 500 < image.height < 1200
            gray = image.convert("L")
            dark = gray.point(lambda v: 255 if v < 128 else 0).histogram()[255]
            assert 0.02 < dark / (image.width * image.height) < 0.5
            # The label's big digits sit in the upper part of the ticket.
            top = gray.crop((0, 60, image.width, 200))
            assert top.getextrema()[0] == 0
