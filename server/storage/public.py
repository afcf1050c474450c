"""A ticket as its citizen sees it from the QR code: no device token, only the ticket's own secret code.

Ticket ids are sequential, so the page at ``/t/{id}?c=CODE`` needs the random
``public_code`` stored with each ticket; a wrong or missing code reads exactly
like a ticket that does not exist.
"""

from __future__ import annotations

import hmac

from server import schemas
from server.errors import ForbiddenError, NotFoundError
from server.snapshots import Actor
from server.storage.database import Database
from server.storage.ratings import Ratings
from server.storage.views import Views

# Ratings made from the public page name this as their device.
PUBLIC_DEVICE = "public-page"


def _not_found() -> NotFoundError:
    # The same answer for "no such ticket" and "wrong code": the id alone tells nothing.
    return NotFoundError("no such ticket", "Không tìm thấy phiếu")


class PublicTickets:
    def __init__(self, db: Database, views: Views, ratings: Ratings) -> None:
        self._db = db
        self._views = views
        self._ratings = ratings

    def ticket(self, ticket_id: int, code: str | None) -> schemas.Ticket:
        """The ticket (with ``wait_now`` while it waits today), if ``code`` is its public code."""
        row = self._db.conn.execute("SELECT public_code FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        stored = row["public_code"] if row else None
        if not stored or not code or not hmac.compare_digest(stored.encode(), code.strip().upper().encode()):
            raise _not_found()
        ticket = self._views.ticket(ticket_id)
        ticket["public_code"] = stored
        if "position" in ticket:
            wait = self._views.ticket_wait_now(ticket_id, ticket["service"], ticket["position"])
            ticket["wait_now"] = {
                "point_s": wait.point_s,
                "low_s": wait.low_s,
                "high_s": wait.high_s,
                "called_today": wait.called_today,
            }
        return ticket

    def rate(
        self, ticket_id: int, code: str | None, level: int, reasons: list[str], dossier_code: str | None
    ) -> schemas.Rating:
        """Ratings.rate for the citizen holding the ticket's code: served, once, the same office day."""
        ticket = self.ticket(ticket_id, code)
        if ticket["day"] != self._db.today():
            raise ForbiddenError(
                f"ticket {ticket['number']} is from {ticket['day']}: it could be rated only that day",
                f"Phiếu {ticket['number']} là của ngày {ticket['day']}: chỉ đánh giá được trong ngày đó",
                code="code_expired",
            )
        return self._ratings.rate(ticket_id, level, reasons, dossier_code, Actor(PUBLIC_DEVICE), "public_page")
