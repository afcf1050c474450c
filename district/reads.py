"""Reading figures from the roll-ups: per office, province, level, service, day or month, over a range of days.

Sums are added up by the database (``GROUP BY``); the pooled 90th percentile
needs every day roll-up's (waits, p90, max), which the database packs into one
string per group. A range is read from the coarsest roll-ups that cover it:
its whole months from ``office_months`` (whose ``parts`` already hold their
days' packed parts), the ragged days at either end from ``office_days``. So a
year of a province's 150 offices is ~6,000 rows instead of ~55,000, with the
same figures as reading every day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from sqlalchemy import ColumnElement, Connection, Engine, Select, Subquery, Table, and_, func, or_, select, union_all

from district import figures
from district.database import reading
from district.figures import Rollup
from district.rollups import SUMMED, month_of, packed_part
from district.tables import office_days, office_months, offices, service_days

By = Literal["office", "province", "level", "service", "day", "month"]
BY: tuple[By, ...] = ("office", "province", "level", "service", "day", "month")


@dataclass(frozen=True)
class Scope:
    """Which offices' figures: all, or one province's, one level's, one office's (any combination)."""

    province: str | None = None
    level: str | None = None
    office: str | None = None


class Reads:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def grouped(
        self, by: By, first: str, last: str, scope: Scope = Scope(), *, p90: bool = True
    ) -> dict[str, Rollup]:
        """The roll-up of every value of ``by`` (offices with no figures in the range are absent).

        One pass over the roll-ups: the database adds the sums up and packs each
        group's (waits, p90, max) parts into one string ("w:p90:max,…"), so a
        national ranking moves 3,321 rows instead of 100,000 (reading rows one
        by one cost more than everything else together). Without ``p90`` the
        parts are neither packed nor pooled (``wait_p90`` stays None): a ranking
        orders by satisfaction, mean wait and served, and pools the p90 of only
        the rows it shows (``p90s``) — for a national month that was most of the
        work (100,000 parts moved and pooled for the 100 rows of a page).
        """
        with reading(self.engine) as conn:
            if by in ("day", "service"):  # finer than a month: the day roll-ups (of each service)
                table = service_days if by == "service" else office_days
                key = _key(by, table).label("key")
                parts = func.aggregate_strings(packed_part(table), ",").label("parts")
                query = select(
                    key, *[func.sum(table.c[name]).label(name) for name in SUMMED],
                    func.max(table.c.wait_max).label("wait_max"), *([parts] if p90 else []),
                )  # fmt: skip
                query = _scoped(query, table, first, last, scope, conn)
                total_issued = func.sum(table.c.issued)
            else:
                source = _coarsest(first, last, scope, conn)
                key = _key(by, source).label("key")
                parts = func.aggregate_strings(source.c.parts, ",").label("parts")
                query = select(
                    key, *[func.sum(source.c[name]).label(name) for name in SUMMED],
                    func.max(source.c.wait_max).label("wait_max"), *([parts] if p90 else []),
                ).select_from(source.join(offices, offices.c.id == source.c.office))  # fmt: skip
                if scope.level is not None and scope.province is None:
                    query = query.where(offices.c.level == scope.level)
                total_issued = func.sum(source.c.issued)
            # A day reported with no tickets has no figures: it is not a row (nor ranks an office).
            rows = conn.execute(query.group_by(key).having(total_issued > 0)).all()
        result: dict[str, Rollup] = {}
        texts: list[str] = []
        for row in rows:
            m = row._mapping
            result[str(m["key"])] = Rollup(**{name: m[name] or 0 for name in SUMMED}, wait_max=m["wait_max"])
            if p90:
                texts.append(m["parts"] or "")
        if p90:
            for rollup, pooled in zip(result.values(), _pooled(texts), strict=True):
                rollup.wait_p90 = pooled
        return result

    def p90s(self, first: str, last: str, scope: Scope, only: Sequence[str]) -> dict[str, float | None]:
        """The pooled wait p90 of each office of ``only`` over first..last (absent: no figures in the range),
        the same as ``grouped("office", …)`` gives them: what a ranking page shows for its rows."""
        if not only:
            return {}
        with reading(self.engine) as conn:
            source = _coarsest(first, last, scope, conn, only)
            query = select(source.c.office, func.aggregate_strings(source.c.parts, ",")).group_by(source.c.office)
            query = query.having(func.sum(source.c.issued) > 0)
            rows = conn.execute(query).all()
        return dict(zip((str(row[0]) for row in rows), _pooled([row[1] or "" for row in rows]), strict=True))

    def trend(
        self, by: Literal["day", "month"], first: str, last: str, scope: Scope, only: Sequence[str] | None = None
    ) -> dict[str, dict[str, Any]]:
        """Per office (of ``only``, if given), served and satisfaction per day (or month): the ranking's bars."""
        result: dict[str, dict[str, Any]] = {}
        with reading(self.engine) as conn:
            if by == "day":
                source: Subquery | Table = office_days
                key = _key("day", office_days).label("key")
            else:
                source = _coarsest(first, last, scope, conn, only)
                key = source.c.month.label("key")
            query: Select[Any] = select(
                source.c.office, key, func.sum(source.c.served), func.sum(source.c.scaled),
                func.sum(source.c.not_satisfied),
            )  # fmt: skip
            if by == "day":
                if only is not None:
                    query = query.where(office_days.c.office.in_(list(only)))
                query = _scoped(query, office_days, first, last, scope, conn)
            else:
                query = query.select_from(source.join(offices, offices.c.id == source.c.office))
                if scope.level is not None and scope.province is None:
                    query = query.where(offices.c.level == scope.level)
            for row in conn.execute(query.group_by(source.c.office, key)):
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


def _pooled(texts: Sequence[str]) -> list[float | None]:
    """Each group's pooled p90 from its packed parts ("w:p90:max,…"; "" for none)."""
    counts = [t.count(",") + 1 if t else 0 for t in texts]
    joined = ",".join(t for t in texts if t)
    numbers = np.fromstring(joined.replace(":", ","), dtype=np.float64, sep=",") if joined else np.zeros(0)
    parts = numbers.reshape(-1, 3)
    groups = np.repeat(np.arange(len(texts)), counts)
    return figures.pooled_quantiles(groups, parts[:, 0], parts[:, 1], parts[:, 2], len(texts))


def _key(by: By, table: Table | Subquery) -> ColumnElement[Any]:
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
    return table.c.month if "month" in table.c else month_of(table.c.day)


def whole_months(first: str, last: str) -> tuple[str, str] | None:
    """The first and last month lying wholly within first..last ('2026-01', '2026-11'), or None."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if start.day != 1:
        start = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if (end + dt.timedelta(days=1)).day != 1:
        end = end.replace(day=1) - dt.timedelta(days=1)
    return (start.isoformat()[:7], end.isoformat()[:7]) if start <= end else None


def _coarsest(
    first: str, last: str, scope: Scope, conn: Connection, only: Sequence[str] | None = None
) -> Subquery:
    """The range's rows as (office, month, sums, wait_max, parts): whole months from office_months,
    the days before and after them from office_days. Province, office (and ``only``) are applied
    here, in each part, so that the database reads just those offices' rows by the primary key."""
    members = _members(scope, conn)
    if only is not None:
        members = list(only) if members is None else [m for m in members if m in set(only)]
    days = select(
        office_days.c.office, month_of(office_days.c.day).label("month"), *[office_days.c[n] for n in SUMMED],
        office_days.c.wait_max, packed_part(office_days).label("parts"),
    ).where(office_days.c.day >= first, office_days.c.day <= last)  # fmt: skip
    if members is not None:
        days = days.where(office_days.c.office.in_(members))
    months = whole_months(first, last)
    if months is None:
        return days.subquery("source")
    month_first = months[0] + "-01"
    after = months[1] + "-32"  # after every day of the last whole month (ISO strings compare as text)
    days = days.where(or_(office_days.c.day < month_first, office_days.c.day >= after))
    stored = select(
        office_months.c.office, office_months.c.month, *[office_months.c[n] for n in SUMMED],
        office_months.c.wait_max, office_months.c.parts,
    ).where(and_(office_months.c.month >= months[0], office_months.c.month <= months[1]))  # fmt: skip
    if members is not None:
        stored = stored.where(office_months.c.office.in_(members))
    return union_all(days, stored).subquery("source")


def _members(scope: Scope, conn: Connection) -> list[str] | None:
    """The offices ``scope`` names (None: all of them; a level alone is filtered by a join instead)."""
    if scope.province is None:
        return None if scope.office is None else [scope.office]
    members = select(offices.c.id).where(offices.c.province == scope.province)
    if scope.level is not None:
        members = members.where(offices.c.level == scope.level)
    found = [row[0] for row in conn.execute(members)]
    return found if scope.office is None else [m for m in found if m == scope.office]


def _scoped(query: Select[Any], table: Table, first: str, last: str, scope: Scope, conn: Connection) -> Select[Any]:
    """The rows of ``scope`` in first..last. A province's offices are looked up first and named in the
    query: the database then reads just their days by the primary key instead of every office's days."""
    query = query.select_from(table.join(offices, offices.c.id == table.c.office))
    query = query.where(table.c.day >= first, table.c.day <= last)
    members = _members(scope, conn)
    if members is not None:
        query = query.where(table.c.office.in_(members))
    if scope.level is not None and scope.province is None:
        query = query.where(offices.c.level == scope.level)
    return query
