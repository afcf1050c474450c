"""Call-keypad frames: the bytes a counter keypad sends, parsed into key presses.

Keypads have no common protocol. Two framings cover the boards offices buy:

``stx``     ASCII ``STX addr key ETX``: 0x02, the keypad's address as two ASCII digits,
            the key as one or more ASCII characters, 0x03 — e.g. ``02 30 33 31 03``
            is key "1" on keypad 03. Answered with the same framing to show a number
            on the keypad's own display: ``STX addr digits ETX``.
``modbus``  Modbus RTU "write single register" (function 06) from the keypad:
            ``addr 06 00 00 00 KK crc_lo crc_hi`` — register 0 holds the key code KK.
            The number to show goes back the same way (register 0 = the number).

Parsers are fed whatever bytes the line delivered — half a frame, three frames,
noise — and return complete presses; a broken frame is dropped, never guessed at.
No Qt and no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

STX, ETX = 0x02, 0x03
# An STX frame longer than this is noise, not a key.
MAX_STX_FRAME = 16
MODBUS_FRAME = 8
WRITE_SINGLE_REGISTER = 0x06


@dataclass(frozen=True)
class KeyPress:
    address: int
    key: str


class Framing(Protocol):
    name: str

    def feed(self, data: bytes) -> list[KeyPress]: ...

    def display(self, address: int, text: str) -> bytes: ...


class StxFraming:
    """``STX addr(2 ASCII digits) key ETX``."""

    name = "stx"

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[KeyPress]:
        self._buffer += data
        presses = []
        while True:
            start = self._buffer.find(STX)
            if start < 0:
                self._buffer.clear()
                break
            del self._buffer[:start]
            end = self._buffer.find(ETX)
            if end < 0:
                if len(self._buffer) > MAX_STX_FRAME:
                    del self._buffer[:1]  # an STX with no end in sight: look for the next one
                    continue
                break
            frame = bytes(self._buffer[1:end])
            # A second STX inside means the first frame was cut short: restart from it.
            restart = frame.find(STX)
            if restart >= 0:
                del self._buffer[: restart + 1]
                continue
            del self._buffer[: end + 1]
            press = self._parse(frame)
            if press is not None:
                presses.append(press)
        return presses

    @staticmethod
    def _parse(frame: bytes) -> KeyPress | None:
        if not 3 <= len(frame) <= MAX_STX_FRAME - 2 or not frame[:2].isdigit():
            return None
        key = frame[2:]
        if not key.isascii() or not all(0x20 < b < 0x7F for b in key):
            return None
        return KeyPress(int(frame[:2]), key.decode("ascii").upper())

    def display(self, address: int, text: str) -> bytes:
        # Letters, digits and dashes ("---": no ticket) are what a 7-segment display can show.
        shown = "".join(ch for ch in text.upper() if ch.isascii() and (ch.isalnum() or ch == "-"))[:8]
        return bytes([STX]) + f"{address:02d}{shown}".encode("ascii") + bytes([ETX])


def crc16_modbus(data: bytes) -> int:
    # Eight lines of the published algorithm (poly 0xA001, init 0xFFFF); not worth a dependency.
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def modbus_write_register(address: int, register: int, value: int) -> bytes:
    body = bytes([address, WRITE_SINGLE_REGISTER]) + register.to_bytes(2, "big") + value.to_bytes(2, "big")
    return body + crc16_modbus(body).to_bytes(2, "little")


class ModbusFraming:
    """Modbus RTU function 06, register 0 = the key code."""

    name = "modbus"

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[KeyPress]:
        self._buffer += data
        presses = []
        while len(self._buffer) >= MODBUS_FRAME:
            frame = bytes(self._buffer[:MODBUS_FRAME])
            valid = (
                frame[1] == WRITE_SINGLE_REGISTER
                and crc16_modbus(frame[:6]) == int.from_bytes(frame[6:8], "little")
                and frame[2:4] == b"\x00\x00"
            )
            if not valid:
                del self._buffer[:1]  # slide one byte: RTU frames have no start marker
                continue
            del self._buffer[:MODBUS_FRAME]
            presses.append(KeyPress(frame[0], str(int.from_bytes(frame[4:6], "big"))))
        return presses

    def display(self, address: int, text: str) -> bytes:
        digits = "".join(ch for ch in text if ch.isdigit())
        return modbus_write_register(address, 0, int(digits[-4:]) if digits else 0)


FRAMINGS: dict[str, type[StxFraming] | type[ModbusFraming]] = {"stx": StxFraming, "modbus": ModbusFraming}
