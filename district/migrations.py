"""The district database's schema (SQLite), changed only by adding migrations here.

Used by district/store.py alone; a PostgreSQL backend would bring its own.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("onestop.district")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE offices (
            id TEXT PRIMARY KEY,            -- what the office's agent sends as "office"
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            last_batch_at REAL              -- when its last batch arrived (district clock)
        );

        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL
        );

        -- Every batch ever accepted, by id: a replay is recognised and changes nothing.
        CREATE TABLE batches (
            batch_id TEXT PRIMARY KEY,
            office TEXT NOT NULL REFERENCES offices (id),
            version INTEGER NOT NULL,
            received_at REAL NOT NULL,
            result TEXT NOT NULL            -- the JSON answer given, repeated to a replay
        );

        -- The batch whose figures stand for each office day.
        CREATE TABLE office_days (
            office TEXT NOT NULL REFERENCES offices (id),
            day TEXT NOT NULL,
            version INTEGER NOT NULL,
            batch_id TEXT NOT NULL,
            received_at REAL NOT NULL,
            PRIMARY KEY (office, day)
        );

        CREATE TABLE cells (
            office TEXT NOT NULL,
            day TEXT NOT NULL,
            hour INTEGER NOT NULL,
            service TEXT NOT NULL,
            issued INTEGER NOT NULL,
            served INTEGER NOT NULL,
            no_show INTEGER NOT NULL,
            cancelled INTEGER NOT NULL,
            wait_mean_s REAL,
            wait_p90_s REAL,
            wait_max_s REAL,
            service_mean_s REAL,
            rated INTEGER NOT NULL,
            not_satisfied INTEGER,          -- NULL: the scale did not say which levels are negative
            ratings TEXT NOT NULL,          -- {"3": n, "2": n, "1": n} as sent
            PRIMARY KEY (office, day, hour, service)
        ) WITHOUT ROWID;
        CREATE INDEX cells_day ON cells (day, office);
        """
    )
