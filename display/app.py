"""The display's object graph: shared client parts, the settings, the window and the voice."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from client.app import ClientContext, run_window
from display.announcer import Announcer, choose_voice
from display.audio import WavPlayer, sound_state
from display.playlist_feed import MediaCache, PlaylistFeed
from display.settings import DisplaySettings
from display.slideshow import SlideShow, VideoSurface, minute_in
from display.window import DisplayWindow, SettingsLoader

log = logging.getLogger("onestop.display")


class VoiceHookup:
    """Makes the voice once the settings (the words of the call) are known, and keeps it in step."""

    def __init__(self, args: argparse.Namespace, context: ClientContext, window: DisplayWindow) -> None:
        self.args = args
        self.context = context
        self.window = window
        self.announcer: Announcer | None = None

    def on_loader_loaded(self, settings: DisplaySettings) -> None:
        if self.announcer is not None:
            self.announcer.voice.templates = settings.templates()
            self.announcer.voice.languages = list(settings.announce)
            return
        from display.cli import cache_dir

        report = self.context.status.set
        report("sound", *sound_state())
        voice = choose_voice(
            self.args.voice, settings.templates(), list(settings.announce), self.args.clips, cache_dir(),
            WavPlayer(), self.args.tts_engine, report,
        )  # fmt: skip
        self.announcer = Announcer(voice)
        self.context.model.called.connect(self.announcer.on_model_called)
        self.window.set_voice(voice.describe())

    def stop(self) -> None:
        if self.announcer is not None:
            self.announcer.stop()


def make_slideshow(context: ClientContext, folder: Path) -> tuple[PlaylistFeed, SlideShow]:
    """The lobby playlist: the feed from the server (files cached in ``folder``) driving the slide show.

    Hours of the day are the office's (its time zone, the server's clock), not the TV PC's.
    """
    model = context.model
    feed = PlaylistFeed(context.api, context.stream, MediaCache(context.api, folder))
    show = SlideShow(lambda: minute_in(str(model.office.get("timezone", "")), model.clock()), VideoSurface.create())
    feed.changed.connect(show.set_items)
    return feed, show


def run_display(args: argparse.Namespace) -> int:
    hookups: list[Any] = []

    def build(context: ClientContext) -> QWidget:
        loader = SettingsLoader(context.api, context.stream)
        loader.fetch()  # asked before the state, so the colours are there for the first paint
        from display.cli import cache_dir

        feed, show = make_slideshow(context, cache_dir() / "playlist")
        hookups.append(feed)  # kept for the app's life (nothing else holds it: it would be collected)
        feed.fetch()
        # The server's clock, as every screen shows it: the TV PC's own may be wrong or jump.
        window = DisplayWindow(context, loader, now=context.model.clock, show=show)
        if args.voice != "off" and not args.screenshot:
            hookup = VoiceHookup(args, context, window)
            loader.loaded.connect(hookup.on_loader_loaded)
            hookups.append(hookup)
        else:
            context.status.set("voice", "off", "--voice off" if args.voice == "off" else "screenshot")
        if not args.windowed:
            window.setCursor(Qt.CursorShape.BlankCursor)  # a TV has no pointer to show
        app = QApplication.instance()
        assert app is not None
        app.aboutToQuit.connect(lambda: [h.stop() for h in hookups])
        app.aboutToQuit.connect(show.stop)
        return window

    return run_window(args, build, "onestop — màn hình gọi số", kind="display")
