from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def office(tmp_path: Path, clock: FakeClock) -> Iterator[Office]:
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, clock)
    running = start_office(data, clock, tokens)
    yield running
    running.stop()
