"""The district database: the one module that opens it, reads it and writes it.

SQLite here (WAL, ``synchronous=FULL``: a batch the district acknowledged
survives a power cut, because the office deletes it from its outbox on that
acknowledgement). The methods speak in offices, batches and cells, never in
SQL, so a PostgreSQL backend for a whole province can replace this module
behind the same methods.

Not thread-safe: the server calls it from one thread (server/dbthread.py).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from district.figures import StoredCell
from district.migrations import migrations
from district.schema import Batch
from server import credentials
from server.errors import ConflictError, InvalidError, NotFoundError, OnestopError

DATABASE_NAME = "district.db"


class DistrictStore:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        self.conn = conn
        migrations.apply(Database(conn))

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ConflictError(f"the district database is busy ({exc}); try again", code="busy") from None
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # -- offices and users -----------------------------------------------------

    def add_office(self, office_id: str, name: str) -> str:
        """Register an office; returns its token (shown once, stored as a hash)."""
        token = credentials.new_token()
        with self.write():
            if self.conn.execute("SELECT 1 FROM offices WHERE id = ?", (office_id,)).fetchone():
                raise ConflictError(f"an office with id {office_id!r} exists already")
            self.conn.execute(
                "INSERT INTO offices (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
                (office_id, name, credentials.token_hash(token), self.clock()),
            )
        return token

    def add_user(self, name: str) -> str:
        """A person (or tool) allowed to read figures; returns the read token."""
        token = credentials.new_token()
        with self.write():
            if self.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise ConflictError(f"a user named {name!r} exists already")
            self.conn.execute(
                "INSERT INTO users (name, token_hash, created_at) VALUES (?, ?, ?)",
                (name, credentials.token_hash(token), self.clock()),
            )
        return token

    def office_for_token(self, token: str) -> str | None:
        row = self.conn.execute(
            "SELECT id FROM offices WHERE token_hash = ?", (credentials.token_hash(token),)
        ).fetchone()
        return row["id"] if row else None

    def user_for_token(self, token: str) -> str | None:
        row = self.conn.execute(
            "SELECT name FROM users WHERE token_hash = ?", (credentials.token_hash(token),)
        ).fetchone()
        return row["name"] if row else None

    def offices(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT id, name, last_batch_at FROM offices ORDER BY id")
        return [dict(r) for r in rows]

    def office(self, office_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT id, name, last_batch_at FROM offices WHERE id = ?", (office_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no office with id {office_id!r}", f"Không có đơn vị mã {office_id!r}")
        return dict(row)

    # -- batches ---------------------------------------------------------------

    def ingest(self, batch: Batch) -> dict[str, Any]:
        """Apply one batch in its own transaction (see ``ingest_many``); raises what it refuses."""
        (result,) = self.ingest_many([batch])
        if isinstance(result, Exception):
            raise result
        return result

    def ingest_many(self, batches: list[Batch]) -> list[dict[str, Any] | OnestopError]:
        """Apply batches in one transaction (one fsync), each in its own savepoint.

        The server hands over every batch that arrived while the previous group
        was being written ("group commit"): a province's offices reporting at
        the same minute share the disk's flushes instead of queueing for them.
        A batch it refuses gets its error in its place and changes nothing.
        """
        results: list[dict[str, Any] | OnestopError] = []
        with self.write():
            for i, batch in enumerate(batches):
                self.conn.execute(f"SAVEPOINT batch{i}")
                try:
                    results.append(self._ingest_one(batch))
                except OnestopError as exc:
                    self.conn.execute(f"ROLLBACK TO batch{i}")
                    results.append(exc)
                self.conn.execute(f"RELEASE batch{i}")
        return results

    def _ingest_one(self, batch: Batch) -> dict[str, Any]:
        """Apply a batch; the answer says, per day, whether its figures now stand.

        - a batch id seen before: nothing changes, the first answer is repeated ("duplicate");
        - a day whose stored version is newer or equal: left alone ("stale");
        - otherwise the day's cells are replaced by the batch's ("applied").
        """
        batch_id = str(batch.batch_id)
        now = self.clock()
        seen = self.conn.execute("SELECT office, result FROM batches WHERE batch_id = ?", (batch_id,)).fetchone()
        if seen is not None:
            if seen["office"] != batch.office:
                raise ConflictError(f"batch id {batch_id} was already used by another office", code="batch_id")
            return {**json.loads(seen["result"]), "status": "duplicate"}
        negative = set(batch.scale.negative)
        by_day: dict[str, list[tuple[Any, ...]]] = {d.isoformat(): [] for d in batch.days}
        for c in batch.cells:
            day = c.day.isoformat()
            rated = sum(c.ratings.values())
            unhappy = sum(n for level, n in c.ratings.items() if level in negative)
            by_day[day].append(
                (batch.office, day, c.hour, c.service, c.issued, c.served, c.no_show, c.cancelled,
                 c.wait_mean_s, c.wait_p90_s, c.wait_max_s, c.service_mean_s, rated, unhappy,
                 json.dumps(c.ratings, sort_keys=True))
            )  # fmt: skip
        days: dict[str, str] = {}
        for day, rows in by_day.items():
            current = self.conn.execute(
                "SELECT version FROM office_days WHERE office = ? AND day = ?", (batch.office, day)
            ).fetchone()
            if current is not None and current["version"] >= batch.version:
                days[day] = "stale"
                continue
            self.conn.execute("DELETE FROM cells WHERE office = ? AND day = ?", (batch.office, day))
            self.conn.executemany(f"INSERT INTO cells VALUES ({', '.join('?' * 15)})", rows)
            self.conn.execute(
                "INSERT INTO office_days (office, day, version, batch_id, received_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (office, day) DO UPDATE SET version = excluded.version, "
                "batch_id = excluded.batch_id, received_at = excluded.received_at",
                (batch.office, day, batch.version, batch_id, now),
            )
            days[day] = "applied"
        status = "applied" if "applied" in days.values() else "stale"
        result = {"batch_id": batch_id, "status": status, "days": days, "versions": self._versions(batch)}
        self.conn.execute(
            "INSERT INTO batches (batch_id, office, version, received_at, result) VALUES (?, ?, ?, ?, ?)",
            (batch_id, batch.office, batch.version, now, json.dumps(result)),
        )
        self.conn.execute("UPDATE offices SET last_batch_at = ? WHERE id = ?", (now, batch.office))
        return result

    def _versions(self, batch: Batch) -> dict[str, int]:
        """The version that stands for each of the batch's days (lets an agent whose clock went back catch up)."""
        marks = ", ".join("?" * len(batch.days))
        rows = self.conn.execute(
            f"SELECT day, version FROM office_days WHERE office = ? AND day IN ({marks})",
            (batch.office, *(d.isoformat() for d in batch.days)),
        )
        return {r["day"]: r["version"] for r in rows}

    # -- reading ---------------------------------------------------------------

    def cells(self, first: str, last: str, office: str | None = None) -> list[StoredCell]:
        """Every cell of the days first..last (inclusive), of one office or all."""
        if first > last:
            raise InvalidError("from must not be after to", "Ngày bắt đầu phải trước ngày kết thúc")
        sql = "SELECT * FROM cells WHERE day BETWEEN ? AND ?"
        args: tuple[Any, ...] = (first, last)
        if office is not None:
            sql += " AND office = ?"
            args += (office,)
        return [
            StoredCell(
                office=r["office"],
                day=r["day"],
                hour=r["hour"],
                service=r["service"],
                issued=r["issued"],
                served=r["served"],
                no_show=r["no_show"],
                cancelled=r["cancelled"],
                wait_mean_s=r["wait_mean_s"],
                wait_p90_s=r["wait_p90_s"],
                wait_max_s=r["wait_max_s"],
                service_mean_s=r["service_mean_s"],
                rated=r["rated"],
                not_satisfied=r["not_satisfied"],
                ratings=json.loads(r["ratings"]),
            )  # fmt: skip
            for r in self.conn.execute(sql, args)
        ]
