"""The alert chime: a short two-tone sound (chime.wav, 0.5 s), played when a new alert is raised."""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QObject, QUrl

log = logging.getLogger("onestop.supervisor")


class Chime(QObject):
    """Plays chime.wav through QSoundEffect; without an audio device it stays silent (and says so once)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect = None
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            if not QMediaDevices.audioOutputs():
                log.info("no audio output: alerts are shown, not heard")
                return
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resources.files("supervisor").joinpath("chime.wav"))))
            effect.setVolume(0.8)
            self._effect = effect
        except ImportError:  # a Qt build without QtMultimedia: the screen still shows every alert
            log.info("QtMultimedia is missing: alerts are shown, not heard")

    def __call__(self) -> None:
        if self._effect is not None:
            self._effect.play()
