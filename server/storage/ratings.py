"""Citizens' satisfaction ratings (table ``ratings``) and the office's rating form; each rating is one transaction.

A late rating changes a past day's figures, so it drops that day from the statistics' cache.
"""

from __future__ import annotations

import json

from server import schemas
from server.errors import ConflictError, ForbiddenError, InvalidError
from server.snapshots import Actor
from server.stats import DayCache
from server.storage.database import Database
from server.storage.events import EventLog
from server.storage.views import Views


class Ratings:
    def __init__(self, db: Database, events: EventLog, views: Views, stats_cache: DayCache) -> None:
        self._db = db
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
        only_counter: int | None = None,
    ) -> schemas.Rating:
        """Record a rating; ``only_counter`` limits a counter-side tablet to its own counter's tickets."""
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
            if self._db.conn.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone():
                raise ConflictError(
                    f"ticket {ticket['label']} has been rated already",
                    f"Vé {ticket['label']} đã được đánh giá",
                    code="already_rated",
                )
            self._db.conn.execute(
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
                    self._db.clock(),
                ),
            )
            event = self._events.emit(
                "rating.created", ticket_id=ticket_id, actor=actor, rating=self._views.rating(ticket_id)
            )
            if ticket["day"] != self._db.today():
                # A late rating (the phone's public page) changes a past day's figures: not from the cache.
                self._stats_cache.forget([ticket["day"]])
        rating: schemas.Rating = event["rating"]
        return rating
