"""Counter LED number boards on one serial (RS-485) line: frames, the board map, the writer.

Boards have no common protocol; two framings cover those offices buy:

``ascii``   ``STX addr text ETX`` — 0x02, the board's address as two ASCII digits, the text
            (``A023``, or ``0023`` on digits-only boards with ``digits=1``), 0x03; ``bcc=1``
            adds the XOR of every byte from addr to ETX after it, for boards that check.
            An empty text (``02 30 33 03``) blanks the board.
``modbus``  Modbus RTU "write single register" (function 06): ``addr 06 RR RR VV VV crc_lo crc_hi``,
            register ``register=`` (default 0) = the ticket's number (A023 → 23); 0 blanks.

The line: ``serial:/dev/ttyUSB0?baudrate=9600&frame=ascii`` (any pyserial URL after ``serial:``,
e.g. ``serial:socket://10.0.0.7:4001`` for an RS-485-over-Ethernet converter). The map says which
board address shows which counter: ``1:1,2:2,3:13``. Blocking: run ``LedBoards`` on a worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import reduce
from urllib.parse import parse_qsl

import serial

from hardware.errors import LINK_ERRORS
from hardware.keypad_frames import ETX, STX, modbus_write_register
from hardware.uri import BAUDRATES
from server.errors import ConfigError

log = logging.getLogger("onestop.led")

WRITE_TIMEOUT_S = 1.0
OPTIONS = ("baudrate", "frame", "bcc", "digits", "register")
EXAMPLE = "serial:/dev/ttyUSB0?baudrate=9600&frame=ascii"


# A port that cannot open, or a pyserial URL it cannot parse.
_OPEN_ERRORS: tuple[type[BaseException], ...] = (*LINK_ERRORS, ValueError)

class LedError(Exception):
    """The boards' line cannot be used right now (adapter unplugged, port busy)."""


@dataclass(frozen=True)
class AsciiFrame:
    bcc: bool = False
    digits_only: bool = False

    def encode(self, address: int, text: str) -> bytes:
        shown = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
        if self.digits_only:
            shown = "".join(ch for ch in shown if ch.isdigit())
        body = f"{address:02d}{shown}".encode("ascii") + bytes([ETX])
        check = bytes([reduce(lambda a, b: a ^ b, body, 0)]) if self.bcc else b""
        return bytes([STX]) + body + check


@dataclass(frozen=True)
class ModbusFrame:
    register: int = 0

    def encode(self, address: int, text: str) -> bytes:
        digits = "".join(ch for ch in text if ch.isdigit())
        # A register holds 0–65535: the last four digits are the number a board can show.
        return modbus_write_register(address, self.register, int(digits[-4:]) if digits else 0)


Frame = AsciiFrame | ModbusFrame


@dataclass(frozen=True)
class LedLine:
    uri: str
    port: str
    baudrate: int
    frame: Frame


def _fail(what: str, value: str, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"{what} {value!r}: {problem}. Fix: {fix}")


def parse_led_uri(uri: str) -> LedLine:
    scheme, sep, rest = uri.strip().partition(":")
    if not sep or scheme.lower() != "serial" or not rest:
        raise _fail("--port", uri, "LED boards are on a serial line", f"write e.g. {EXAMPLE}")
    port, _, query = rest.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    options = dict(pairs)
    if len(options) != len(pairs):
        raise _fail("--port", uri, "an option is given twice", "give each option once")
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise _fail("--port", uri, f"unknown option {', '.join(unknown)}", f"use only {', '.join(OPTIONS)}")
    baud = options.get("baudrate", "9600")
    if not baud.isdigit() or int(baud) not in BAUDRATES:
        raise _fail("--port", uri, f"baudrate={baud} is not a serial speed", f"use one of {BAUDRATES}")
    for flag in ("bcc", "digits"):
        if options.get(flag, "0") not in ("0", "1"):
            raise _fail("--port", uri, f"{flag}={options[flag]}", f"use {flag}=1 or {flag}=0")
    kind = options.get("frame", "ascii")
    frame: Frame
    if kind == "ascii":
        frame = AsciiFrame(bcc=options.get("bcc") == "1", digits_only=options.get("digits") == "1")
    elif kind == "modbus":
        register = options.get("register", "0")
        if not register.isdigit() or int(register) > 0xFFFF:
            raise _fail("--port", uri, f"register={register}", "use a register number from 0 to 65535")
        frame = ModbusFrame(int(register))
    else:
        raise _fail("--port", uri, f"frame={kind} is unknown", "use frame=ascii or frame=modbus")
    return LedLine(uri=uri, port=port, baudrate=int(baud), frame=frame)


def parse_map(text: str) -> dict[int, int]:
    """``"1:1,2:2,3:13"`` → {counter: board address}."""
    result: dict[int, int] = {}
    for pair in text.split(","):
        counter, colon, address = pair.strip().partition(":")
        if not colon or not counter.isdigit() or not address.isdigit() or not 1 <= int(address) <= 247:
            raise _fail("--map", text, f"{pair!r} is not COUNTER:ADDRESS", "write e.g. --map 1:1,2:2,3:3 (addresses "
                        "1–247, as set on each board)")
        result[int(counter)] = int(address)
    return result


class LedBoards:
    """The boards on one line. ``show`` writes one frame; the port opens lazily, reopens after a failure."""

    def __init__(self, line: LedLine, addresses: dict[int, int]) -> None:
        self.line = line
        self.addresses = addresses
        self._port: serial.SerialBase | None = None

    def frame(self, counter: int, text: str) -> bytes | None:
        address = self.addresses.get(counter)
        return None if address is None else self.line.frame.encode(address, text)

    def show(self, counter: int, text: str) -> bytes | None:
        """Show ``text`` ("" blanks) on the counter's board; the bytes sent, or None for a counter without one."""
        data = self.frame(counter, text)
        if data is None:
            return None
        if self._port is None:
            try:
                self._port = serial.serial_for_url(
                    self.line.port, baudrate=self.line.baudrate, write_timeout=WRITE_TIMEOUT_S
                )
            except _OPEN_ERRORS as exc:
                raise LedError(f"LED boards {self.line.uri}: cannot open {self.line.port}: {exc}") from exc
        try:
            self._port.write(data)
            self._port.flush()
        except LINK_ERRORS as exc:
            self.close()
            raise LedError(f"LED boards {self.line.uri}: write failed: {exc}") from exc
        return data

    def close(self) -> None:
        if self._port is not None:
            self._port.close()
            self._port = None
