"""Status: decoding reply bytes, and queries through the real serial and TCP transports."""

from __future__ import annotations

import time

import pytest
import serial

from hardware import status
from hardware.errors import CoverOpen, NoAnswer, PaperOut, PrinterOffline
from hardware.printer import TicketPrinter
from hardware.status import PrinterState
from tests.hardware.fake_printer import STATES, PtyPrinter, TcpPrinter


@pytest.mark.parametrize("replies, state", [
    ({1: 0x12, 4: 0x12}, PrinterState.READY),
    ({1: 0x16, 4: 0x12}, PrinterState.READY),  # bit 2 is the drawer pin, not an error
    ({1: 0x12, 4: 0x1E}, PrinterState.PAPER_LOW),
    ({1: 0x12, 4: 0x72}, PrinterState.PAPER_OUT),
    ({1: 0x1A, 2: 0x32, 4: 0x72}, PrinterState.PAPER_OUT),
    ({1: 0x1A, 2: 0x16, 4: 0x12}, PrinterState.COVER_OPEN),
    ({1: 0x1A, 2: 0x12, 4: 0x12}, PrinterState.OFFLINE),
    ({1: 0x1A, 2: 0x52, 4: 0x12}, PrinterState.OFFLINE),
    ({1: 0x10}, PrinterState.NO_ANSWER),  # an echo (loop://) is not a status byte
    ({1: 0xFF}, PrinterState.NO_ANSWER),
])
def test_decode(replies: dict[int, int], state: PrinterState) -> None:
    assert status.decode(replies).state is state


def test_error_types_and_messages() -> None:
    cases = {PrinterState.PAPER_OUT: PaperOut, PrinterState.COVER_OPEN: CoverOpen,
             PrinterState.OFFLINE: PrinterOffline, PrinterState.NO_ANSWER: NoAnswer}
    for state, kind in cases.items():
        error = status.PrinterStatus(state).error()
        assert isinstance(error, kind)
        assert error.message_vi and error.message_en
        assert not status.PrinterStatus(state).ok
    assert status.PrinterStatus(PrinterState.PAPER_LOW).ok
    assert status.PrinterStatus(PrinterState.PAPER_LOW).error() is None
    assert "giấy" in status.PrinterStatus(PrinterState.PAPER_OUT).message("vi")


def test_loop_device_echo_reads_as_no_answer() -> None:
    port = serial.serial_for_url("loop://", timeout=1)
    printer = TicketPrinter("serial:/dev/ttyUSB0", serial_device=port)
    got = printer.status()
    assert got.state is PrinterState.NO_ANSWER
    assert "not a status reply" in got.detail
    port.close()


@pytest.mark.parametrize("state", [s for s in STATES if s != "silent"])
def test_serial_status_from_pty_printer(pty_printer: PtyPrinter, state: str) -> None:
    pty_printer.state = state
    with TicketPrinter(f"serial:{pty_printer.path}?baudrate=19200") as printer:
        got = printer.status()
    assert got.state.value == state
    assert pty_printer.queries[0] == 1
    assert (2 in pty_printer.queries) == (state in ("paper_out", "cover_open", "offline"))


def test_silent_serial_printer_is_no_answer_within_the_timeout(
        pty_printer: PtyPrinter) -> None:
    pty_printer.state = "silent"
    with TicketPrinter(f"serial:{pty_printer.path}", status_timeout=0.1) as printer:
        start = time.monotonic()
        got = printer.status()
        elapsed = time.monotonic() - start
    assert got.state is PrinterState.NO_ANSWER
    assert "no reply to DLE EOT 1" in got.detail
    assert elapsed < 1.0
    assert pty_printer.queries == [1]


def test_answering_printer_is_fast(pty_printer: PtyPrinter) -> None:
    # Replies end the wait: three queries take far less than three timeouts.
    with TicketPrinter(f"serial:{pty_printer.path}", status_timeout=2.0) as printer:
        start = time.monotonic()
        assert printer.status().state is PrinterState.READY
        assert time.monotonic() - start < 1.0


@pytest.mark.parametrize("state", ["ready", "paper_out", "cover_open", "silent"])
def test_tcp_status(tcp_printer: TcpPrinter, state: str) -> None:
    tcp_printer.state = state
    with TicketPrinter(tcp_printer.uri, status_timeout=0.1) as printer:
        got = printer.status()
    assert got.state.value == ("no_answer" if state == "silent" else state)


def test_file_and_preview_read_ready(tmp_path: object) -> None:
    for uri in (f"file:{tmp_path}/out.bin", f"preview:{tmp_path}/png"):
        got = TicketPrinter(uri).status()
        assert got.state is PrinterState.READY and got.ok


def test_missing_serial_port_is_offline() -> None:
    with pytest.raises(PrinterOffline) as info:
        TicketPrinter("serial:/dev/ttyDOESNOTEXIST").status()
    assert "/dev/ttyDOESNOTEXIST" in str(info.value)
    assert "\n" not in str(info.value)


def test_refused_tcp_is_offline(tcp_printer: TcpPrinter) -> None:
    uri = tcp_printer.uri
    tcp_printer.stop()  # the port is closed now
    tcp_printer.stop = lambda: None  # type: ignore[method-assign]
    with pytest.raises(PrinterOffline):
        TicketPrinter(uri).status()
