import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt runs without a screen here and in CI; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers.district import District, prepare_district, start_district  # noqa: E402
from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office  # noqa: E402


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def office(tmp_path: Path, clock: FakeClock) -> Iterator[Office]:
    """A real office server on loopback with the sample office, devices and clerks."""
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, clock)
    running = start_office(data, clock, tokens)
    yield running
    running.stop()


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    """A real district server on loopback; offices ky-son and tan-ky, and a reader, with their tokens."""
    prepared = prepare_district(tmp_path / "district", {"ky-son": "UBND xã Kỳ Sơn", "tan-ky": "UBND xã Tân Kỳ"})
    running = start_district(prepared, FakeClock())
    yield running
    running.stop()
