"""Counter LED boards: exact frames, the line and map options, and the real bytes on a pseudo-terminal."""

from __future__ import annotations

import argparse
import os
import select
import tty
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from client.app import make_context
from client.worker import CallWorker
from hardware.keypad_frames import crc16_modbus
from hardware.led import AsciiFrame, LedBoards, LedError, ModbusFrame, parse_led_uri, parse_map
from hardware.led_driver import LedDriver
from server.errors import ConfigError
from tests.helpers.office import Office

WAIT = 5000


class PtyBoard:
    """The far end of a pseudo-terminal: reads what the boards would receive."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave

    def read(self, count: int, timeout: float = 3.0) -> bytes:
        data = b""
        while len(data) < count:
            ready, _, _ = select.select([self.master], [], [], timeout)
            if not ready:
                break
            data += os.read(self.master, count - len(data))
        return data

    def close(self) -> None:
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
def board() -> Iterator[PtyBoard]:
    fake = PtyBoard()
    yield fake
    fake.close()


def test_ascii_frames() -> None:
    assert AsciiFrame().encode(3, "A023") == b"\x0203A023\x03"
    assert AsciiFrame(digits_only=True).encode(12, "A023") == b"\x0212023\x03"
    # BCC: XOR of "03A023" + ETX.
    check = 0x30 ^ 0x33 ^ 0x41 ^ 0x30 ^ 0x32 ^ 0x33 ^ 0x03
    assert AsciiFrame(bcc=True).encode(3, "A023") == b"\x0203A023\x03" + bytes([check])
    assert AsciiFrame().encode(3, "") == b"\x0203\x03"  # blank


def test_modbus_frames_and_the_crc_test_vector() -> None:
    # The Modbus spec's example: slave 1 writes register 1 = 3 → 01 06 00 01 00 03 98 0B.
    assert ModbusFrame(register=1).encode(1, "3") == bytes.fromhex("01 06 00 01 00 03 98 0B")
    assert crc16_modbus(b"123456789") == 0x4B37  # CRC-16/MODBUS check value
    frame = ModbusFrame().encode(7, "A023")
    assert frame[:6] == bytes.fromhex("07 06 00 00 00 17")
    assert int.from_bytes(frame[6:], "little") == crc16_modbus(frame[:6])


def test_line_and_map_options() -> None:
    line = parse_led_uri("serial:/dev/ttyUSB0?baudrate=19200&frame=modbus&register=2")
    assert (line.port, line.baudrate, line.frame) == ("/dev/ttyUSB0", 19200, ModbusFrame(2))
    assert parse_led_uri("serial:socket://10.0.0.7:4001").port == "socket://10.0.0.7:4001"
    assert parse_map("1:1, 2:2,3:13") == {1: 1, 2: 2, 3: 13}
    for bad, words in (
        ("usb:1", "LED boards are on a serial line"),
        ("serial:/dev/ttyUSB0?frame=hex", "frame=hex is unknown. Fix: use frame=ascii or frame=modbus"),
        ("serial:/dev/ttyUSB0?baudrate=1234", "baudrate=1234 is not a serial speed"),
        ("serial:/dev/ttyUSB0?speed=9600", "unknown option speed"),
    ):
        with pytest.raises(ConfigError, match=words):
            parse_led_uri(bad)
    with pytest.raises(ConfigError, match="'1-1' is not COUNTER:ADDRESS. Fix: write e.g. --map 1:1"):
        parse_map("1-1")


def test_boards_write_the_real_bytes(board: PtyBoard) -> None:
    boards = LedBoards(parse_led_uri(f"serial:{board.path}?frame=ascii"), {1: 1, 3: 7})
    assert boards.show(3, "C012") == b"\x0207C012\x03"
    assert board.read(8) == b"\x0207C012\x03"
    assert boards.show(2, "B001") is None  # counter 2 has no board
    boards.close()


def test_a_missing_adapter_is_one_clear_error() -> None:
    boards = LedBoards(parse_led_uri("serial:/dev/ttyUSB-not-there"), {1: 1})
    with pytest.raises(LedError, match="cannot open /dev/ttyUSB-not-there"):
        boards.show(1, "A001")


@pytest.mark.gui
def test_calls_drive_the_boards(office: Office, board: PtyBoard, qtbot: QtBot) -> None:
    context = make_context(argparse.Namespace(server=office.url, token=office.tokens["display"], lang="vi"))
    worker = CallWorker("test-led")
    boards = LedBoards(parse_led_uri(f"serial:{board.path}?frame=modbus"), {1: 1, 2: 2})
    driver = LedDriver(context.model, boards, worker)
    try:
        office.issue("A")
        office.issue("A")
        office.sign_in(2)
        office.act(2, "call-next")  # before the driver connects: the full state sets the board
        with qtbot.waitSignal(driver.sent, timeout=WAIT, check_params_cb=lambda counter, data: counter == 2):
            context.stream.start()
        # Every board from the state: counter 1 is closed (blank), counter 2 calls A001.
        assert board.read(16) == ModbusFrame().encode(1, "") + ModbusFrame().encode(2, "A001")
        with qtbot.waitSignal(driver.sent, timeout=WAIT):
            office.act(2, "call-next")
        assert board.read(8) == ModbusFrame().encode(2, "A002")
        with qtbot.waitSignal(driver.sent, timeout=WAIT):
            office.act(2, "recall")  # the board is sent the number again: it blinks
        assert board.read(8) == ModbusFrame().encode(2, "A002")
        assert office.act(2, "finish").status_code == 200
        with qtbot.waitSignal(driver.sent, timeout=WAIT):
            assert office.act(2, "sign-out").status_code == 200
        assert board.read(8) == ModbusFrame().encode(2, "")
    finally:
        context.stream.stop()
        worker.stop()
        boards.close()
