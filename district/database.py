"""Opening the district database: an embedded SQLite file or a PostgreSQL server, behind one Engine.

``--db`` takes ``postgresql://USER@HOST/DB`` (psycopg 3) or ``sqlite:///PATH``;
without it the district keeps ``DATA/district.db``. Everything above this
module speaks SQLAlchemy Core and never asks which backend it has, except
for how a write transaction begins (``writing``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from server.errors import ConfigError

DATABASE_NAME = "district.db"
# Connections each process keeps to PostgreSQL: the worker threads of district/service.py.
POOL_SIZE = 8
# Memory each PostgreSQL sort or hash of ours may use before spilling to disk (per connection, per step).
WORK_MEM = "64MB"


def database_url(db: str | None, data: Path) -> str:
    """The SQLAlchemy URL for ``--db`` (or the embedded file in ``data``); one-line errors with a fix."""
    if not db:
        return f"sqlite:///{data / DATABASE_NAME}"
    try:
        url = make_url(db)
    except ArgumentError:
        raise ConfigError(
            f"--db {_safe(db)}: not a database URL. Fix: postgresql://USER@HOST/DB or sqlite:///PATH"
        ) from None
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.get_backend_name() == "sqlite" and url.database:
        return url.set(drivername="sqlite").render_as_string(hide_password=False)
    raise ConfigError(f"--db {_safe(db)}: unsupported. Fix: postgresql://USER@HOST/DB or sqlite:///PATH")


def _safe(db: str) -> str:
    """The URL as it may be printed: without its password."""
    try:
        return make_url(db).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"


def describe(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def open_engine(url: str) -> Engine:
    """An Engine with the settings each backend needs for durability and concurrency."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    # pool_pre_ping: a server restarted behind us costs one reconnect, not a failed request.
    # work_mem: a national month groups ~100,000 day roll-ups; with PostgreSQL's default 4 MB that sort
    # spilled to disk (EXPLAIN ANALYZE: "external merge", a third of the query's time).
    return create_engine(
        url, pool_size=POOL_SIZE, max_overflow=4, pool_pre_ping=True, pool_timeout=10,
        connect_args={"options": f"-c work_mem={WORK_MEM}"},
    )  # fmt: skip


def _sqlite_engine(url: str) -> Engine:
    """WAL and ``synchronous=FULL``: a batch acknowledged survives a power cut (the office then
    deletes it from its outbox). pysqlite's own transaction handling is switched off so that
    ``writing`` can begin with ``BEGIN IMMEDIATE`` (SQLAlchemy's documented recipe)."""
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        dbapi_connection.isolation_level = None
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        # A writer takes the lock at BEGIN, so two writers queue instead of one failing at its first write.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("district_write") else "BEGIN")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises."""
    with engine.connect() as conn:
        conn = conn.execution_options(district_write=True)
        with conn.begin():
            yield conn


@contextmanager
def looking_up(engine: Engine) -> Iterator[Connection]:
    """A single-statement read without BEGIN/COMMIT (a token lookup: two round trips fewer)."""
    with engine.connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot on both backends)."""
    with engine.connect() as conn, conn.begin():
        yield conn


def upsert_into(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can take ``on_conflict_do_update`` (both backends spell it ON CONFLICT … DO UPDATE)."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
