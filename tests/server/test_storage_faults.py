"""Real storage faults under a running office server: disk full, another program's lock, a read-only
file system, the database file removed or damaged.

Each must answer 503 with a message in both languages (never 500), say ``degraded`` with the
reason at /api/health and to every live screen, recover by itself within seconds once the cause
is gone, and lose nothing it acknowledged — checked after a restart, from the file itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from onestop.cli import main
from server.config import DATABASE_NAME
from tests.helpers.filesystems import Ext4Image, ext4_image, fill, small_tmpfs
from tests.helpers.lock_holder import held_by_another_process
from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office

RECOVERY_S = 10


def wait_for(condition: Callable[[], bool], seconds: float = RECOVERY_S) -> float:
    """Seconds until ``condition()`` held (an awaited condition, polled: the server has no signal to wait on)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.05)
    return time.monotonic() - start


def health(office: Office) -> dict[str, Any]:
    response = office.get("/api/health", device=None)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def problem_codes(office: Office) -> list[str]:
    return [p["code"] for p in health(office)["problems"]]


def issue(office: Office) -> tuple[int, dict[str, Any]]:
    response = office.post("/api/tickets", json={"service": "B"})
    assert response.status_code in (201, 503), response.text
    return response.status_code, response.json()


def assert_unavailable(body: dict[str, Any], code: str) -> None:
    assert body["error"] == code, body
    assert body["message"] and body["message_vi"] and body["message"] != body["message_vi"]


def tickets_in_file(data: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(f"{(data / DATABASE_NAME).resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT label FROM tickets")}


def notices(ws: ClientConnection) -> Iterator[dict[str, Any]]:
    while True:
        message = json.loads(ws.recv(timeout=RECOVERY_S))
        if message["type"] == "health":
            yield message


def office_in(data: Path, clock: FakeClock) -> Office:
    prepare_data(data)
    return start_office(data, clock, register_devices(data, clock))


def restarted_has(office: Office, acknowledged: list[str]) -> None:
    """What the server acknowledged is in the file a restart opens, each number once."""
    office.stop()
    found = tickets_in_file(office.data)
    assert set(acknowledged) <= found
    assert len(acknowledged) == len(set(acknowledged))


# -- disk full ------------------------------------------------------------------------------


def test_disk_full_is_a_503_that_ends_when_space_is_freed(tmp_path: Path, clock: FakeClock) -> None:
    with small_tmpfs(tmp_path / "disk", 3 * 1024) as disk:
        office = office_in(disk / "office", clock)
        try:
            acknowledged = [issue(office)[1]["number"] for _ in range(3)]
            with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
                assert json.loads(ws.recv(timeout=5))["health"]["status"] == "ok"
                filler = fill(disk)
                # The WAL still has room for a few changes; the first one that needs a new page fails.
                for _ in range(200):
                    status, body = issue(office)
                    if status == 503:
                        break
                    acknowledged.append(body["number"])
                assert status == 503
                # A failed COMMIT and the ROLLBACK that fails after it: the answer names the first error.
                assert_unavailable(body, "disk_full")
                assert "disk is full" in body["message"] and "đầy" in body["message_vi"]
                notice = next(notices(ws))
                assert notice["status"] == "degraded" and notice["problems"][0]["code"] == "disk_full"
                assert problem_codes(office) == ["disk_full"]
                # Reads go on: the screens keep showing the office.
                assert office.get("/api/state", device="display").status_code == 200
                status, body = issue(office)
                assert status == 503 and body["error"] == "disk_full"
                filler.unlink()
                took = wait_for(lambda: problem_codes(office) == [])
                assert next(notices(ws))["status"] == "ok"
            status, body = issue(office)
            assert status == 201
            acknowledged.append(body["number"])
            print(f"disk full: writable again {took:.1f} s after space was freed")
            restarted_has(office, acknowledged)
        finally:
            office.stop()


# -- another program holds the database -----------------------------------------------------


def test_a_database_locked_by_another_process_is_a_503_until_it_lets_go(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    acknowledged = [issue(office)[1]["number"]]
    with held_by_another_process(office.data / DATABASE_NAME):
        started = time.monotonic()
        status, body = issue(office)
        assert status == 503 and time.monotonic() - started < 4.5  # before a kiosk's 5 s timeout
        assert_unavailable(body, "busy")
        assert problem_codes(office) == ["busy"]
        # From now on a write is refused at once, and reads are served.
        started = time.monotonic()
        assert issue(office)[0] == 503
        assert time.monotonic() - started < 0.5
        assert office.get("/api/state", device="display").status_code == 200
        # The technician's look says it too.
        assert main(["status", "--data", str(office.data), "--url", office.url]) == 0
        assert "PROBLEM (busy): the office database is locked by another program" in capsys.readouterr().out
    took = wait_for(lambda: problem_codes(office) == [])
    status, body = issue(office)
    assert status == 201
    acknowledged.append(body["number"])
    print(f"locked: writable again {took:.1f} s after the other program let go")
    restarted_has(office, acknowledged)


# -- a read-only file system ----------------------------------------------------------------


def test_a_disk_gone_read_only_is_a_503_until_it_is_mounted_again(tmp_path: Path, clock: FakeClock) -> None:
    with ext4_image(tmp_path) as disk:
        office = office_in(disk.where / "office", clock)
        try:
            acknowledged = [issue(office)[1]["number"] for _ in range(3)]
            disk.fail()
            status, body = issue(office)
            assert status == 503
            # The kernel makes the disk read-only after an I/O error: SQLite sees one, then the other.
            assert_unavailable(body, body["error"])
            assert body["error"] in ("disk_error", "read_only")
            assert problem_codes(office) in (["disk_error"], ["read_only"])
            assert issue(office)[0] == 503
            # The technician checks the disk and mounts it again: the server reopens the file by itself.
            _remount(disk)
            took = wait_for(lambda: problem_codes(office) == [])
            status, body = issue(office)
            assert status == 201
            acknowledged.append(body["number"])
            print(f"read-only: writable again {took:.1f} s after the disk was mounted again")
            restarted_has(office, acknowledged)
        finally:
            office.stop()


def _remount(disk: Ext4Image) -> None:
    disk.mount()


# -- the file removed or damaged under the server --------------------------------------------


@pytest.mark.parametrize("what", ["office.db", "office.db and its -wal and -shm"])
def test_a_removed_database_file_is_written_back_with_nothing_lost(office: Office, what: str) -> None:
    acknowledged = [issue(office)[1]["number"] for _ in range(5)]
    path = office.data / DATABASE_NAME
    os.remove(path)
    if "-wal" in what:
        os.remove(f"{path}-wal")
        os.remove(f"{path}-shm")
    # Noticed without anyone writing (the server looks every second), and written back.
    took = wait_for(lambda: path.exists() and problem_codes(office) == [])
    for _ in range(3):
        status, body = issue(office)
        assert status == 201
        acknowledged.append(body["number"])
    assert list(office.data.glob("office.db.writeback")) == []
    print(f"removed ({what}): written back in {took:.1f} s")
    restarted_has(office, acknowledged)


def test_a_database_file_overwritten_under_the_server_is_written_back(office: Office) -> None:
    acknowledged = [issue(office)[1]["number"] for _ in range(5)]
    path = office.data / DATABASE_NAME
    with open(path, "r+b") as db:  # what a stray tool or a dying disk does to the header
        db.write(os.urandom(100))
    # The server's own connection still reads every page (its cache, its WAL): the file is written back.
    took = wait_for(lambda: bool(list(office.data.glob("office.db.damaged-*"))) and problem_codes(office) == [])
    assert _whole(path)
    status, body = issue(office)
    assert status == 201
    acknowledged.append(body["number"])
    print(f"overwritten: written back in {took:.1f} s")
    restarted_has(office, acknowledged)


def test_a_truncated_database_file_is_noticed_and_never_a_500(office: Office) -> None:
    acknowledged = [issue(office)[1]["number"] for _ in range(5)]
    path = office.data / DATABASE_NAME
    os.truncate(path, 0)
    wait_for(lambda: bool(list(office.data.glob("office.db.damaged-*"))) or problem_codes(office) == ["corrupt"])
    for route in ("/api/state", "/api/counters", "/api/services", "/api/tickets/1"):
        assert office.get(route, device="display").status_code in (200, 503)
    status, body = issue(office)
    if list(office.data.glob("office.db.damaged-*")):
        assert status == 201  # every page was still in the server's hands: written back
        print("truncated: written back")
        acknowledged.append(body["number"])
        restarted_has(office, acknowledged)
    else:
        assert status == 503  # pages are gone: nothing more is acknowledged until a restore
        assert_unavailable(body, "corrupt")
        assert problem_codes(office) == ["corrupt"]
        print("truncated: corrupt, writes refused")


def _whole(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.Error:
        return False
