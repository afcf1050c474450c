"""Device alerts (table ``alerts``): a device raises one when its hardware fails and clears it when it recovers.

There is at most one active alert per source and kind; a new state for an
active alert updates it in place. The source is the reporting device itself
(a device raises and clears only its own alerts); a supervisor acknowledges
and clears any. Each change is one transaction with its event
(``alert.raised``, ``alert.cleared``, ``alert.acknowledged``).
"""

from __future__ import annotations

import sqlite3

from server import schemas, snapshots
from server.errors import ConflictError, NotFoundError
from server.snapshots import Actor
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.events import EventLog


class Alerts:
    def __init__(self, db: Database, events: EventLog, audit: AuditTrail) -> None:
        self._db = db
        self._events = events
        self._audit = audit

    def set(
        self,
        kind: str,
        state: str,
        active: bool,
        message_vi: str | None,
        message_en: str | None,
        actor: Actor,
    ) -> schemas.Alert | None:
        """Raise, update or clear the alert of the calling device (its source) and ``kind``.

        Returns the alert as it is now, or None when clearing one that was not
        active (devices re-send a clear after reconnecting; that is not an error).
        Repeating an unchanged active alert changes nothing and emits no event.
        """
        source = actor.device
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

    def acknowledge(self, alert_id: int, actor: Actor) -> schemas.Alert:
        """A supervisor has seen the alert (someone is on it); it stays active until cleared."""
        with self._db.write():
            row = self._row(alert_id)
            if not row["active"]:
                raise ConflictError(f"alert {alert_id} is cleared already", f"Cảnh báo {alert_id} đã được xóa")
            now = self._db.clock()
            self._db.conn.execute(
                "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, updated_at = ? WHERE id = ?",
                (now, actor.device, now, alert_id),
            )
            alert = self._alert(alert_id)
            self._audit.record("alert.acknowledge", actor, alert=alert_id, source=row["source"], kind=row["kind"])
            self._events.emit("alert.acknowledged", actor=actor, alert=alert)
        return alert

    def clear(self, alert_id: int, actor: Actor) -> schemas.Alert:
        """A supervisor clears any device's alert (the device raises it again if the fault is still there)."""
        with self._db.write():
            row = self._row(alert_id)
            if not row["active"]:
                raise ConflictError(f"alert {alert_id} is cleared already", f"Cảnh báo {alert_id} đã được xóa")
            now = self._db.clock()
            self._db.conn.execute(
                "UPDATE alerts SET active = 0, cleared_at = ?, updated_at = ? WHERE id = ?", (now, now, alert_id)
            )
            alert = self._alert(alert_id)
            self._audit.record("alert.clear", actor, alert=alert_id, source=row["source"], kind=row["kind"])
            self._events.emit("alert.cleared", actor=actor, alert=alert)
        return alert

    def _row(self, alert_id: int) -> sqlite3.Row:
        row: sqlite3.Row | None = self._db.conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no alert {alert_id}", f"Không có cảnh báo {alert_id}")
        return row

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
            "acknowledged_at": snapshots.iso(row["acknowledged_at"], self._db.tz),
            "acknowledged_by": row["acknowledged_by"],
        }
