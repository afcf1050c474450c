"""The lobby playlist (table ``playlist``): slides in order, changed by the admin screens.

Every change is one transaction: the rows, the next version (in ``meta``), an audit entry (who,
what, old → new) and the event ``playlist.changed``, which carries the whole playlist so every
display shows the change at once (no extra request). The media files themselves are written by
server/media.py before a row names one, and removed after the last row naming one is gone.
"""

from __future__ import annotations

from typing import Any

from server import schemas
from server.errors import NotFoundError
from server.snapshots import Actor
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.events import EventLog

_VERSION = "playlist_version"
MEDIA_URL = "/api/playlist/media/"
# The columns an edit may change (PATCH /api/admin/playlist/{id}).
EDITABLE = ("title", "text_vi", "text_en", "duration_s", "show_from", "show_to", "enabled")


class Playlist:
    def __init__(self, db: Database, events: EventLog, audit: AuditTrail) -> None:
        self._db = db
        self._events = events
        self._audit = audit

    def current(self) -> schemas.Playlist:
        rows = self._db.conn.execute("SELECT * FROM playlist ORDER BY position, id").fetchall()
        return {"version": self._version(), "items": [_item(r) for r in rows]}

    def item(self, item_id: int) -> schemas.PlaylistItem:
        row = self._db.conn.execute("SELECT * FROM playlist WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"the playlist has no item {item_id} (deleted meanwhile?): reload the list",
                f"Danh sách trình chiếu không có mục {item_id} (có thể vừa bị xoá): hãy tải lại",
            )
        return _item(row)

    def add(self, fields: dict[str, Any], actor: Actor) -> schemas.PlaylistItem:
        """Append a slide (``fields``: the table's columns, checked by the route) at the end."""
        with self._db.write():
            conn = self._db.conn
            position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM playlist").fetchone()[0]
            columns = {**fields, "position": position, "added_at": self._db.clock()}
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            cur = conn.execute(f"INSERT INTO playlist ({names}) VALUES ({marks})", tuple(columns.values()))
            item_id = int(cur.lastrowid or 0)
            item = self.item(item_id)
            self._audit.record("playlist.add", actor, item=item_id, new=_described(item))
            self._changed(actor, "add", item_id)
        return item

    def change(self, item_id: int, fields: dict[str, Any], actor: Actor) -> schemas.PlaylistItem:
        """Change some of EDITABLE; an edit that changes nothing is not recorded."""
        with self._db.write():
            old = self.item(item_id)
            changes = {k: v for k, v in fields.items() if k in EDITABLE and _stored(old, k) != v}
            if not changes:
                return old
            sets = ", ".join(f"{k} = ?" for k in changes)
            self._db.conn.execute(f"UPDATE playlist SET {sets} WHERE id = ?", (*changes.values(), item_id))
            new = self.item(item_id)
            self._audit.record(
                "playlist.change", actor, item=item_id,
                changed=[{"key": k, "old": _stored(old, k), "new": _stored(new, k)} for k in changes],
            )  # fmt: skip
            self._changed(actor, "change", item_id)
        return new

    def reorder(self, ids: list[int], actor: Actor) -> schemas.Playlist:
        """Put the slides in the order of ``ids`` (every slide once); InvalidError-free: NotFound names the gap."""
        with self._db.write():
            old = [i["id"] for i in self.current()["items"]]
            if sorted(ids) != sorted(old) or len(set(ids)) != len(ids):
                raise NotFoundError(
                    f"the order must list every item of the playlist once ({old}); it changed meanwhile? reload it",
                    f"Thứ tự phải liệt kê mỗi mục đúng một lần ({old}); danh sách vừa thay đổi? hãy tải lại",
                    code="order_mismatch",
                )
            if ids == old:
                return self.current()
            for position, item_id in enumerate(ids, start=1):
                self._db.conn.execute("UPDATE playlist SET position = ? WHERE id = ?", (position, item_id))
            self._audit.record("playlist.reorder", actor, old=old, new=ids)
            self._changed(actor, "reorder", None)
        return self.current()

    def delete(self, item_id: int, actor: Actor) -> str | None:
        """Remove a slide; returns its media file's name when no other slide uses it (the caller removes it)."""
        with self._db.write():
            old = self.item(item_id)
            row = self._db.conn.execute("SELECT media FROM playlist WHERE id = ?", (item_id,)).fetchone()
            self._db.conn.execute("DELETE FROM playlist WHERE id = ?", (item_id,))
            self._audit.record("playlist.delete", actor, item=item_id, old=_described(old))
            self._changed(actor, "delete", item_id)
            media = row["media"]
            if media is None:
                return None
            still = self._db.conn.execute("SELECT 1 FROM playlist WHERE media = ?", (media,)).fetchone()
        return None if still else str(media)

    def in_use(self, media: str) -> bool:
        return self._db.conn.execute("SELECT 1 FROM playlist WHERE media = ?", (media,)).fetchone() is not None

    # -- inside -----------------------------------------------------------------------------

    def _version(self) -> int:
        row = self._db.conn.execute("SELECT value FROM meta WHERE key = ?", (_VERSION,)).fetchone()
        return int(row["value"]) if row else 0

    def _changed(self, actor: Actor, what: str, item_id: int | None) -> None:
        version = self._version() + 1
        self._db.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_VERSION, str(version)),
        )
        playlist = self.current()
        self._events.emit(
            "playlist.changed", actor=actor, version=version, change=what, item=item_id, items=playlist["items"]
        )


def _item(row: Any) -> schemas.PlaylistItem:
    return {
        "id": row["id"],
        "position": row["position"],
        "kind": row["kind"],
        "url": MEDIA_URL + row["media"] if row["media"] else None,
        "media_type": row["media_type"],
        "size": row["size"],
        "title": row["title"],
        "text_vi": row["text_vi"],
        "text_en": row["text_en"],
        "duration_s": row["duration_s"],
        "show_from": row["show_from"],
        "show_to": row["show_to"],
        "enabled": bool(row["enabled"]),
    }


def _stored(item: schemas.PlaylistItem, key: str) -> Any:
    value: Any = item[key]  # type: ignore[literal-required]
    return int(value) if key == "enabled" else value


def _described(item: schemas.PlaylistItem) -> dict[str, Any]:
    """What the audit keeps of a slide: everything but its position (the order has its own entry)."""
    return {k: v for k, v in item.items() if k not in ("position", "url")}
