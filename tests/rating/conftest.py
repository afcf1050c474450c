"""Rating stations need rating devices, and some offices a 5-level scale."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest

from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office

FIVE_LEVELS = """[rating]
show_seconds = 20

[[rating.levels]]
value = 5
label_vi = "Rất hài lòng"
label_en = "Very satisfied"

[[rating.levels]]
value = 4
label_vi = "Hài lòng"
label_en = "Satisfied"

[[rating.levels]]
value = 3
label_vi = "Bình thường"
label_en = "Neutral"

[[rating.levels]]
value = 2
label_vi = "Không hài lòng"
label_en = "Not satisfied"
negative = true

[[rating.levels]]
value = 1
label_vi = "Rất không hài lòng"
label_en = "Very dissatisfied"
negative = true
"""


def add_rating_device(office: Office, counter: int) -> str:
    """The token of counter ``counter``'s rating tablet (tests/helpers/office.py registers one per counter)."""
    return office.tokens[f"rating{counter}"]


@pytest.fixture
def rating_token(office: Office) -> Callable[[int], str]:
    return lambda counter: add_rating_device(office, counter)


def five_level_config() -> str:
    sample = resources.files("server").joinpath("sample_office.toml").read_text(encoding="utf-8")
    # Keep the sample's reasons; replace its three levels with the five.
    head, _, rest = sample.partition("[rating]")
    reasons = rest[rest.index("[[rating.reasons]]"):]
    # The tables after the rating section ([appointments] …) stay as they are.
    after = re.search(r"^\[(?!\[rating)", reasons, re.M)
    tail = reasons[after.start():] if after else ""
    reasons = reasons[: after.start()] if after else reasons
    return head + FIVE_LEVELS + "\n" + reasons + tail


@pytest.fixture
def five_level_office(tmp_path: Path, clock: FakeClock) -> Iterator[Office]:
    data = tmp_path / "office5"
    prepare_data(data, five_level_config())
    running = start_office(data, clock, register_devices(data, clock))
    yield running
    running.stop()
