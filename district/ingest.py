"""Storing offices' batches: each day's cells replaced whole, its roll-ups recomputed, a replay counted once.

Several server processes may write at once (PostgreSQL). Each batch first
locks its office's row (an ``UPDATE`` of when it was last heard from), so two
processes given the same batch take turns and the second finds it already
stored ("duplicate"); a group of batches locks its offices in id order, so two
groups never wait for each other in a circle. SQLite has one writer at a time anyway.

The transaction is short by design: a statement per table whatever the number
of days (days replaced by one upsert, their services deleted and inserted in
one go, their months rebuilt from the days by one INSERT … SELECT), and nothing
read back into Python but the batch ids and day versions it must decide on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, Engine, Insert, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError

from district import figures
from district.database import upsert_into, writing
from district.figures import Rollup, StoredCell
from district.rollups import rebuild_months
from district.schema import Batch
from district.tables import batches, office_days, offices, service_days
from server.errors import ConflictError, OnestopError

Answer = dict[str, Any]

# Built once: each batch runs these with new parameters only (building statements per call
# cost more than the database work).
# The lock is its own statement, before the reads: under READ COMMITTED a statement that waited for
# the lock still reads other tables as they were when it started, and would miss the batch just stored.
# It is an UPDATE (the office was heard from now) so that taking it costs no extra round trip.
_LOCK_AND_TOUCH = update(offices).where(offices.c.id == bindparam("office")).values(last_batch_at=bindparam("at"))
_SEEN = select(batches.c.office, batches.c.result).where(batches.c.batch_id == bindparam("batch_id"))
_VERSIONS = select(office_days.c.day, office_days.c.version).where(
    office_days.c.office == bindparam("office"), office_days.c.day.in_(bindparam("days", expanding=True))
)
_DROP_SERVICES = delete(service_days).where(
    service_days.c.office == bindparam("office"), service_days.c.day.in_(bindparam("days", expanding=True))
)
_ADD_SERVICES = service_days.insert()
_ADD_BATCH = batches.insert()


def _upsert_days(dialect: str) -> Insert:
    """Insert an office day, or replace every column of the stored one (one statement, no delete first)."""
    statement = upsert_into(dialect, office_days)
    keys = {"office", "day"}
    return statement.on_conflict_do_update(
        index_elements=sorted(keys),
        set_={c.name: statement.excluded[c.name] for c in office_days.columns if c.name not in keys},
    )


class Ingest:
    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock
        self._upsert_days = _upsert_days(engine.dialect.name)
        self._rebuild_months = rebuild_months(engine.dialect.name)

    def rebuild_months(self) -> None:
        """Every month roll-up rebuilt from its days (``init``: after a rolling upgrade from a version
        without month roll-ups, whose processes stored days without their months meanwhile)."""
        with writing(self.engine) as conn:
            conn.execute(rebuild_months(self.engine.dialect.name, every_office=True))

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
        if len(group) == 1:  # most groups: the transaction stands for the savepoint (two round trips fewer)
            try:
                with writing(self.engine) as conn:
                    return [self._apply(conn, group[0])]
            except OnestopError as exc:
                return [exc]
            except IntegrityError:
                return [_id_taken(str(group[0].batch_id))]
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
        conn.execute(_LOCK_AND_TOUCH, {"office": batch.office, "at": now})
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
        for day in by_day:
            days[day] = "stale" if day in stored and stored[day] >= batch.version else "applied"
        applied = [day for day, status in days.items() if status == "applied"]
        if applied:
            self._replace_days(conn, batch, {day: by_day[day] for day in applied}, sent, now)
            stored.update(dict.fromkeys(applied, batch.version))
        status = "applied" if applied else "stale"
        result = {"batch_id": batch_id, "status": status, "days": days, "versions": stored}
        conn.execute(
            _ADD_BATCH,
            {"batch_id": batch_id, "office": batch.office, "version": batch.version, "received_at": now,
             "result": json.dumps(result)},
        )  # fmt: skip
        return result

    def _replace_days(
        self, conn: Connection, batch: Batch, by_day: dict[str, list[StoredCell]],
        sent: dict[str, list[dict[str, Any]]], now: float,
    ) -> None:  # fmt: skip
        """The days' roll-ups and cells replaced, their services' too, and their months rebuilt."""
        office = batch.office
        conn.execute(_DROP_SERVICES, {"office": office, "days": list(by_day)})
        service_rows = []
        for day, day_cells in by_day.items():
            per_service: dict[str, list[StoredCell]] = {}
            for c in day_cells:
                per_service.setdefault(c.service, []).append(c)
            service_rows += [{"office": office, "day": day, "service": service, **rollup_row(part)}
                             for service, part in sorted(per_service.items())]  # fmt: skip
        if service_rows:
            conn.execute(_ADD_SERVICES, service_rows)
        conn.execute(
            self._upsert_days,
            [{"office": office, "day": day, "version": batch.version, "batch_id": str(batch.batch_id),
              "received_at": now, **rollup_row(day_cells), "cells": json.dumps(sent[day], separators=(",", ":"))}
             for day, day_cells in by_day.items()],
        )  # fmt: skip
        months = sorted({day[:7] for day in by_day})
        conn.execute(
            self._rebuild_months, {"office": office, "first": months[0] + "-01", "last": months[-1] + "-31"}
        )


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
        "within_target": r.within_target, "wait_sum": r.wait_sum, "wait_p90": _tenth(r.wait_p90),
        "wait_max": _tenth(r.wait_max),
        "timed": r.timed, "service_sum": r.service_sum, "rated": r.rated, "scaled": r.scaled,
        "not_satisfied": r.not_satisfied, "ratings": json.dumps(ratings, sort_keys=True),
    }  # fmt: skip


def _tenth(seconds: float | None) -> float | None:
    """To a tenth of a second, the precision offices send and figures show. Reads pack every day's
    p90 and max as text and parse them back ("1452.5", not "1452.4696439142413"): parsing was the
    largest cost of a national ranking (py-spy), and shorter numbers parse about three times faster."""
    return None if seconds is None else round(seconds, 1)


def _id_taken(batch_id: str) -> ConflictError:
    return ConflictError(
        f"batch id {batch_id} was already used by another office", "Mã lô dữ liệu đã được đơn vị khác dùng",
        code="batch_id",
    )  # fmt: skip
