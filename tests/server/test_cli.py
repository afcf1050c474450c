"""The `onestop` command as a technician uses it."""

import io
import time
from pathlib import Path

import pytest

from onestop.cli import main
from tests.helpers.office import PIN, FakeClock, Office, prepare_data, register_devices, start_office
from tests.helpers.stream import next_event


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
        (["clerk", "add", "lan", "--name", "Lan"], "6 to 12 digits"),  # "12" on standard input
        (["clerk", "set-pin", "nobody"], "no clerk 'nobody'"),
    ],
)
def test_mistakes_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n" if "add" in args else "135790\n"))
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

    from websockets.sync.client import connect

    office.issue("A")
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:  # a lobby screen, live
        next_event(ws)
        office.clock.advance(24 * 3600)  # the next morning, before the server's first change of the day
        assert main(["clerk", "add", "mai", "--pin", "246810", "--name", "Mai", "--data", str(office.data)]) == 0
        assert office.issue("A")["number"] == "A001"
        first, second = (next_event(ws) for _ in range(2))
    # Had the CLI closed yesterday, the live screen would never hear of it.
    assert first["type"] == "day.started" and first["closed_tickets"] == 1
    assert second["type"] == "ticket.issued"


def test_audit_lists_sensitive_acts_and_refuses_changes(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    """Sign-ins, a failed one, a cancel: in the trail, by `onestop audit` and GET /api/audit; never changed."""
    import sqlite3

    from server.config import DATABASE_NAME

    office.sign_in(1)
    office.act(1, "sign-in", username="clerk1", pin="000000")
    ticket = office.issue("B")
    office.post(f"/api/tickets/{ticket['id']}/cancel", "supervisor")
    actions = [e["action"] for e in office.get("/api/audit", "supervisor").json()["entries"]]
    assert {"sign_in", "sign_in_failed", "ticket.cancel", "config.loaded"} <= set(actions)
    assert office.get("/api/audit", "kiosk").status_code == 403
    assert main(["audit", "--data", str(office.data), "--from", "2026-11-27", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("at,action,device,clerk,ticket_id,detail") and "ticket.cancel,supervisor" in out
    assert PIN not in out and "000000" not in out
    with sqlite3.connect(office.data / DATABASE_NAME) as db:
        for statement in ("UPDATE audit SET action = 'x'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                db.execute(statement)


def test_clerk_pins_from_standard_input_and_a_warning_for_pin(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("735291\n"))
    assert main(["clerk", "add", "mai", "--name", "Mai", "--data", str(office.data)]) == 0
    assert "warning" not in capsys.readouterr().err
    assert office.act(1, "sign-in", username="mai", pin="735291").status_code == 200
    monkeypatch.setattr("sys.stdin", io.StringIO("864213\n"))
    assert main(["clerk", "set-pin", "mai", "--data", str(office.data)]) == 0
    assert office.act(1, "sign-out").status_code == 200
    assert office.act(1, "sign-in", username="mai", pin="864213").status_code == 200
    assert main(["clerk", "set-pin", "mai", "--pin", "975310", "--data", str(office.data)]) == 0
    assert "--pin is visible to other users in 'ps'" in capsys.readouterr().err
