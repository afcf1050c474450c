"""`onestop display` and `onestop display clips` as a technician runs them (real processes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.helpers.office import Office

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def onestop(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "onestop", *args], capture_output=True, text=True, timeout=timeout, env=ENV
    )


@pytest.mark.gui
def test_screenshot_of_the_live_office(office: Office, tmp_path: Path) -> None:
    office.issue("A")
    office.sign_in(1)
    office.act(1, "call-next")
    shot = tmp_path / "display.png"
    done = onestop("display", "--server", office.url, "--token", office.tokens["display"], "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1920, 1080)


def test_mistakes_are_one_line() -> None:
    done = onestop("display", "--token", "x")
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [
        "onestop: --server is missing. Fix: pass --server https://SERVER:8000 or set ONESTOP_SERVER"
    ]
    done = onestop("led", "--server", "http://x", "--token", "t", "--port", "serial:/dev/x?frame=hex", "--map", "1:1")
    assert done.returncode == 2 and "frame=hex is unknown" in done.stderr and "Traceback" not in done.stderr


def test_the_list_of_clips_to_record(tmp_path: Path) -> None:
    done = onestop("display", "clips", "--out", str(tmp_path), "--list")
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "clips.txt").read_text(encoding="utf-8").splitlines()
    assert "vi/moi_cong_dan_co_so_thu_tu.wav\tMời công dân có số thứ tự" in lines
    assert "vi/letter_d_272.wav\tđê" in lines and "vi/muoi10.wav\tmười" in lines


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is missing (scripts/bootstrap installs it)")
def test_clips_made_with_espeak_make_the_voice_complete(tmp_path: Path) -> None:
    done = onestop("display", "clips", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    with wave.open(str(tmp_path / "vi" / "den_quay_so.wav"), "rb") as clip:
        assert clip.getnchannels() == 1 and clip.getsampwidth() == 2
        assert 0.3 < clip.getnframes() / clip.getframerate() < 3  # trimmed, yet the words are there
    from display.announcer import required_clips
    from server.config import DisplayConfig

    config = DisplayConfig()
    for name in required_clips({"vi": config.call_vi, "en": config.call_en}, ["vi", "en"]):
        assert (tmp_path / f"{name}.wav").is_file(), name
