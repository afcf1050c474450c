"""Optional parts are optional: every app starts and works on a PC without Qt's speech or multimedia modules
(their libraries cannot load), espeak-ng, a sound device, a USB stack or Chromium — on the next option, saying
so once in its log and in the report the supervisor sees. No exit path leaves a QThread running.

The apps run as real processes (tests/helpers/missing_parts.py makes the modules unimportable there).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from client.optional import MULTIMEDIA, TEXT_TO_SPEECH
from tests.helpers import missing_parts
from tests.helpers.office import Office

pytestmark = pytest.mark.slow
NO_SOUND = (TEXT_TO_SPEECH, MULTIMEDIA)
QTHREAD_ABORT = "QThread: Destroyed while thread"


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # another process: its report is polled for, there is no signal to wait on
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.2)


def report_of(office: Office, device: str) -> dict[str, Any]:
    devices = office.get("/api/devices/status", device="supervisor").json()["devices"]
    return next(d for d in devices if d["device"] == device)


def clean_exit(output: str) -> None:
    assert QTHREAD_ABORT not in output and "Traceback" not in output and "Fatal Python error" not in output, output


def test_the_display_screenshot_without_speech_or_multimedia(office: Office, tmp_path: Path) -> None:
    shot = tmp_path / "display.png"
    done = missing_parts.run(NO_SOUND, "display", "--server", office.url, "--token", office.tokens["display"],
                             "--screenshot", str(shot), cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    clean_exit(done.stderr)
    assert QImage(str(shot)).width() == 1920


def test_the_demo_screenshot_without_speech(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    done = missing_parts.run([TEXT_TO_SPEECH], "demo", "--data", str(tmp_path / "demo"), "--screenshot", str(out),
                             "--run-seconds", "6", cwd=tmp_path, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    clean_exit(done.stderr)
    assert {p.name for p in out.glob("*.png")} >= {"kiosk.png", "display.png", "supervisor.png", "ticket.png"}


def test_the_display_calls_with_the_chime_and_says_why(office: Office, tmp_path: Path) -> None:
    log = tmp_path / "display.log"
    args = ["display", "--server", office.url, "--token", office.tokens["display"], "--windowed",
            "--clips", str(tmp_path / "no-clips")]  # fmt: skip
    display = missing_parts.start(NO_SOUND, *args, cwd=tmp_path, log=log)
    try:
        wait_for(lambda: report_of(office, "display")["reported_at"] is not None and "voice" in
                 report_of(office, "display")["components"])  # fmt: skip
        parts = report_of(office, "display")["components"]
        assert parts["speech"]["state"] == "missing" and "libpulse.so.0" in parts["speech"]["detail"]
        assert parts["sound"]["state"] == "missing" and "Qt Multimedia cannot load" in parts["sound"]["detail"]
        assert parts["voice"] == {"state": "fallback", "detail": "chime only"}
        assert parts["espeak"]["state"] == "missing"  # not on PATH
        office.issue("A")
        office.sign_in(1)
        office.act(1, "call-next")  # called, and announced with the chime (timed as speech, silently)
        office.act(1, "recall")
        time.sleep(1.0)  # the chime's length: the announcer must get through both calls without a fault
        assert display.poll() is None
    finally:
        code = missing_parts.stop(display)
    output = log.read_text(errors="replace")
    assert code == 0, output
    clean_exit(output)
    # Said once each, however many calls were made.
    assert output.count("PySide6.QtTextToSpeech cannot load") == 1
    assert output.count("PySide6.QtMultimedia cannot load") == 1


@pytest.mark.parametrize(
    ("missing", "why"),
    [(["usb"], "pyusb is not installed"),
     (["usb.backend.libusb1", "usb.backend.libusb0", "usb.backend.openusb"], "no libusb library")],
    ids=["no pyusb", "no libusb"],
)  # fmt: skip
def test_a_usb_printer_without_a_usb_stack_is_one_clear_line(tmp_path: Path, missing: list[str], why: str) -> None:
    done = missing_parts.run(missing, "printer", "status", "--printer", "usb:04b8:0202", cwd=tmp_path)
    assert done.returncode != 0
    assert why in done.stderr and "libusb-1.0-0" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_kiosk_without_a_usb_stack_starts_and_says_so(office: Office, tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    kiosk = missing_parts.start(["usb"], "kiosk", "--server", office.url, "--token", office.tokens["kiosk"],
                                "--windowed", "--printer", "usb:04b8:0202", cwd=tmp_path, log=log)  # fmt: skip
    try:
        wait_for(lambda: "usb" in report_of(office, "kiosk")["components"])
        parts = report_of(office, "kiosk")["components"]
        assert parts["usb"] == {"state": "missing", "detail": "pyusb is not installed"}
        assert parts["printer"]["state"] == "ok"  # not tried yet: the first ticket will say
    finally:
        code = missing_parts.stop(kiosk)
    output = log.read_text(errors="replace")
    assert code == 0, output
    clean_exit(output)


def test_the_supervisor_without_multimedia(office: Office, tmp_path: Path) -> None:
    shot = tmp_path / "supervisor.png"
    done = missing_parts.run([MULTIMEDIA], "supervisor", "--server", office.url, "--token",
                             office.tokens["supervisor"], "--screenshot", str(shot), cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    clean_exit(done.stderr)


@pytest.mark.parametrize("app", ["kiosk", "display", "supervisor"])
def test_a_failed_start_without_sound_leaves_no_thread_running(tmp_path: Path, app: str) -> None:
    """No server to answer (a closed port): the app gives up with one line and ends cleanly, threads stopped."""
    extra = ["--printer", f"file:{tmp_path / 'lp0'}"] if app == "kiosk" else []
    done = missing_parts.run(NO_SOUND, app, "--server", "http://127.0.0.1:9", "--token", "x", *extra,
                             "--screenshot", str(tmp_path / "shot.png"), cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "no answer from the server" in done.stderr
    clean_exit(done.stdout + done.stderr)


def test_the_display_without_multimedia_skips_videos_and_keeps_posters(office: Office, tmp_path: Path) -> None:
    from tests.helpers.media import make_video, png_bytes

    video = make_video(tmp_path / "clip.mp4", seconds=1.0)
    for name, data in (("clip.mp4", video.read_bytes()), ("poster.png", png_bytes())):
        answer = office.post("/api/admin/playlist/media", "admin", params={"title": name}, data=data)
        assert answer.status_code == 201, answer.text
    log = tmp_path / "display.log"
    args = ["display", "--server", office.url, "--token", office.tokens["display"], "--windowed"]
    display = missing_parts.start(NO_SOUND, *args, cwd=tmp_path, log=log)
    try:
        wait_for(lambda: "video(s) skipped" in log.read_text(errors="replace"))
        office.issue("A")
        office.sign_in(1)
        office.act(1, "call-next")  # over the poster
        wait_for(lambda: report_of(office, "display")["reported_at"] is not None)
        assert display.poll() is None
    finally:
        code = missing_parts.stop(display)
    output = log.read_text(errors="replace")
    assert code == 0, output
    clean_exit(output)
    assert "1 video(s) skipped: Qt Multimedia cannot load (libpulse.so.0" in output
