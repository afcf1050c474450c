"""`onestop kiosk` as a process: connects, renders its home screen once, exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.helpers.office import Office


def kiosk(office: Office, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("ONESTOP_PRINTER", None)
    command = [sys.executable, "-m", "onestop", "kiosk", "--server", office.url, "--token", office.tokens["kiosk"]]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=60)


def test_screenshot_of_the_home_screen(office: Office, tmp_path: Path) -> None:
    shot = tmp_path / "kiosk.png"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nadmin_pin = "2468"\nprinter = "file:{tmp_path / "t.bin"}"\n', encoding="utf-8")
    done = kiosk(office, "--config", str(config), "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"screenshot: {shot}"
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1920, 1080)


def test_mistakes_are_one_line(office: Office, tmp_path: Path) -> None:
    done = kiosk(office, "--screenshot", str(tmp_path / "k.png"))
    assert done.returncode == 2 and done.stderr.strip() == (
        "onestop: no printer given. Fix: pass --printer URI (e.g. serial:/dev/ttyUSB0) or set $ONESTOP_PRINTER"
    )
    bad = tmp_path / "kiosk.toml"
    bad.write_text('[kiosk]\nadmin_pin = "12"\n', encoding="utf-8")
    done = kiosk(office, "--config", str(bad), "--printer", "file:/dev/null")
    assert done.returncode == 2 and "kiosk.admin_pin" in done.stderr and "Traceback" not in done.stderr
