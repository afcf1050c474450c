"""The district's tests run on both backends: the embedded SQLite file and a real PostgreSQL server.

The PostgreSQL server is started once per test run (tests/helpers/postgres.py);
each test gets a database of its own, copied from a migrated template.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from district.database import database_url
from district.store import DistrictStore
from tests.helpers.district import District, prepare_district, start_district
from tests.helpers.office import FakeClock
from tests.helpers.postgres import PostgresServer, unavailable_reason

BACKENDS = ("sqlite", "postgresql")
_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the district tests on PostgreSQL: {reason}")
        pytest.skip(reason)
    server = PostgresServer().start()
    template = server.create_database("district_template")
    DistrictStore.open(database_url(template, Path()), upgrade=True).close()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """What ``--db`` takes for this test: None (the SQLite file in the data folder) or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield None
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"district_{os.getpid()}_{next(_numbers)}"
    url = server.create_database(name, template="district_template")
    yield url
    server.drop_database(name)


@pytest.fixture
def district(tmp_path: Path, db: str | None) -> Iterator[District]:
    """A real district server on loopback (on each backend); offices ky-son and tan-ky, and a reader."""
    prepared = prepare_district(
        tmp_path / "district", {"ky-son": "UBND xã Kỳ Sơn", "tan-ky": "UBND xã Tân Kỳ"}, db=db
    )
    running = start_district(prepared, FakeClock())
    yield running
    running.stop()
