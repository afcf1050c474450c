"""`onestop sync --once` as a real process against a real office and district."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers.district import District
from tests.helpers.office import Office, free_socket


def run_sync(office: Office, upstream: str, token: str, data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "onestop", "sync", "--once", "--data", str(data), "--server", office.url,
         "--token", office.tokens["sync"], "--upstream", upstream, "--upstream-token", token, "--office", "ky-son",
         "--retries", "1", "--timeout", "2", *extra],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_once_exits_0_when_everything_is_delivered(office: Office, district: District, tmp_path: Path) -> None:
    office.issue("A")
    done = run_sync(office, district.url, district.offices["ky-son"], tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "everything delivered" in done.stdout
    assert (tmp_path / "data" / "sync-outbox.db").exists()
    assert district.stats("ky-son", "2026-11-27", "2026-11-27")["totals"]["issued"] == 1


def test_once_exits_1_while_the_district_is_away_and_the_supervisor_sees_why(office: Office, tmp_path: Path) -> None:
    with free_socket() as closed:  # bound, never listening: connections are refused
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        result = run_sync(office, url, "some-token", tmp_path / "data")
    assert result.returncode == 1, result.stderr
    assert "still to send" in result.stdout
    status = office.get("/api/sync/status", "supervisor").json()["status"]
    assert status["backlog"] >= 1 and "ConnectionError" in status["last_error"]


def test_configuration_mistakes_are_one_line(office: Office, tmp_path: Path) -> None:
    result = run_sync(office, "http://127.0.0.1:9", "t", tmp_path / "data", "--ca-bundle", str(tmp_path / "none.pem"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--ca-bundle" in result.stderr and "Fix:" in result.stderr
