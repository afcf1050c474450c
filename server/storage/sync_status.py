"""The sync agent's last report (last success, backlog, last error), kept for the supervisor.

The report lives in the ``meta`` table under one key; each report is one
transaction with a ``sync.status`` event, so a supervisor's screen sees it
change without asking.
"""

from __future__ import annotations

import json
from typing import Any, cast

from server import schemas, snapshots
from server.storage.database import Database
from server.storage.events import EventLog

META_KEY = "sync.status"


class SyncStatusLog:
    def __init__(self, db: Database, events: EventLog) -> None:
        self._db = db
        self._events = events

    def set(self, report: dict[str, Any], device: str) -> schemas.SyncStatus:
        """Store the agent's report (validated; times as epoch seconds) with when and from which device it came."""
        status = dict(report)
        for key in ("last_attempt_at", "last_success_at"):
            if status.get(key) is not None:
                status[key] = snapshots.iso(status[key], self._db.tz)
        status.update(device=device, received_at=snapshots.iso(self._db.clock(), self._db.tz))
        with self._db.write():
            self._db.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (META_KEY, json.dumps(status, ensure_ascii=False)),
            )
            self._events.emit("sync.status", sync=status)
        return cast(schemas.SyncStatus, status)

    def get(self) -> schemas.SyncStatus | None:
        row = self._db.conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
        return None if row is None else cast(schemas.SyncStatus, json.loads(row["value"]))
