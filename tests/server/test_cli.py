"""The `onestop` command as a technician uses it."""

import time
from pathlib import Path

import pytest

from onestop.cli import main
from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office


def test_init_is_safe_to_run_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    assert main(["init", "--data", str(data)]) == 0
    (data / "office.toml").write_text((data / "office.toml").read_text().replace("Kỳ Sơn", "Kỳ Tân"))
    assert main(["init", "--data", str(data)]) == 0
    assert "Kỳ Tân" in (data / "office.toml").read_text()
    assert "kept existing" in capsys.readouterr().out


def test_device_add_prints_token_last(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    main(["init", "--data", str(data)])
    capsys.readouterr()
    assert main(["device", "add", "quay3", "--role", "counter", "--counter", "3", "--data", str(data)]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(token) >= 32 and " " not in token
    assert main(["device", "add", "quay3", "--role", "counter", "--counter", "3", "--data", str(data)]) == 2
    assert "exists already" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["device", "add", "x", "--role", "counter"], "needs --counter N"),
        (["device", "add", "x", "--role", "counter", "--counter", "9"], "no counter 9"),
        (["clerk", "add", "lan", "--pin", "12", "--name", "Lan"], "6 to 12 digits"),
    ],
)
def test_mistakes_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    data = tmp_path / "d"
    main(["init", "--data", str(data)])
    assert main([*args, "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_commands_before_init_say_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clerk", "list", "--data", str(tmp_path / "none")]) == 2
    assert "onestop init" in capsys.readouterr().err


def test_status_shows_the_live_office(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # status reads the database with the real clock, so the office runs on it too.
    clock = FakeClock(time.time())
    prepare_data(tmp_path)
    office = start_office(tmp_path, clock, register_devices(tmp_path, clock))
    try:
        office.issue("A")
        office.sign_in(1)
        assert main(["status", "--data", str(office.data), "--url", office.url]) == 0
    finally:
        office.stop()
    out = capsys.readouterr().out
    assert "server: running" in out
    assert "Quầy 1" in out and "idle" in out and "service A: 1 waiting" in out


def test_status_says_when_the_server_is_down(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["init", "--data", str(tmp_path)])
    assert main(["status", "--data", str(tmp_path), "--url", "http://127.0.0.1:9"]) == 0
    assert "NOT answering" in capsys.readouterr().out


def test_backup_while_the_server_runs(office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(5):
        office.issue("A")
    out = tmp_path / "backup" / "office.db"
    assert main(["backup", "--data", str(office.data), "--out", str(out)]) == 0
    assert "5 tickets" in capsys.readouterr().out
    import sqlite3

    labels = [r[0] for r in sqlite3.connect(out).execute("SELECT label FROM tickets ORDER BY id")]
    assert labels == ["A001", "A002", "A003", "A004", "A005"]
    assert main(["backup", "--data", str(office.data), "--out", str(out)]) == 2
    assert "never overwritten" in capsys.readouterr().err


def test_admin_commands_leave_the_day_roll_over_to_the_server(office: Office) -> None:
    import json

    from websockets.sync.client import connect

    office.issue("A")
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:  # a lobby screen, live
        json.loads(ws.recv(timeout=5))
        office.clock.advance(24 * 3600)  # the next morning, before the server's first change of the day
        assert main(["clerk", "add", "mai", "--pin", "246810", "--name", "Mai", "--data", str(office.data)]) == 0
        assert office.issue("A")["number"] == "A001"
        first, second = (json.loads(ws.recv(timeout=5)) for _ in range(2))
    # Had the CLI closed yesterday, the live screen would never hear of it.
    assert first["type"] == "day.started" and first["closed_tickets"] == 1
    assert second["type"] == "ticket.issued"
