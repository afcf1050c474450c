"""The admin screens' door against the real server: an administrator signs in with username and PIN."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from onestop.cli import main
from tests.helpers.office import PIN, Office


def sign_in(office: Office, username: str, pin: str = PIN) -> tuple[int, dict[str, object]]:
    response = office.post("/api/admin/sign-in", None, json={"username": username, "pin": pin})
    return response.status_code, response.json()


def test_an_administrator_signs_in_and_out(office: Office) -> None:
    status, session = sign_in(office, "lan")
    assert status == 200, session
    assert session["name"] == "Nguyễn Thị Lan" and len(str(session["token"])) >= 32
    headers = {"Authorization": f"Bearer {session['token']}"}
    me = office.get("/api/admin/me", None, headers=dict(headers))
    assert me.status_code == 200 and me.json()["username"] == "lan"
    assert office.post("/api/admin/sign-out", None, headers=dict(headers)).status_code == 204
    assert office.get("/api/admin/me", None, headers=dict(headers)).status_code == 401
    actions = [e["action"] for e in office.get("/api/audit", "supervisor").json()["entries"]]
    assert "admin.sign_in" in actions and "admin.sign_out" in actions


def test_a_counter_clerk_is_no_administrator_and_the_reverse(office: Office) -> None:
    status, refused = sign_in(office, "clerk1")
    assert status == 422 and refused["message_vi"] != refused["message"]
    assert office.act(1, "sign-in", username="lan", pin=PIN).status_code == 422


def test_wrong_pins_lock_the_name_as_at_the_counters(office: Office) -> None:
    for _ in range(4):
        assert sign_in(office, "lan", "999999")[0] == 422
    status, locked = sign_in(office, "lan", "999999")
    assert status == 429 and locked["retry_after_s"] == 300
    assert sign_in(office, "lan")[0] == 429  # even the right PIN waits
    office.clock.advance(301)
    assert sign_in(office, "lan")[0] == 200


def test_a_session_ends_after_an_hour(office: Office) -> None:
    _, session = sign_in(office, "lan")
    office.clock.advance(3601)  # not looked up before: no cached answer
    assert office.get("/api/admin/me", None, headers={"Authorization": f"Bearer {session['token']}"}).status_code == 401


def test_a_session_is_no_device_token(office: Office) -> None:
    _, session = sign_in(office, "lan")
    headers = {"Authorization": f"Bearer {session['token']}"}
    assert office.post("/api/tickets", None, headers=headers, json={"service": "A"}).status_code == 403
    assert office.get("/api/audit", None, headers=dict(headers)).status_code == 403


def test_clerk_add_admin_and_promote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    assert main(["init", "--data", data]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["clerk", "add", "lan", "--name", "Lan", "--admin", "--data", data]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["clerk", "add", "hoa", "--name", "Hoa", "--data", data]) == 0
    assert main(["clerk", "promote", "hoa", "--data", data]) == 0
    capsys.readouterr()
    assert main(["clerk", "list", "--data", data]) == 0
    listed = capsys.readouterr().out
    assert "lan              admin" in listed and "hoa              admin" in listed
    assert main(["clerk", "promote", "hoa", "--demote", "--data", data]) == 0
    assert main(["clerk", "promote", "lan", "--demote", "--data", data]) == 2  # the last administrator
    assert "last active administrator" in capsys.readouterr().err
