"""The Qt lobby display against a real office server: live calls, 4 and 30 counters, settings, reconnection."""

from __future__ import annotations

import argparse
import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from client.app import ClientContext, make_context
from display.app import VoiceHookup
from display.window import DisplayWindow, SettingsLoader
from tests.display.conftest import QT_NOISE
from tests.display.offices import start
from tests.helpers.office import Office

pytestmark = [pytest.mark.gui, QT_NOISE]
WAIT = 5000
# A 1×1 red PNG: the office's logo.
LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
SETTINGS = """\
background = "#101010"
highlight = "#00a000"
notice_vi = "Giờ làm việc: sáng 7:30–11:30, chiều 13:30–17:00"
logo = "logo.png"
highlight_seconds = 1
"""


class Screen:
    def __init__(self, office: Office, qtbot: QtBot) -> None:
        self.office = office
        args = argparse.Namespace(server=office.url, token=office.tokens["display"], lang="vi")
        self.context: ClientContext = make_context(args)
        self.loader = SettingsLoader(self.context.api, self.context.stream)
        self.window = DisplayWindow(self.context, self.loader)
        qtbot.addWidget(self.window)
        self.window.resize(1920, 1080)
        self.window.show()
        with qtbot.waitSignal(self.loader.loaded, timeout=WAIT):
            self.context.stream.start()
        qtbot.waitUntil(lambda: self.context.stream.state == "online", timeout=WAIT)

    def image(self) -> QImage:
        return self.window.grab().toImage()

    def colour_at(self, widget, x: float, y: float) -> str:
        point = widget.mapTo(self.window, QPoint(int(widget.width() * x), int(widget.height() * y)))
        return QColor(self.image().pixel(point)).name()


@pytest.fixture
def screen(tmp_path: Path, qtbot: QtBot) -> Iterator[Screen]:
    data = tmp_path / "office"
    data.mkdir()
    (data / "logo.png").write_bytes(LOGO)
    office = start(data, 4, SETTINGS)
    shown = Screen(office, qtbot)
    yield shown
    shown.context.stream.stop()
    office.stop()


def test_a_call_appears_large_and_fresh_then_calms(screen: Screen, qtbot: QtBot, tmp_path: Path) -> None:
    office, window = screen.office, screen.window
    office.issue("C")
    office.sign_in(2)  # serves B, then C
    with qtbot.waitSignal(window.banner.painted, timeout=WAIT, check_params_cb=lambda number: number == "C001"):
        office.act(2, "call-next")
    assert window.banner.fresh and window.board.fresh_counter == 2
    assert screen.colour_at(window.banner, 0.5, 0.05) == "#00a000"  # the highlight colour of [display]
    screen.image().save(str(tmp_path / "fresh.png"))
    assert window.context.model.counters[2]["ticket"]["number"] == "C001"
    qtbot.waitUntil(lambda: not window.banner.fresh and window.board.fresh_counter is None, timeout=3000)
    assert screen.colour_at(window.banner, 0.5, 0.05) != "#00a000"


def test_settings_from_office_toml(screen: Screen) -> None:
    window = screen.window
    assert window.settings.notice_vi.startswith("Giờ làm việc")
    assert not window.header.logo.isNull()
    assert screen.colour_at(window, 0.5, 0.002) == "#101010"  # the background between the panels


def test_recent_calls_and_queues_follow_the_office(screen: Screen, qtbot: QtBot) -> None:
    office, model = screen.office, screen.context.model
    for service in "BBA":
        office.issue(service)
    office.sign_in(1)
    with qtbot.waitSignals([model.called] * 2, timeout=WAIT):
        office.act(1, "call-next")  # counter 1 serves A then B: A001
        office.act(1, "recall")
    assert [c["type"] for c in model.recent_calls[:2]] == ["ticket.recalled", "ticket.called"]
    assert model.queues["B"]["waiting"] == 2


def test_language_toggle_and_the_connection_status(screen: Screen, qtbot: QtBot) -> None:
    window = screen.window
    assert window.ticker.status.startswith("Đã kết nối") and window.ticker.status_ok
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert window.context.language.code == "en" and window.ticker.status.startswith("Connected")
    with qtbot.waitSignal(screen.context.stream.connection_changed, timeout=WAIT):
        screen.office.stop()
    qtbot.waitUntil(lambda: not window.ticker.status_ok, timeout=WAIT)
    assert window.ticker.status.startswith(("Connection lost", "Connecting"))
    # Back: the state is fetched anew, so what happened meanwhile is on screen.
    restarted = screen.office.restart()
    screen.office = restarted
    restarted.issue("C")
    qtbot.waitUntil(lambda: window.ticker.status_ok, timeout=15_000)
    assert screen.context.model.queues["C"]["waiting"] == 1


def test_thirty_counters_fit_the_tv(tmp_path: Path, qtbot: QtBot) -> None:
    office = start(tmp_path / "office", 30)
    try:
        screen = Screen(office, qtbot)
        for number in (1, 7, 30):
            office.sign_in(number)
        office.issue("A")
        with qtbot.waitSignal(screen.window.banner.painted, timeout=WAIT, check_params_cb=lambda n: n == "A001"):
            office.act(1, "call-next")
        board = screen.window.board
        rects = board.tile_rects()
        assert sorted(rects) == list(range(1, 31))
        for number, rect in rects.items():
            assert board.rect().toRectF().contains(rect), number
            assert rect.width() >= 150 and rect.height() >= 100, (number, rect)
            assert not any(rect.intersects(other) for n, other in rects.items() if n != number)
        screen.context.stream.stop()
    finally:
        office.stop()


def test_the_display_speaks_live_calls(screen: Screen, qtbot: QtBot, clips: Path, tmp_path: Path) -> None:
    args = argparse.Namespace(voice="clips", clips=clips, tts_engine=None)
    hookup = VoiceHookup(args, screen.context, screen.window)
    hookup.on_loader_loaded(screen.loader.settings)
    assert screen.window.ticker.status.endswith("Loa: tệp ghi âm")
    announcer = hookup.announcer
    office = screen.office
    for service in "CCE":
        office.issue(service)
    office.sign_in(3)
    with qtbot.waitSignals([announcer.finished] * 3, timeout=WAIT):
        office.act(3, "call-next")
        office.act(3, "call-next")
        office.act(3, "recall")
    assert [(c.number, c.counter, c.recall) for c in announcer.said] == [
        ("C001", 3, False), ("C002", 3, False), ("C002", 3, True)
    ]
    assert announcer.voice.spoken[1][1:6] == [
        "vi/moi_cong_dan_co_so_thu_tu", "vi/letter_c", "vi/digit_0", "vi/digit_0", "vi/digit_2"
    ]
    hookup.stop()


def test_the_queue_strip_shows_each_services_range_and_its_lunch_break(
    screen: Screen, qtbot: QtBot, tmp_path: Path
) -> None:
    import os

    from display.settings import wait_words
    from hardware.slip import wait_range_minutes

    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    office, window, model = screen.office, screen.window, screen.context.model
    for counter in (1, 2, 3, 4):
        office.sign_in(counter)
    for service in "AAABBBBCDDF":
        office.issue(service)
    office.act(1, "call-next")
    office.clock.advance(10)
    with qtbot.waitSignal(model.estimates_changed, timeout=WAIT):
        office.settle_estimates()
    queue = model.queues["B"]
    assert queue["estimated_low_s"] is not None and queue["closure"] is None
    low, high = wait_range_minutes(0, queue["estimated_low_s"], queue["estimated_high_s"])
    assert 0 < low < high  # a range, as the ticket prints it
    assert wait_words(queue, "vi") == f"4 chờ · {low}–{high} phút"
    assert wait_words(queue, "en") == f"4 waiting · {low}–{high} min"
    screen.image().save(str(out / "display-ranges-1920x1080.png"))
    window.context.language.toggle()
    screen.image().save(str(out / "display-ranges-en-1920x1080.png"))
    window.context.language.toggle()

    office.clock.advance(3 * 3600 + 45 * 60)  # 11:45: the counters finish and go to lunch
    office.act(1, "finish")
    for counter in (1, 2, 3, 4):
        assert office.act(counter, "pause", reason="Nghỉ trưa").status_code == 200
    with qtbot.waitSignal(model.estimates_changed, timeout=WAIT):
        office.settle_estimates()
    assert model.queues["B"]["closure"]["kind"] == "lunch"
    assert wait_words(model.queues["B"], "vi") == "4 chờ · Nghỉ trưa đến 13:30"
    assert wait_words(model.queues["E"], "en") == "Lunch break until 13:30"
    screen.image().save(str(out / "display-lunch-1920x1080.png"))
    window.context.language.toggle()
    screen.image().save(str(out / "display-lunch-en-1920x1080.png"))
