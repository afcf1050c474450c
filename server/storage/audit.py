"""The audit trail (table ``audit``): who did what sensitive, when; append-only, never deleted.

Each entry is written inside the transaction of the act it records, so an act
and its trace are durable together or not at all. The table's triggers refuse
UPDATE and DELETE (server/migrations.py m007). Details never hold a PIN, a
token or a ticket's code.
"""

from __future__ import annotations

import json
from typing import Any

from server import schemas, snapshots
from server.snapshots import Actor
from server.storage.database import Database

# Actions the trail records (the README lists them).
ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_locked",
    "sign_out",
    "device.add",
    "device.revoke",
    "device.rename",
    "device.pair_refused",
    "clerk.add",
    "clerk.set_pin",
    "clerk.change",
    "config.change",
    "ticket.cancel",
    "ticket.transfer",
    "ticket.requeue",
    "ticket.call_number",
    "ticket.recall",
    "rating",
    "alert.acknowledge",
    "alert.clear",
    "config.loaded",
    "kiosk.admin",
    "procedure.edit",
    "booking.cancel",
    "admin.sign_in",
    "admin.sign_out",
    "playlist.add",
    "playlist.change",
    "playlist.reorder",
    "playlist.delete",
)


class AuditTrail:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self, action: str, actor: Actor | None, *, ticket_id: int | None = None, clerk: str | None = None, **detail: Any
    ) -> None:
        """Append one entry; call it inside the act's own ``db.write()``."""
        assert action in ACTIONS, action
        self._db.conn.execute(
            "INSERT INTO audit (at, action, device, clerk, ticket_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (
                self._db.clock(),
                action,
                actor.device if actor else None,
                clerk if clerk is not None else (actor.clerk if actor else None),
                ticket_id,
                json.dumps(detail, ensure_ascii=False, sort_keys=True),
            ),
        )

    def append(
        self, action: str, actor: Actor | None, *, ticket_id: int | None = None, clerk: str | None = None, **detail: Any
    ) -> None:
        """``record`` in a transaction of its own (acts that change nothing else: a kiosk's admin screen)."""
        with self._db.write():
            self.record(action, actor, ticket_id=ticket_id, clerk=clerk, **detail)

    def between(self, start: float, end: float, limit: int = 100_000) -> list[schemas.AuditEntry]:
        """Entries with ``start <= at < end``, oldest first."""
        rows = self._db.conn.execute(
            "SELECT * FROM audit WHERE at >= ? AND at < ? ORDER BY id LIMIT ?", (start, end, limit)
        ).fetchall()
        return [
            {
                "id": r["id"],
                "at": snapshots.iso(r["at"], self._db.tz),
                "action": r["action"],
                "device": r["device"],
                "clerk": r["clerk"],
                "ticket_id": r["ticket_id"],
                "detail": json.loads(r["detail"]),
            }
            for r in rows
        ]

    def config_loaded(self, sha256: str, path: str) -> None:
        """The server started with office.toml of this hash: a trace when it changed since the last start."""
        row = self._db.conn.execute(
            "SELECT detail FROM audit WHERE action = 'config.loaded' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        last = json.loads(row["detail"]).get("sha256") if row else None
        if last != sha256:
            self.append("config.loaded", Actor("server"), sha256=sha256, path=path, changed=last is not None)
