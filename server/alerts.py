"""Print state of tickets and device alerts in the office database.

A mixin of Store (server/store.py); every change is one transaction with its event.

* A kiosk reports whether each ticket came out of its printer (``ticket.printed``):
  a ticket that did not is still a ticket, shown on the kiosk's screen with its QR.
* A device raises an alert when its hardware fails (``alert.raised``) and clears
  it when it recovers (``alert.cleared``). There is at most one active alert per
  source and kind; a new state for an active alert updates it in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from server.snapshots import Actor

if TYPE_CHECKING:
    import sqlite3

    from server.store import Store

    _Base = Store
else:
    _Base = object


class Alerts(_Base):
    def mark_printed(self, ticket_id: int, printed: bool, detail: str | None, actor: Actor) -> dict[str, Any]:
        """Record whether the ticket was printed; the ticket as it is now."""
        with self.write():
            self._ticket_row(ticket_id)  # 404 for an unknown ticket
            self.conn.execute(
                "UPDATE tickets SET printed = ?, print_detail = ? WHERE id = ?",
                (int(printed), detail, ticket_id),
            )
            event = self._emit("ticket.printed", ticket_id=ticket_id, actor=actor, printed=printed, detail=detail)
        return dict(event["ticket"])

    def set_alert(
        self,
        source: str,
        kind: str,
        state: str,
        active: bool,
        message_vi: str | None,
        message_en: str | None,
        actor: Actor,
    ) -> dict[str, Any] | None:
        """Raise, update or clear the alert of ``source`` and ``kind``.

        Returns the alert as it is now, or None when clearing one that was not
        active (devices re-send a clear after reconnecting; that is not an error).
        Repeating an unchanged active alert changes nothing and emits no event.
        """
        with self.write():
            now = self.clock()
            row = self._active_alert_row(source, kind)
            if not active:
                if row is None:
                    return None
                self.conn.execute(
                    "UPDATE alerts SET active = 0, cleared_at = ?, updated_at = ? WHERE id = ?",
                    (now, now, row["id"]),
                )
                alert = self._alert(row["id"])
                self._emit("alert.cleared", actor=actor, alert=alert)
                return alert
            assert message_vi is not None and message_en is not None, "checked by the API body"
            if row is None:
                cur = self.conn.execute(
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
                self.conn.execute(
                    "UPDATE alerts SET state = ?, message_vi = ?, message_en = ?, device = ?, updated_at = ? "
                    "WHERE id = ?",
                    (state, message_vi, message_en, actor.device, now, alert_id),
                )
            alert = self._alert(alert_id)
            self._emit("alert.raised", actor=actor, alert=alert)
            return alert

    def active_alerts(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM alerts WHERE active = 1 ORDER BY raised_at, id").fetchall()
        return [self._alert_snapshot(r) for r in rows]

    def _active_alert_row(self, source: str, kind: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM alerts WHERE source = ? AND kind = ? AND active = 1", (source, kind)
        ).fetchone()
        return row

    def _alert(self, alert_id: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        return self._alert_snapshot(row)

    def _alert_snapshot(self, row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"],
            "source": row["source"],
            "kind": row["kind"],
            "state": row["state"],
            "active": bool(row["active"]),
            "message_vi": row["message_vi"],
            "message_en": row["message_en"],
            "device": row["device"],
            "raised_at": self._iso(row["raised_at"]),
            "updated_at": self._iso(row["updated_at"]),
            "cleared_at": self._iso(row["cleared_at"]),
        }
