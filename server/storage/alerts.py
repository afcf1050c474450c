"""Device alerts (table ``alerts``): a device raises one when its hardware fails and clears it when it recovers.

There is at most one active alert per source and kind; a new state for an
active alert updates it in place. Each change is one transaction with its
event (``alert.raised``, ``alert.cleared``).
"""

from __future__ import annotations

import sqlite3

from server import schemas, snapshots
from server.snapshots import Actor
from server.storage.database import Database
from server.storage.events import EventLog


class Alerts:
    def __init__(self, db: Database, events: EventLog) -> None:
        self._db = db
        self._events = events

    def set(
        self,
        source: str,
        kind: str,
        state: str,
        active: bool,
        message_vi: str | None,
        message_en: str | None,
        actor: Actor,
    ) -> schemas.Alert | None:
        """Raise, update or clear the alert of ``source`` and ``kind``.

        Returns the alert as it is now, or None when clearing one that was not
        active (devices re-send a clear after reconnecting; that is not an error).
        Repeating an unchanged active alert changes nothing and emits no event.
        """
        with self._db.write():
            now = self._db.clock()
            row = self._active_alert_row(source, kind)
            if not active:
                if row is None:
                    return None
                self._db.conn.execute(
                    "UPDATE alerts SET active = 0, cleared_at = ?, updated_at = ? WHERE id = ?",
                    (now, now, row["id"]),
                )
                alert = self._alert(row["id"])
                self._events.emit("alert.cleared", actor=actor, alert=alert)
                return alert
            assert message_vi is not None and message_en is not None, "checked by the API body"
            if row is None:
                cur = self._db.conn.execute(
                    "INSERT INTO alerts (source, kind, state, message_vi, message_en, device, active, "
                    "raised_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (source, kind, state, message_vi, message_en, actor.device, now, now),
                )
                alert_id = cur.lastrowid
                assert alert_id is not None
            elif (row["state"], row["message_vi"], row["message_en"]) == (state, message_vi, message_en):
                return self._alert(row["id"])
            else:
                alert_id = row["id"]
                self._db.conn.execute(
                    "UPDATE alerts SET state = ?, message_vi = ?, message_en = ?, device = ?, updated_at = ? "
                    "WHERE id = ?",
                    (state, message_vi, message_en, actor.device, now, alert_id),
                )
            alert = self._alert(alert_id)
            self._events.emit("alert.raised", actor=actor, alert=alert)
            return alert

    def active(self) -> list[schemas.Alert]:
        rows = self._db.conn.execute("SELECT * FROM alerts WHERE active = 1 ORDER BY raised_at, id").fetchall()
        return [self._alert_snapshot(r) for r in rows]

    def _active_alert_row(self, source: str, kind: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.conn.execute(
            "SELECT * FROM alerts WHERE source = ? AND kind = ? AND active = 1", (source, kind)
        ).fetchone()
        return row

    def _alert(self, alert_id: int) -> schemas.Alert:
        row = self._db.conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        return self._alert_snapshot(row)

    def _alert_snapshot(self, row: sqlite3.Row) -> schemas.Alert:
        return {
            "id": row["id"],
            "source": row["source"],
            "kind": row["kind"],
            "state": row["state"],
            "active": bool(row["active"]),
            "message_vi": row["message_vi"],
            "message_en": row["message_en"],
            "device": row["device"],
            "raised_at": snapshots.iso(row["raised_at"], self._db.tz),
            "updated_at": snapshots.iso(row["updated_at"], self._db.tz),
            "cleared_at": snapshots.iso(row["cleared_at"], self._db.tz),
        }
