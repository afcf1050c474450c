"""The Qt lobby display's content zone against a real office server: slides advance, a call takes the zone,
an admin's change shows within 2 s, a video plays muted and gives way to calls, hours are kept, and a PC
without Qt Multimedia keeps its images and texts."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from client.app import ClientContext, make_context
from display.app import make_slideshow
from display.slideshow import SlideShow
from display.window import DisplayWindow, SettingsLoader
from tests.display.conftest import QT_NOISE
from tests.display.offices import start
from tests.helpers.media import make_video, png_bytes
from tests.helpers.office import Office

# Besides the display's usual noise: Qt Multimedia decoding on the CPU (no GPU, no window here).
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(*QT_NOISE.args, "No HW decoder", "No RHI backend")]
WAIT = 5000
SETTINGS = 'highlight = "#00a000"\nhighlight_seconds = 1\n'
RED = (220, 20, 30)
SHOTS = Path(__file__).parents[2] / "docs" / "screens"


def add_image(office: Office, rgb: tuple[int, int, int] = RED, **query: Any) -> dict[str, Any]:
    answer = office.post("/api/admin/playlist/media", "admin", params={"title": "poster.png", "duration_s": 3, **query},
                         data=png_bytes(320, 180, rgb))  # fmt: skip
    assert answer.status_code == 201, answer.text
    item: dict[str, Any] = answer.json()
    return item


def add_text(office: Office, **body: Any) -> dict[str, Any]:
    answer = office.post("/api/admin/playlist/text", "admin",
                         json={"text_vi": "Giờ làm việc: sáng 7:30–11:30", "text_en": "Opening hours", "duration_s": 3,
                               **body})  # fmt: skip
    assert answer.status_code == 201, answer.text
    item: dict[str, Any] = answer.json()
    return item


class Lobby:
    def __init__(self, office: Office, qtbot: QtBot, cache: Path, size: tuple[int, int] = (1920, 1080)) -> None:
        self.office = office
        args = argparse.Namespace(server=office.url, token=office.tokens["display"], lang="vi")
        self.context: ClientContext = make_context(args)
        self.loader = SettingsLoader(self.context.api, self.context.stream)
        self.feed, self.show = make_slideshow(self.context, cache)
        self.window = DisplayWindow(self.context, self.loader, show=self.show)
        assert self.window.zone is not None
        self.zone = self.window.zone
        qtbot.addWidget(self.window)
        self.window.resize(*size)
        self.window.show()
        with qtbot.waitSignal(self.loader.loaded, timeout=WAIT):
            self.context.stream.start()
        qtbot.waitUntil(lambda: self.context.stream.state == "online", timeout=WAIT)

    def colour_in_zone(self, x: float = 0.5, y: float = 0.5) -> str:
        image = self.window.grab().toImage()
        point = self.zone.mapTo(self.window, QPoint(int(self.zone.width() * x), int(self.zone.height() * y)))
        return QColor(image.pixel(point)).name()

    def stop(self) -> None:
        self.show.stop()
        self.feed.cache.stop()
        self.context.stream.stop()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    data = tmp_path / "office"
    data.mkdir()
    started = start(data, 4, SETTINGS)
    yield started
    started.stop()


def open_lobby(office: Office, qtbot: QtBot, tmp_path: Path, size: tuple[int, int] = (1920, 1080)) -> Lobby:
    lobby = Lobby(office, qtbot, tmp_path / f"cache-{size[0]}", size)
    return lobby


def test_slides_advance_and_a_call_takes_the_zone(office: Office, qtbot: QtBot, tmp_path: Path) -> None:
    image, text = add_image(office), add_text(office)
    office.issue("A")
    office.sign_in(1)
    for size, action in (((1920, 1080), "call-next"), ((1366, 768), "recall")):
        watch_a_call_over_a_poster(office, qtbot, tmp_path, size, action, image["id"], text["id"])
    for name in ("image-1920", "call-1920", "image-1366", "call-1366"):
        assert QImage(str(tmp_path / f"{name}.png")).width() in (1920, 1366)


def watch_a_call_over_a_poster(
    office: Office, qtbot: QtBot, tmp_path: Path, size: tuple[int, int], action: str, image: int, text: int
) -> None:
    lobby = open_lobby(office, qtbot, tmp_path, size)
    qtbot.waitUntil(lambda: lobby.show.current is not None and lobby.show.current["id"] == image, timeout=WAIT)
    qtbot.waitUntil(lobby.zone.isVisible, timeout=WAIT)
    assert lobby.colour_in_zone() == QColor(*RED).name()  # the poster, scaled into the zone
    lobby.window.grab().save(str(tmp_path / f"image-{size[0]}.png"))
    with qtbot.waitSignal(lobby.zone.painted, timeout=WAIT, check_params_cb=lambda n: n == "A001"):
        office.act(1, action)
    assert lobby.zone.calling and lobby.colour_in_zone(0.5, 0.02) == "#00a000"
    lobby.window.grab().save(str(tmp_path / f"call-{size[0]}.png"))
    qtbot.waitUntil(lambda: not lobby.zone.calling, timeout=3000)  # highlight_seconds = 1
    with qtbot.waitSignal(lobby.show.slide_changed, timeout=WAIT,
                          check_params_cb=lambda item: item is not None and item["id"] == text):  # fmt: skip
        pass  # the poster's 3 s end: the text slide follows
    lobby.stop()
    lobby.window.close()


def test_an_admins_change_shows_within_two_seconds(office: Office, qtbot: QtBot, tmp_path: Path) -> None:
    lobby = open_lobby(office, qtbot, tmp_path)
    assert lobby.show.current is None and not lobby.zone.isVisible()  # nothing to show: the board keeps its room
    started = time.monotonic()
    blue = add_image(office, (20, 40, 200))
    qtbot.waitUntil(lambda: lobby.show.current is not None and lobby.zone.isVisible(), timeout=2000)
    assert time.monotonic() - started < 2.0
    assert lobby.colour_in_zone() == QColor(20, 40, 200).name()
    off = office.request("PATCH", f"/api/admin/playlist/{blue['id']}", "admin", json={"enabled": False})
    assert off.status_code == 200
    qtbot.waitUntil(lambda: lobby.show.current is None and not lobby.zone.isVisible(), timeout=2000)
    lobby.stop()


def test_hours_of_the_day_are_the_offices(office: Office, qtbot: QtBot, tmp_path: Path) -> None:
    add_text(office, text_vi="Buổi chiều", show_from="13:00", show_to="17:00")  # the office's clock says 08:00
    morning = add_text(office, text_vi="Buổi sáng", show_from="07:00", show_to="11:30")
    lobby = open_lobby(office, qtbot, tmp_path)
    qtbot.waitUntil(lambda: lobby.show.current is not None, timeout=WAIT)
    assert lobby.show.current is not None and lobby.show.current["id"] == morning["id"]
    with qtbot.waitSignal(lobby.show.slide_changed, timeout=WAIT):
        pass
    assert lobby.show.current is not None and lobby.show.current["id"] == morning["id"]  # the afternoon's skipped
    lobby.stop()


def test_a_video_plays_muted_and_pauses_for_a_call(office: Office, qtbot: QtBot, tmp_path: Path) -> None:
    video = make_video(tmp_path / "clip.mp4", seconds=2.0)
    answer = office.post("/api/admin/playlist/media", "admin", params={"title": "clip.mp4"}, data=video.read_bytes())
    assert answer.status_code == 201 and answer.json()["kind"] == "video"
    add_text(office)
    office.issue("A")
    office.sign_in(1)
    lobby = open_lobby(office, qtbot, tmp_path)
    surface = lobby.show.video
    assert surface is not None
    with qtbot.waitSignal(surface.frame, timeout=WAIT):
        pass
    assert not lobby.zone.frame.isNull() and surface._player.audioOutput() is None  # no sound at all
    with qtbot.waitSignal(lobby.zone.painted, timeout=WAIT, check_params_cb=lambda n: n == "A001"):
        office.act(1, "call-next")
    assert lobby.zone.calling
    qtbot.waitUntil(lambda: not lobby.zone.calling, timeout=3000)
    # Its length (no duration set): then the text slide.
    qtbot.waitUntil(lambda: lobby.show.current is not None and lobby.show.current["kind"] == "text", timeout=8000)
    lobby.stop()


def test_without_qt_multimedia_videos_are_skipped(office: Office, qtbot: QtBot, tmp_path: Path) -> None:
    video = make_video(tmp_path / "clip.webm", seconds=1.0)
    assert office.post("/api/admin/playlist/media", "admin", params={"title": "clip.webm"},
                       data=video.read_bytes()).status_code == 201  # fmt: skip
    text = add_text(office)
    lobby = open_lobby(office, qtbot, tmp_path)
    silent = SlideShow(lobby.show.minute, None)
    lobby.feed.changed.connect(silent.set_items)
    qtbot.waitUntil(lambda: len(lobby.feed.ready_items()) == 2, timeout=WAIT)
    silent.set_items(lobby.feed.ready_items())
    assert silent.current is not None and silent.current["id"] == text["id"] and len(silent.items) == 1
    silent.stop()
    lobby.stop()
