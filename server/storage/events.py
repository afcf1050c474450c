"""The event log (table ``events``): every change as the stream publishes it, numbered by ``seq``.

An event is written in the same transaction as the change it describes and
carries the ticket and the counter as they are after it; the Database hands
it on once the transaction is durable.
"""

from __future__ import annotations

import json
from typing import Any

from server import snapshots
from server.snapshots import Actor
from server.storage.database import Database, Event
from server.storage.views import Views


class EventLog:
    def __init__(self, db: Database, views: Views) -> None:
        self._db = db
        self._views = views

    def emit(
        self,
        type_: str,
        *,
        ticket_id: int | None = None,
        counter: int | None = None,
        actor: Actor | None = None,
        **data: Any,
    ) -> Event:
        db = self._db
        now = db.clock()
        if actor and actor.clerk is None and counter is not None:
            # The clerk signed in at the counter acted, through its device.
            clerk = self._views.counter_row(counter)["clerk"]
            actor = Actor(actor.device, clerk)
        payload: Event = {"type": type_, "at": snapshots.iso(now, db.tz), **data}
        if ticket_id is not None:
            payload["ticket"] = self._views.ticket(ticket_id)
        if counter is not None:
            payload["counter"] = self._views.counter(counter)
        if actor:
            payload["actor"] = {"device": actor.device, "clerk": actor.clerk}
        cur = db.conn.execute(
            "INSERT INTO events (at, type, ticket_id, counter, device, clerk, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                now,
                type_,
                ticket_id,
                counter,
                actor and actor.device,
                actor and actor.clerk,
                json.dumps(payload, ensure_ascii=False),
            ),
        )
        payload["seq"] = cur.lastrowid
        db.record(payload)
        return payload

    def last_seq(self) -> int:
        row = self._db.conn.execute("SELECT MAX(id) FROM events").fetchone()
        return int(row[0] or 0)

    def last_event_at(self) -> float:
        row = self._db.conn.execute("SELECT MAX(at) FROM events").fetchone()
        return float(row[0] or 0.0)

    def since(self, seq: int, limit: int = 1000) -> list[Event]:
        """The events after ``seq``, oldest first, at most ``limit`` (a reconnecting screen's replay)."""
        rows = self._db.conn.execute(
            "SELECT id, payload FROM events WHERE id > ? ORDER BY id LIMIT ?", (seq, limit)
        ).fetchall()
        return [{**json.loads(r["payload"]), "seq": r["id"]} for r in rows]

    def recent_calls(self, limit: int = 10) -> list[Event]:
        """Today's last calls and recalls, newest first."""
        rows = self._db.conn.execute(
            "SELECT payload FROM events WHERE type IN ('ticket.called', 'ticket.recalled') "
            "AND id > COALESCE((SELECT MAX(id) FROM events WHERE type = 'day.started'), 0) "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [json.loads(r[0]) for r in rows]
