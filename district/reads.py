"""Reading figures from the roll-ups: per office, province, level, service, day or month, over a range of days.

Sums are added up by the database (``GROUP BY``); the pooled 90th percentile
needs every roll-up's (waits, p90, max), which come back as a second,
narrow query with equal parts merged (``_parts``): a year of a province's
150 offices is ~55,000 day roll-ups, read in one round trip.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from sqlalchemy import ColumnElement, Connection, Engine, Select, String, Table, case, cast, func, select

from district import figures
from district.database import reading
from district.figures import Rollup
from district.tables import office_days, offices, service_days

By = Literal["office", "province", "level", "service", "day", "month"]
BY: tuple[By, ...] = ("office", "province", "level", "service", "day", "month")
SUMMED = (
    "issued", "served", "no_show", "cancelled", "waits", "within_target", "wait_sum", "timed", "service_sum",
    "rated", "scaled", "not_satisfied",
)  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """Which offices' figures: all, or one province's, one level's, one office's (any combination)."""

    province: str | None = None
    level: str | None = None
    office: str | None = None


class Reads:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def grouped(self, by: By, first: str, last: str, scope: Scope = Scope()) -> dict[str, Rollup]:
        """The roll-up of every value of ``by`` (offices with no figures in the range are absent).

        One pass over the roll-ups: the database adds the sums up and packs each
        group's (waits, p90, max) parts into one string ("w:p90:max,…"), so a
        national ranking moves 3,321 rows instead of 100,000 (reading rows one
        by one cost more than everything else together).
        """
        table = service_days if by == "service" else office_days
        key = _key(by, table).label("key")
        sums = [func.sum(table.c[name]).label(name) for name in SUMMED]
        part = cast(table.c.waits, String) + ":" + cast(table.c.wait_p90, String) + ":" + cast(table.c.wait_max, String)
        packed = func.aggregate_strings(case((table.c.waits > 0, part)), ",").label("parts")
        query = select(key, *sums, func.max(table.c.wait_max).label("wait_max"), packed)
        with reading(self.engine) as conn:
            # A day reported with no tickets has no figures: it is not a row (nor ranks an office).
            scoped = _scoped(query, table, first, last, scope, conn).group_by(key)
            rows = conn.execute(scoped.having(func.sum(table.c.issued) > 0)).all()
        result: dict[str, Rollup] = {}
        texts: list[str] = []
        for row in rows:
            m = row._mapping
            result[str(m["key"])] = Rollup(**{name: m[name] or 0 for name in SUMMED}, wait_max=m["wait_max"])
            texts.append(m["parts"] or "")
        counts = [t.count(",") + 1 if t else 0 for t in texts]
        joined = ",".join(t for t in texts if t)
        numbers = np.fromstring(joined.replace(":", ","), dtype=np.float64, sep=",") if joined else np.zeros(0)
        parts = numbers.reshape(-1, 3)
        groups = np.repeat(np.arange(len(texts)), counts)
        p90s = figures.pooled_quantiles(groups, parts[:, 0], parts[:, 1], parts[:, 2], len(texts))
        for rollup, p90 in zip(result.values(), p90s, strict=True):
            rollup.wait_p90 = p90
        return result

    def trend(
        self, by: Literal["day", "month"], first: str, last: str, scope: Scope, only: Sequence[str] | None = None
    ) -> dict[str, dict[str, Any]]:
        """Per office (of ``only``, if given), served and satisfaction per day (or month): the ranking's bars."""
        key = _key(by, office_days).label("key")
        columns: Select[Any] = select(
            office_days.c.office, key, func.sum(office_days.c.served), func.sum(office_days.c.scaled),
            func.sum(office_days.c.not_satisfied),
        )  # fmt: skip
        if only is not None:
            columns = columns.where(office_days.c.office.in_(list(only)))
        result: dict[str, dict[str, Any]] = {}
        with reading(self.engine) as conn:
            query = _scoped(columns, office_days, first, last, scope, conn).group_by(office_days.c.office, key)
            for row in conn.execute(query):
                served, scaled, unhappy = int(row[2] or 0), int(row[3] or 0), int(row[4] or 0)
                rate = (scaled - unhappy) / scaled * 100 if scaled else None
                result.setdefault(str(row[0]), {})[str(row[1])] = (served, rate)
        return result

    def ratings(self, first: str, last: str, scope: Scope) -> dict[str, int]:
        """Ratings by level value over the range (the levels as offices send them)."""
        total: dict[str, int] = {}
        with reading(self.engine) as conn:
            for (text,) in conn.execute(_scoped(select(office_days.c.ratings), office_days, first, last, scope, conn)):
                for level, n in json.loads(text).items():
                    total[level] = total.get(level, 0) + n
        return dict(sorted(total.items(), reverse=True))

    def hourly(self, office: str, day: str) -> list[dict[str, Any]]:
        """One office-day's cells as the office sent them (for a closer look at a day)."""
        query = select(office_days.c.cells).where(office_days.c.office == office, office_days.c.day == day)
        with reading(self.engine) as conn:
            text = conn.execute(query).scalar()
        cells: list[dict[str, Any]] = json.loads(text) if text else []
        return cells


def _key(by: By, table: Table) -> ColumnElement[Any]:
    if by == "office":
        return table.c.office
    if by == "province":
        return func.coalesce(offices.c.province, "")
    if by == "level":
        return offices.c.level
    if by == "service":
        return table.c.service
    if by == "day":
        return table.c.day
    return func.substr(table.c.day, 1, 7)


def _scoped(query: Select[Any], table: Table, first: str, last: str, scope: Scope, conn: Connection) -> Select[Any]:
    """The rows of ``scope`` in first..last. A province's offices are looked up first and named in the
    query: the database then reads just their days by the primary key instead of every office's days."""
    query = query.select_from(table.join(offices, offices.c.id == table.c.office))
    query = query.where(table.c.day >= first, table.c.day <= last)
    if scope.office is not None:
        query = query.where(table.c.office == scope.office)
    if scope.province is not None:
        members = select(offices.c.id).where(offices.c.province == scope.province)
        if scope.level is not None:
            members = members.where(offices.c.level == scope.level)
        query = query.where(table.c.office.in_([row[0] for row in conn.execute(members)]))
    elif scope.level is not None:
        query = query.where(offices.c.level == scope.level)
    return query
