"""Keypad framing and URIs: real bytes in, key presses out; bad URIs say what to fix."""

from __future__ import annotations

import pytest
import serial

from hardware.keypad import KeypadDevice
from hardware.keypad_frames import KeyPress, ModbusFraming, StxFraming, crc16_modbus, modbus_write_register
from hardware.keypad_uri import DEFAULT_KEYS, parse_keypad_uri
from server.errors import ConfigError


def test_stx_frames_whole_split_and_noisy() -> None:
    framing = StxFraming()
    assert framing.feed(b"\x02031\x03") == [KeyPress(3, "1")]
    # Half a frame now, the rest later; noise before it; two frames at once.
    assert framing.feed(b"\xff\x00\x020") == []
    assert framing.feed(b"34\x03\x0203F\x03") == [KeyPress(3, "4"), KeyPress(3, "F")]
    # A frame cut short by a new STX is dropped, the new one kept.
    assert framing.feed(b"\x0203\x02032\x03") == [KeyPress(3, "2")]
    # Not digits for the address, no key, runaway frame: dropped.
    assert framing.feed(b"\x02AB1\x03\x0203\x03") == []
    assert framing.feed(b"\x02" + b"9" * 40 + b"\x03\x02011\x03") == [KeyPress(1, "1")]


def test_stx_display_frame() -> None:
    assert StxFraming().display(3, "A012") == b"\x0203A012\x03"
    assert StxFraming().display(12, "---") == b"\x0212---\x03"
    assert StxFraming().display(1, "Số A1!") == b"\x0201SA1\x03"


def test_modbus_crc_matches_the_published_example() -> None:
    # The Modbus spec's example: 01 06 00 01 00 03 → CRC 98 0B (lo, hi).
    assert modbus_write_register(1, 1, 3) == bytes.fromhex("010600010003980b")
    assert crc16_modbus(bytes.fromhex("010600010003")) == 0x0B98


def test_modbus_frames_resync_after_noise_and_bad_crc() -> None:
    framing = ModbusFraming()
    key4 = modbus_write_register(7, 0, 4)
    bad = bytearray(modbus_write_register(7, 0, 1))
    bad[-1] ^= 0xFF
    assert framing.feed(b"\x55" + key4[:5]) == []
    assert framing.feed(key4[5:] + bytes(bad) + modbus_write_register(2, 0, 1)) == [KeyPress(7, "4"), KeyPress(2, "1")]
    # Another register is not a key.
    assert framing.feed(modbus_write_register(7, 5, 1)) == []
    assert ModbusFraming().display(7, "A012") == modbus_write_register(7, 0, 12)


def test_uri_defaults_and_options() -> None:
    config = parse_keypad_uri("serial:/dev/ttyUSB0")
    assert (config.port, config.baudrate, config.framing, config.address, config.keys) == (
        "/dev/ttyUSB0", 9600, "stx", None, DEFAULT_KEYS)
    config = parse_keypad_uri("serial:COM4?baudrate=19200&framing=modbus&address=7&keys=1:next,9:finish")
    assert (config.port, config.baudrate, config.framing, config.address) == ("COM4", 19200, "modbus", 7)
    assert config.keys == {"1": "next", "9": "finish"}


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("tcp://1.2.3.4", "keypads are on a serial line"),
        ("serial:", "no serial device"),
        ("serial:/dev/ttyS0?baudrate=1234", "baudrate=1234 is not a serial speed"),
        ("serial:/dev/ttyS0?framing=can", "framing=can is unknown. Fix: use stx or modbus"),
        ("serial:/dev/ttyS0?address=100", "address=100"),
        ("serial:/dev/ttyS0?keys=1:dance", "keys: '1:dance' is not KEY:ACTION"),
        ("serial:/dev/ttyS0?speed=9600", "unknown option speed"),
    ],
)
def test_bad_uris_name_the_fix(uri: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_keypad_uri(uri)
    assert says in caught.value.message_en and uri in caught.value.message_en


def test_device_reads_only_its_own_address_over_loop() -> None:
    port = serial.serial_for_url("loop://", timeout=0.1)
    device = KeypadDevice(parse_keypad_uri("serial:/dev/null?keys=1:next,4:finish"), counter=3, device=port)
    port.write(b"\x02031\x03\x02021\x03\x02039\x03\x02034\x03")
    assert device.read_actions() == ["next", "finish"]  # keypad 2 is another counter's; key 9 has no action
    device.show("B001")
    assert port.read(64) == b"\x0203B001\x03"
    device.close()
    assert port.is_open  # an injected port belongs to its owner
    port.close()
