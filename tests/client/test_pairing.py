"""Pairing a new device end to end: its screen shows a code, an administrator approves, the token is kept."""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.args import check_client_args
from client.language import Language
from client.pairing import PairingClient
from client.pairing_screen import PairingScreen
from client.token_store import load_token, save_token, token_file
from tests.helpers.office import Office

pytestmark = pytest.mark.gui
WAIT = 10_000
SHOTS = Path(os.environ.get("ONESTOP_SHOTS", "/tmp/onestop-shots"))


def test_a_new_kiosk_shows_a_code_and_receives_its_token(qtbot: QtBot, office: Office, tmp_path: Path) -> None:
    pairing = PairingClient(ApiClient(office.url, ""), "kiosk")
    screen = PairingScreen(pairing, office.url, "kiosk", Language("vi"))
    qtbot.addWidget(screen)
    screen.resize(1920, 1080)
    with qtbot.waitSignal(pairing.code_ready, timeout=WAIT) as ready:
        pairing.start()
    code = ready.args[0]
    assert screen.code.text() == f"{code[:3]} {code[3:]}" and not screen.qr.pixmap().isNull()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert screen.grab().save(str(SHOTS / "pairing-kiosk-1920x1080.png"))
    screen.resize(1366, 768)
    screen._language.set("en")
    assert "not registered" in screen.title.text()
    assert screen.grab().save(str(SHOTS / "pairing-kiosk-en-1366x768.png"))
    with qtbot.waitSignal(pairing.paired, timeout=WAIT) as paired:
        approved = office.post(f"/api/admin/pairings/{code}/approve", "admin", json={"name": "kiosk2", "role": "kiosk"})
        assert approved.status_code == 204, approved.text
    pairing.stop()
    answer = paired.args[0]
    assert answer["device"] == "kiosk2"
    path = save_token("kiosk", answer["token"], tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_token("kiosk", tmp_path) == answer["token"]
    office.tokens["kiosk2"] = answer["token"]
    assert office.post("/api/tickets", "kiosk2", json={"service": "A"}).status_code == 201


def test_a_refused_device_says_so(qtbot: QtBot, office: Office) -> None:
    pairing = PairingClient(ApiClient(office.url, ""), "counter")
    screen = PairingScreen(pairing, office.url, "counter", Language("vi"))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(pairing.code_ready, timeout=WAIT) as ready:
        pairing.start()
    with qtbot.waitSignal(pairing.refused, timeout=WAIT):
        assert office.post(f"/api/admin/pairings/{ready.args[0]}/refuse", "admin").status_code == 204
    pairing.stop()
    assert "từ chối" in screen.status.text()


def test_a_stored_token_is_used_when_none_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("client.token_store.user_config_dir", lambda _app: str(tmp_path))
    args = argparse.Namespace(server="https://office:8000", token=None)
    check_client_args(args, "display")
    assert args.token is None  # nothing stored: the app pairs
    save_token("display", "t" * 43)
    check_client_args(args, "display")
    assert args.token == "t" * 43 and token_file("display").parent == tmp_path
