"""The district database's tables, as SQLAlchemy Core sees them (queries are built from these).

The schema itself is made and changed only by the migrations in
district/migrations/versions/; tests/district/test_migrations.py checks
that the migrated database and these tables agree, on both backends.
Days are ISO strings ('2026-11-27'): they sort and compare the same in
SQLite and PostgreSQL, and ``substr(day, 1, 7)`` is their month.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

# Where an office stands in the province's structure.
LEVELS = ("province", "commune")

provinces = Table(
    "provinces",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
)

offices = Table(
    "offices",
    metadata,
    Column("id", String(64), primary_key=True),  # what the office's agent sends as "office"
    Column("name", Text, nullable=False),
    Column("level", String(16), nullable=False),  # LEVELS: the provincial centre or a commune/ward office
    Column("province", String(64), ForeignKey("provinces.code"), nullable=True, index=True),
    Column("token_hash", String(64), nullable=True, unique=True),  # NULL: revoked (or never issued)
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float, nullable=True),
    Column("last_batch_at", Float, nullable=True),  # when its last batch arrived (district clock)
)

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float, nullable=True),
)

# Every batch ever accepted, by id: a replay is recognised and changes nothing.
batches = Table(
    "batches",
    metadata,
    Column("batch_id", String(36), primary_key=True),
    Column("office", String(64), ForeignKey("offices.id"), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("received_at", Float, nullable=False),
    Column("result", Text, nullable=False),  # the JSON answer given, repeated to a replay
)


def _rollup_columns() -> list[Column[object]]:
    """The sums of district/figures.py's Rollup, kept per office-day and per office-day-service."""
    return [
        Column("issued", Integer, nullable=False),
        Column("served", Integer, nullable=False),
        Column("no_show", Integer, nullable=False),
        Column("cancelled", Integer, nullable=False),
        Column("waits", Integer, nullable=False),
        Column("within_target", Float, nullable=False),  # waits of at most figures.TARGET_S (estimated)
        Column("wait_sum", Float, nullable=False),
        Column("wait_p90", Float, nullable=True),
        Column("wait_max", Float, nullable=True),
        Column("timed", Integer, nullable=False),
        Column("service_sum", Float, nullable=False),
        Column("rated", Integer, nullable=False),
        Column("scaled", Integer, nullable=False),
        Column("not_satisfied", Integer, nullable=False),
        Column("ratings", Text, nullable=False),  # {"3": n, "2": n, "1": n} as sent, summed
    ]


# The batch whose figures stand for each office day, and that day's roll-up (what rankings read).
office_days = Table(
    "office_days",
    metadata,
    Column("office", String(64), ForeignKey("offices.id"), primary_key=True),
    Column("day", String(10), primary_key=True, index=True),
    Column("version", BigInteger, nullable=False),
    Column("batch_id", String(36), nullable=False),
    Column("received_at", Float, nullable=False),
    *_rollup_columns(),
    # The day's hourly cells as the office sent them (JSON): the truth the roll-ups are made from,
    # kept as one value because nothing queries single hours and a row per cell costs a province's
    # ingest most of its time.
    Column("cells", Text, nullable=False),
)

# The roll-up of each service of an office day (per-service figures over long ranges).
service_days = Table(
    "service_days",
    metadata,
    Column("office", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("service", String(8), primary_key=True),
    *_rollup_columns(),
    sqlite_with_rowid=False,
)

# The sums of each office month, rebuilt from its days in the transaction that changes one of them
# (district/ingest.py; district/rollups.py says how): a year's ranking reads a row per whole month
# instead of ~30. A p90 cannot be summed, so ``parts`` keeps the month's days' "waits:p90:max" packed
# exactly as district/reads.py packs day rows on the fly: reading months or their days gives the
# same figures, whichever a range is read from.
office_months = Table(
    "office_months",
    metadata,
    Column("office", String(64), ForeignKey("offices.id"), primary_key=True),
    Column("month", String(7), primary_key=True),  # '2026-11'
    Column("issued", Integer, nullable=False),
    Column("served", Integer, nullable=False),
    Column("no_show", Integer, nullable=False),
    Column("cancelled", Integer, nullable=False),
    Column("waits", Integer, nullable=False),
    Column("within_target", Float, nullable=False),
    Column("wait_sum", Float, nullable=False),
    Column("timed", Integer, nullable=False),
    Column("service_sum", Float, nullable=False),
    Column("rated", Integer, nullable=False),
    Column("scaled", Integer, nullable=False),
    Column("not_satisfied", Integer, nullable=False),
    Column("wait_max", Float, nullable=True),
    Column("parts", Text, nullable=True),  # NULL: no waits in the month
)
