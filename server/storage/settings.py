"""The live configuration (table ``configuration``): services, counters, priority, rating form, display — versioned.

office.toml seeds version 1 on a new office; after that the database is the one source of
truth, changed by the admin screens (PUT /api/admin/config) and ``onestop config import``.
Each change is one transaction: checked against today's tickets (no service with tickets
waiting disappears, no number format changes under today's tickets, no counter in use
disappears), stored as the next version, written to the audit trail (who, what, old → new)
and announced as ``office.configured``; every screen reloads its state on that event.

The Database's ``office`` is replaced when the change commits: every part reads it at every
call, so the next ticket, call or estimate uses the new configuration. No ticket is renumbered:
numbers come from ``sequences``, which a change does not touch.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from typing import Any

from server.config import OfficeConfig, OfficeDocument
from server.errors import ConflictError
from server.snapshots import Actor
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.events import EventLog

log = logging.getLogger("onestop.store")
SEED = Actor("office.toml")
# At most this many changed keys in one audit entry (a whole import is summarised).
MAX_CHANGES = 60


class LiveConfiguration:
    def __init__(self, db: Database, events: EventLog, audit: AuditTrail, base: OfficeConfig | None) -> None:
        """``base``: the server's office.toml as read at start (its [server], [security], path); None for commands
        that need only the office (they still use the live one)."""
        self._db = db
        self._events = events
        self._audit = audit
        self._base = base
        self.version = 0
        self.config = base
        db.on_rollback.append(self._undo_if_not_committed)

    def load(self, seed: OfficeDocument | None) -> None:
        """At start: use the stored configuration's last version; on a new office, store ``seed`` as version 1."""
        row = self._last()
        if row is None:
            if seed is None or self._db.read_only or not self._stored():
                return
            with self._db.write():
                self._insert(1, seed, SEED)
                self._audit.record("config.change", SEED, version=1, changed=[{"key": "", "old": None, "new": "seed"}])
            self._apply(1, seed)
            return
        document = OfficeDocument.model_validate(json.loads(row["document"]))
        self._apply(int(row["version"]), document)
        if seed is not None and seed.document() != document.document():
            log.warning(
                "office.toml differs from the live configuration (version %d), which is used: the admin screens "
                "change it. To apply the file instead: 'onestop config import'",
                self.version,
            )

    def current(self) -> tuple[int, dict[str, Any]]:
        row = self._last()
        if row is None:
            raise ConflictError("no configuration stored yet", "Chưa có cấu hình")
        return int(row["version"]), json.loads(row["document"])

    def change(self, document: OfficeDocument, actor: Actor, expected_version: int | None = None) -> int:
        """Store ``document`` as the next version and apply it; ConflictError (409) with the reason if refused."""
        with self._db.write():
            version, old_doc = self.current()
            if expected_version is not None and expected_version != version:
                raise ConflictError(
                    f"the configuration changed meanwhile (now version {version}, you edited {expected_version}): "
                    "reload it and make your change again",
                    f"Cấu hình vừa được thay đổi (phiên bản {version}, bạn sửa bản {expected_version}): "
                    "hãy tải lại và thay đổi lại",
                    code="version_conflict",
                )
            new_doc = document.document()
            changed = list(_diff(old_doc, new_doc))
            if not changed:
                return version
            self._refuse_unsafe(OfficeDocument.model_validate(old_doc), document)
            version += 1
            self._insert(version, document, actor)
            for counter in document.counters:
                self._db.conn.execute("INSERT OR IGNORE INTO counter_state (number) VALUES (?)", (counter.number,))
            self._audit.record(
                "config.change", actor, version=version, changed=changed[:MAX_CHANGES],
                more=max(0, len(changed) - MAX_CHANGES),
            )
            self._apply(version, document)
            self._events.emit(
                "office.configured", actor=actor, version=version, changed=sorted({c["key"] for c in changed})[:20]
            )
        return version

    def refresh(self) -> None:
        """A version stored beside the server ('onestop config import'): apply it and tell the screens."""
        row = self._last()
        if row is None or int(row["version"]) == self.version:
            return
        document = OfficeDocument.model_validate(json.loads(row["document"]))
        with self._db.write():
            for counter in document.counters:
                self._db.conn.execute("INSERT OR IGNORE INTO counter_state (number) VALUES (?)", (counter.number,))
            self._apply(int(row["version"]), document)
            self._events.emit("office.configured", version=self.version, changed=["import"])

    # -- inside -----------------------------------------------------------------------------

    def _last(self) -> Any:
        try:
            return self._db.conn.execute(
                "SELECT version, document FROM configuration ORDER BY version DESC LIMIT 1"
            ).fetchone()
        except sqlite3.OperationalError:
            # An admin command beside a server not yet upgraded (they never migrate): no table yet.
            return None

    def _stored(self) -> bool:
        row = self._db.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'configuration'"
        ).fetchone()
        return row is not None

    def _insert(self, version: int, document: OfficeDocument, actor: Actor) -> None:
        self._db.conn.execute(
            "INSERT INTO configuration (version, at, device, clerk, document) VALUES (?, ?, ?, ?, ?)",
            (version, self._db.clock(), actor.device, actor.clerk, json.dumps(document.document(), ensure_ascii=False)),
        )

    def _apply(self, version: int, document: OfficeDocument) -> None:
        self._db.office = document.office_model()
        if self._base is not None:
            self.config = document.live(self._base)
        self.version = version

    def _undo_if_not_committed(self) -> None:
        # A change applied inside a transaction that then rolled back (a group commit failing at COMMIT):
        # go back to what is stored.
        row = self._last()
        if row is not None and int(row["version"]) != self.version:
            self._apply(int(row["version"]), OfficeDocument.model_validate(json.loads(row["document"])))

    def _refuse_unsafe(self, old: OfficeDocument, new: OfficeDocument) -> None:
        conn, today = self._db.conn, self._db.today()
        if new.office.timezone != old.office.timezone:
            raise ConflictError(
                "the time zone cannot change in a running office (the office day and every figure depend on it)",
                "Không thể đổi múi giờ khi văn phòng đang hoạt động",
                code="timezone_fixed",
            )
        new_services = {s.code: s for s in new.services}
        for service in old.services:
            if service.code not in new_services:
                waiting = conn.execute(
                    "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? "
                    "AND status IN ('waiting', 'called', 'serving')",
                    (today, service.code),
                ).fetchone()[0]
                if waiting:
                    raise ConflictError(
                        f"service {service.code} ({service.name_en}) has {waiting} ticket(s) waiting today: serve or "
                        "transfer them first, or hide it from the kiosk instead of removing it",
                        f"Lĩnh vực {service.code} ({service.name_vi}) còn {waiting} phiếu đang chờ hôm nay: hãy phục "
                        "vụ hoặc chuyển các phiếu đó trước, hoặc ẩn lĩnh vực khỏi máy lấy số thay vì xoá",
                        code="service_has_tickets",
                    )
            elif str(service.service().label) != str(new_services[service.code].service().label):
                issued = conn.execute(
                    "SELECT COUNT(*) FROM tickets WHERE day = ? AND original_service = ?", (today, service.code)
                ).fetchone()[0]
                if issued:
                    raise ConflictError(
                        f"service {service.code} has issued {issued} ticket(s) today: changing its number format "
                        f"({service.service().label} → {new_services[service.code].service().label}) would print "
                        "numbers that clash with today's; change it before the first ticket of a day",
                        f"Lĩnh vực {service.code} đã cấp {issued} phiếu hôm nay: đổi định dạng số lúc này sẽ in số "
                        "trùng với số đã cấp; hãy đổi trước phiếu đầu tiên của một ngày",
                        code="label_in_use",
                    )
        new_counters = {c.number: c for c in new.counters}
        for counter in old.counters:
            if counter.number in new_counters and (counter.closed or not new_counters[counter.number].closed):
                continue  # kept, and not closed now: nothing to check
            row = conn.execute(
                "SELECT clerk FROM counter_state WHERE number = ?", (counter.number,)
            ).fetchone()
            busy = conn.execute(
                "SELECT COUNT(*) FROM tickets WHERE counter = ? AND status IN ('called', 'serving')", (counter.number,)
            ).fetchone()[0]
            if (row is not None and row["clerk"]) or busy:
                raise ConflictError(
                    f"counter {counter.number} is in use (a clerk is signed in or a citizen is being served): "
                    "sign out there first",
                    f"Quầy {counter.number} đang được sử dụng (cán bộ đang đăng nhập hoặc đang phục vụ): "
                    "hãy đăng xuất tại quầy trước",
                    code="counter_in_use",
                )


def _diff(old: Any, new: Any, key: str = "") -> Iterator[dict[str, Any]]:
    """What changed between two documents, old → new, keyed for people: services[B].name_vi, counters[3].services."""
    if isinstance(old, dict) and isinstance(new, dict):
        for name in sorted(set(old) | set(new)):
            yield from _diff(old.get(name), new.get(name), f"{key}.{name}" if key else name)
    elif isinstance(old, list) and isinstance(new, list) and _keyed(old) and _keyed(new):
        old_items, new_items = _by_key(old), _by_key(new)
        for item in sorted(set(old_items) | set(new_items), key=str):
            yield from _diff(old_items.get(item), new_items.get(item), f"{key}[{item}]")
        if [_key_of(x) for x in old] != [_key_of(x) for x in new] and set(old_items) == set(new_items):
            yield {"key": f"{key} (order)", "old": [_key_of(x) for x in old], "new": [_key_of(x) for x in new]}
    elif old != new:
        yield {"key": key, "old": old, "new": new}


def _key_of(item: dict[str, Any]) -> Any:
    return item.get("code", item.get("number", item.get("value")))


def _keyed(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(x, dict) and _key_of(x) is not None for x in items)


def _by_key(items: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    return {_key_of(x): x for x in items}
