"""Notices when the database file is removed, replaced or written under the server, and writes it back.

In WAL mode only checkpoints write the main file, and only the server's own
connection checkpoints (admin commands open theirs with ``wal_autocheckpoint=0``),
so the file's identity and its size and time change only when the server says
so. Any other change is someone else's: a file removed (``rm``), replaced, or
truncated or overwritten — which SQLite's page cache would hide until a
restart found the data gone, acknowledged tickets with it.

While the server's connection still reads the whole database (the removed
file stays open; cached and WAL pages cover a damaged one), ``write_back``
copies it to a new file at the path with SQLite's backup API: nothing
acknowledged is lost and no restart is needed. The damaged file, if any, is
kept beside it (``office.db.damaged-<time>``, ``office.db.replaced-<time>``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from pathlib import Path

from server.storage.faults import CORRUPT, MISSING, StorageFault

log = logging.getLogger("onestop.store")


def fsync_path(path: Path, directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def quick_check(conn: sqlite3.Connection) -> str:
    """SQLite's quick_check: "ok", or what is wrong (every page is read)."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows[:3])


class FileGuard:
    """The database file as the server opened it: (device, inode), and (size, mtime) after its own writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._identity: tuple[int, int] | None = None
        self._seen: tuple[int, int] | None = None

    def note(self) -> None:
        """The file as it is now is the server's own (after opening it, and after each commit)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return
        self._identity = (st.st_dev, st.st_ino)
        self._seen = (st.st_size, st.st_mtime_ns)

    def check(self, conn: sqlite3.Connection) -> None:
        """Raise MISSING or CORRUPT if someone else removed, replaced or damaged the file since ``note``.

        ``conn`` is the server's own connection: a file written by someone else must still hold the
        database it reads.
        """
        if self._identity is None:
            return
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise StorageFault(MISSING, f"{self.path} is gone") from None
        except OSError as exc:
            raise StorageFault(MISSING, f"{self.path}: {exc.strerror}") from None
        if (st.st_dev, st.st_ino) != self._identity:
            raise StorageFault(MISSING, f"{self.path} was replaced by another file")
        if (st.st_size, st.st_mtime_ns) == self._seen:
            return
        # Written by someone else: harmless (a technician's checkpoint), or damage.
        problem = self._check_on_disk(conn)
        if problem != "ok":
            raise StorageFault(CORRUPT, f"{self.path} changed under the server: {problem}")
        log.info("%s was written by another program; it is whole", self.path)
        self._seen = (st.st_size, st.st_mtime_ns)

    def _check_on_disk(self, ours: sqlite3.Connection) -> str:
        """The file and WAL as a restart would find them, through a connection of their own: "ok" or the problem.

        A file cut short can pass quick_check as an empty database: its schema must be the one the server reads.
        """
        try:
            with contextlib.closing(sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
                problem = quick_check(conn)
                if problem != "ok":
                    return problem
                theirs = conn.execute("PRAGMA schema_version").fetchone()[0]
            if theirs != ours.execute("PRAGMA schema_version").fetchone()[0]:
                return "it no longer holds the office's tables"
            return "ok"
        except sqlite3.Error as exc:
            return str(exc)

    def write_back(self, conn: sqlite3.Connection, label: str) -> Path | None:
        """Copy the database that ``conn`` still reads to a file beside the path; None if it cannot.

        A file still at the path (damaged, or another one put there) is kept as ``office.db.<label>-<time>``.
        The caller then closes ``conn`` (its WAL belongs to the old file), calls ``put_in_place``
        with the copy and opens it.
        """
        if not self.path.parent.is_dir():
            log.error("cannot write the database back: its folder %s is gone", self.path.parent)
            return None
        problem = quick_check(conn)
        if problem != "ok":
            log.error("cannot write the database back: the server's open copy is damaged too (%s)", problem)
            return None
        copy = self.path.with_name(self.path.name + ".writeback")
        try:
            copy.unlink(missing_ok=True)
            with contextlib.closing(sqlite3.connect(copy)) as target:
                conn.backup(target)
                problem = quick_check(target)
            if problem != "ok":
                raise sqlite3.DatabaseError(problem)
            fsync_path(copy)
        except (OSError, sqlite3.Error) as exc:
            log.error("cannot write the database back to %s: %s", copy, exc)
            with contextlib.suppress(OSError):
                copy.unlink(missing_ok=True)
            return None
        if self.path.exists():
            aside = self.path.with_name(f"{self.path.name}.{label}-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(self.path, aside)
            log.error("the file found at %s is kept as %s", self.path, aside)
        return copy

    def put_in_place(self, copy: Path) -> None:
        """After the old connection closed: the copy becomes the database, without the old WAL."""
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        os.replace(copy, self.path)
        fsync_path(self.path.parent, directory=True)
