"""Playing a WAV file, one at a time, on the default audio output — or silently where there is none."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

from display.wavs import WavError, duration_s

log = logging.getLogger("onestop.display.audio")

# A file that has not ended this long after its length has hung the player: go on without it.
GRACE_MS = 3000


def audio_output_present() -> bool:
    return bool(QMediaDevices.audioOutputs())


class WavPlayer(QObject):
    """Plays WAV files one after another; never raises, never hangs the announcements.

    Without an audio output device (a TV unplugged, this test machine) it says so once in the
    log and waits the file's length instead, so the screen and the queue keep the pace of speech.

    Signals:
        finished(): the file has played, failed, or (silent) its length has passed.
    """

    finished = Signal()

    def __init__(self, audible: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.audible = audio_output_present() if audible is None else audible
        self.played: list[Path] = []
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._player: QMediaPlayer | None = None
        if self.audible:
            self._output = QAudioOutput(self)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self.on_player_status)
            self._player.errorOccurred.connect(self.on_player_error)
        else:
            log.warning("no audio output device: calls are shown but not heard until one is connected")

    @property
    def busy(self) -> bool:
        return self._busy

    def play(self, path: Path) -> None:
        if self._busy:
            raise RuntimeError("WavPlayer.play while a file is playing; wait for finished")
        self._busy = True
        self.played.append(path)
        try:
            length_ms = int(duration_s(path) * 1000)
        except WavError as exc:
            log.error("cannot play %s", exc)
            QTimer.singleShot(0, self._finish)
            return
        if self._player is None:
            self._timer.start(length_ms)
            return
        self._timer.start(length_ms + GRACE_MS)
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def stop(self) -> None:
        self._timer.stop()
        if self._player is not None:
            self._player.stop()
        self._busy = False

    def _finish(self) -> None:
        if self._busy:
            self._busy = False
            self._timer.stop()
            self.finished.emit()

    def on_timer_timeout(self) -> None:
        if self._player is not None:
            log.warning("audio output did not finish %s in time; going on", self.played[-1].name)
            self._player.stop()
        self._finish()

    def on_player_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._finish()

    def on_player_error(self, error: QMediaPlayer.Error, message: str) -> None:
        log.error("audio output failed on %s: %s", self.played[-1].name if self.played else "?", message)
        self._finish()
