"""A keypad on a pseudo-terminal, speaking real frames, drives a counter app against a real office."""

from __future__ import annotations

import os
import tty
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from client.app import ClientContext
from counter.app import build
from counter.keypad_link import KeypadLink
from hardware.keypad_frames import modbus_write_register
from tests.counter.apps import WAIT, counter_app
from tests.helpers.office import Office

pytestmark = pytest.mark.gui


class PtyKeypad:
    """The keypad's end of the line: writes key frames, collects what the counter shows on it.

    Reads never block: the counter app runs on this same thread.
    """

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self._slave)
        self._received = b""

    def press(self, frame: bytes) -> None:
        os.write(self.master, frame)

    def received(self) -> bytes:
        try:
            self._received += os.read(self.master, 1024)
        except BlockingIOError:
            pass
        return self._received

    def shown(self, qtbot: QtBot, frame: bytes) -> None:
        """Wait until the counter has sent ``frame`` to the keypad's display."""
        qtbot.waitUntil(lambda: frame in self.received(), timeout=WAIT)
        self._received = self._received.split(frame, 1)[1]

    def close(self) -> None:
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
def keypad() -> Iterator[PtyKeypad]:
    pad = PtyKeypad()
    yield pad
    pad.close()


def built_counter(qtbot: QtBot, app, uri: str) -> KeypadLink:  # noqa: ANN001 - tests.counter.apps.CounterApp
    """The keypad wired exactly as `onestop counter --keypad URI` wires it, to the app's controller."""
    context = ClientContext(app.api, app.stream, app.model, app.controller.language)
    window = build(context, uri)
    qtbot.addWidget(window)
    link = window.findChild(KeypadLink)
    assert link is not None
    # build() made its own controller on the same stream; it learns its counter from the next state.
    with qtbot.waitSignal(app.stream.state_loaded, timeout=WAIT):
        app.stream.resync()
    qtbot.waitUntil(lambda: link.reader is not None, timeout=WAIT)
    return link


def test_stx_keypad_drives_the_same_actions_as_the_buttons(qtbot: QtBot, office: Office, keypad: PtyKeypad) -> None:
    office.sign_in(1)
    first, _ = office.issue("B"), office.issue("B")
    with counter_app(qtbot, office, 1) as app:
        link = built_counter(qtbot, app, f"serial:{keypad.path}?baudrate=9600&framing=stx")
        controller = link._controller
        try:
            # Idle, on the keypad's display; the port is open (opening a port discards what came before).
            keypad.shown(qtbot, b"\x0201---\x03")
            keypad.press(b"\x02011\x03")  # key 1: next
            qtbot.waitUntil(lambda: controller.ticket is not None and controller.ticket["number"] == "B001",
                            timeout=WAIT)
            keypad.shown(qtbot, b"\x0201B001\x03")
            qtbot.waitUntil(lambda: controller.busy is None, timeout=WAIT)
            keypad.press(b"\x02012\x03")  # recall
            qtbot.waitUntil(lambda: controller.ticket["call_count"] == 2, timeout=WAIT)
            qtbot.waitUntil(lambda: controller.busy is None, timeout=WAIT)
            # Counter 2's keypad on the same bus, and a key with no action: nothing happens.
            keypad.press(b"\x02021\x03\x02019\x03")
            keypad.press(b"\x0201")  # a frame in two pieces
            keypad.press(b"4\x03")  # finish
            qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT)
            keypad.shown(qtbot, b"\x0201---\x03")
            qtbot.waitUntil(lambda: controller.busy is None, timeout=WAIT)
            keypad.press(b"\x02016\x03")  # pause toggle: pause …
            qtbot.waitUntil(lambda: controller.state == "paused", timeout=WAIT)
            qtbot.waitUntil(lambda: controller.busy is None, timeout=WAIT)
            keypad.press(b"\x02016\x03")  # … and resume
            qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT)
        finally:
            link.stop()
    served = office.get(f"/api/tickets/{first['id']}").json()
    assert served["status"] == "done" and served["call_count"] == 2
    waiting = office.get("/api/services").json()["services"]
    assert next(s for s in waiting if s["code"] == "B")["waiting"] == 1  # counter 2's key called nobody


def test_modbus_keypad_with_its_own_keys(qtbot: QtBot, office: Office, keypad: PtyKeypad) -> None:
    office.sign_in(3)
    office.issue("C")
    with counter_app(qtbot, office, 3) as app:
        link = built_counter(qtbot, app, f"serial:{keypad.path}?framing=modbus&address=7&keys=10:next,20:finish")
        controller = link._controller
        try:
            keypad.shown(qtbot, modbus_write_register(7, 0, 0))  # idle: 0 on the display; the port is open
            keypad.press(modbus_write_register(7, 0, 10))
            qtbot.waitUntil(lambda: controller.ticket is not None, timeout=WAIT)
            # The number goes to the keypad's display: register 0 = 1 (C001).
            keypad.shown(qtbot, modbus_write_register(7, 0, 1))
            qtbot.waitUntil(lambda: controller.busy is None, timeout=WAIT)
            keypad.press(modbus_write_register(3, 0, 20))  # address 3 is not this keypad
            keypad.press(modbus_write_register(7, 0, 20))
            qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT)
        finally:
            link.stop()


def test_a_missing_keypad_is_told_to_the_clerk(qtbot: QtBot, office: Office) -> None:
    office.sign_in(1)
    with counter_app(qtbot, office, 1) as app:
        link = built_counter(qtbot, app, "serial:/dev/onestop-no-such-keypad")
        window = link.parent()
        try:
            qtbot.waitUntil(lambda: "Bàn phím gọi số không hoạt động" in window.status.text(), timeout=WAIT)
        finally:
            link.stop()
