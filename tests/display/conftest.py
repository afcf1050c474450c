"""Fixtures for the display tests: a folder of short recorded clips."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import pytest

from display.announcer import required_clips
from server.config import DisplayConfig

CONFIG = DisplayConfig()
TEMPLATES = {"vi": CONFIG.call_vi, "en": CONFIG.call_en}
# Qt Multimedia looks for PipeWire, VA-API and PulseAudio, and Qt's speech-dispatcher plug-in for its
# daemon; this machine has none of them, and says so in Qt warnings. The offscreen platform cannot
# pass a shown window's size hints on (there is no window manager).
QT_NOISE = pytest.mark.qt_log_ignore(
    r"Couldn't (load|resolve) .*(pipewire|va)",
    "PulseAudio",
    r'Error loading text-to-speech plug-in "speechd"',
    "This plugin does not support propagateSizeHints",
)


def write_clip(path: Path, seconds: float, rate: int = 22_050, level: int = 1000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = int(rate * seconds)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{frames}h", *([level] * frames)))
    return path


@pytest.fixture
def clips(tmp_path: Path) -> Path:
    """Every clip both languages need, 20 ms each, and a 30 ms chime."""
    folder = tmp_path / "clips"
    for name in required_clips(TEMPLATES, ["vi", "en"]):
        write_clip(folder / f"{name}.wav", 0.02)
    write_clip(folder / "chime.wav", 0.03)
    return folder
