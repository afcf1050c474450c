"""The district database: one owner that opens it and composes the parts that each own a group of tables.

``accounts`` (offices, users, tokens, provinces), ``ingest`` (batches,
cells, roll-ups) and ``reads`` (figures) each receive the engine and never
refer back to the store. The backend is SQLite or PostgreSQL
(district/database.py); nothing here asks which.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, text

from district import migrate
from district.accounts import Accounts
from district.database import open_engine
from district.ingest import Ingest
from district.reads import Reads


class DistrictStore:
    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.accounts = Accounts(engine, clock)
        self.ingest = Ingest(engine, clock)
        self.reads = Reads(engine)

    @classmethod
    def open(cls, url: str, clock: Callable[[], float] = time.time, upgrade: bool = False) -> DistrictStore:
        """Open ``url``; ``upgrade`` brings its schema up to date (init), otherwise it must be (serve)."""
        engine = open_engine(url)
        try:
            if upgrade:
                migrate.upgrade(engine)
            else:
                migrate.check(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, clock)

    def ping(self) -> None:
        """A round trip to the database (raises if it is away)."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()
