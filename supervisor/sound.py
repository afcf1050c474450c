"""The alert chime: a short two-tone sound (chime.wav, 0.5 s), played when a new alert is raised."""

from __future__ import annotations

import logging
from importlib import resources
from typing import Any

from PySide6.QtCore import QObject, QUrl

from client.optional import MULTIMEDIA, qt_module, why_missing

log = logging.getLogger("onestop.supervisor")


class Chime(QObject):
    """Plays chime.wav through QSoundEffect; without an audio device, or without Qt Multimedia (its libraries
    missing), it stays silent and says so once. ``state``: (state, detail) for the device's status report."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect = None
        multimedia: Any = qt_module(MULTIMEDIA)
        if multimedia is None:  # the screen still shows every alert
            self.state = ("missing", f"Qt Multimedia cannot load: {why_missing(MULTIMEDIA)}")
            log.info("Qt Multimedia cannot load: alerts are shown, not heard")
            return
        if not multimedia.QMediaDevices.audioOutputs():
            self.state = ("missing", "no audio output device")
            log.info("no audio output: alerts are shown, not heard")
            return
        effect = multimedia.QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(resources.files("supervisor").joinpath("chime.wav"))))
        effect.setVolume(0.8)
        self._effect = effect
        self.state = ("ok", str(multimedia.QMediaDevices.defaultAudioOutput().description()))

    def __call__(self) -> None:
        if self._effect is not None:
            self._effect.play()
