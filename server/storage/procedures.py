"""The procedure catalogue (tables ``procedures``, ``procedure_papers``) and its use (``procedure_uses``).

The catalogue is replaced as a whole by an import (``onestop procedures import``
beside the running server, later the admin screens): one transaction, so a
screen never reads half a catalogue. Its version (in ``meta``) grows with each
replacement; the server announces a new one with the event
``procedures.changed`` (``announce``: at once after its own writes, within a
tick after an import by the command). Screens then fetch it again.

Each look-up of a procedure at the kiosk and each checklist printed is counted
per office day: statistics only, so no event (nothing on a screen follows them
live); the count is durable when the call answers. The statistics read them
with the tickets (server/storage/stats.py, server/stats.py procedure_figures).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import asdict
from typing import Literal

from core.procedure_search import SearchIndex
from core.procedures import Level, Paper, Procedure, fields
from server import schemas, snapshots
from server.errors import InvalidError, NotFoundError
from server.snapshots import Actor
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.events import EventLog

UseKind = Literal["looked_up", "checklist_printed"]
_VERSION, _SOURCE, _IMPORTED_AT = "procedures_version", "procedures_source", "procedures_imported_at"
_COLUMNS = (
    "code, name, name_en, field, field_en, service, level, fee, processing_time, result_at, legal_basis, "
    "portal_url, note"
)


class Procedures:
    def __init__(self, db: Database, events: EventLog, audit: AuditTrail) -> None:
        self._db = db
        self._events = events
        self._audit = audit
        # What this process last read (the catalogue, its index) and last announced, by version.
        self._cached: tuple[int, tuple[Procedure, ...]] | None = None
        self._index: tuple[int, SearchIndex] | None = None
        self._announced = self.version()

    # -- reading --------------------------------------------------------------------

    def version(self) -> int:
        return int(self._meta(_VERSION) or 0)

    def all(self) -> tuple[Procedure, ...]:
        """The catalogue in the imported file's order (kept in memory until the next import)."""
        version = self.version()
        if self._cached is None or self._cached[0] != version:
            self._cached = (version, self._read_all())
        return self._cached[1]

    def index(self) -> SearchIndex:
        """The search index of the catalogue, built once per version (the web catalogue's searches)."""
        procedures = self.all()
        version = self.version()
        if self._index is None or self._index[0] != version:
            self._index = (version, SearchIndex(procedures))
        return self._index[1]

    def catalogue(self) -> schemas.Catalogue:
        procedures = self.all()
        imported = self._meta(_IMPORTED_AT)
        return {
            "version": self.version(),
            "imported_at": snapshots.iso(float(imported), self._db.tz) if imported else None,
            "source": self._meta(_SOURCE) or "",
            "fields": [{"name": vi, "name_en": en} for vi, en in fields(procedures)],
            "procedures": [snapshots.procedure(p) for p in procedures],
        }

    def get(self, code: str) -> Procedure:
        for procedure in self.all():
            if procedure.code == code:
                return procedure
        raise NotFoundError(f"no procedure with code {code!r}", f"Không có thủ tục mã {code!r}")

    def _read_all(self) -> tuple[Procedure, ...]:
        conn = self._db.conn
        papers: dict[str, list[Paper]] = {}
        for row in conn.execute(
            "SELECT procedure, name, copies, original FROM procedure_papers ORDER BY procedure, position"
        ):
            papers.setdefault(row["procedure"], []).append(Paper(row["name"], row["copies"], bool(row["original"])))
        return tuple(
            self._procedure(row, tuple(papers.get(row["code"], ())))
            for row in conn.execute(f"SELECT {_COLUMNS} FROM procedures ORDER BY position")
        )

    @staticmethod
    def _procedure(row: sqlite3.Row, papers: tuple[Paper, ...]) -> Procedure:
        return Procedure(
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            field=row["field"],
            field_en=row["field_en"],
            service=row["service"],
            level=Level(row["level"]),
            papers=papers,
            fee=row["fee"],
            processing_time=row["processing_time"],
            result_at=row["result_at"],
            legal_basis=row["legal_basis"],
            portal_url=row["portal_url"],
            note=row["note"],
        )

    def _meta(self, key: str) -> str | None:
        row = self._db.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    # -- changing -------------------------------------------------------------------

    def replace(self, procedures: Sequence[Procedure], source: str) -> int:
        """The whole catalogue becomes ``procedures``, in one transaction; returns the new version.

        ``source`` says where it came from (the imported file's name). Codes must be unique
        (the import checks, naming the rows; this is the last line of defence).
        """
        with self._db.write():
            return self._write_all(procedures, source)

    def edit(self, procedure: Procedure, actor: Actor) -> int:
        """One procedure changed (or added) in the admin screens: the catalogue's next version, audited."""
        with self._db.write():
            current = list(self._read_all())
            old = next((p for p in current if p.code == procedure.code), None)
            if old == procedure:
                return self.version()  # saved unchanged: no new version, nothing to audit
            if old is None:
                current.append(procedure)
            else:
                current[current.index(old)] = procedure
            version = self._write_all(current, "admin")
            before, after = (asdict(old) if old else {}), asdict(procedure)
            changed = {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}
            self._audit.record("procedure.edit", actor, code=procedure.code, changed=changed)
        return version

    def _write_all(self, procedures: Sequence[Procedure], source: str) -> int:
        db = self._db
        # Inside the caller's db.write().
        conn = db.conn
        conn.execute("DELETE FROM procedures")  # and their papers (ON DELETE CASCADE)
        try:
            for position, p in enumerate(procedures):
                conn.execute(
                    f"INSERT INTO procedures (position, {_COLUMNS}) VALUES (?{', ?' * 13})",
                    (
                        position,
                        *(p.code, p.name, p.name_en, p.field, p.field_en, p.service, p.level.value, p.fee),
                        *(p.processing_time, p.result_at, p.legal_basis, p.portal_url, p.note),
                    ),
                )
                conn.executemany(
                    "INSERT INTO procedure_papers (procedure, position, name, copies, original) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(p.code, i, x.name, x.copies, int(x.original)) for i, x in enumerate(p.papers)],
                )
        except sqlite3.IntegrityError:
            raise InvalidError(
                "two procedures have the same code; each code may appear once",
                "Có hai thủ tục trùng mã; mỗi mã chỉ được dùng một lần",
            ) from None
        version = self.version() + 1
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [(_VERSION, str(version)), (_SOURCE, source), (_IMPORTED_AT, repr(db.clock()))],
        )
        return version

    def announce(self) -> int | None:
        """Tell the screens (event ``procedures.changed``) about a catalogue they have not been told of.

        Returns the version announced, or None when there was nothing new. The server calls
        it after its own changes and on its timer, for imports made beside it.
        """
        version = self.version()
        if version == self._announced:
            return None
        with self._db.write():
            count = self._db.conn.execute("SELECT COUNT(*) FROM procedures").fetchone()[0]
            self._events.emit("procedures.changed", version=version, count=count)
        self._announced = version
        return version

    # -- statistics ---------------------------------------------------------------------

    def count_use(self, code: str, kind: UseKind) -> schemas.UseCounted:
        """One more look-up (``looked_up``) or printed checklist (``checklist_printed``) today."""
        self.get(code)  # 404 for a code the catalogue does not have
        db = self._db
        with db.write():
            day = db.today()
            count = db.conn.execute(
                "INSERT INTO procedure_uses (day, code, kind, count) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (day, code, kind) DO UPDATE SET count = count + 1 RETURNING count",
                (day, code, kind),
            ).fetchone()[0]
        return {"code": code, "day": day, "kind": kind, "count": int(count)}
