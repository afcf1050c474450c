"""Idempotent changes (table ``idempotency``): a retried request gets the first answer, and nothing happens twice.

A kiosk whose answer was lost (a timeout, a dropped connection) sends the same
request again with the same ``Idempotency-Key``. The first answer was stored in
the transaction of the change itself, so the retry finds it whenever the change
happened — even just before a crash — and gets it back instead of a second ticket.
Keys are the sending device's own and are kept for the office day (OfficeDay
forgets older ones). Refusals (4xx) are not stored: they changed nothing, so a
retry is simply tried again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar, cast

from server.errors import InvalidError
from server.storage.database import Database

T = TypeVar("T")


class Idempotency:
    def __init__(self, db: Database) -> None:
        self._db = db

    def once(self, device: str, key: str, request: str, change: Callable[[], T]) -> T:
        """``change()``'s answer, made once per (device, key); ``request`` identifies what the key was sent with."""
        db = self._db
        with db.write():
            row = db.conn.execute(
                "SELECT request, answer FROM idempotency WHERE device = ? AND key = ?", (device, key)
            ).fetchone()
            if row is not None:
                if row["request"] != request:
                    raise InvalidError(
                        "this Idempotency-Key was already used for another request; send a new key for a new action",
                        "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác",
                        code="idempotency_key_reused",
                    )
                return cast(T, json.loads(row["answer"]))
            answer = change()
            db.conn.execute(
                "INSERT INTO idempotency (device, key, request, answer, day, at) VALUES (?, ?, ?, ?, ?, ?)",
                (device, key, request, json.dumps(answer, ensure_ascii=False), db.today(), db.clock()),
            )
        return answer

    def forget_before(self, day: str) -> None:
        """Drop the keys of the days before ``day`` (part of the day roll-over's transaction)."""
        self._db.conn.execute("DELETE FROM idempotency WHERE day < ?", (day,))
