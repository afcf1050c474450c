"""Storing offices' batches: each day's cells replaced whole, its roll-ups recomputed, a replay counted once.

Several server processes may write at once (PostgreSQL). Each batch first
locks its office's row (``SELECT … FOR UPDATE``), so two processes given the
same batch take turns and the second finds it already stored ("duplicate");
a group of batches locks its offices in id order, so two groups never wait
for each other in a circle. SQLite has one writer at a time anyway.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError

from district import figures
from district.database import writing
from district.figures import Rollup, StoredCell
from district.schema import Batch
from district.tables import batches, office_days, offices, service_days
from server.errors import ConflictError, OnestopError

Answer = dict[str, Any]

# Built once: each batch runs these with new parameters only (building statements per call
# cost more than the database work).
# Two statements, not one with a join: under READ COMMITTED a statement that waited for the lock
# still reads other tables as they were when it started, and would miss the batch just stored.
_LOCK = select(offices.c.id).where(offices.c.id == bindparam("office")).with_for_update()
_SEEN = select(batches.c.office, batches.c.result).where(batches.c.batch_id == bindparam("batch_id"))
_VERSIONS = select(office_days.c.day, office_days.c.version).where(
    office_days.c.office == bindparam("office"), office_days.c.day.in_(bindparam("days", expanding=True))
)
_DROP_SERVICES = delete(service_days).where(
    service_days.c.office == bindparam("office"), service_days.c.day == bindparam("day")
)
_DROP_DAY = delete(office_days).where(
    office_days.c.office == bindparam("office"), office_days.c.day == bindparam("day")
)
_ADD_SERVICES = service_days.insert()
_ADD_DAY = office_days.insert()
_ADD_BATCH = batches.insert()
_TOUCH = update(offices).where(offices.c.id == bindparam("office")).values(last_batch_at=bindparam("at"))


class Ingest:
    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def one(self, batch: Batch) -> Answer:
        """Apply one batch in its own transaction; raises what it refuses."""
        (result,) = self.many([batch])
        if isinstance(result, OnestopError):
            raise result
        return result

    def many(self, group: list[Batch]) -> list[Answer | OnestopError]:
        """Apply batches in one transaction (one flush to disk), each in its own savepoint.

        The server hands over every batch that arrived while the previous group
        was being written ("group commit"). A batch it refuses gets its error
        in its place and changes nothing.
        """
        results: list[Answer | OnestopError | None] = [None] * len(group)
        order = sorted(range(len(group)), key=lambda i: group[i].office)
        with writing(self.engine) as conn:
            for i in order:
                savepoint = conn.begin_nested()
                try:
                    results[i] = self._apply(conn, group[i])
                except OnestopError as exc:
                    savepoint.rollback()
                    results[i] = exc
                except IntegrityError:
                    # Only the batches' primary key can clash here: another office's batch took the id meanwhile.
                    savepoint.rollback()
                    results[i] = _id_taken(str(group[i].batch_id))
                else:
                    savepoint.commit()
        return [r for r in results if r is not None]

    def _apply(self, conn: Connection, batch: Batch) -> Answer:
        """Apply a batch; the answer says, per day, whether its figures now stand.

        - a batch id seen before: nothing changes, the first answer is repeated ("duplicate");
        - a day whose stored version is newer or equal: left alone ("stale");
        - otherwise the day's cells and roll-ups are replaced by the batch's ("applied").
        """
        batch_id = str(batch.batch_id)
        now = self.clock()
        conn.execute(_LOCK, {"office": batch.office})
        seen = conn.execute(_SEEN, {"batch_id": batch_id}).first()
        if seen is not None:
            if seen.office != batch.office:
                raise _id_taken(batch_id)
            return {**json.loads(seen.result), "status": "duplicate"}
        by_day: dict[str, list[StoredCell]] = {d.isoformat(): [] for d in batch.days}
        sent: dict[str, list[dict[str, Any]]] = {d: [] for d in by_day}
        negative = set(batch.scale.negative)
        for c in batch.cells:
            sent[c.day.isoformat()].append(c.model_dump(mode="json"))
            by_day[c.day.isoformat()].append(
                StoredCell(
                    office=batch.office, day=c.day.isoformat(), hour=c.hour, service=c.service, issued=c.issued,
                    served=c.served, no_show=c.no_show, cancelled=c.cancelled, wait_mean_s=c.wait_mean_s,
                    wait_p90_s=c.wait_p90_s, wait_max_s=c.wait_max_s, service_mean_s=c.service_mean_s,
                    rated=sum(c.ratings.values()),
                    not_satisfied=sum(n for level, n in c.ratings.items() if level in negative),
                    ratings=dict(c.ratings),
                )
            )  # fmt: skip
        found = conn.execute(_VERSIONS, {"office": batch.office, "days": list(by_day)})
        stored: dict[str, int] = {row[0]: row[1] for row in found}
        days: dict[str, str] = {}
        for day, day_cells in by_day.items():
            if day in stored and stored[day] >= batch.version:
                days[day] = "stale"
                continue
            self._replace_day(conn, batch, day, day_cells, sent[day], now)
            stored[day] = batch.version
            days[day] = "applied"
        status = "applied" if "applied" in days.values() else "stale"
        result = {"batch_id": batch_id, "status": status, "days": days, "versions": stored}
        conn.execute(
            _ADD_BATCH,
            {"batch_id": batch_id, "office": batch.office, "version": batch.version, "received_at": now,
             "result": json.dumps(result)},
        )  # fmt: skip
        conn.execute(_TOUCH, {"office": batch.office, "at": now})
        return result

    def _replace_day(
        self, conn: Connection, batch: Batch, day: str, day_cells: list[StoredCell], sent: list[dict[str, Any]],
        now: float,
    ) -> None:  # fmt: skip
        office = batch.office
        conn.execute(_DROP_SERVICES, {"office": office, "day": day})
        conn.execute(_DROP_DAY, {"office": office, "day": day})
        per_service: dict[str, list[StoredCell]] = {}
        for c in day_cells:
            per_service.setdefault(c.service, []).append(c)
        if per_service:
            conn.execute(
                _ADD_SERVICES,
                [{"office": office, "day": day, "service": service, **rollup_row(part)}
                 for service, part in sorted(per_service.items())],
            )  # fmt: skip
        conn.execute(
            _ADD_DAY,
            {"office": office, "day": day, "version": batch.version, "batch_id": str(batch.batch_id),
             "received_at": now, **rollup_row(day_cells), "cells": json.dumps(sent, separators=(",", ":"))},
        )  # fmt: skip


def rollup_row(day_cells: Iterable[StoredCell]) -> dict[str, Any]:
    """The roll-up columns of a set of cells (district/tables.py)."""
    listed = list(day_cells)
    r: Rollup = figures.rollup(listed)
    ratings: dict[str, int] = {}
    for c in listed:
        for level, n in c.ratings.items():
            ratings[level] = ratings.get(level, 0) + n
    return {
        "issued": r.issued, "served": r.served, "no_show": r.no_show, "cancelled": r.cancelled, "waits": r.waits,
        "within_target": r.within_target, "wait_sum": r.wait_sum, "wait_p90": r.wait_p90, "wait_max": r.wait_max,
        "timed": r.timed, "service_sum": r.service_sum, "rated": r.rated, "scaled": r.scaled,
        "not_satisfied": r.not_satisfied, "ratings": json.dumps(ratings, sort_keys=True),
    }  # fmt: skip


def _id_taken(batch_id: str) -> ConflictError:
    return ConflictError(
        f"batch id {batch_id} was already used by another office", "Mã lô dữ liệu đã được đơn vị khác dùng",
        code="batch_id",
    )  # fmt: skip
