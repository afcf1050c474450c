"""A call keypad on a serial line: key presses in, the current number out to its display.

One seam to the wire — ``_raw_read`` and ``_raw_write`` — as python-escpos printers
have ``_raw``; everything else is framing (hardware/keypad_frames.py). The port
opens lazily and every failure is a KeypadError with a message for the clerk.
Blocking: run it on a worker thread (hardware/keypad_reader.py does).
"""

from __future__ import annotations

import logging

import serial

from hardware.errors import LINK_ERRORS
from hardware.keypad_frames import FRAMINGS
from hardware.keypad_uri import KeypadConfig

log = logging.getLogger(__name__)

# A read returns after this even with no key pressed, so the reader can be stopped quickly.
READ_TIMEOUT_S = 0.1
WRITE_TIMEOUT_S = 1.0


class KeypadError(Exception):
    """The keypad cannot be used right now (port missing, unplugged, busy)."""

    message_vi = "Bàn phím gọi số không hoạt động. Vui lòng báo kỹ thuật viên."
    message_en = "The call keypad is not working. Please tell the technician."


class KeypadDevice:
    """One keypad at ``config.address`` (default ``counter``) on ``config.port``.

    ``device`` injects an already-open pyserial object (e.g. ``serial.serial_for_url("loop://")``);
    it is left open on close, for its owner.
    """

    def __init__(self, config: KeypadConfig, counter: int, *, device: serial.SerialBase | None = None) -> None:
        self.config = config
        self.address = config.address if config.address is not None else counter
        self._framing = FRAMINGS[config.framing]()
        self._port = device
        self._injected = device is not None

    def open(self) -> None:
        if self._port is not None:
            return
        try:
            self._port = serial.Serial(
                self.config.port, self.config.baudrate, timeout=READ_TIMEOUT_S, write_timeout=WRITE_TIMEOUT_S
            )
        except LINK_ERRORS as exc:
            raise KeypadError(f"keypad {self.config.uri}: cannot open {self.config.port}: {exc}") from exc

    def close(self) -> None:
        if self._port is not None and not self._injected:
            self._port.close()
        if not self._injected:
            self._port = None

    # -- the seam --------------------------------------------------------------------

    def _raw_read(self) -> bytes:
        self.open()
        assert self._port is not None
        try:
            # Whatever is there, or wait (up to the timeout) for the first byte.
            # Every pyserial port has in_waiting; the type stubs put it on Serial only.
            waiting: int = getattr(self._port, "in_waiting", 0)
            return bytes(self._port.read(waiting or 1))
        except LINK_ERRORS as exc:
            self.close()
            raise KeypadError(f"keypad {self.config.uri}: read failed: {exc}") from exc

    def _raw_write(self, data: bytes) -> None:
        self.open()
        assert self._port is not None
        try:
            self._port.write(data)
            self._port.flush()
        except LINK_ERRORS as exc:
            self.close()
            raise KeypadError(f"keypad {self.config.uri}: write failed: {exc}") from exc

    # -- what the counter uses ---------------------------------------------------------

    def read_actions(self) -> list[str]:
        """Wait briefly for bytes; return the actions of the complete key frames for this keypad."""
        actions = []
        for press in self._framing.feed(self._raw_read()):
            if press.address != self.address:
                continue  # another counter's keypad on the same bus
            action = self.config.keys.get(press.key)
            if action is None:
                log.info("keypad %s: key %r has no action (keys=%s)", self.address, press.key, self.config.keys)
                continue
            actions.append(action)
        return actions

    def show(self, text: str) -> None:
        """Put ``text`` (the ticket number) on the keypad's display."""
        self._raw_write(self._framing.display(self.address, text))
