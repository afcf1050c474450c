"""`onestop counter` and `onestop rating` from the command line: a screenshot each, and one-line mistakes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from onestop.cli import main
from tests.helpers.office import Office
from tests.rating.conftest import add_rating_device


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "onestop", *args], capture_output=True, text=True, timeout=60,
                          env=env)


@pytest.mark.slow
def test_counter_and_rating_screenshots(office: Office, tmp_path: Path) -> None:
    office.sign_in(1)
    counter_png, rating_png = tmp_path / "counter.png", tmp_path / "rating.png"
    done = run("counter", "--server", office.url, "--token", office.tokens["counter1"], "--screenshot",
               str(counter_png))
    assert done.returncode == 0, done.stderr
    rated = run("rating", "--server", office.url, "--token", add_rating_device(office, 1), "--screenshot",
                str(rating_png))
    assert rated.returncode == 0, rated.stderr
    assert (QImage(str(counter_png)).width(), QImage(str(counter_png)).height()) == (1366, 768)
    assert (QImage(str(rating_png)).width(), QImage(str(rating_png)).height()) == (1280, 800)


def test_a_wrong_keypad_uri_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["counter", "--server", "http://127.0.0.1:9", "--token", "t", "--keypad", "tcp://10.0.0.5"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == ("onestop: --keypad 'tcp://10.0.0.5': keypads are on a serial line. "
                   "Fix: write e.g. serial:/dev/ttyUSB0?baudrate=9600&framing=stx&address=3\n")


def test_the_led_driver_without_a_token_checks_its_port_before_pairing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # (A screen without a token pairs instead: tests/client/test_pairing.py; so does the LED boards' driver,
    # tests/client/test_pairing_terminal.py — but a wrong --port is told first, in one line, before any pairing.)
    monkeypatch.delenv("ONESTOP_TOKEN", raising=False)
    assert main(["led", "--server", "http://127.0.0.1:9", "--port", "loop://", "--map", "1:1"]) == 2
    err = capsys.readouterr().err
    assert "--port 'loop://'" in err and "Fix:" in err and "pairing code" not in err
