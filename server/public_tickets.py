"""A ticket as its citizen sees it from the QR code: no device token, only the ticket's own secret code.

A mixin of Store (server/store.py). Ticket ids are sequential, so the page at
``/t/{id}?c=CODE`` needs the random ``public_code`` stored with each ticket;
a wrong or missing code reads exactly like a ticket that does not exist.
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING, Any

from core import estimate
from server.errors import NotFoundError
from server.snapshots import Actor

if TYPE_CHECKING:
    from server.store import Store

    _Base = Store
else:
    _Base = object

# No 0/O, 1/I/L: the code may be read aloud or typed from the slip. 31^8 ≈ 8.5e11 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# Ratings made from the public page name this as their device.
PUBLIC_DEVICE = "public-page"


def new_public_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _not_found() -> NotFoundError:
    # The same answer for "no such ticket" and "wrong code": the id alone tells nothing.
    return NotFoundError("no such ticket", "Không tìm thấy phiếu")


class PublicTickets(_Base):
    def public_code(self, ticket_id: int) -> str:
        """The ticket's secret for its public page (kiosks print it in the QR code)."""
        row = self.conn.execute("SELECT public_code FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        if row is None:
            raise _not_found()
        return str(row["public_code"])

    def public_ticket(self, ticket_id: int, code: str | None) -> dict[str, Any]:
        """The ticket (with ``estimated_now_s`` while it waits today), if ``code`` is its public code."""
        row = self.conn.execute("SELECT public_code FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        stored = row["public_code"] if row else None
        if not stored or not code or not hmac.compare_digest(stored.encode(), code.strip().upper().encode()):
            raise _not_found()
        ticket = {**self.ticket(ticket_id), "public_code": stored}
        if "position" in ticket:
            service = ticket["service"]
            ticket["estimated_now_s"] = estimate.estimate_wait_s(
                ticket["position"], self._mean_service_s(service), self._open_counters(service)
            )
        return ticket

    def rate_public(
        self, ticket_id: int, code: str | None, level: int, reasons: list[str], dossier_code: str | None
    ) -> dict[str, Any]:
        """Store.rate for the citizen holding the ticket's code (the same rules: served, once)."""
        self.public_ticket(ticket_id, code)
        return self.rate(ticket_id, level, reasons, dossier_code, Actor(PUBLIC_DEVICE))
