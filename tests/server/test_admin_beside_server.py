"""Admin commands beside a live server: they never migrate the database, and never keep its write lock
from the server for more than 100 ms (measured from outside, by another connection asking for the lock)."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlite_utils import Database as SqliteUtilsDatabase

from server.config import DATABASE_NAME
from server.migrations import migrations
from tests.helpers.office import Office, prepare_data

ONESTOP = [sys.executable, "-m", "onestop"]
LOCK_LIMIT_S = 0.100


class LockWatcher:
    """Asks for the write lock over and over (never waiting) and keeps the longest time it was refused."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path, isolation_level=None, timeout=0, check_same_thread=False)
        self._stop = threading.Event()
        self.longest_s = 0.0
        self.tries = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        refused_since: float | None = None
        while not self._stop.is_set():
            self.tries += 1
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                refused_since = refused_since or time.perf_counter()
                continue
            self._conn.execute("ROLLBACK")
            if refused_since is not None:
                self.longest_s = max(self.longest_s, time.perf_counter() - refused_since)
                refused_since = None
            time.sleep(0.0002)  # leave the lock to the others most of the time

    def __enter__(self) -> LockWatcher:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._conn.close()


def onestop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ONESTOP, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_admin_commands_never_hold_the_write_lock_long(office: Office, tmp_path: Path) -> None:
    data = str(office.data)
    commands = [
        ("device", "add", "kiosk9", "--role", "kiosk", "--data", data),
        ("device", "revoke", "kiosk9", "--data", data),
        ("device", "list", "--data", data),
        ("clerk", "add", "lan", "--pin", "246810", "--name", "Nguyễn Thị Lan", "--data", data),
        ("clerk", "list", "--data", data),
        ("status", "--data", data, "--url", office.url),
        ("backup", "--data", data, "--out", str(tmp_path / "backup.db")),
    ]
    with LockWatcher(office.data / DATABASE_NAME) as watcher:
        for command in commands:
            office.issue("A")  # the server keeps working meanwhile
            done = onestop(*command, cwd=tmp_path)
            assert done.returncode == 0, done.stderr
    print(f"longest time the write lock was held from the server: {watcher.longest_s * 1000:.1f} ms "
          f"({watcher.tries} tries)")  # fmt: skip
    assert watcher.tries > 1000
    assert watcher.longest_s < LOCK_LIMIT_S


def test_admin_commands_never_migrate_a_database(tmp_path: Path) -> None:
    data = tmp_path / "office"
    prepare_data(data)
    last = "m006_ticket_public_code"
    with contextlib.closing(sqlite3.connect(data / DATABASE_NAME, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")  # as the server leaves it
        migrations.apply(SqliteUtilsDatabase(conn), stop_before=last)
    before = (data / DATABASE_NAME).read_bytes()
    for command in (("device", "add", "kiosk1", "--role", "kiosk"), ("clerk", "add", "lan", "--pin", "246810",
                                                                        "--name", "Lan")):  # fmt: skip
        done = onestop(*command, "--data", str(data), cwd=tmp_path)
        assert done.returncode == 2
        assert "needs an upgrade" in done.stderr and "onestop server" in done.stderr
        assert "Traceback" not in done.stderr
    assert (data / DATABASE_NAME).read_bytes() == before
    with contextlib.closing(sqlite3.connect(data / DATABASE_NAME)) as conn:
        assert last not in {row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")}
