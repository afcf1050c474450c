"""Storage faults: what SQLite's errors mean for the office, in words people can act on.

A fault is outside the request — the disk is full, another program holds the
database, the file system went read-only, the file was removed or damaged — so
each becomes an ``UnavailableError`` (503) with a reason code and a message in
English and Vietnamese. An SQLite error that is not a fault (a constraint, a
syntax error) is a bug and is not turned into one.

The messages name no path: /api/health shows them to anyone who asks.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from server.errors import UnavailableError

BUSY = "busy"
DISK_FULL = "disk_full"
READ_ONLY = "read_only"
DISK_ERROR = "disk_error"
CORRUPT = "corrupt"
MISSING = "missing"

MESSAGES: dict[str, tuple[str, str]] = {
    BUSY: (
        "the office database is locked by another program (a backup or a database tool?); "
        "changes are refused until it lets go",
        "Cơ sở dữ liệu đang bị một chương trình khác khóa; tạm thời chưa lưu được thay đổi, vui lòng thử lại sau",
    ),
    DISK_FULL: (
        "the server's disk is full: nothing can be saved until space is freed on it",
        "Ổ đĩa của máy chủ đã đầy: chưa lưu được dữ liệu cho đến khi giải phóng dung lượng",
    ),
    READ_ONLY: (
        "the server's disk has become read-only (a disk fault?): nothing can be saved until it is writable again",
        "Ổ đĩa của máy chủ đang ở chế độ chỉ đọc (có thể do lỗi ổ đĩa): chưa lưu được dữ liệu",
    ),
    DISK_ERROR: (
        "the server's disk failed to read or write (I/O error): nothing can be saved until it works again",
        "Ổ đĩa của máy chủ bị lỗi đọc/ghi: chưa lưu được dữ liệu",
    ),
    CORRUPT: (
        "the office database file is damaged: restore it from a backup (see Troubleshooting in the README)",
        "Tệp cơ sở dữ liệu bị hỏng: cần khôi phục từ bản sao lưu (xem mục Xử lý sự cố)",
    ),
    MISSING: (
        "the office database file was removed or replaced while the server ran; the server is writing it back",
        "Tệp cơ sở dữ liệu bị xóa hoặc bị thay thế khi máy chủ đang chạy; máy chủ đang ghi lại tệp",
    ),
}


class StorageFault(UnavailableError):
    """The database cannot be used now for a reason outside the request; ``code`` is the reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        en, vi = MESSAGES[reason]
        super().__init__(en, vi, code=reason)
        self.reason = reason
        # For the log only (SQLite's own words, the errno): never sent to clients.
        self.detail = detail


def fault_for(exc: sqlite3.Error, path: Path) -> StorageFault | None:
    """The fault an SQLite error stands for, or None when it is not one (a bug, a constraint)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    detail = f"{name}: {exc}"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StorageFault(BUSY, detail)
    if name == "SQLITE_FULL":
        return StorageFault(DISK_FULL, detail)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return StorageFault(CORRUPT, detail)
    if name.startswith(("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        # SQLite reports a file system that went read-only as an I/O error on write: the disk says which.
        return StorageFault(_disk_state(path) or (READ_ONLY if name.startswith("SQLITE_READONLY") else DISK_ERROR),
                            detail)  # fmt: skip
    return None


def _disk_state(path: Path) -> str | None:
    """READ_ONLY or DISK_FULL when the file system holding ``path`` says so, else None."""
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return READ_ONLY
    if stats.f_bavail * stats.f_frsize < 64 * 1024:
        return DISK_FULL
    return None
