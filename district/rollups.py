"""How the month roll-ups are made from the day roll-ups: SQL expressions shared by ingest and reads.

A month row is always *rebuilt* from its days (never incremented), inside the
transaction that changed one of them and after its office's row lock
(district/ingest.py): a batch applied twice, or by two processes, leaves the
same month row, and a month can never drift from its days.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Insert, String, bindparam, case, cast, func, select, true

from district.database import upsert_into
from district.tables import office_days, office_months

# The roll-up columns that add up (the p90 is pooled from the packed parts instead; wait_max is a max).
SUMMED = (
    "issued", "served", "no_show", "cancelled", "waits", "within_target", "wait_sum", "timed", "service_sum",
    "rated", "scaled", "not_satisfied",
)  # fmt: skip


def packed_part(table: Any) -> ColumnElement[Any]:
    """A day roll-up's "waits:p90:max" (NULL without waits): what pooling its p90 with others needs."""
    part = cast(table.c.waits, String) + ":" + cast(table.c.wait_p90, String) + ":" + cast(table.c.wait_max, String)
    return case((table.c.waits > 0, part))


def month_of(day: ColumnElement[Any]) -> ColumnElement[Any]:
    """'2026-11' of '2026-11-27' (days are ISO strings on both backends)."""
    return func.substr(day, 1, 7)


def rebuild_months(dialect: str, every_office: bool = False) -> Insert:
    """Insert or replace the month rows of office ``:office`` whose days lie in ``:first``..``:last``
    (``every_office``: of all offices and all days, what ``onestop district init`` runs).

    One statement: the database sums the days and packs their parts; nothing
    is read into Python. ``first``/``last`` are whole months' first and last days.
    """
    month = month_of(office_days.c.day)
    days = select(
        office_days.c.office, month, *[func.sum(office_days.c[name]) for name in SUMMED],
        func.max(office_days.c.wait_max), func.aggregate_strings(packed_part(office_days), ","),
    ).group_by(office_days.c.office, month)  # fmt: skip
    if every_office:
        days = days.where(true())  # SQLite's upsert needs a WHERE to parse INSERT … SELECT … ON CONFLICT
    else:
        days = days.where(
            office_days.c.office == bindparam("office"), office_days.c.day >= bindparam("first"),
            office_days.c.day <= bindparam("last"),
        )  # fmt: skip
    columns = ["office", "month", *SUMMED, "wait_max", "parts"]
    statement = upsert_into(dialect, office_months).from_select(columns, days)
    replaced = {name: statement.excluded[name] for name in columns[2:]}
    return statement.on_conflict_do_update(index_elements=["office", "month"], set_=replaced)
