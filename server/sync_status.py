"""The sync agent's last report (last success, backlog, last error), kept for the supervisor.

A mixin of Store (server/store.py). The report lives in the ``meta`` table
under one key; each report is one transaction with a ``sync.status`` event,
so a supervisor's screen sees it change without asking.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from server import snapshots

if TYPE_CHECKING:
    from server.store import Store

    _Base = Store
else:
    _Base = object

META_KEY = "sync.status"


class SyncStatus(_Base):
    def set_sync_status(self, report: dict[str, Any], device: str) -> dict[str, Any]:
        """Store the agent's report (validated; times as epoch seconds) with when and from which device it came."""
        status = dict(report)
        for key in ("last_attempt_at", "last_success_at"):
            if status.get(key) is not None:
                status[key] = snapshots.iso(status[key], self.tz)
        status.update(device=device, received_at=snapshots.iso(self.clock(), self.tz))
        with self.write():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (META_KEY, json.dumps(status, ensure_ascii=False)),
            )
            self._emit("sync.status", sync=status)
        return status

    def sync_status(self) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
        return None if row is None else dict(json.loads(row["value"]))
