"""Playing a WAV file, one at a time, on the default audio output — or silently where there is none."""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from client.optional import MULTIMEDIA, qt_module, why_missing
from display.wavs import WavError, duration_s

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QMediaPlayer

log = logging.getLogger("onestop.display.audio")

# A file that has not ended this long after its length has hung the player: go on without it.
GRACE_MS = 3000
# The files played last, for the tests and a technician's look: a lobby plays thousands a week.
KEPT = 50


def audio_output_present() -> bool:
    """An audio output device is there, and Qt Multimedia can load to use it."""
    multimedia: Any = qt_module(MULTIMEDIA)
    return multimedia is not None and bool(multimedia.QMediaDevices.audioOutputs())


def sound_state() -> tuple[str, str]:
    """(state, detail) of the sound output for the device's status report (client/status.py)."""
    multimedia: Any = qt_module(MULTIMEDIA)
    if multimedia is None:
        return "missing", f"Qt Multimedia cannot load: {why_missing(MULTIMEDIA)}"
    outputs = multimedia.QMediaDevices.audioOutputs()
    if not outputs:
        return "missing", "no audio output device"
    return "ok", str(multimedia.QMediaDevices.defaultAudioOutput().description())


class WavPlayer(QObject):
    """Plays WAV files one after another; never raises, never hangs the announcements.

    Without an audio output device (a TV unplugged, this test machine), or without Qt Multimedia
    (its libraries missing), it says so once in the log and waits the file's length instead, so
    the screen and the queue keep the pace of speech.

    Signals:
        finished(): the file has played, failed, or (silent) its length has passed.
    """

    finished = Signal()

    def __init__(self, audible: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.audible = audio_output_present() if audible is None else audible
        self.played: deque[Path] = deque(maxlen=KEPT)
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._player: QMediaPlayer | None = None
        multimedia: Any = qt_module(MULTIMEDIA)
        if self.audible and multimedia is not None:
            self._output = multimedia.QAudioOutput(self)
            self._player = multimedia.QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self.on_player_status)
            self._player.errorOccurred.connect(self.on_player_error)
        else:
            self.audible = False
            log.warning("no audio output (%s): calls are shown but not heard until there is one", sound_state()[1])

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
        media_status = type(status)  # QMediaPlayer.MediaStatus, without importing what may not load
        if status in (media_status.EndOfMedia, media_status.InvalidMedia):
            self._finish()

    def on_player_error(self, error: QMediaPlayer.Error, message: str) -> None:
        log.error("audio output failed on %s: %s", self.played[-1].name if self.played else "?", message)
        self._finish()
