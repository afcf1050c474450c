"""Device pairing (table ``pairings``): a new device shows a 6-digit code, an administrator approves it.

A device started with only the server's address asks to pair (``request``) and gets a code to
show and a secret of its own to ask about its request with. The admin screens list the pending
requests; approving one adds the device (with the role, name and counter the administrator
chose) in the same transaction and hands its token back to the caller, which passes it to the
waiting device from memory: the token is never stored here. Codes expire after CODE_S.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from server import credentials
from server.errors import ConflictError, NotFoundError
from server.permissions import Role
from server.snapshots import Actor
from server.storage.accounts import Accounts
from server.storage.audit import AuditTrail
from server.storage.database import Database

CODE_S = 10 * 60.0
# More open requests than this and new ones wait (a LAN device asking in a loop cannot fill the table).
MAX_PENDING = 20


@dataclass(frozen=True)
class PairingRequest:
    id: int
    code: str
    secret: str
    expires_at: float


@dataclass(frozen=True)
class PairingStatus:
    state: str  # pending | approved | refused | expired
    device: str | None
    role: str | None
    counter: int | None


class Pairings:
    def __init__(self, db: Database, accounts: Accounts, audit: AuditTrail) -> None:
        self._db = db
        self._accounts = accounts
        self._audit = audit

    def request(self, kind: str, hint: str) -> PairingRequest:
        now = self._db.clock()
        secret = credentials.new_token()
        with self._db.write():
            pending = self._db.conn.execute(
                "SELECT code FROM pairings WHERE state = 'pending' AND expires_at > ?", (now,)
            ).fetchall()
            if len(pending) >= MAX_PENDING:
                raise ConflictError(
                    f"{MAX_PENDING} devices are already waiting to be approved: approve or let them expire first",
                    f"Đã có {MAX_PENDING} thiết bị đang chờ duyệt: hãy duyệt hoặc chờ mã hết hạn",
                    code="too_many_pairings",
                )
            taken = {row["code"] for row in pending}
            code = next(c for c in iter(lambda: f"{secrets.randbelow(10**6):06d}", None) if c not in taken)
            cur = self._db.conn.execute(
                "INSERT INTO pairings (code, secret_hash, kind, hint, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (code, credentials.token_hash(secret), kind, hint, now, now + CODE_S),
            )
        assert cur.lastrowid is not None
        return PairingRequest(cur.lastrowid, code, secret, now + CODE_S)

    def pending(self) -> list[dict[str, Any]]:
        rows = self._db.conn.execute(
            "SELECT id, code, kind, hint, created_at, expires_at FROM pairings "
            "WHERE state = 'pending' AND expires_at > ? ORDER BY id",
            (self._db.clock(),),
        ).fetchall()
        return [dict(r) for r in rows]

    def approve(self, code: str, name: str, role: Role, counter: int | None, actor: Actor) -> tuple[int, str]:
        """Add the device waiting with ``code``; its pairing id and new token (for the waiting device only)."""
        with self._db.write():
            row = self._pending_row(code)
            token = self._accounts.insert_device(name, role, counter, actor, paired=True)
            self._db.conn.execute(
                "UPDATE pairings SET state = 'approved', device = ?, decided_by = ? WHERE id = ?",
                (name, actor.clerk, row["id"]),
            )
        return int(row["id"]), token

    def refuse(self, code: str, actor: Actor) -> int:
        with self._db.write():
            row = self._pending_row(code)
            self._db.conn.execute(
                "UPDATE pairings SET state = 'refused', decided_by = ? WHERE id = ?", (actor.clerk, row["id"])
            )
            self._audit.record("device.pair_refused", actor, code=code, kind=row["kind"], hint=row["hint"])
        return int(row["id"])

    def status(self, pairing_id: int, secret: str) -> PairingStatus:
        """The device's own request, if ``secret`` is its secret (404 otherwise: nothing to learn by guessing)."""
        row = self._db.conn.execute(
            "SELECT p.*, d.role AS role, d.counter AS counter FROM pairings p "
            "LEFT JOIN devices d ON d.name = p.device WHERE p.id = ?",
            (pairing_id,),
        ).fetchone()
        if row is None or not hmac.compare_digest(row["secret_hash"], credentials.token_hash(secret)):
            raise NotFoundError("no such pairing request", "Không có yêu cầu ghép nối này")
        state = row["state"]
        if state == "pending" and row["expires_at"] <= self._db.clock():
            state = "expired"
        return PairingStatus(state, row["device"], row["role"], row["counter"])

    def _pending_row(self, code: str) -> Any:
        row = self._db.conn.execute(
            "SELECT * FROM pairings WHERE code = ? AND state = 'pending' AND expires_at > ?",
            (code, self._db.clock()),
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"no device is waiting with code {code} "
                "(codes expire after 10 minutes: restart the device for a new one)",
                f"Không có thiết bị nào đang chờ với mã {code} (mã hết hạn sau 10 phút: khởi động lại thiết bị "
                "để có mã mới)",
            )
        return row
