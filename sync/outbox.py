"""The agent's durable outbox: its own SQLite file, ``sync-outbox.db`` under ``--data``.

A batch is written here (and fsynced) before it is sent, and removed only
when the district has acknowledged it, so a crash, a power cut or a week
offline loses nothing. Every change is one transaction. A newer batch of a
day replaces an unsent older one in the same transaction: the newer holds
the whole day, so after days offline the agent sends one batch per day, in
order, instead of every five-minute snapshot.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from sync.batches import Batch, shift

OUTBOX_NAME = "sync-outbox.db"

migrations = Migrations("onestop.sync")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE pending (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- order of creation
            batch_id TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL,
            version INTEGER NOT NULL,
            final INTEGER NOT NULL,                  -- built after the day closed: its last batch
            body TEXT NOT NULL,                      -- the JSON sent (gzipped on the wire)
            created_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX pending_day ON pending (day, seq);

        -- Days whose final batch the district applied: never read again.
        CREATE TABLE done_days (day TEXT PRIMARY KEY, batch_id TEXT NOT NULL, acked_at REAL NOT NULL);

        -- Batches the district refused as invalid (a bug somewhere): kept for a person to look at.
        -- The latest refused batch of each day (a day refused every cycle keeps one row).
        CREATE TABLE rejected (
            day TEXT PRIMARY KEY,
            batch_id TEXT NOT NULL,
            body TEXT NOT NULL,
            status INTEGER NOT NULL,
            message TEXT NOT NULL,
            rejected_at REAL NOT NULL
        );

        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


@dataclass(frozen=True)
class Pending:
    seq: int
    batch_id: str
    day: str
    version: int
    final: bool
    body: str
    attempts: int


class Outbox:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One user at a time, but not always the thread that opened it (the agent may run on a thread of its own).
        conn = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a batch is on disk before it goes out, and an acknowledged day stays done.
        conn.execute("PRAGMA synchronous=FULL")
        self.db = Database(conn)
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    # -- state --------------------------------------------------------------

    def get(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def _set(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def update(self, **values: Any) -> None:
        with self.db.atomic():
            for key, value in values.items():
                self._set(key, value)

    def reserve_versions(self, count: int, now_us: int) -> int:
        """The first of ``count`` versions larger than any handed out before and any the district holds.

        Versions follow the clock (microseconds) so a reinstalled agent with an
        empty outbox still outranks what it sent before; the floor keeps them
        increasing when the clock steps back.
        """
        with self.db.atomic():
            first = max(now_us, int(self.get("version_floor") or 0) + 1)
            self._set("version_floor", first + count - 1)
        return first

    def raise_version_floor(self, version: int) -> None:
        with self.db.atomic():
            if version > int(self.get("version_floor") or 0):
                self._set("version_floor", version)

    # -- batches ------------------------------------------------------------

    def put_all(self, batches: list[Batch], now: float) -> None:
        """Store a cycle's batches in one transaction, each replacing the unsent older batches of its day."""
        with self.db.atomic():
            for batch in batches:
                self.db.execute("DELETE FROM pending WHERE day = ? AND version < ?", (batch.day, batch.version))
                self.db.execute(
                    "INSERT INTO pending (batch_id, day, version, final, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (batch.batch_id, batch.day, batch.version, int(batch.final), json.dumps(batch.body), now),
                )

    def pending(self) -> list[Pending]:
        """Oldest day first, so a long backlog arrives in order."""
        rows = self.db.execute(
            "SELECT seq, batch_id, day, version, final, body, attempts FROM pending ORDER BY day, seq"
        ).fetchall()
        return [Pending(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]

    def backlog(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM pending").fetchone()[0])

    def oldest_pending_day(self) -> str | None:
        row = self.db.execute("SELECT MIN(day) FROM pending").fetchone()
        return None if row is None else row[0]

    def pending_final_days(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT day FROM pending WHERE final = 1")}

    def done_days(self, since: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT day FROM done_days WHERE day >= ?", (since,))}

    def failed(self, item: Pending, error: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE pending SET attempts = attempts + 1, last_error = ? WHERE seq = ?", (error[:500], item.seq)
            )

    def acknowledged(self, item: Pending, day_applied: bool, now: float) -> None:
        """The district has it: drop it; a final batch whose figures now stand closes its day for good."""
        with self.db.atomic():
            self.db.execute("DELETE FROM pending WHERE seq = ?", (item.seq,))
            if item.final and day_applied:
                self.db.execute(
                    "INSERT OR REPLACE INTO done_days (day, batch_id, acked_at) VALUES (?, ?, ?)",
                    (item.day, item.batch_id, now),
                )
                self._advance_watermark()

    def _advance_watermark(self) -> None:
        """The watermark: the last day such that it and every day before it (since the start) are done."""
        mark = self.get("watermark")
        start = self.get("start_day")
        candidate = mark
        rows = self.db.execute("SELECT day FROM done_days WHERE day > ? ORDER BY day", (candidate or "",)).fetchall()
        expected = shift(candidate, 1) if candidate else start
        for (day,) in rows:
            if day != expected:
                break
            candidate, expected = day, shift(day, 1)
        if candidate != mark:
            self._set("watermark", candidate)

    def reject(self, item: Pending, status: int, message: str, now: float) -> None:
        """Set aside a batch the district refuses as invalid, so it does not block the days after it."""
        with self.db.atomic():
            self.db.execute("DELETE FROM pending WHERE seq = ?", (item.seq,))
            self.db.execute(
                "INSERT OR REPLACE INTO rejected (batch_id, day, body, status, message, rejected_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (item.batch_id, item.day, item.body, status, message[:1000], now),
            )

    def rejected_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM rejected").fetchone()[0])
