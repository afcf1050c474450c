"""Citizens' satisfaction ratings in the office database.

A mixin of Store (server/store.py); each rating is one transaction with its event.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from server.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from server.snapshots import Actor

if TYPE_CHECKING:
    from server.store import Store

    _Base = Store
else:
    _Base = object


class Ratings(_Base):
    def rating_scale(self) -> dict[str, Any]:
        scale = self.office.rating
        return {
            "levels": [
                {"value": lv.value, "label_vi": lv.label_vi, "label_en": lv.label_en, "negative": lv.negative}
                for lv in scale.levels
            ],
            "reasons": [{"code": r.code, "label_vi": r.label_vi, "label_en": r.label_en} for r in scale.reasons],
            "show_seconds": scale.show_seconds,
        }

    def rate(
        self,
        ticket_id: int,
        level: int,
        reasons: list[str],
        dossier_code: str | None,
        actor: Actor,
        only_counter: int | None = None,
    ) -> dict[str, Any]:
        """Record a rating; ``only_counter`` limits a counter-side tablet to its own counter's tickets."""
        scale = self.office.rating
        try:
            scale.level(level)
        except KeyError:
            values = ", ".join(str(lv.value) for lv in scale.levels)
            raise InvalidError(f"level must be one of {values}", f"Mức đánh giá phải là một trong {values}") from None
        known = {r.code for r in scale.reasons}
        unknown = [r for r in reasons if r not in known]
        if unknown:
            raise InvalidError(
                f"unknown reason {', '.join(unknown)}; use {', '.join(sorted(known))}",
                f"Lý do không hợp lệ: {', '.join(unknown)}",
            )
        with self.write():
            ticket = self._ticket_row(ticket_id)
            if only_counter is not None and ticket["counter"] != only_counter:
                raise ForbiddenError(
                    f"ticket {ticket['label']} was not served at counter {only_counter}",
                    f"Vé {ticket['label']} không được phục vụ tại quầy {only_counter}",
                )
            if ticket["status"] != "done":
                raise ConflictError(
                    f"ticket {ticket['label']} was not served (it is {ticket['status']}); only served ones are rated",
                    f"Vé {ticket['label']} chưa được phục vụ xong nên chưa thể đánh giá",
                    code="not_served",
                )
            if self.conn.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone():
                raise ConflictError(
                    f"ticket {ticket['label']} has been rated already",
                    f"Vé {ticket['label']} đã được đánh giá",
                    code="already_rated",
                )
            self.conn.execute(
                "INSERT INTO ratings (ticket_id, level, reasons, dossier_code, service, counter, clerk, device, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ticket_id,
                    level,
                    json.dumps(sorted(set(reasons))),
                    dossier_code,
                    ticket["service"],
                    ticket["counter"],
                    ticket["clerk"],
                    actor.device,
                    self.clock(),
                ),
            )
            event = self._emit("rating.created", ticket_id=ticket_id, actor=actor, rating=self._rating(ticket_id))
            if ticket["day"] != self.today():
                # A late rating (the phone's public page) changes a past day's figures: not from the cache.
                self.stats_cache.forget([ticket["day"]])
        rating: dict[str, Any] = event["rating"]
        return rating

    def _rating(self, ticket_id: int) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone()
        if row is None:
            return None
        return {
            "ticket_id": row["ticket_id"],
            "level": row["level"],
            "reasons": json.loads(row["reasons"]),
            "dossier_code": row["dossier_code"],
            "service": row["service"],
            "counter": row["counter"],
            "clerk": row["clerk"],
            "at": self._iso(row["at"]),
        }

    def ticket_by_number(self, label: str) -> dict[str, Any]:
        """Today's ticket with this printed number (the latest, should formats collide)."""
        row = self.conn.execute(
            "SELECT id FROM tickets WHERE day = ? AND label = ? ORDER BY id DESC LIMIT 1",
            (self.today(), label.upper()),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no ticket {label.upper()} today", f"Hôm nay không có số {label.upper()}")
        return self.ticket(row["id"])
