from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.district import District, prepare_district, start_district
from tests.helpers.office import FakeClock


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    prepared = prepare_district(tmp_path / "district", {"ky-son": "UBND xã Kỳ Sơn", "tan-ky": "UBND xã Tân Kỳ"})
    running = start_district(prepared, FakeClock())
    yield running
    running.stop()
