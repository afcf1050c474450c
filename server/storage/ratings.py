"""Citizens' satisfaction ratings (table ``ratings``) and the office's rating form; each rating is one transaction.

Who may rate which ticket is server/permissions.py's (the counter's tablet within
its window, or the ticket's code the same day); this part records the rating
once, with the path it came by, and its audit entry.
"""

from __future__ import annotations

import json

from server import schemas
from server.errors import ConflictError, InvalidError
from server.snapshots import Actor
from server.stats import DayCache
from server.storage.audit import AuditTrail
from server.storage.database import Database
from server.storage.events import EventLog
from server.storage.views import Views


class Ratings:
    def __init__(self, db: Database, events: EventLog, views: Views, stats_cache: DayCache, audit: AuditTrail) -> None:
        self._db = db
        self._audit = audit
        self._events = events
        self._views = views
        self._stats_cache = stats_cache

    def scale(self) -> schemas.RatingScale:
        scale = self._db.office.rating
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
        path: str,
    ) -> schemas.Rating:
        """Record a rating made by ``path`` ('tablet', 'kiosk_code', 'public_page'); the caller checked who may."""
        scale = self._db.office.rating
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
        with self._db.write():
            ticket = self._views.ticket_row(ticket_id)
            if ticket["status"] != "done":
                raise ConflictError(
                    f"ticket {ticket['label']} was not served (it is {ticket['status']}); only served ones are rated",
                    f"Vé {ticket['label']} chưa được phục vụ xong nên chưa thể đánh giá",
                    code="not_served",
                )
            if self._db.conn.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone():
                raise ConflictError(
                    f"ticket {ticket['label']} has been rated already",
                    f"Vé {ticket['label']} đã được đánh giá",
                    code="already_rated",
                )
            self._db.conn.execute(
                "INSERT INTO ratings (ticket_id, level, reasons, dossier_code, service, counter, clerk, device, at, "
                "path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ticket_id,
                    level,
                    json.dumps(sorted(set(reasons))),
                    dossier_code,
                    ticket["service"],
                    ticket["counter"],
                    ticket["clerk"],
                    actor.device,
                    self._db.clock(),
                    path,
                ),
            )
            self._audit.record("rating", actor, ticket_id=ticket_id, path=path)
            event = self._events.emit(
                "rating.created", ticket_id=ticket_id, actor=actor, rating=self._views.rating(ticket_id)
            )
            if ticket["day"] != self._db.today():
                # A late rating (the phone's public page) changes a past day's figures: not from the cache.
                self._stats_cache.forget([ticket["day"]])
        rating: schemas.Rating = event["rating"]
        return rating
