"""Devices and their tokens, clerks and their PINs (tables ``devices`` and ``clerks``); every change is one transaction.

Tokens and PINs are stored only as hashes (server/credentials.py).
"""

from __future__ import annotations

from typing import Any

from server import credentials
from server.errors import ConflictError, InvalidError, NotFoundError
from server.permissions import Device, Role
from server.storage.database import Database
from server.storage.views import Views


class Accounts:
    def __init__(self, db: Database, views: Views) -> None:
        self._db = db
        self._views = views

    def add_device(self, name: str, role: Role, counter: int | None) -> str:
        """Register a device; returns its token (shown once, stored only as a hash)."""
        if role in (Role.COUNTER, Role.RATING):
            if counter is None:
                raise InvalidError(f"a {role} device needs --counter N", f"Thiết bị {role} cần --counter N")
            self._views.counter_row(counter)
        elif counter is not None:
            raise InvalidError(f"--counter applies only to the counter and rating roles, not {role}")
        token = credentials.new_token()
        with self._db.write():
            if self._db.conn.execute("SELECT 1 FROM devices WHERE name = ?", (name,)).fetchone():
                raise ConflictError(f"a device named {name!r} exists already; choose another name")
            self._db.conn.execute(
                "INSERT INTO devices (name, role, counter, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (name, role.value, counter, credentials.token_hash(token), self._db.clock()),
            )
        return token

    def device_for_token(self, token: str) -> Device | None:
        row = self._db.conn.execute(
            "SELECT name, role, counter FROM devices WHERE token_hash = ? AND revoked = 0",
            (credentials.token_hash(token),),
        ).fetchone()
        return Device(row["name"], Role(row["role"]), row["counter"]) if row else None

    def revoke_device(self, name: str) -> None:
        with self._db.write():
            cur = self._db.conn.execute("UPDATE devices SET revoked = 1 WHERE name = ?", (name,))
            if cur.rowcount == 0:
                raise NotFoundError(f"no device named {name!r}")

    def devices(self) -> list[dict[str, Any]]:
        rows = self._db.conn.execute("SELECT name, role, counter, revoked FROM devices ORDER BY id").fetchall()
        return [dict(r) for r in rows]

    def add_clerk(self, username: str, pin: str, name: str) -> None:
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise InvalidError("a PIN is 4 to 12 digits", "Mã PIN gồm 4 đến 12 chữ số")
        pin_hash = credentials.hash_pin(pin)
        with self._db.write():
            self._db.conn.execute(
                "INSERT INTO clerks (username, name, pin_hash, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (username) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, "
                "active = 1",
                (username, name, pin_hash, self._db.clock()),
            )

    def clerk_pin_hash(self, username: str) -> str | None:
        row = self._db.conn.execute(
            "SELECT pin_hash FROM clerks WHERE username = ? AND active = 1", (username,)
        ).fetchone()
        return row["pin_hash"] if row else None

    def clerks(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._db.conn.execute("SELECT username, name, active FROM clerks ORDER BY username")]
