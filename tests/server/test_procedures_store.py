"""The catalogue's storage part: one transaction per import, announced once, use counted per office day."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.procedures import Level, Paper, Procedure
from server.config import load_config
from server.errors import InvalidError, NotFoundError
from server.procedures_file import SAMPLE_SOURCE, sample_catalogue
from server.storage.database import Event
from server.store import Access, Store
from tests.helpers.office import FakeClock

ROOT = Path(__file__).resolve().parents[2]
OFFICE = load_config(ROOT / "server" / "sample_office.toml").office


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def published() -> list[Event]:
    return []


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock, published: list[Event]) -> Iterator[Store]:
    opened = Store(tmp_path / "office.db", OFFICE, clock, published.extend)
    yield opened
    opened.close()


def procedure(code: str, name: str = "Đăng ký kết hôn") -> Procedure:
    return Procedure(code, name, "Hộ tịch", Level.COMMUNE, (Paper("Tờ khai"), Paper("Căn cước", 0, True)), "A")


def test_replace_is_whole_and_versioned(store: Store) -> None:
    assert store.procedures.all() == () and store.procedures.version() == 0
    assert store.procedures.replace(sample_catalogue(OFFICE), SAMPLE_SOURCE) == 1
    assert len(store.procedures.all()) == 13
    assert store.procedures.replace([procedure("X1")], "x.csv") == 2
    assert store.procedures.all() == (procedure("X1"),)  # papers and all, in order
    catalogue = store.procedures.catalogue()
    assert (catalogue["version"], catalogue["source"], catalogue["imported_at"]) == (
        2,
        "x.csv",
        "2026-11-27T08:00:00.000+07:00",
    )


def test_a_failed_replace_leaves_the_catalogue_as_it_was(store: Store) -> None:
    store.procedures.replace([procedure("X1")], "x.csv")
    with pytest.raises(InvalidError):
        store.procedures.replace([procedure("X2"), procedure("X2", "Đăng ký lại kết hôn")], "dup.csv")
    assert store.procedures.all() == (procedure("X1"),) and store.procedures.version() == 1


def test_an_import_beside_the_server_is_announced_once(tmp_path: Path, store: Store, published: list[Event]) -> None:
    beside = Store(tmp_path / "office.db", OFFICE, FakeClock(), access=Access.ADMIN)  # `onestop procedures import`
    try:
        beside.procedures.replace([procedure("X1")], "x.csv")
    finally:
        beside.close()
    assert store.procedures.all() == (procedure("X1"),)  # the server reads the new version at once
    store.tick()
    store.tick()
    announced = [e for e in published if e["type"] == "procedures.changed"]
    assert [(e["version"], e["count"]) for e in announced] == [(1, 1)]


def test_use_is_counted_per_day_and_only_for_known_codes(store: Store, clock: FakeClock) -> None:
    store.procedures.replace([procedure("X1")], "x.csv")
    assert store.procedures.count_use("X1", "looked_up")["count"] == 1
    assert store.procedures.count_use("X1", "looked_up")["count"] == 2
    clock.advance(86_400)
    assert store.procedures.count_use("X1", "looked_up") == {
        "code": "X1",
        "day": "2026-11-28",
        "kind": "looked_up",
        "count": 1,
    }
    with pytest.raises(NotFoundError):
        store.procedures.count_use("X9", "checklist_printed")
