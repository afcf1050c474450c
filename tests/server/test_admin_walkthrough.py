"""Issue 14's "done when", as a new user would go: from `onestop init` to a working office — a new service, a
second kiosk and three counters paired by code, a clerk added — with no text editor and no token copied."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest

from onestop.cli import main
from tests.helpers.office import PIN, Office, start_office


def pair(office: Office, kind: str, hint: str, name: str, counter: int | None = None) -> str:
    """A device asks, the administrator approves the code it shows, the device receives its token."""
    ticket = office.post("/api/pair", None, json={"kind": kind, "hint": hint}).json()
    pending = {p["code"]: p for p in office.get("/api/admin/pairings", "admin").json()["pending"]}
    assert pending[ticket["code"]]["hint"] == hint
    body = {"name": name, "role": kind, "counter": counter}
    assert office.post(f"/api/admin/pairings/{ticket['code']}/approve", "admin", json=body).status_code == 204
    answer = office.post(f"/api/pair/{ticket['id']}/wait", None, json={"secret": ticket["secret"], "wait_s": 0})
    token: str = answer.json()["token"]
    office.tokens[name] = token
    return token


def test_from_init_to_a_working_office_without_an_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "office"
    assert main(["init", "--data", str(data)]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["clerk", "add", "lan", "--name", "Nguyễn Thị Lan", "--admin", "--data", str(data)]) == 0
    capsys.readouterr()
    office = start_office(data, time.time, {})
    try:
        session = office.post("/api/admin/sign-in", None, json={"username": "lan", "pin": PIN}).json()
        office.tokens["admin"] = session["token"]

        # A new service, served at counter 3 after its own.
        config = office.get("/api/admin/config", "admin").json()
        document: dict[str, Any] = config["document"]
        document["services"].append({"code": "G", "name_vi": "Bảo trợ xã hội", "name_en": "Social protection",
                                     "label": "G###", "mean_service_min": 6.0, "target_wait_min": 15.0,
                                     "hidden": False})  # fmt: skip
        document["counters"][2]["services"].append("G")
        changed = office.request("PUT", "/api/admin/config", "admin", json={"version": 1, "document": document})
        assert changed.status_code == 200 and changed.json()["version"] == 2

        # A second kiosk and three counters, paired by code.
        pair(office, "kiosk", "may-lay-so-2", "kiosk2")
        for n in (1, 2, 3):
            pair(office, "counter", f"quay-{n}-pc", f"quay{n}", counter=n)

        # A clerk added in the admin screens signs in at a paired counter.
        clerk = {"username": "hoa", "name": "Trần Thị Hoa", "pin": "135790"}
        assert office.post("/api/admin/clerks", "admin", json=clerk).status_code == 201
        signed = office.post("/api/counters/3/sign-in", "quay3", json={"username": "hoa", "pin": "135790"})
        assert signed.status_code == 200, signed.text

        # A citizen takes a ticket for the new service at the second kiosk; counter 3 calls it.
        ticket = office.post("/api/tickets", "kiosk2", json={"service": "G"})
        assert ticket.status_code == 201 and ticket.json()["number"] == "G001"
        called = office.post("/api/counters/3/call-next", "quay3").json()["ticket"]
        assert called["number"] == "G001"

        devices = {d["name"]: d for d in office.get("/api/admin/devices", "admin").json()["devices"]}
        assert {"kiosk2", "quay1", "quay2", "quay3"} <= set(devices) and devices["quay2"]["counter"] == 2
    finally:
        office.stop()
