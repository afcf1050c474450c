"""Pairing the processes without a screen, as real processes against the real server: `onestop led` and
`onestop sync` started with only the server's address log a code, an administrator approves it, and they
go on with the token they received — kept readable by their user only, never written to the log."""

from __future__ import annotations

import os
import queue
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.led import ModbusFrame
from tests.hardware.test_led import PtyBoard
from tests.helpers.district import District
from tests.helpers.office import Office

WAIT_S = 20
CODE = re.compile(r"pairing code (\d{3}) (\d{3})")


class Process:
    """A real `onestop …` process whose log lines are read as they come."""

    def __init__(self, args: list[str], config_home: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("ONESTOP_TOKEN", "ONESTOP_SERVER")}
        env["XDG_CONFIG_HOME"] = str(config_home)  # where platformdirs puts onestop/<kind>.token
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "onestop", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=env,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: re.Pattern[str]) -> re.Match[str]:
        while True:
            try:
                line = self.lines.get(timeout=WAIT_S)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern.pattern!r}; log:\n{''.join(self.log)}") from None
            self.log.append(line)
            found = pattern.search(line)
            if found:
                return found

    def finish(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=WAIT_S)
        self._reader.join(timeout=WAIT_S)  # the pipe's last lines
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        while not self.lines.empty():
            self.log.append(self.lines.get())
        return "".join(self.log)


@pytest.fixture
def board() -> Iterator[PtyBoard]:
    fake = PtyBoard()
    yield fake
    fake.close()


def approve(office: Office, code: str, kind: str, name: str, role: str) -> str:
    pending = {p["code"]: p for p in office.get("/api/admin/pairings", "admin").json()["pending"]}
    assert pending[code]["kind"] == kind
    answer = office.post(f"/api/admin/pairings/{code}/approve", "admin", json={"name": name, "role": role})
    assert answer.status_code == 204, answer.text
    return name


def kept_token(config_home: Path, kind: str) -> str:
    path = config_home / "onestop" / f"{kind}.token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return path.read_text(encoding="ascii").strip()


def test_the_led_driver_pairs_by_code_and_drives_the_boards(office: Office, board: PtyBoard, tmp_path: Path) -> None:
    office.issue("A")
    office.sign_in(2)
    office.act(2, "call-next")
    led = Process(["led", "--server", office.url, "--port", f"serial:{board.path}?frame=modbus", "--map", "1:1,2:2"],
                  tmp_path)  # fmt: skip
    try:
        found = led.wait_for(CODE)
        approve(office, found[1] + found[2], "led", "led-quay", "display")
        led.wait_for(re.compile(r"paired as 'led-quay'"))
        # Connected with its new token: every board from the state (counter 2 shows A001).
        assert board.read(16) == ModbusFrame().encode(1, "") + ModbusFrame().encode(2, "A001")
    finally:
        log = led.finish()
    token = kept_token(tmp_path, "led")
    assert token not in log
    devices = {d["name"]: d for d in office.get("/api/admin/devices", "admin").json()["devices"]}
    assert devices["led-quay"]["role"] == "display" and devices["led-quay"]["last_seen"]


def test_the_sync_agent_pairs_by_code_then_starts_with_its_kept_token(
    office: Office, district: District, tmp_path: Path
) -> None:
    office.issue("A")
    args = ["sync", "--once", "--data", str(tmp_path / "data"), "--server", office.url, "--upstream", district.url,
            "--upstream-token", district.offices["ky-son"], "--office", "ky-son", "--timeout", "5"]  # fmt: skip
    first = Process(args, tmp_path)
    found = first.wait_for(CODE)
    approve(office, found[1] + found[2], "sync", "sync-2", "sync")
    first.wait_for(re.compile("everything delivered"))
    first.proc.wait(timeout=WAIT_S)
    log = first.finish()
    assert first.proc.returncode == 0, log
    token = kept_token(tmp_path, "sync")
    assert token not in log
    again = Process(args, tmp_path)
    again.proc.wait(timeout=WAIT_S * 3)
    log = again.finish()
    assert again.proc.returncode == 0 and "everything delivered" in log and "pairing code" not in log, log
    assert district.stats("ky-son", "2026-11-27", "2026-11-27")["totals"]["issued"] == 1


def test_a_refused_pairing_is_one_line(office: Office, tmp_path: Path) -> None:
    sync = Process(["sync", "--once", "--data", str(tmp_path / "data"), "--server", office.url, "--upstream",
                    "http://127.0.0.1:9", "--upstream-token", "t", "--office", "ky-son"], tmp_path)  # fmt: skip
    found = sync.wait_for(CODE)
    assert office.post(f"/api/admin/pairings/{found[1] + found[2]}/refuse", "admin").status_code == 204
    sync.proc.wait(timeout=WAIT_S * 3)
    log = sync.finish()
    assert sync.proc.returncode == 2 and "onestop: an administrator refused" in log
    assert not (tmp_path / "onestop" / "sync.token").exists()
