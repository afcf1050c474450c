"""What each device last said about itself (table ``device_status``): its version and the state of its parts.

An app reports when it starts and whenever one of its optional parts changes — the voice fell back to the
chime, the sound device is gone, the USB stack is missing — so the supervisor sees which screen runs on
what without walking to it. A report that changes something is one transaction with a ``device.status``
event; one that repeats the last only moves its time.
"""

from __future__ import annotations

import json
from typing import Any, cast

from server import schemas, snapshots
from server.storage.database import Database
from server.storage.events import EventLog


class DeviceReports:
    def __init__(self, db: Database, events: EventLog) -> None:
        self._db = db
        self._events = events

    def report(self, device: str, version: str, components: dict[str, dict[str, str]]) -> schemas.DeviceStatus:
        db = self._db
        text = json.dumps(components, ensure_ascii=False, sort_keys=True)
        with db.write():
            before = db.conn.execute(
                "SELECT version, components FROM device_status WHERE device = ?", (device,)
            ).fetchone()
            db.conn.execute(
                "INSERT INTO device_status (device, version, components, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (device) DO UPDATE SET version = excluded.version, components = excluded.components, "
                "at = excluded.at",
                (device, version, text, db.clock()),
            )
            status = self._status(device)
            if before is None or (before["version"], before["components"]) != (version, text):
                self._events.emit("device.status", status=status)
        return status

    def all(self) -> list[schemas.DeviceStatus]:
        """Every device that is not revoked, with its last report (``reported_at`` null: it never reported)."""
        rows = self._db.conn.execute("SELECT name FROM devices WHERE revoked = 0 ORDER BY name").fetchall()
        return [self._status(row["name"]) for row in rows]

    def _status(self, device: str) -> schemas.DeviceStatus:
        row = self._db.conn.execute(
            "SELECT d.name, d.role, d.counter, s.version, s.components, s.at FROM devices d "
            "LEFT JOIN device_status s ON s.device = d.name WHERE d.name = ?",
            (device,),
        ).fetchone()
        components: dict[str, Any] = json.loads(row["components"]) if row["components"] else {}
        return cast(
            schemas.DeviceStatus,
            {
                "device": row["name"],
                "role": row["role"],
                "counter": row["counter"],
                "version": row["version"],
                "components": components,
                "reported_at": snapshots.iso(row["at"], self._db.tz),
            },
        )
