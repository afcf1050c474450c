"""Devices and their tokens, clerks and their PINs (tables ``devices``, ``clerks``, ``sign_in_failures``).

Every change is one transaction with its audit entry. Tokens and PINs are
stored only as hashes (server/credentials.py). Wrong PINs are counted per
username — known or not, so a lockout tells nothing about who exists — and
the count survives a restart: PIN_TRIES failures lock the name for
FIRST_LOCK_S, each lockout after doubles, until a right PIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server import credentials
from server.errors import ConflictError, InvalidError, NotFoundError, TooManyTriesError
from server.permissions import ClerkRole, Device, Role
from server.snapshots import Actor
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.views import Views

# An administrator's session lasts this long from sign-in; then she signs in again.
ADMIN_SESSION_S = 60 * 60.0
PIN_TRIES = 5
FIRST_LOCK_S = 5 * 60.0
LONGEST_LOCK_S = 24 * 3600.0
# The administrator at the server PC, for the audit trail.
CLI = Actor("cli")


@dataclass(frozen=True)
class SignInAttempt:
    """The stored PIN hash to check (None: no such active clerk — check a decoy, to cost the same)."""

    pin_hash: str | None


def _lock_seconds(lockouts: int) -> float:
    return float(min(FIRST_LOCK_S * 2**lockouts, LONGEST_LOCK_S))


def locked_error(seconds_left: float) -> TooManyTriesError:
    left = max(1, int(seconds_left + 0.999))
    minutes, seconds = divmod(left, 60)
    en = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    vi = f"{minutes} phút {seconds} giây" if minutes else f"{seconds} giây"
    return TooManyTriesError(
        f"too many wrong PINs for this name: try again in {en}, or ask the office head to reset the PIN",
        f"Nhập sai PIN quá nhiều lần: vui lòng thử lại sau {vi}, hoặc nhờ lãnh đạo đặt lại PIN",
        retry_after_s=left,
    )


class Accounts:
    def __init__(self, db: Database, views: Views, audit: AuditTrail) -> None:
        self._db = db
        self._views = views
        self._audit = audit

    def add_device(self, name: str, role: Role, counter: int | None, actor: Actor = CLI) -> str:
        """Register a device; returns its token (shown once, stored only as a hash)."""
        if role in (Role.COUNTER, Role.RATING):
            if counter is None:
                raise InvalidError(f"a {role} device needs --counter N", f"Thiết bị {role} cần --counter N")
            self._views.counter_row(counter)
        elif counter is not None:
            raise InvalidError(f"--counter applies only to the counter and rating roles, not {role}")
        with self._db.write():
            return self.insert_device(name, role, counter, actor)

    def insert_device(self, name: str, role: Role, counter: int | None, actor: Actor, **audit: Any) -> str:
        """``add_device`` inside the caller's ``db.write()`` (pairing approves and adds in one transaction)."""
        if role in (Role.COUNTER, Role.RATING):
            if counter is None:
                raise InvalidError(f"a {role} device needs a counter", f"Thiết bị {role} cần số quầy")
            self._views.counter_row(counter)
        elif counter is not None:
            counter = None  # only counters and rating tablets belong to a counter
        token = credentials.new_token()
        if self._db.conn.execute("SELECT 1 FROM devices WHERE name = ?", (name,)).fetchone():
            raise ConflictError(
                f"a device named {name!r} exists already; choose another name",
                f"Đã có thiết bị tên {name!r}; hãy chọn tên khác",
            )
        self._db.conn.execute(
            "INSERT INTO devices (name, role, counter, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            (name, role.value, counter, credentials.token_hash(token), self._db.clock()),
        )
        self._audit.record("device.add", actor, name=name, role=role.value, counter=counter, **audit)
        return token

    def device_for_token(self, token: str) -> Device | None:
        """The device — or the administrator's open session (Role.ADMIN, named by her username) — of a token."""
        token_hash = credentials.token_hash(token)
        row = self._db.conn.execute(
            "SELECT name, role, counter FROM devices WHERE token_hash = ? AND revoked = 0", (token_hash,)
        ).fetchone()
        if row:
            return Device(row["name"], Role(row["role"]), row["counter"])
        session = self._db.conn.execute(
            "SELECT s.username FROM admin_sessions s JOIN clerks c ON c.username = s.username "
            "WHERE s.token_hash = ? AND s.closed = 0 AND s.expires_at > ? AND c.active = 1 AND c.role = ?",
            (token_hash, self._db.clock(), ClerkRole.ADMIN.value),
        ).fetchone()
        return Device(session["username"], Role.ADMIN, None) if session else None

    def open_admin_session(self, username: str, actor: Actor) -> tuple[str, float]:
        """After a right PIN: a new session token (shown once, stored as a hash) and its expiry (epoch s)."""
        token = credentials.new_token()
        now = self._db.clock()
        with self._db.write():
            self._db.conn.execute(
                "INSERT INTO admin_sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (credentials.token_hash(token), username, now, now + ADMIN_SESSION_S),
            )
            self._clear_failures(username)
            self._audit.record("admin.sign_in", actor, clerk=username)
        return token, now + ADMIN_SESSION_S

    def close_admin_session(self, token: str, actor: Actor) -> None:
        with self._db.write():
            self._db.conn.execute(
                "UPDATE admin_sessions SET closed = 1 WHERE token_hash = ?", (credentials.token_hash(token),)
            )
            self._audit.record("admin.sign_out", actor)

    def admin_session_expiry(self, token: str) -> float:
        row = self._db.conn.execute(
            "SELECT expires_at FROM admin_sessions WHERE token_hash = ?", (credentials.token_hash(token),)
        ).fetchone()
        return float(row["expires_at"]) if row else 0.0

    def revoke_device(self, name: str, actor: Actor = CLI) -> None:
        with self._db.write():
            cur = self._db.conn.execute("UPDATE devices SET revoked = 1 WHERE name = ?", (name,))
            if cur.rowcount == 0:
                raise NotFoundError(f"no device named {name!r}", f"Không có thiết bị tên {name!r}")
            self._audit.record("device.revoke", actor, name=name)

    def devices(self) -> list[dict[str, Any]]:
        rows = self._db.conn.execute(
            "SELECT name, role, counter, revoked, created_at, last_seen, user_agent FROM devices ORDER BY id"
        ).fetchall()
        return [dict(r) for r in rows]

    def record_seen(self, seen: dict[str, tuple[float, str | None]]) -> None:
        """When each device last asked (name → epoch s, User-Agent), in one transaction; never moves a time back."""
        with self._db.write():
            self._db.conn.executemany(
                "UPDATE devices SET last_seen = ?, user_agent = ? WHERE name = ? AND "
                "(last_seen IS NULL OR last_seen <= ?)",
                [(at, agent, name, at) for name, (at, agent) in seen.items()],
            )

    def rename_device(self, name: str, new_name: str, actor: Actor = CLI) -> None:
        """A new name for a device (its token stays); past tickets and events keep the name they were made with."""
        with self._db.write():
            if self._db.conn.execute("SELECT 1 FROM devices WHERE name = ?", (new_name,)).fetchone():
                raise ConflictError(
                    f"a device named {new_name!r} exists already; choose another name",
                    f"Đã có thiết bị tên {new_name!r}; hãy chọn tên khác",
                )
            cur = self._db.conn.execute("UPDATE devices SET name = ? WHERE name = ?", (new_name, name))
            if cur.rowcount == 0:
                raise NotFoundError(f"no device named {name!r}", f"Không có thiết bị tên {name!r}")
            self._audit.record("device.rename", actor, name=new_name, old=name)

    def create_clerk(
        self, username: str, pin: str, name: str, min_digits: int, role: ClerkRole, actor: Actor
    ) -> dict[str, Any]:
        """A new clerk (the admin screens): 409 if the username is taken — never a silent change of someone's PIN."""
        if not (username.isascii() and username.replace(".", "").replace("_", "").replace("-", "").isalnum()):
            raise InvalidError(
                f"{username!r}: a username is letters, digits, '.', '_' or '-' (no spaces or accents)",
                f"{username!r}: tên đăng nhập chỉ gồm chữ không dấu, số, '.', '_' hoặc '-'",
            )
        pin_hash = credentials.hash_pin(check_pin(pin, min_digits))
        with self._db.write():
            if self._db.conn.execute("SELECT 1 FROM clerks WHERE username = ?", (username,)).fetchone():
                raise ConflictError(
                    f"the username {username!r} is taken (clerks are never deleted); choose another",
                    f"Tên đăng nhập {username!r} đã có người dùng; hãy chọn tên khác",
                    code="username_taken",
                )
            self._db.conn.execute(
                "INSERT INTO clerks (username, name, pin_hash, created_at, role) VALUES (?, ?, ?, ?, ?)",
                (username, name, pin_hash, self._db.clock(), role.value),
            )
            self._audit.record("clerk.add", actor, clerk=username, role=role.value, name=name)
        return {"username": username, "name": name, "role": role.value, "active": True}

    def add_clerk(
        self,
        username: str,
        pin: str,
        name: str,
        min_digits: int = 6,
        role: ClerkRole = ClerkRole.COUNTER,
        actor: Actor = CLI,
    ) -> None:
        """Add a clerk, or change her PIN, name and role (and make her active again)."""
        pin_hash = credentials.hash_pin(check_pin(pin, min_digits))
        with self._db.write():
            known = self._db.conn.execute("SELECT 1 FROM clerks WHERE username = ?", (username,)).fetchone()
            self._db.conn.execute(
                "INSERT INTO clerks (username, name, pin_hash, created_at, role) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (username) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, "
                "role = excluded.role, active = 1",
                (username, name, pin_hash, self._db.clock(), role.value),
            )
            self._clear_failures(username)
            self._audit.record("clerk.set_pin" if known else "clerk.add", actor, clerk=username, role=role.value)

    def set_pin(self, username: str, pin: str, min_digits: int = 6, actor: Actor = CLI) -> None:
        """A new PIN for an existing clerk; lifts a lockout of her name."""
        pin_hash = credentials.hash_pin(check_pin(pin, min_digits))
        with self._db.write():
            cur = self._db.conn.execute("UPDATE clerks SET pin_hash = ? WHERE username = ?", (pin_hash, username))
            if cur.rowcount == 0:
                raise NotFoundError(
                    f"no clerk {username!r}. Fix: 'onestop clerk add {username} --name …' adds her",
                    f"Không có cán bộ {username!r}",
                )
            self._clear_failures(username)
            self._audit.record("clerk.set_pin", actor, clerk=username)

    def change_clerk(
        self,
        username: str,
        actor: Actor = CLI,
        *,
        name: str | None = None,
        role: ClerkRole | None = None,
        active: bool | None = None,
    ) -> dict[str, Any]:
        """Rename, promote or demote, disable or enable a clerk (never delete: history keeps her name)."""
        with self._db.write():
            row = self._db.conn.execute("SELECT * FROM clerks WHERE username = ?", (username,)).fetchone()
            if row is None:
                raise NotFoundError(f"no clerk {username!r}", f"Không có cán bộ {username!r}")
            old = {"name": row["name"], "role": row["role"], "active": bool(row["active"])}
            new = {
                "name": old["name"] if name is None else name,
                "role": old["role"] if role is None else role.value,
                "active": old["active"] if active is None else active,
            }
            if old == new:
                return {"username": username, **new}
            if old["role"] == ClerkRole.ADMIN.value and (new["role"] != old["role"] or not new["active"]):
                others = self._db.conn.execute(
                    "SELECT COUNT(*) FROM clerks WHERE role = ? AND active = 1 AND username != ?",
                    (ClerkRole.ADMIN.value, username),
                ).fetchone()[0]
                if not others:
                    raise ConflictError(
                        f"{username!r} is the last active administrator: make another one first",
                        f"{username!r} là quản trị viên cuối cùng: hãy chỉ định quản trị viên khác trước",
                        code="last_admin",
                    )
            self._db.conn.execute(
                "UPDATE clerks SET name = ?, role = ?, active = ? WHERE username = ?",
                (new["name"], new["role"], int(new["active"]), username),
            )
            if not new["active"] or new["role"] != old["role"]:
                # Her open admin sessions end with her rights.
                self._db.conn.execute("UPDATE admin_sessions SET closed = 1 WHERE username = ?", (username,))
            changed = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
            self._audit.record("clerk.change", actor, clerk=username, changed=changed)
        return {"username": username, **new}

    def begin_sign_in(self, username: str, actor: Actor, role: ClerkRole = ClerkRole.COUNTER) -> SignInAttempt:
        """Count an attempt for ``username`` before its PIN is checked, so parallel guesses each count.

        Only a clerk of ``role`` passes: a counter clerk's PIN never opens the admin screens, nor the reverse.
        Raises TooManyTriesError (429, with the time left) while the name is locked,
        and locks it when attempts still unresolved (in flight, or cut off by a crash) reach PIN_TRIES.
        """
        now = self._db.clock()
        with self._db.write():
            row = self._failures_row(username)
            if row["locked_until"] is not None and row["locked_until"] > now:
                raise locked_error(row["locked_until"] - now)
            if row["failures"] >= PIN_TRIES:
                locked = self._lock(username, row["lockouts"], actor, now)
            else:
                locked = None
                self._db.conn.execute(
                    "UPDATE sign_in_failures SET failures = failures + 1, last_failure_at = ? WHERE username = ?",
                    (now, username),
                )
                found = self._db.conn.execute(
                    "SELECT pin_hash FROM clerks WHERE username = ? AND active = 1 AND role = ?",
                    (username, role.value),
                ).fetchone()
        if locked is not None:
            raise locked
        return SignInAttempt(found["pin_hash"] if found else None)

    def sign_in_failed(self, username: str, actor: Actor) -> TooManyTriesError | None:
        """A wrong PIN (or unknown name), audited; the lockout's error if the name is (now) locked."""
        now = self._db.clock()
        with self._db.write():
            row = self._failures_row(username)
            self._audit.record("sign_in_failed", actor, clerk=username)
            if row["locked_until"] is not None and row["locked_until"] > now:
                return locked_error(row["locked_until"] - now)
            if row["failures"] < PIN_TRIES:
                return None
            return self._lock(username, row["lockouts"], actor, now)

    def _lock(self, username: str, lockouts: int, actor: Actor, now: float) -> TooManyTriesError:
        seconds = _lock_seconds(lockouts)
        self._db.conn.execute(
            "UPDATE sign_in_failures SET failures = 0, lockouts = lockouts + 1, locked_until = ? WHERE username = ?",
            (now + seconds, username),
        )
        self._audit.record("sign_in_locked", actor, clerk=username, seconds=int(seconds))
        return locked_error(seconds)

    def sign_in_succeeded(self, username: str) -> None:
        """Inside the sign-in's own transaction: the name's failures are forgotten."""
        self._clear_failures(username)

    def _failures_row(self, username: str) -> Any:
        self._db.conn.execute("INSERT OR IGNORE INTO sign_in_failures (username) VALUES (?)", (username,))
        return self._db.conn.execute("SELECT * FROM sign_in_failures WHERE username = ?", (username,)).fetchone()

    def _clear_failures(self, username: str) -> None:
        self._db.conn.execute("DELETE FROM sign_in_failures WHERE username = ?", (username,))

    def clerks(self) -> list[dict[str, Any]]:
        rows = self._db.conn.execute("SELECT username, name, active, role FROM clerks ORDER BY username")
        return [dict(r) | {"active": bool(r["active"])} for r in rows]


def check_pin(pin: str, min_digits: int) -> str:
    if not (pin.isascii() and pin.isdigit() and min_digits <= len(pin) <= 12):
        raise InvalidError(
            f"a PIN is {min_digits} to 12 digits (security.min_pin_digits in office.toml)",
            f"Mã PIN gồm {min_digits} đến 12 chữ số",
        )
    return pin
