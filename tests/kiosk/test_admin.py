"""Lockdown, the hidden gesture and the admin PIN, and the settings behind them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.controller import Screen
from tests.hardware.escpos_decoder import decode
from tests.kiosk.conftest import WAIT, MakeKiosk

pytestmark = pytest.mark.gui


def tap(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_pin(qtbot: QtBot, kiosk, pin: str) -> None:
    for key in pin:
        tap(qtbot, kiosk.window.pin.keys[key])
    tap(qtbot, kiosk.window.pin.keys["OK"])


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_locked_window_cannot_be_closed_or_escaped(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", lockdown=True)
    window = kiosk.window
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    window.close()
    assert window.isVisible()
    QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier))
    assert window.isVisible() and kiosk.controller.screen is Screen.HOME


def test_five_corner_taps_in_three_seconds_then_the_pin(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", lockdown=True)
    clock = Clock()
    kiosk.controller._monotonic = clock  # the gesture's time window, without waiting 3 s
    corner = kiosk.window.header.corner
    for _ in range(4):
        tap(qtbot, corner)
        clock.now += 0.9
    assert kiosk.controller.screen is Screen.HOME  # the 5th tap would come 3.6 s after the 1st
    tap(qtbot, corner)
    assert kiosk.controller.screen is Screen.HOME
    for _ in range(3):
        tap(qtbot, corner)
        clock.now += 0.2
    assert kiosk.controller.screen is Screen.PIN  # 5 within 3 s

    type_pin(qtbot, kiosk, "1111")
    assert kiosk.controller.screen is Screen.PIN
    assert kiosk.window.pin.message.text() == "Sai mã PIN"
    type_pin(qtbot, kiosk, "2468")
    assert kiosk.controller.screen is Screen.SETTINGS

    settings = kiosk.window.settings
    printed = kiosk.controller.settings_message
    with qtbot.waitSignal(printed, timeout=WAIT, check_params_cb=lambda vi, en: vi == "Đã in trang thử"):
        tap(qtbot, settings.test_button)
    assert "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ" in decode((tmp_path / "t.bin").read_bytes()).lines
    tap(qtbot, settings.language_button)
    assert settings.title.text() == "Kiosk settings"
    with qtbot.waitSignal(kiosk.controller.quit_requested, timeout=WAIT):
        tap(qtbot, settings.exit_button)
    assert not kiosk.window.isVisible()  # exit is the one way out


def test_wrong_pins_rest_the_pad(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}")
    clock = Clock()
    kiosk.controller._monotonic = clock
    for _ in range(5):
        kiosk.controller.corner_tapped()
    for _ in range(5):
        type_pin(qtbot, kiosk, "0000")
    type_pin(qtbot, kiosk, "2468")
    assert kiosk.controller.screen is Screen.PIN
    assert "chờ 60 giây" in kiosk.window.pin.message.text()
    clock.now += 61
    type_pin(qtbot, kiosk, "2468")
    assert kiosk.controller.screen is Screen.SETTINGS


def test_no_admin_pin_configured_keeps_settings_locked(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", admin_pin=None)
    for _ in range(5):
        kiosk.controller.corner_tapped()
    type_pin(qtbot, kiosk, "2468")
    assert kiosk.controller.screen is Screen.PIN
    assert "admin_pin" in kiosk.window.pin.message.text()


def test_settings_time_out_to_home(qtbot: QtBot, make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = make_kiosk(f"file:{tmp_path / 't.bin'}", idle_timeout_s=0.3)
    for _ in range(5):
        kiosk.controller.corner_tapped()
    type_pin(qtbot, kiosk, "2468")
    assert kiosk.controller.screen is Screen.SETTINGS
    with qtbot.waitSignal(kiosk.controller.screen_changed, timeout=WAIT, check_params_cb=lambda s: s == "home"):
        pass
